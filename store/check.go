package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"slices"

	"github.com/dgraph-io/badger/v4"
)

// CheckReport is what [Store.Check] found. An empty Problems list means the
// store is consistent.
type CheckReport struct {
	Terms    uint64               // dictionary entries (id -> term)
	Quads    [numSpaces]uint64    // quads per space (SPOG index)
	Problems []string             // one line per problem, at most maxProblems
	Omitted  int                  // problems found beyond maxProblems
	Spaces   [numSpaces]SpaceInfo // per-space figures
}

// SpaceInfo are the per-index key counts of one space.
type SpaceInfo struct {
	IndexKeys [numIndexes]uint64
}

// OK reports whether Check found no problem.
func (r *CheckReport) OK() bool { return len(r.Problems) == 0 && r.Omitted == 0 }

const maxProblems = 50

func (r *CheckReport) problem(format string, args ...any) {
	if len(r.Problems) >= maxProblems {
		r.Omitted++
		return
	}
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// Check verifies the store on one snapshot: the format key; that the six
// indexes of every space hold the same quads; that every id in an index
// names a dictionary entry; that the two halves of the dictionary agree;
// that the statistics agree with the data. Problems are reported, not
// returned as errors: the error is for a failure to read at all. A corrupt
// store gives a report, never a panic.
func (s *Store) Check(ctx context.Context) (rep CheckReport, err error) {
	defer func() {
		if r := recover(); r != nil { // Badger may panic on damaged tables
			err = fmt.Errorf("store: check: badger panicked: %v", r)
		}
	}()
	snap := s.Snapshot()
	defer snap.Close()
	if err := snap.usable(); err != nil {
		return rep, err
	}
	if _, err := snap.get(keyFormat, func(v []byte) error {
		if len(v) != 4 || binary.BigEndian.Uint32(v) != FormatVersion {
			rep.problem("format key holds %x, want version %d", v, FormatVersion)
		}
		return nil
	}); err != nil {
		return rep, fmt.Errorf("store: check: %w", err)
	}
	used := map[ID]struct{}{}
	for sp := Space(0); sp < numSpaces; sp++ {
		if err := snap.In(sp).checkIndexes(ctx, &rep, used); err != nil {
			return rep, err
		}
	}
	if err := snap.checkDictionary(ctx, &rep, used, s.ids); err != nil {
		return rep, err
	}
	for sp := Space(0); sp < numSpaces; sp++ {
		v := snap.In(sp)
		want, err := v.computeStats(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return rep, err
			}
			rep.problem("%s: cannot count statistics: %v", sp, err)
			continue
		}
		got, err := v.readStats()
		if err != nil {
			rep.problem("%s: %v", sp, err)
			continue
		}
		compareStats(&rep, sp, got, want)
	}
	return rep, nil
}

// checkIndexes compares the six indexes of the view's space: same number of
// keys and same multiset hash; when they differ, it looks for the quads of
// SPOG missing from each other index, and the other way round.
func (v *view) checkIndexes(ctx context.Context, rep *CheckReport, used map[ID]struct{}) error {
	seed := maphash.MakeSeed()
	var sums [numIndexes]uint64
	for ix := index(0); ix < numIndexes; ix++ {
		var n, sum uint64
		err := v.scanKeys(ctx, []byte{indexPrefixByte(v.sp, ix)}, func(key []byte) (bool, error) {
			q, ok := decodeIndexKey(ix, key)
			if !ok {
				rep.problem("%s/%s: malformed key %x", v.sp, ix, key)
				return true, nil
			}
			n++
			sum += maphash.Comparable(seed, q)
			if ix == idxSPOG {
				for _, id := range [4]ID{q.S, q.P, q.O, q.G} {
					used[id] = struct{}{}
				}
			}
			return true, nil
		})
		if err != nil {
			return fmt.Errorf("store: check %s/%s: %w", v.sp, ix, err)
		}
		rep.Spaces[v.sp].IndexKeys[ix] = n
		sums[ix] = sum
	}
	rep.Quads[v.sp] = rep.Spaces[v.sp].IndexKeys[idxSPOG]
	for ix := idxPOSG; ix < numIndexes; ix++ {
		if rep.Spaces[v.sp].IndexKeys[ix] == rep.Quads[v.sp] && sums[ix] == sums[idxSPOG] {
			continue
		}
		rep.problem("%s: index %s has %d keys, SPOG has %d, and they hold different quads",
			v.sp, ix, rep.Spaces[v.sp].IndexKeys[ix], rep.Quads[v.sp])
		if err := v.diffIndexes(ctx, rep, idxSPOG, ix); err != nil {
			return err
		}
		if err := v.diffIndexes(ctx, rep, ix, idxSPOG); err != nil {
			return err
		}
	}
	return nil
}

