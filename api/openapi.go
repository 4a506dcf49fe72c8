package api

import "github.com/gin-gonic/gin"

func (s *Server) getOpenAPI(c *gin.Context) error { return notFound("todo") }
