package api

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ruche-lod/ruche/api/door"
	"github.com/ruche-lod/ruche/store"
)

// authThrottle counts failed authentications per client (a leaky bucket:
// each failure adds one, the bucket drains at burst per window). Only
// failures count, and a request whose token is valid is never refused: the
// throttle turns the 401 of a client past its burst into a 429 with
// Retry-After, so guessing tokens or hammering the form costs the guesser
// time while nobody holding a valid token notices.
type authThrottle struct {
	burst  float64
	window time.Duration

	mu      sync.Mutex
	clients map[string]*failBucket
}

type failBucket struct {
	level float64
	at    time.Time
}

func newAuthThrottle(burst int, window time.Duration) *authThrottle {
	return &authThrottle{burst: float64(burst), window: window, clients: map[string]*failBucket{}}
}

func (a *authThrottle) drain(b *failBucket, now time.Time) {
	b.level = max(0, b.level-now.Sub(b.at).Seconds()*a.burst/a.window.Seconds())
	b.at = now
}

// fail records a failed attempt of client; when the client is past its
// burst it returns how long to wait, and true.
func (a *authThrottle) fail(client string) (time.Duration, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := time.Now()
	b, ok := a.clients[client]
	if !ok {
		if len(a.clients) > 100_000 {
			for k, v := range a.clients {
				if a.drain(v, now); v.level == 0 {
					delete(a.clients, k)
				}
			}
		}
		b = &failBucket{at: now}
		a.clients[client] = b
	}
	a.drain(b, now)
	b.level++
	if b.level <= a.burst {
		return 0, false
	}
	over := b.level - a.burst
	return time.Duration(over*a.window.Seconds()/a.burst*float64(time.Second)) + time.Second, true
}

// presentedCredentials reports whether the request carried a token at all
// (a request without one is not an attempt to guess).
func presentedCredentials(c *gin.Context) bool {
	_, secret, ok := strings.Cut(c.GetHeader("Authorization"), " ")
	return ok && strings.TrimSpace(secret) != ""
}

// authenticateThrottled is authenticate with the failure throttle.
func (s *Server) authenticateThrottled(c *gin.Context, st *store.Store) (*principal, error) {
	who, err := s.authenticate(c, st)
	if err == nil {
		return who, nil
	}
	if p, ok := err.(*Problem); ok && p.Status == http.StatusUnauthorized && presentedCredentials(c) {
		if wait, over := s.authFails.fail(c.ClientIP()); over {
			c.Header("Retry-After", fmt.Sprint(int(wait.Seconds())))
			return nil, &door.LimitError{Name: door.LimitAuthFailures, Status: http.StatusTooManyRequests,
				Detail: fmt.Sprintf("too many failed authentications from this client; retry in %d s", int(wait.Seconds()))}
		}
	}
	return nil, err
}