// diffIndexes reports the quads of index a that index b lacks.
func (v *view) diffIndexes(ctx context.Context, rep *CheckReport, a, b index) error {
	var missing []IDQuad
	err := v.scanKeys(ctx, []byte{indexPrefixByte(v.sp, a)}, func(key []byte) (bool, error) {
		if q, ok := decodeIndexKey(a, key); ok {
			missing = append(missing, q)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	for _, q := range missing {
		found, err := v.get(appendIndexKey(nil, v.sp, b, q), nil)
		if err != nil {
			return err
		}
		if !found {
			rep.problem("%s: quad %v is in %s but missing from %s", v.sp, q, a, b)
		}
	}
	return nil
}

// checkDictionary checks both halves of the dictionary against each other
// and against the ids used by the indexes.
func (v *view) checkDictionary(ctx context.Context, rep *CheckReport, used map[ID]struct{}, ids *idAlloc) error {
	ids.mu.Lock()
	limit := ids.limit
	ids.mu.Unlock()
	seen := map[ID]struct{}{}
	err := v.withIterator(ctx, []byte{prefixIDTerm}, func(it *badger.Iterator) error {
		for it.Seek([]byte{prefixIDTerm}); it.Valid(); it.Next() {
			if err := ctx.Err(); err != nil {
				return err
			}
			key := it.Item().Key()
			if len(key) != 9 {
				rep.problem("dictionary: malformed id key %x", key)
				continue
			}
			id := ID(binary.BigEndian.Uint64(key[1:]))
			rep.Terms++
			seen[id] = struct{}{}
			if id < firstTermID || uint64(id) >= limit {
				rep.problem("dictionary: id %d is outside the leased range [%d, %d)", id, firstTermID, limit)
			}
			enc, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			t, err := decodeTerm(enc)
			if err != nil {
				rep.problem("dictionary: id %d: %v", id, err)
				continue
			}
			var back ID
			found, err := v.get(termKey(enc), func(val []byte) error {
				if len(val) == 8 {
					back = ID(binary.BigEndian.Uint64(val))
				}
				return nil
			})
			if err != nil {
				return err
			}
			if !found || back != id {
				rep.problem("dictionary: term %s has id %d but its reverse entry gives %d (found=%v)", t, id, back, found)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: check dictionary: %w", err)
	}
	// Every term -> id entry was reached from its id above, so equal counts
	// mean there is no stray one.
	var reverse uint64
	for _, prefix := range []byte{prefixTermID, prefixTermHash} {
		err := v.scanKeys(ctx, []byte{prefix}, func([]byte) (bool, error) {
			reverse++
			return true, nil
		})
		if err != nil {
			return fmt.Errorf("store: check dictionary: %w", err)
		}
	}
	if reverse != rep.Terms {
		rep.problem("dictionary: %d term -> id entries for %d id -> term entries", reverse, rep.Terms)
	}
	var missing []ID
	for id := range used {
		if _, ok := seen[id]; !ok && id != DefaultGraphID {
			missing = append(missing, id)
		}
	}
	slices.Sort(missing)
	for _, id := range missing {
		rep.problem("dictionary: id %d is used by an index but has no term", id)
	}
	return nil
}

func compareStats(rep *CheckReport, sp Space, got, want Stats) {
	if got.Quads != want.Quads || got.DistinctSubjects != want.DistinctSubjects || got.DistinctObjects != want.DistinctObjects {
		rep.problem("%s: statistics say %d quads, %d subjects, %d objects; the data has %d, %d, %d",
			sp, got.Quads, got.DistinctSubjects, got.DistinctObjects, want.Quads, want.DistinctSubjects, want.DistinctObjects)
	}
	for p, w := range want.Predicates {
		if g := got.Predicates[p]; g != w {
			rep.problem("%s: statistics of predicate %d are %+v, the data gives %+v", sp, p, g, w)
		}
	}
	for p, g := range got.Predicates {
		if _, ok := want.Predicates[p]; !ok {
			rep.problem("%s: statistics list predicate %d (%+v), which has no quad", sp, p, g)
		}
	}
	for g, w := range want.Graphs {
		if n := got.Graphs[g]; n != w {
			rep.problem("%s: statistics give graph %d %d quads, the data has %d", sp, g, n, w)
		}
	}
	for g, n := range got.Graphs {
		if _, ok := want.Graphs[g]; !ok {
			rep.problem("%s: statistics list graph %d (%d quads), which has no quad", sp, g, n)
		}
	}
}
