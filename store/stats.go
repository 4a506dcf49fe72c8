package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"maps"

	"github.com/dgraph-io/badger/v4"
)

// Stats are the statistics of one space. They are kept up to date by every
// write, inside the writing transaction, and persisted.
type Stats struct {
	Quads, DistinctSubjects, DistinctObjects uint64
	Predicates                               map[ID]PredicateStats // per predicate
	Graphs                                   map[ID]uint64         // quads per graph (DefaultGraphID included)
}

// PredicateStats are the statistics of one predicate.
type PredicateStats struct {
	Quads, DistinctSubjects, DistinctObjects uint64
}

// equal reports whether two Stats hold the same numbers.
func (a Stats) equal(b Stats) bool {
	return a.Quads == b.Quads && a.DistinctSubjects == b.DistinctSubjects &&
		a.DistinctObjects == b.DistinctObjects && maps.Equal(a.Predicates, b.Predicates) &&
		maps.Equal(a.Graphs, b.Graphs)
}

type cachedStats struct {
	version uint64
	stats   Stats
}

// Stats returns the statistics of the view's space. The result is shared
// and must not be modified. It is cached per data version, so calling it
// often is cheap. In a Txn it gives the statistics the transaction started
// from: its own writes are counted at commit.
func (v *view) Stats() Stats {
	version := v.Version()
	v.s.statsMu.Lock()
	c := v.s.statsCache[v.sp]
	v.s.statsMu.Unlock()
	if c != nil && c.version == version {
		return c.stats
	}
	st, err := v.readStats()
	if err != nil {
		v.s.log.Error("store: read statistics", "space", v.sp, "err", err)
		return st
	}
	v.s.statsMu.Lock()
	if c := v.s.statsCache[v.sp]; c == nil || c.version <= version {
		v.s.statsCache[v.sp] = &cachedStats{version: version, stats: st}
	}
	v.s.statsMu.Unlock()
	return st
}

