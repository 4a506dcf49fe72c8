package store

import (
	"encoding/binary"

	"github.com/dgraph-io/badger/v4"
)

// counts are the net quads a transaction added and deleted for one key of
// a statistic (a subject, an object, a (predicate, subject) pair…).
type counts struct{ add, del int }

// applyStatsDelta updates the persisted statistics of the transaction's
// space for the net changes of the transaction. It runs once, after fn,
// when every index key is written, with one iterator: for each subject,
// object, (p, s) and (p, o) touched, it counts up to add+1 quads with that
// prefix in the transaction's view, which tells whether the key existed
// before and exists after — unless the key names a term new in this
// write, which no quad held before.
func (tx *Txn) applyStatsDelta(net map[IDQuad]int8) error {
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

	if err := tx.usable(); err != nil {
		return err
	}
	if err := tx.st.acquire(); err != nil {
		return err
	}
	defer tx.st.release()
	it := tx.st.txn.NewIterator(badger.IteratorOptions{PrefetchValues: false})
	defer it.Close()
	// delta tells how the existence of a prefix changed: -1, 0 or +1. A
	// prefix naming a term that entered the dictionary in this write
	// (fresh) had no quad before, and has one after exactly when the write
	// added one: no seek is needed (most terms of a large insert are new).
	delta := func(prefix []byte, c *counts, fresh bool) int64 {
		if fresh {
			return b2i(c.add > 0)
		}
		after := 0
		for it.Seek(prefix); it.ValidForPrefix(prefix) && after <= c.add; it.Next() {
			after++
		}
		existedBefore := c.del > 0 || after > c.add
		return b2i(after > 0) - b2i(existedBefore)
	}
	isNew := func(id ID) bool { _, ok := tx.st.w.newIDs[id]; return ok }
	prefix := func(ix index, ids ...ID) []byte {
		k := []byte{indexPrefixByte(tx.sp, ix)}
		for _, id := range ids {
			k = binary.BigEndian.AppendUint64(k, uint64(id))
		}
		return k
	}

	old := tx.Stats()
	st := Stats{
		Quads:            addClamp(old.Quads, total),
		DistinctSubjects: old.DistinctSubjects,
		DistinctObjects:  old.DistinctObjects,
		Predicates:       make(map[ID]PredicateStats, len(old.Predicates)),
		Graphs:           make(map[ID]uint64, len(old.Graphs)),
	}
	for k, v := range old.Predicates {
		st.Predicates[k] = v
	}
	for k, v := range old.Graphs {
		st.Graphs[k] = v
	}
	for s, c := range subj {
		st.DistinctSubjects = addClamp(st.DistinctSubjects, delta(prefix(idxSPOG, s), c, isNew(s)))
	}
	for o, c := range obj {
		st.DistinctObjects = addClamp(st.DistinctObjects, delta(prefix(idxOSPG, o), c, isNew(o)))
	}
	predDS, predDO := map[ID]int64{}, map[ID]int64{}
	for k, c := range ps {
		predDS[k[0]] += delta(prefix(idxSPOG, k[1], k[0]), c, isNew(k[0]) || isNew(k[1]))
	}
	for k, c := range po {
		predDO[k[0]] += delta(prefix(idxPOSG, k[0], k[1]), c, isNew(k[0]) || isNew(k[1]))
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
	tx.st.w.stats[tx.sp] = &st
	return writeStats(tx.sp, st, old, tx.set, tx.del)
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
