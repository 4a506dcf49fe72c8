package sparqlhttp

import (
	"context"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/api/door"
)

// TestSlotsPerClient: a client holding all its slots cannot take another
// client's; the other client's query starts at once.
func TestSlotsPerClient(t *testing.T) {
	s := NewSlots(4, 2, 20*time.Millisecond)
	var held []func()
	for i := 0; i < 2; i++ {
		release, _, ok := s.tryAcquire("heavy")
		if !ok {
			t.Fatalf("slot %d refused", i)
		}
		held = append(held, release)
	}
	if _, _, ok := s.tryAcquire("heavy"); ok {
		t.Fatal("a client took more than its share of the slots")
	}
	light, _, ok := s.tryAcquire("light")
	if !ok {
		t.Fatal("another client found no slot free")
	}
	_, err := s.Acquire(context.Background(), "heavy")
	if le, ok := err.(*door.LimitError); !ok || le.Status != 429 || le.Name != door.LimitClientQueries {
		t.Errorf("the heavy client waiting for a third slot: %v", err)
	}
	held[0]()
	held[0]() // releasing twice frees one slot only
	if _, _, ok := s.tryAcquire("heavy"); !ok {
		t.Error("a released slot was not given back")
	}
	if _, _, ok := s.tryAcquire("heavy"); ok {
		t.Error("a double release freed two slots")
	}
	light()
}
