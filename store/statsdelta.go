package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"

	"github.com/dgraph-io/badger/v4"
)

// counts are the net quads a transaction added and deleted for one key of
// a statistic (a subject, an object, a (predicate, subject) pair…).
type counts struct{ add, del int }

// applyStatsDelta updates the persisted statistics of the transaction's
// space for the net changes of the transaction. It runs once, after fn,
// when every index key is written.
func (tx *Txn) applyStatsDelta(net map[IDQuad]int8) error {
	old := tx.Stats()
	st, err := tx.statsAfter(old, net, func(id ID) bool { _, ok := tx.st.w.newIDs[id]; return ok }, -1)
	if err != nil {
		return err
	}
	tx.st.w.stats[tx.sp] = &st
	return writeStats(tx.sp, st, old, tx.set, tx.del)
}

// errManySeeks: working the statistics out would take more seeks than
// asked; recounting them is cheaper.
var errManySeeks = errors.New("store: statistics: too many seeks")

// statsAfter gives the statistics of the view's space after the net
// changes, from old, the statistics before them; the view sees the changes
// written. For each subject, object, (p, s) and (p, o) touched, it counts
// up to add+1 quads with that prefix, which tells whether the key existed
// before and exists after — unless the key names a term new in this write
// (isNew), which no quad held before. The prefixes are sought in key
// order with one iterator; when there are more than maxSeeks (unless
// negative) it returns errManySeeks instead.
func (v *view) statsAfter(old Stats, net map[IDQuad]int8, isNew func(ID) bool, maxSeeks int) (Stats, error) {
	type pair [2]ID
	subj, obj := map[ID]*counts{}, map[ID]*counts{}
	ps, po := map[pair]*counts{}, map[pair]*counts{}
	predQuads, graphQuads := map[ID]int64{}, map[ID]int64{}
	var total int64
	bump := func(c *counts, d int8) {
		if d > 0 {
			c.add++
		} else {
			c.del++
		}
	}
	for q, d := range net {
		total += int64(d)
		predQuads[q.P] += int64(d)
		graphQuads[q.G] += int64(d)
		bump(getCounts(subj, q.S), d)
		bump(getCounts(obj, q.O), d)
		bump(getCounts(ps, pair{q.P, q.S}), d)
		bump(getCounts(po, pair{q.P, q.O}), d)
	}

	// Each statistic moves by how the existence of its prefixes changed:
	// -1, 0 or +1 each. A prefix naming a fresh term had no quad before,
	// and has one after exactly when the write added one: no seek is
	// needed (most terms of a large insert are new). The others are probes.
	var distinctS, distinctO int64
	predDS, predDO := map[ID]int64{}, map[ID]int64{}
	type probe struct {
		prefix []byte
		c      *counts
		kind   byte // 's', 'o': distinct subjects, objects; 'S', 'O': of predicate p
		p      ID
	}
	var probes []probe
	moved := func(kind byte, p ID, d int64) {
		switch kind {
		case 's':
			distinctS += d
		case 'o':
			distinctO += d
		case 'S':
			predDS[p] += d
		default:
			predDO[p] += d
		}
	}
	touched := func(ix index, first, second ID, c *counts, fresh bool, kind byte, p ID) {
		if fresh {
			moved(kind, p, b2i(c.add > 0))
			return
		}
		k := binary.BigEndian.AppendUint64([]byte{indexPrefixByte(v.sp, ix)}, uint64(first))
		if second != 0 {
			k = binary.BigEndian.AppendUint64(k, uint64(second))
		}
		probes = append(probes, probe{k, c, kind, p})
	}
	for s, c := range subj {
		touched(idxSPOG, s, 0, c, isNew(s), 's', 0)
	}
	for o, c := range obj {
		touched(idxOSPG, o, 0, c, isNew(o), 'o', 0)
	}
	for k, c := range ps {
		touched(idxSPOG, k[1], k[0], c, isNew(k[0]) || isNew(k[1]), 'S', k[0])
	}
	for k, c := range po {
		touched(idxPOSG, k[0], k[1], c, isNew(k[0]) || isNew(k[1]), 'O', k[0])
	}
	if maxSeeks >= 0 && len(probes) > maxSeeks {
		return Stats{}, errManySeeks
	}
	// In key order, consecutive seeks read the same blocks.
	slices.SortFunc(probes, func(a, b probe) int { return bytes.Compare(a.prefix, b.prefix) })
	if err := v.usable(); err != nil {
		return Stats{}, err
	}
	if err := v.st.acquire(); err != nil {
		return Stats{}, err
	}
	defer v.st.release()
	it := v.st.txn.NewIterator(badger.IteratorOptions{PrefetchValues: false})
	defer it.Close()
	for _, pr := range probes {
		after := 0
		for it.Seek(pr.prefix); it.ValidForPrefix(pr.prefix) && after <= pr.c.add; it.Next() {
			after++
		}
		existedBefore := pr.c.del > 0 || after > pr.c.add
		moved(pr.kind, pr.p, b2i(after > 0)-b2i(existedBefore))
	}

	st := Stats{
		Quads:            addClamp(old.Quads, total),
		DistinctSubjects: addClamp(old.DistinctSubjects, distinctS),
		DistinctObjects:  addClamp(old.DistinctObjects, distinctO),
		Predicates:       make(map[ID]PredicateStats, len(old.Predicates)),
		Graphs:           make(map[ID]uint64, len(old.Graphs)),
	}
	for k, v := range old.Predicates {
		st.Predicates[k] = v
	}
	for k, v := range old.Graphs {
		st.Graphs[k] = v
	}
	for p, d := range predQuads {
		x := st.Predicates[p]
		x.Quads = addClamp(x.Quads, d)
		x.DistinctSubjects = addClamp(x.DistinctSubjects, predDS[p])
		x.DistinctObjects = addClamp(x.DistinctObjects, predDO[p])
		if x.Quads == 0 {
			delete(st.Predicates, p)
		} else {
			st.Predicates[p] = x
		}
	}
	for g, d := range graphQuads {
		if n := addClamp(st.Graphs[g], d); n == 0 {
			delete(st.Graphs, g)
		} else {
			st.Graphs[g] = n
		}
	}
	return st, nil
}

func getCounts[K comparable](m map[K]*counts, k K) *counts {
	c := m[k]
	if c == nil {
		c = &counts{}
		m[k] = c
	}
	return c
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// addClamp adds d to n, stopping at 0 (a negative count means corrupt
// statistics, which Check reports).
func addClamp(n uint64, d int64) uint64 {
	if d < 0 && uint64(-d) > n {
		return 0
	}
	return uint64(int64(n) + d)
}
