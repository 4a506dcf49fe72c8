package sparqlhttp

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/ruche-lod/ruche/api/door"
)

// Budget is a per-client budget of query time, in the manner of the
// Wikidata Query Service's fair-use limit: each client may spend perWindow
// of query time per window; a client over budget gets 429 with Retry-After
// until its spending has drained.
type Budget struct {
	perWindow, window time.Duration

	mu    sync.Mutex
	spent map[string]*clientSpend
}

type clientSpend struct {
	used time.Duration // outstanding spending, drained at perWindow/window
	at   time.Time     // when used was last brought up to date
}

func NewBudget(perWindow, window time.Duration) *Budget {
	return &Budget{perWindow: perWindow, window: window, spent: map[string]*clientSpend{}}
}

// drain brings a client's spending up to now.
func (b *Budget) drain(cs *clientSpend, now time.Time) {
	elapsed := now.Sub(cs.at)
	drained := time.Duration(float64(elapsed) * float64(b.perWindow) / float64(b.window))
	cs.used = max(0, cs.used-drained)
	cs.at = now
}

// Admit reports whether client may run a query now, and otherwise how long
// to wait.
func (b *Budget) Admit(client string) (time.Duration, bool) {
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

// Spend records the query time a client used.
func (b *Budget) Spend(client string, d time.Duration) {
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

// Slots bounds the queries that run at once, so that a few heavy queries
// cannot starve the rest of the server on a small machine; and each client
// may hold at most perClient of them, so that one client running heavy
// queries always leaves slots to the others: a light query from another
// client starts at once.
type Slots struct {
	total, perClient int
	wait             time.Duration

	mu       sync.Mutex
	used     int
	byClient map[string]int
	wake     chan struct{} // closed (and replaced) at every release
}

func NewSlots(total, perClient int, wait time.Duration) *Slots {
	perClient = max(1, min(perClient, total))
	return &Slots{total: total, perClient: perClient, wait: wait, byClient: map[string]int{}, wake: make(chan struct{})}
}

// tryAcquire takes a slot for client if one is free and the client holds
// fewer than its share; the second result is a channel closed at the next
// release, to wait on otherwise.
func (s *Slots) tryAcquire(client string) (func(), <-chan struct{}, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.used >= s.total || s.byClient[client] >= s.perClient {
		return nil, s.wake, false
	}
	s.used++
	s.byClient[client]++
	var once sync.Once
	return func() { once.Do(func() { s.release(client) }) }, nil, true
}

func (s *Slots) release(client string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.used--
	if s.byClient[client]--; s.byClient[client] <= 0 {
		delete(s.byClient, client)
	}
	close(s.wake)
	s.wake = make(chan struct{})
}

// Acquire waits (at most s.wait) for a slot for client.
func (s *Slots) Acquire(ctx context.Context, client string) (func(), error) {
	timer := time.NewTimer(s.wait)
	defer timer.Stop()
	for {
		release, wake, ok := s.tryAcquire(client)
		if ok {
			return release, nil
		}
		select {
		case <-wake:
		case <-timer.C:
			s.mu.Lock()
			own := s.byClient[client] >= s.perClient
			s.mu.Unlock()
			if own {
				return nil, &door.LimitError{Name: door.LimitClientQueries, Status: http.StatusTooManyRequests,
					Detail: fmt.Sprintf("this client already runs %d queries at once; retry when one has finished", s.perClient)}
			}
			return nil, &door.LimitError{Name: door.LimitConcurrentQueries, Status: http.StatusServiceUnavailable,
				Detail: "every query slot is busy; retry in a moment"}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Used is the number of slots held (running queries, and abandoned ones
// still ending).
func (s *Slots) Used() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.used
}

// Window is the query time each client may use per window, and the window.
func (b *Budget) Window() (perWindow, window time.Duration) { return b.perWindow, b.window }
