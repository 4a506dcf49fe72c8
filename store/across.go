package store

// Lookups with the predicate unbound, answered from a space column.
//
// A pattern binding its subject or its object but not its predicate (the
// triples of a resource, its incoming links, a negated property set, a
// DESCRIBE) reads the SPOG or OSPG index through Badger: a seek and a few
// keys, about 2 µs and 0.3 µs a key, for every lookup of a join. A space
// column holds a whole space in one of those orders, in memory: rows of
// the three other ids, and a directory with one entry per leading id (ids
// are dense counters), so a lookup is one read of the directory and the
// rows that follow, in the index's own order.
//
//   - bySubject: the SPOG order, rows (P, O, G) under each subject;
//   - byObject: the OSPG order, rows (S, P, G) under each object.
//
// A space column is a column of the cache under the key {space, AnyID,
// order}: the same budget, least-recently-used eviction and read
// timestamp, and the same ski-rental rule, charged with the Badger reads
// of such lookups until they have cost as much as reading the space. A
// space with more quads than a column may hold keeps reading Badger.

// spaceRowOf returns q as a row of a space column in order o, and its
// leading id.
func spaceRowOf(o colOrder, q IDQuad) (ID, colRow) {
	if o == bySubject {
		return q.S, colRow{q.P, q.O, q.G}
	}
	return q.O, colRow{q.S, q.P, q.G}
}

// spaceQuadOf returns the quad that row r under leading id lead holds in
// a space column in order o.
func spaceQuadOf(o colOrder, lead ID, r colRow) IDQuad {
	if o == bySubject {
		return IDQuad{S: lead, P: r.a, O: r.b, G: r.g}
	}
	return IDQuad{S: r.a, P: r.b, O: lead, G: r.g}
}

// scanAcross answers pat (P and G unbound, S or O bound) from the space
// column of its order when the cache holds it, or this lookup pays for
// it; otherwise through the index, charged to the column's rent.
func (c *Cursor) scanAcross(pat IDQuad, fn func(IDQuad) bool) error {
	order, lead := byObject, pat.O
	if pat.S != AnyID {
		order, lead = bySubject, pat.S
	}
	k := colKey{sp: c.v.sp, p: AnyID, order: order}
	col, err := c.spaceColumn(k)
	if err != nil {
		return err
	}
	if col == nil {
		rows := uint64(0)
		err := c.scanIndex(pat, func(q IDQuad) bool {
			rows++
			return fn(q)
		})
		if !c.noSpaceColumn[order] {
			c.v.s.cols.charge(k, c.readTs, rows)
		}
		return err
	}
	_, err = c.yieldLead(col, lead, pat.O, fn)
	return err
}

// yieldLead calls fn with the quads under leading id lead of space column
// col, those with object o only when o is bound (a subject's rows,
// filtered), until fn returns false; it tells whether fn did.
func (c *Cursor) yieldLead(col *column, lead, o ID, fn func(IDQuad) bool) (stopped bool, err error) {
	lo, hi := col.dir.bounds(lead, len(col.rows))
	for _, r := range col.rows[lo:hi] {
		if err := c.tick(); err != nil {
			return true, err
		}
		q := spaceQuadOf(col.order, lead, r)
		if o != AnyID && q.O != o {
			continue
		}
		if !fn(q) {
			return true, nil
		}
	}
	return false, nil
}

// scanSpaceBySubject is ScanBySubject for the pattern binding nothing:
// every quad of the space in SPOG order, or those of subjects, from the
// space column in that order. When the cache has not got it, the request
// is charged the space's quads (what answering it otherwise reads), so
// that the next one builds it, and it returns false.
func (c *Cursor) scanSpaceBySubject(subjects []ID, fn func(IDQuad) bool) (bool, error) {
	k := colKey{sp: c.v.sp, p: AnyID, order: bySubject}
	col, err := c.spaceColumn(k)
	if err != nil || col == nil {
		if err == nil && !c.noSpaceColumn[bySubject] {
			c.v.s.cols.charge(k, c.readTs, c.stats.Quads)
		}
		return false, err
	}
	if subjects == nil {
		first, base := col.dir.first, col.dir.min
		for d := 0; d+1 < len(first); d++ {
			if first[d] == first[d+1] {
				continue
			}
			if stopped, err := c.yieldLead(col, base+ID(d), AnyID, fn); stopped || err != nil {
				return true, err
			}
		}
		return true, nil
	}
	for _, s := range subjects {
		if stopped, err := c.yieldLead(col, s, AnyID, fn); stopped || err != nil {
			return true, err
		}
	}
	return true, nil
}

// spaceColumn returns the cursor's space column k, building it
// when the lookups have paid for it, or nil when the index must answer.
func (c *Cursor) spaceColumn(k colKey) (*column, error) {
	if c.noSpaceColumn[k.order] {
		return nil, nil
	}
	if col := c.held(k); col != nil {
		return col, nil
	}
	c.loadStats()
	cc := c.v.s.cols
	quads := c.stats.Quads
	if quads == 0 || quads > cc.maxRows() {
		c.noSpaceColumn[k.order] = true
		return nil, nil
	}
	if !cc.paidFor(k, c.readTs, quads) {
		return nil, nil
	}
	col, err := c.buildSpaceColumn(k, quads)
	if err != nil || col == nil {
		return nil, err
	}
	return c.hold(k, col), nil
}

// buildSpaceColumn reads space k.sp whole through the index of k.order
// and adds its space column. It returns nil when the budget cannot take it
// now or the space did not read back as its statistics say.
func (c *Cursor) buildSpaceColumn(k colKey, quads uint64) (*column, error) {
	cc := c.v.s.cols
	need := int64(quads) * colRowBytes
	if !cc.reserve(need) {
		return nil, nil
	}
	defer cc.release(need)
	ix := idxSPOG
	if k.order == byObject {
		ix = idxOSPG
	}
	var buf [1]byte
	rows := make([]colRow, 0, quads)
	var dir directory // one bucket per id (shift 0): rows hold no leading id
	err := c.scanPrefix(ix, appendIndexPrefix(buf[:0], k.sp, ix, 0, IDQuad{}), func(q IDQuad) bool {
		lead, r := spaceRowOf(k.order, q)
		dir.mark(lead, len(rows))
		rows = append(rows, r)
		return uint64(len(rows)) <= quads
	})
	if err != nil || uint64(len(rows)) != quads {
		return nil, err
	}
	dir.seal(len(rows))
	col := &column{order: k.order, readTs: c.readTs, rows: rows, dir: dir}
	if int64(len(col.dir.first))*4 > int64(len(rows))*colRowBytes {
		// A few quads over a wide range of ids (a small space in a large
		// store): the directory would outweigh the rows. Not kept, and
		// paid for again before the next try.
		cc.forget(k)
		return nil, nil
	}
	cc.add(k, col)
	return col, nil
}
