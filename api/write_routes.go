package api

import "github.com/gin-gonic/gin"

// writeRoutes registers the write API (see the write files of this package).
func (s *Server) writeRoutes(r *gin.Engine) {}
