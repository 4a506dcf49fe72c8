package store

import (
	"hash/maphash"
	"sync"
	"sync/atomic"

	"github.com/ruche-lod/ruche/store/rdf"
)

// cache is a bounded, concurrency-safe map for hot dictionary entries. Each
// of its shards keeps two generations: when the young one is full, the old
// one is dropped and the young one becomes old, and a hit in the old
// generation moves the entry back to the young one. This keeps recently used
// entries at the cost of at most 2x capacity entries, without per-entry
// bookkeeping.
type cache[K comparable, V any] struct {
	hash   func(K) uint64
	shards [cacheShards]cacheShard[K, V]
	limit  int // per shard and generation
}

const cacheShards = 16

type cacheShard[K comparable, V any] struct {
	mu         sync.Mutex
	young, old map[K]V
}

// newCache returns a cache of about capacity entries; hash spreads keys
// over the shards.
func newCache[K comparable, V any](capacity int, hash func(K) uint64) *cache[K, V] {
	c := &cache[K, V]{hash: hash, limit: max(capacity/(2*cacheShards), 16)}
	for i := range c.shards {
		c.shards[i].young = make(map[K]V)
	}
	return c
}

func (c *cache[K, V]) shard(k K) *cacheShard[K, V] {
	return &c.shards[c.hash(k)%cacheShards]
}

func (c *cache[K, V]) get(k K) (V, bool) {
	sh := c.shard(k)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if v, ok := sh.young[k]; ok {
		return v, true
	}
	v, ok := sh.old[k]
	if ok {
		sh.putLocked(k, v, c.limit)
	}
	return v, ok
}

func (c *cache[K, V]) put(k K, v V) {
	sh := c.shard(k)
	sh.mu.Lock()
	sh.putLocked(k, v, c.limit)
	sh.mu.Unlock()
}

func (sh *cacheShard[K, V]) putLocked(k K, v V, limit int) {
	if len(sh.young) >= limit {
		sh.old = sh.young
		sh.young = make(map[K]V, limit)
	}
	sh.young[k] = v
}

var termSeed = maphash.MakeSeed()

// hashTerm is the shard hash of a term (its value is enough to spread).
func hashTerm(t rdf.Term) uint64 { return maphash.String(termSeed, t.Value) }

// purge empties the cache.
func (c *cache[K, V]) purge() {
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		sh.young = make(map[K]V)
		sh.old = nil
		sh.mu.Unlock()
	}
}

// len returns the number of entries held (both generations).
func (c *cache[K, V]) len() int {
	n := 0
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		n += len(sh.young) + len(sh.old)
		sh.mu.Unlock()
	}
	return n
}

// termSlots is the id → term cache: a direct-mapped table indexed by the
// id's low bits. Term ids are dense counters, so the ids of a store up to
// the table's size never collide; beyond it a newer entry replaces the one
// in its slot. A lookup is one atomic load and a compare, with no lock: the
// evaluator reads a term for every value of every result row, and the
// locked, generational cache (still used for term → id) cost 170 ns per
// read in query profiles and about 900 ns in BenchmarkIDTermCaches, against
// 7 ns for the slots.
type termSlots struct {
	slots []atomic.Pointer[termSlot]
	mask  uint64
}

type termSlot struct {
	id ID
	t  rdf.Term
}

// termSlotsFor is the size of the id → term table of a store whose next
// term id is next: a slot for every term of the dictionary as it is (with
// a quarter to spare for terms written later), so that reading a store's
// terms never collides, at least capacity and at most 4 × capacity slots.
// A slot costs 8 bytes; an entry, only once read, its term. A query
// reading 350,000 terms of the 5M-triple store (2.1M terms) through a
// table of 1M slots spent half its time reading terms back from Badger.
func termSlotsFor(capacity int, next uint64) int {
	want := next + next/4
	return int(min(max(want, uint64(capacity)), 4*uint64(capacity)))
}

// newTermSlots returns a table of at least capacity slots (a power of two).
func newTermSlots(capacity int) *termSlots {
	n := 1
	for n < capacity {
		n <<= 1
	}
	return &termSlots{slots: make([]atomic.Pointer[termSlot], n), mask: uint64(n - 1)}
}

func (c *termSlots) get(id ID) (rdf.Term, bool) {
	if s := c.slots[uint64(id)&c.mask].Load(); s != nil && s.id == id {
		return s.t, true
	}
	return rdf.Term{}, false
}

func (c *termSlots) put(id ID, t rdf.Term) {
	c.slots[uint64(id)&c.mask].Store(&termSlot{id: id, t: t})
}

// purge empties the table.
func (c *termSlots) purge() {
	for i := range c.slots {
		c.slots[i].Store(nil)
	}
}
