package store

import (
	"hash/maphash"
	"sync"

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

// hashID is the shard hash of an id (ids are dense counters).
func hashID(id ID) uint64 { return uint64(id) }

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
