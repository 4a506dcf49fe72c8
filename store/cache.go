package store

import (
	"hash/maphash"
	"sync"
)

// cache is a bounded, concurrency-safe map for hot dictionary entries. Each
// of its shards keeps two generations: when the young one is full, the old
// one is dropped and the young one becomes old, and a hit in the old
// generation moves the entry back to the young one. This keeps recently used
// entries at the cost of at most 2x capacity entries, without per-entry
// bookkeeping.
type cache[K comparable, V any] struct {
	seed   maphash.Seed
	shards [cacheShards]cacheShard[K, V]
	limit  int // per shard and generation
}

const cacheShards = 16

type cacheShard[K comparable, V any] struct {
	mu         sync.Mutex
	young, old map[K]V
}

func newCache[K comparable, V any](capacity int) *cache[K, V] {
	c := &cache[K, V]{seed: maphash.MakeSeed(), limit: max(capacity/(2*cacheShards), 16)}
	for i := range c.shards {
		c.shards[i].young = make(map[K]V)
	}
	return c
}

func (c *cache[K, V]) shard(k K) *cacheShard[K, V] {
	return &c.shards[maphash.Comparable(c.seed, k)%cacheShards]
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
