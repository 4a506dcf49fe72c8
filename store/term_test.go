package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

func TestTermEncodingRoundTrip(t *testing.T) {
	long := strings.Repeat("é long text ", 100)
	tests := []struct {
		name string
		term rdf.Term
	}{
		{"iri", rdf.IRI("http://example.org/a")},
		{"blank", rdf.Blank("b0")},
		{"string", rdf.String("  spaces kept \t\n")},
		{"empty string", rdf.String("")},
		{"lang", rdf.LangString("chantier", "fr-FR")},
		{"typed", rdf.Literal("01", rdf.XSDInteger)},
		{"typed no datatype", rdf.Term{Kind: rdf.KindLiteral, Value: "x"}},
		{"lang with odd datatype", rdf.Term{Kind: rdf.KindLiteral, Value: "x", Lang: "en", Datatype: rdf.XSDString}},
		{"long literal", rdf.String(long)},
		{"nul bytes", rdf.Literal("a\x00b", "http://example.org/dt\x00")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			enc, err := appendTermEncoding(nil, tc.term)
			if err != nil {
				t.Fatal(err)
			}
			got, err := decodeTerm(enc)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.term {
				t.Errorf("decoded %#v, want %#v", got, tc.term)
			}
		})
	}
	if _, err := appendTermEncoding(nil, rdf.Term{}); err == nil {
		t.Error("the zero term was encoded")
	}
}

func TestDecodeTermCorrupt(t *testing.T) {
	for _, b := range []string{"", "Z", "G\xff", "L\x05ab", "X\x01a\x09"} {
		if _, err := decodeTerm([]byte(b)); err == nil {
			t.Errorf("decodeTerm(%q) gave no error", b)
		}
	}
}

func FuzzDecodeTerm(f *testing.F) {
	for _, tm := range []rdf.Term{rdf.IRI("http://x/"), rdf.LangString("a", "fr"), rdf.Literal("1", rdf.XSDInteger)} {
		enc, _ := appendTermEncoding(nil, tm)
		f.Add(enc)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tm, err := decodeTerm(b)
		if err != nil {
			return
		}
		enc, err := appendTermEncoding(nil, tm)
		if err != nil {
			return // e.g. an unknown kind cannot come out of decodeTerm
		}
		back, err := decodeTerm(enc)
		if err != nil || back != tm {
			t.Fatalf("re-encoding %#v gave %#v, %v", tm, back, err)
		}
	})
}

func TestCacheBounded(t *testing.T) {
	c := newCache[int, int](1024, func(i int) uint64 { return uint64(i) })
	for i := range 100_000 {
		c.put(i, i)
	}
	if n := c.len(); n > 2*1024 {
		t.Errorf("cache holds %d entries, bound is %d", n, 2*1024)
	}
	if v, ok := c.get(99_999); !ok || v != 99_999 {
		t.Errorf("recent entry lost: %v %v", v, ok)
	}
	c.purge()
	if c.len() != 0 {
		t.Error("purge left entries")
	}
}

// TestTermSlots: the id → term table returns what was put for an id, never
// another id's term: a newer id in the same slot replaces the older one.
func TestTermSlots(t *testing.T) {
	c := newTermSlots(1000) // 1024 slots
	if len(c.slots) != 1024 {
		t.Fatalf("%d slots, want 1024", len(c.slots))
	}
	term := func(id ID) rdf.Term { return rdf.IRI(fmt.Sprintf("http://example.org/%d", id)) }
	for id := ID(1); id <= 1024; id++ {
		c.put(id, term(id))
	}
	for id := ID(1); id <= 1024; id++ {
		if got, ok := c.get(id); !ok || got != term(id) {
			t.Fatalf("id %d: %v %v", id, got, ok)
		}
	}
	c.put(1025, term(1025)) // the slot of id 1
	if got, ok := c.get(1); ok {
		t.Fatalf("id 1 still answers %v after id 1025 took its slot", got)
	}
	if got, ok := c.get(1025); !ok || got != term(1025) {
		t.Fatalf("id 1025: %v %v", got, ok)
	}
	if _, ok := c.get(2048 + 7); ok {
		t.Fatal("an id never put was found")
	}
	c.purge()
	if _, ok := c.get(5); ok {
		t.Fatal("purge left entries")
	}
}

// TestTermSlotsFor: the id → term table covers the dictionary (plus a
// quarter), within [capacity, 4 × capacity] slots; a store reopened with
// more terms than its cache size gets the larger table.
func TestTermSlotsFor(t *testing.T) {
	for _, tt := range []struct {
		capacity int
		next     uint64
		want     int
	}{
		{1 << 20, 0, 1 << 20},
		{1 << 20, 400_000, 1 << 20},
		{1 << 20, 2_100_000, 2_625_000},
		{1 << 20, 40_000_000, 4 << 20},
	} {
		if got := termSlotsFor(tt.capacity, tt.next); got != tt.want {
			t.Errorf("termSlotsFor(%d, %d) = %d, want %d", tt.capacity, tt.next, got, tt.want)
		}
	}
	dir := t.TempDir()
	o := DefaultOptions()
	o.CacheSize = 1024
	s, err := Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	addAll(t, s, Public, genQuads(3000))
	next := s.ids.next
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(dir, o); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := len(s.idTerms.slots); uint64(n) < next || n > 4*1024 {
		t.Fatalf("%d slots for a dictionary up to id %d, cache size 1024", n, next)
	}
}

