package api

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// timeBudget is a per-client budget of query time, in the manner of the
// Wikidata Query Service's fair-use limit: each client may spend perWindow
// of query time per window; a client over budget gets 429 with Retry-After
// until its spending has drained.
type timeBudget struct {
	perWindow, window time.Duration
	mu                sync.Mutex
	spent             map[string]*clientSpend
}

type clientSpend struct {
	used time.Duration // outstanding spending, drained at perWindow/window
	at   time.Time     // when used was last brought up to date
}

func newTimeBudget(perWindow, window time.Duration) *timeBudget {
	return &timeBudget{perWindow: perWindow, window: window, spent: map[string]*clientSpend{}}
}

// drain brings a client's spending up to now.
func (b *timeBudget) drain(cs *clientSpend, now time.Time) {
	elapsed := now.Sub(cs.at)
	drained := time.Duration(float64(elapsed) * float64(b.perWindow) / float64(b.window))
	cs.used = max(0, cs.used-drained)
	cs.at = now
}

// admit reports whether client may run a query now, and otherwise how long
// to wait.
func (b *timeBudget) admit(client string) (time.Duration, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	cs, ok := b.spent[client]
	if !ok {
		return 0, true
	}
	b.drain(cs, time.Now())
	if cs.used < b.perWindow {
		return 0, true
	}
	over := cs.used - b.perWindow
	return time.Duration(float64(over)*float64(b.window)/float64(b.perWindow)) + time.Second, false
}

// spend records the query time a client used.
func (b *timeBudget) spend(client string, d time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := time.Now()
	cs, ok := b.spent[client]
	if !ok {
		if len(b.spent) > 100000 {
			for k, v := range b.spent { // forget drained clients
				b.drain(v, now)
				if v.used == 0 {
					delete(b.spent, k)
				}
			}
		}
		cs = &clientSpend{at: now}
		b.spent[client] = cs
	}
	b.drain(cs, now)
	cs.used += d
}

// slots bounds the queries that run at once, so that a few heavy queries
// cannot starve the rest of the server on a small machine.
type slots struct {
	ch   chan struct{}
	wait time.Duration
}

func newSlots(n int, wait time.Duration) *slots {
	return &slots{ch: make(chan struct{}, n), wait: wait}
}

func (s *slots) acquire(ctx context.Context) (func(), error) {
	timer := time.NewTimer(s.wait)
	defer timer.Stop()
	select {
	case s.ch <- struct{}{}:
		return func() { <-s.ch }, nil
	case <-timer.C:
		p := newProblem(http.StatusServiceUnavailable, "query-busy", "every query slot is busy; retry in a moment")
		p.Limit = "concurrent-queries"
		return nil, p
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
