package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// cors lets pages on any origin read public documents (partner sites, the
// widget); it answers preflight requests for the read methods.
func cors() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", "ETag, Last-Modified, Link, Location, Content-Location")
		if c.Request.Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Accept, Accept-Language, If-None-Match, If-Modified-Since")
			h.Set("Access-Control-Max-Age", "86400")
			c.AbortWithStatus(http.StatusNoContent)
			return
		}
		c.Next()
	}
}