// TestTermsStoredByteForByte writes odd terms through the store and reads
// them back unchanged: no Unicode normalisation, no trimming, long
// literals through the hashed dictionary keys.
func TestTermsStoredByteForByte(t *testing.T) {
	s := openTest(t)
	odd := []rdf.Term{
		rdf.String("e\u0301"), // decomposed é, not NFC
		rdf.String("é"),       // composed é: a different term
		rdf.String(" padded\t\n"),
		rdf.LangString("Chantier", "FR-fr"),
		rdf.Literal("0001.50", rdf.XSDDecimal),
		rdf.Literal("a\x00b", "http://example.org/dt"),
		rdf.String(strings.Repeat("x", 5000)),
		rdf.String(strings.Repeat("x", 5000) + "y"),
		rdf.IRI("http://example.org/%7e?q=é#f"),
		rdf.Blank("b.1"),
	}
	var quads []rdf.Quad
	for i, o := range odd {
		quads = append(quads, rdf.Quad{S: ex(fmt.Sprint("s", i)), P: ex("p"), O: o})
	}
	addAll(t, s, Public, quads)
	snap := s.Snapshot()
	defer snap.Close()
	for i, o := range odd {
		got := collect(t, snap, Pattern{O: o})
		if len(got) != 1 || got[0] != quads[i] {
			t.Errorf("object %q: got %v", o.Value[:min(len(o.Value), 20)], got)
		}
	}
	if rep, err := s.Check(context.Background()); err != nil || !rep.OK() {
		t.Errorf("Check: %v %v", rep.Problems, err)
	}
}

// TestDecodeSharesCommonDatatypes: a literal of a common datatype decodes
// with one allocation (its value), its datatype the shared string; any
// other datatype still decodes to its own text.
func TestDecodeSharesCommonDatatypes(t *testing.T) {
	for _, tt := range []struct {
		term   rdf.Term
		allocs float64
	}{
		{rdf.Literal("185.5", rdf.XSDDecimal), 1},
		{rdf.Literal("2017-12-15", rdf.XSDDate), 1},
		{rdf.Literal("x y", "http://example.org/dt"), 2},
	} {
		enc, err := appendTermEncoding(nil, tt.term)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeTerm(enc)
		if err != nil || got != tt.term {
			t.Fatalf("decoded %#v, %v; want %#v", got, err, tt.term)
		}
		if n := testing.AllocsPerRun(100, func() { decodeTerm(enc) }); n != tt.allocs {
			t.Errorf("%s: %v allocations per decode, want %v", tt.term, n, tt.allocs)
		}
	}
}

// TestTerms: Terms gives what Term gives for each id, for ids read before
// and never read, the default graph's id, in a snapshot and in a
// transaction that made new terms; an unknown id and a closed snapshot
// are errors.
func TestTerms(t *testing.T) {
	s := openTest(t)
	quads := genQuads(400)
	addAll(t, s, Public, quads)
	snap := s.Snapshot()
	defer snap.Close()
	var ids []ID
	for _, q := range quads[:200] {
		for _, term := range []rdf.Term{q.S, q.P, q.O} {
			id, ok, err := snap.LookupID(term)
			if err != nil || !ok {
				t.Fatalf("lookup %s: %v %v", term, ok, err)
			}
			ids = append(ids, id)
		}
	}
	ids = append(ids, DefaultGraphID)
	// Half the terms read once before (in the id → term table), half not.
	for _, id := range ids[:len(ids)/2] {
		if _, err := snap.Term(id); err != nil {
			t.Fatal(err)
		}
	}
	check := func(t *testing.T, v interface {
		Term(ID) (rdf.Term, error)
		Terms([]ID, []rdf.Term) error
	}, ids []ID) {
		t.Helper()
		got := make([]rdf.Term, len(ids)+1)
		got[len(ids)] = rdf.IRI("http://example.org/untouched")
		if err := v.Terms(ids, got); err != nil {
			t.Fatal(err)
		}
		for i, id := range ids {
			want, err := v.Term(id)
			if err != nil {
				t.Fatal(err)
			}
			if got[i] != want {
				t.Fatalf("id %d: Terms gives %v, Term %v", id, got[i], want)
			}
		}
		if got[len(ids)] != rdf.IRI("http://example.org/untouched") {
			t.Fatal("Terms wrote past the ids")
		}
	}
	check(t, snap, ids)
	if err := snap.Terms([]ID{ids[0], 1 << 40}, make([]rdf.Term, 2)); err == nil {
		t.Error("an id no term has: no error")
	}
	err := s.Update(context.Background(), func(tx *Txn) error {
		fresh := rdf.Quad{S: ex("new-subject"), P: ex("p"), O: rdf.String("a term made in this transaction")}
		if err := tx.Add(fresh); err != nil {
			return err
		}
		id, ok, err := tx.LookupID(fresh.O)
		if err != nil || !ok {
			return fmt.Errorf("new term: %v %v", ok, err)
		}
		check(t, tx, append(slices.Clone(ids[:50]), id))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	snap.Close()
	if err := snap.Terms(ids[:1], make([]rdf.Term, 1)); err == nil {
		t.Error("Terms on a closed snapshot: no error")
	}
}