// readStats decodes the persisted statistics of the view's space.
func (v *view) readStats() (Stats, error) {
	st := Stats{Predicates: map[ID]PredicateStats{}, Graphs: map[ID]uint64{}}
	prefix := []byte{prefixStats, byte(v.sp)}
	err := v.withIterator(context.Background(), prefix, func(it *badger.Iterator) error {
		for it.Seek(prefix); it.Valid(); it.Next() {
			item := it.Item()
			key := item.Key()
			err := item.Value(func(val []byte) error {
				switch {
				case len(key) == 3 && key[2] == statTotal && len(val) == 24:
					st.Quads, st.DistinctSubjects, st.DistinctObjects = u64(val, 0), u64(val, 1), u64(val, 2)
				case len(key) == 11 && key[2] == statPredicate && len(val) == 24:
					st.Predicates[ID(binary.BigEndian.Uint64(key[3:]))] = PredicateStats{u64(val, 0), u64(val, 1), u64(val, 2)}
				case len(key) == 11 && key[2] == statGraph && len(val) == 8:
					st.Graphs[ID(binary.BigEndian.Uint64(key[3:]))] = u64(val, 0)
				default:
					return fmt.Errorf("store: corrupt statistics key %x", key)
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	return st, err
}

func u64(b []byte, i int) uint64 { return binary.BigEndian.Uint64(b[8*i:]) }

func put3(a, b, c uint64) []byte {
	out := make([]byte, 24)
	binary.BigEndian.PutUint64(out, a)
	binary.BigEndian.PutUint64(out[8:], b)
	binary.BigEndian.PutUint64(out[16:], c)
	return out
}

// writeStats replaces the persisted statistics of space sp by st, using set
// and del on every record (a transaction's or a write batch's).
func writeStats(sp Space, st Stats, old Stats, set func(k, v []byte) error, del func(k []byte) error) error {
	if err := set(statsKey(sp, statTotal, 0), put3(st.Quads, st.DistinctSubjects, st.DistinctObjects)); err != nil {
		return err
	}
	for p := range old.Predicates {
		if _, ok := st.Predicates[p]; !ok {
			if err := del(statsKey(sp, statPredicate, p)); err != nil {
				return err
			}
		}
	}
	for g := range old.Graphs {
		if _, ok := st.Graphs[g]; !ok {
			if err := del(statsKey(sp, statGraph, g)); err != nil {
				return err
			}
		}
	}
	for p, ps := range st.Predicates {
		if old.Predicates[p] == ps {
			continue
		}
		if err := set(statsKey(sp, statPredicate, p), put3(ps.Quads, ps.DistinctSubjects, ps.DistinctObjects)); err != nil {
			return err
		}
	}
	for g, n := range st.Graphs {
		if old.Graphs[g] == n {
			continue
		}
		if err := set(statsKey(sp, statGraph, g), binary.BigEndian.AppendUint64(nil, n)); err != nil {
			return err
		}
	}
	return nil
}

// Estimate returns a cheap estimate of the number of quads matching pat in
// the view's space, from the statistics alone (plus one key lookup when all
// four positions are bound). It is exact when nothing is bound, when only P
// is bound and when only G is bound; with only S or only O bound it is the
// average number of quads per subject or per object, and with more bound
// positions an average derived from the predicate's numbers.
func (v *view) Estimate(pat IDQuad) uint64 {
	st := v.Stats()
	s, p, o, g := pat.S != AnyID, pat.P != AnyID, pat.O != AnyID, pat.G != AnyID
	if s && p && o && g {
		found, err := v.get(appendIndexKey(nil, v.sp, idxSPOG, pat), nil)
		if err != nil || !found {
			return 0
		}
		return 1
	}
	var n uint64
	switch {
	case !s && !p && !o:
		n = st.Quads
	case p:
		ps := st.Predicates[pat.P]
		switch {
		case s && o:
			n = min(ps.Quads, 1)
		case s:
			n = ceilDiv(ps.Quads, ps.DistinctSubjects)
		case o:
			n = ceilDiv(ps.Quads, ps.DistinctObjects)
		default:
			n = ps.Quads
		}
	case s && o:
		n = min(ceilDiv(st.Quads, st.DistinctSubjects), ceilDiv(st.Quads, st.DistinctObjects))
	case s:
		n = ceilDiv(st.Quads, st.DistinctSubjects)
	default:
		n = ceilDiv(st.Quads, st.DistinctObjects)
	}
	if g {
		gq := st.Graphs[pat.G]
		if !s && !p && !o {
			return gq
		}
		if gq == 0 || st.Quads == 0 {
			return 0
		}
		// Scale by the graph's share of the space, keeping at least 1.
		n = max(1, min(gq, uint64(float64(n)*float64(gq)/float64(st.Quads)+0.5)))
	}
	return n
}

func ceilDiv(a, b uint64) uint64 {
	if b == 0 {
		return 0
	}
	return (a + b - 1) / b
}

// Count answers some counts exactly from the statistics, without a scan:
// the number of distinct triples matching pat (of = 0), or of = 'S', 'P'
// or 'O' the number of distinct terms at that position among them. pat.G
// = AnyID means the union of every graph of the view's space (a triple
// held by several graphs counts once). It returns false when the
// statistics cannot give the exact answer: a bound subject or object, a
// graph with another position bound, or triple counts over the union when
// the space has more than one graph (a triple may then repeat).
func (v *view) Count(pat IDQuad, of byte) (uint64, bool) {
	if pat.S != AnyID || pat.O != AnyID {
		return 0, false
	}
	st := v.Stats()
	oneGraph := len(st.Graphs) <= 1
	switch {
	case pat.G != AnyID:
		if pat.P != AnyID || of != 0 {
			return 0, false
		}
		return st.Graphs[pat.G], true
	case pat.P == AnyID:
		switch of {
		case 0:
			return st.Quads, oneGraph
		case 'S':
			return st.DistinctSubjects, true
		case 'O':
			return st.DistinctObjects, true
		case 'P':
			return uint64(len(st.Predicates)), true
		}
	default:
		ps := st.Predicates[pat.P]
		switch of {
		case 0:
			return ps.Quads, oneGraph
		case 'S':
			return ps.DistinctSubjects, true
		case 'O':
			return ps.DistinctObjects, true
		case 'P':
			return min(ps.Quads, 1), true
		}
	}
	return 0, false
}
