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

// preflight answers CORS preflight requests (OPTIONS with
// Access-Control-Request-Method) on every path before routing: gin runs a
// group's middleware only for the methods registered on a route, so the
// OPTIONS branch of cors never ran and partner pages sending If-None-Match
// got 405. Reads (GET, HEAD) are allowed everywhere, POST on /sparql (the
// protocol's POST forms); writes are not offered to other origins.
func preflight() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Method != http.MethodOptions || c.GetHeader("Access-Control-Request-Method") == "" {
			c.Next()
			return
		}
		h := c.Writer.Header()
		methods := "GET, HEAD, OPTIONS"
		headers := "Accept, Accept-Language, If-None-Match, If-Modified-Since"
		if c.Request.URL.Path == "/sparql" {
			methods = "GET, HEAD, POST, OPTIONS"
			headers += ", Content-Type"
		}
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Methods", methods)
		h.Set("Access-Control-Allow-Headers", headers)
		h.Set("Access-Control-Max-Age", "86400")
		h.Add("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
		c.AbortWithStatus(http.StatusNoContent)
	}
}
