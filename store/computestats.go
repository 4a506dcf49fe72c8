package store

import (
	"context"
	"fmt"
	"sync"
)

// computeStats counts the statistics of the view's space from its indexes:
// SPOG gives quads, subjects and per-predicate subjects, POSG per-predicate
// objects, OSPG objects, GSPO quads per graph. The four scans run in
// parallel on the same read transaction.
func (v *view) computeStats(ctx context.Context) (Stats, error) {
	st := Stats{Predicates: map[ID]PredicateStats{}, Graphs: map[ID]uint64{}}
	var (
		mu       sync.Mutex
		wg       sync.WaitGroup
		firstErr error
	)
	run := func(ix index, fn func(q, prev IDQuad, first bool)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var prev IDQuad
			first := true
			err := v.scanKeys(ctx, []byte{indexPrefixByte(v.sp, ix)}, func(key []byte) (bool, error) {
				q, ok := decodeIndexKey(ix, key)
				if !ok {
					return false, fmt.Errorf("store: corrupt %s key %x", ix, key)
				}
				fn(q, prev, first)
				prev, first = q, false
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
	var quads, subjects, objects uint64
	predQuads, predSubj, predObj := map[ID]uint64{}, map[ID]uint64{}, map[ID]uint64{}
	graphs := map[ID]uint64{}
	run(idxSPOG, func(q, prev IDQuad, first bool) {
		quads++
		predQuads[q.P]++
		if first || q.S != prev.S {
			subjects++
		}
		if first || q.S != prev.S || q.P != prev.P {
			predSubj[q.P]++
		}
	})
	run(idxPOSG, func(q, prev IDQuad, first bool) {
		if first || q.P != prev.P || q.O != prev.O {
			predObj[q.P]++
		}
	})
	run(idxOSPG, func(q, prev IDQuad, first bool) {
		if first || q.O != prev.O {
			objects++
		}
	})
	run(idxGSPO, func(q, prev IDQuad, first bool) { graphs[q.G]++ })
	wg.Wait()
	if firstErr != nil {
		return st, firstErr
	}
	st.Quads, st.DistinctSubjects, st.DistinctObjects = quads, subjects, objects
	for p, n := range predQuads {
		st.Predicates[p] = PredicateStats{Quads: n, DistinctSubjects: predSubj[p], DistinctObjects: predObj[p]}
	}
	st.Graphs = graphs
	return st, nil
}
