package store

import (
	"context"
	"fmt"
	"sync"
)

// statsCounter counts statistics from the indexes read in key order:
// SPOG gives quads, subjects and per-predicate subjects, POSG per-predicate
// objects, OSPG objects, GSPO quads per graph. Each index has its own
// fields, so the four can be fed from four goroutines.
type statsCounter struct {
	quads, subjects, objects uint64
	predQuads, predSubj      map[ID]uint64 // from SPOG
	predObj                  map[ID]uint64 // from POSG
	graphs                   map[ID]uint64 // from GSPO
	prev                     [numIndexes]IDQuad
	seen                     [numIndexes]bool
}

func newStatsCounter() *statsCounter {
	return &statsCounter{predQuads: map[ID]uint64{}, predSubj: map[ID]uint64{}, predObj: map[ID]uint64{}, graphs: map[ID]uint64{}}
}

// counts reports whether index ix feeds the counter.
func (c *statsCounter) counts(ix index) bool {
	return ix == idxSPOG || ix == idxPOSG || ix == idxOSPG || ix == idxGSPO
}

// see takes the next quad of index ix, in key order, without duplicates.
func (c *statsCounter) see(ix index, q IDQuad) {
	prev, first := c.prev[ix], !c.seen[ix]
	c.prev[ix], c.seen[ix] = q, true
	switch ix {
	case idxSPOG:
		c.quads++
		c.predQuads[q.P]++
		if first || q.S != prev.S {
			c.subjects++
		}
		if first || q.S != prev.S || q.P != prev.P {
			c.predSubj[q.P]++
		}
	case idxPOSG:
		if first || q.P != prev.P || q.O != prev.O {
			c.predObj[q.P]++
		}
	case idxOSPG:
		if first || q.O != prev.O {
			c.objects++
		}
	case idxGSPO:
		c.graphs[q.G]++
	}
}

func (c *statsCounter) stats() Stats {
	st := Stats{Quads: c.quads, DistinctSubjects: c.subjects, DistinctObjects: c.objects,
		Predicates: make(map[ID]PredicateStats, len(c.predQuads)), Graphs: c.graphs}
	for p, n := range c.predQuads {
		st.Predicates[p] = PredicateStats{Quads: n, DistinctSubjects: c.predSubj[p], DistinctObjects: c.predObj[p]}
	}
	return st
}

// computeStats counts the statistics of the view's space from its indexes,
// with four parallel scans on the same read transaction.
func (v *view) computeStats(ctx context.Context) (Stats, error) {
	c := newStatsCounter()
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		firstErr error
	)
	for ix := index(0); ix < numIndexes; ix++ {
		if !c.counts(ix) {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := v.scanKeys(ctx, []byte{indexPrefixByte(v.sp, ix)}, func(key []byte) (bool, error) {
				q, ok := decodeIndexKey(ix, key)
				if !ok {
					return false, fmt.Errorf("store: corrupt %s key %x", ix, key)
				}
				c.see(ix, q)
				return true, nil
			})
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = fmt.Errorf("store: count statistics (%s): %w", ix, err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return Stats{}, firstErr
	}
	return c.stats(), nil
}
