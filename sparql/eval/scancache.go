package eval

// Index nested-loop joins often ask the same pattern again and again: a
// star of patterns on one subject read by an OPTIONAL and by the group it
// hangs on, a label looked up for each row sharing a type. The execution
// keeps the complete results of recent small scans in a direct-mapped
// cache keyed by the pattern (the dataset cannot change during an
// execution), so that a repeated pattern costs no index seek.
const (
	scanCacheSize    = 1 << 10 // entries, a power of two
	scanCacheMaxRows = 16      // larger results are not kept
	// scanCacheAfter is how many scans an execution makes before it sets
	// up the cache: small queries would not repay it.
	scanCacheAfter = 64
)

type scanEntry struct {
	pat   IDQuad
	valid bool
	quads []IDQuad
}

func scanSlot(pat IDQuad) int {
	h := pat.S*0x9E3779B97F4A7C15 ^ pat.P*0xC2B2AE3D27D4EB4F ^ pat.O*0x165667B19E3779F9 ^ pat.G*0x27D4EB2F165667C5
	return int(h>>40) & (scanCacheSize - 1)
}

// scan calls fn with the quads of pat (in the dataset's order) until fn
// returns false, answering repeated small patterns from the cache.
func (ex *exec) scan(pat IDQuad, fn func(IDQuad) bool) bool {
	if ex.scanCache == nil {
		if ex.seeks < scanCacheAfter {
			return ex.scanDataset(pat, fn)
		}
		ex.scanCache = make([]scanEntry, scanCacheSize)
	}
	e := &ex.scanCache[scanSlot(pat)]
	if e.valid && e.pat == pat {
		// fn may run scans that reuse this entry: iterate over a copy.
		var local [scanCacheMaxRows]IDQuad
		for _, q := range local[:copy(local[:], e.quads)] {
			if !ex.tick() || !fn(q) {
				return false
			}
		}
		return ex.err == nil
	}
	// The first quads are held back until the scan proves small (then it
	// is stored before fn sees it, so that a nested scan of the same
	// pattern already hits) or large (then they are passed on and the
	// rest streams). Nested scans hold theirs in a frame per depth.
	f := ex.scans.enter(newScanFrame)
	f.buf, f.streaming, f.fn = f.buf[:0], false, fn
	ok := ex.scanDataset(pat, f.push)
	ex.scans.leave()
	f.fn = nil
	if !ok || f.streaming {
		return ok
	}
	e.pat, e.valid = pat, true
	e.quads = append(e.quads[:0], f.buf...)
	// fn may run scans that reuse this frame: iterate over a copy.
	var local [scanCacheMaxRows]IDQuad
	for _, q := range local[:copy(local[:], f.buf)] {
		if !fn(q) {
			return false
		}
	}
	return ex.err == nil
}

// scanFrame is the state of a scan running at one nesting depth: the first
// quads, held back until the scan proves small or large, and whether it
// streams now.
type scanFrame struct {
	buf       []IDQuad
	streaming bool
	fn        func(IDQuad) bool
	push      func(IDQuad) bool // onQuad, bound once
}

func newScanFrame() *scanFrame {
	f := &scanFrame{buf: make([]IDQuad, 0, scanCacheMaxRows)}
	f.push = f.onQuad
	return f
}

func (f *scanFrame) onQuad(q IDQuad) bool {
	if f.streaming {
		return f.fn(q)
	}
	if len(f.buf) < scanCacheMaxRows {
		f.buf = append(f.buf, q)
		return true
	}
	f.streaming = true
	for _, b := range f.buf {
		if !f.fn(b) {
			return false
		}
	}
	return f.fn(q)
}
