package api

import (
	"fmt"
	"net"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/ruche-lod/ruche/api/framing"
)

func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("api: listen on %s: %w", addr, err)
	}
	return ln, nil
}

// refuseAmbiguousFraming answers 400 and closes the connection when the
// request (or one before it on the connection) had both Content-Length and
// Transfer-Encoding.
func refuseAmbiguousFraming() gin.HandlerFunc {
	return func(c *gin.Context) {
		if framing.Ambiguous(c.Request.Context()) {
			c.Header("Connection", "close")
			writeProblem(c, newProblem(http.StatusBadRequest, "ambiguous-framing",
				"the request has both Content-Length and Transfer-Encoding (RFC 9112 §6.1); the connection is closed"))
			return
		}
		c.Next()
	}
}
