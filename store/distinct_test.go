package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// TestScanDistinct compares ScanDistinct with the distinct values of a full
// scan, for patterns binding every combination of positions: the quads of
// another space and deleted quads never show, stopping early stops, and
// the positions no index orders next are refused.
func TestScanDistinct(t *testing.T) {
	s := openTest(t)
	quads := genQuads(3000)
	// One predicate held by a single quad, one by very many (seeks and
	// read-ahead both happen), and a subject whose quads are all deleted.
	for i := range 400 {
		quads = append(quads, rdf.Quad{S: ex(fmt.Sprintf("m%d", i)), P: ex("many"), O: ex("o1")})
	}
	quads = append(quads, rdf.Quad{S: ex("lone"), P: ex("once"), O: rdf.String("x")})
	addAll(t, s, Public, quads)
	addAll(t, s, Private, []rdf.Quad{{S: ex("secret"), P: ex("hidden"), O: ex("o1")}})
	err := s.Update(context.Background(), func(tx *Txn) error {
		for _, q := range quads {
			if q.S == ex("s3") {
				if err := tx.Delete(q); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	snap, cur := openCursor(t, s)
	all := scanAll(t, snap, IDQuad{})
	sample := []IDQuad{all[0], all[len(all)/3], all[len(all)-1]}
	for _, q := range all {
		if q.G != DefaultGraphID {
			sample = append(sample, q)
			break
		}
	}
	refused := 0
	for _, q := range sample {
		for mask := range 16 {
			pat := IDQuad{}
			for p := range 4 {
				if mask&(1<<p) != 0 {
					pat = pat.with(p, q.at(p))
				}
			}
			for _, of := range []byte("SPOG") {
				t.Run(fmt.Sprintf("%+v/%c", pat, of), func(t *testing.T) {
					want := distinctAt(scanAll(t, snap, pat), of)
					var got []ID
					ok, err := cur.ScanDistinct(pat, of, func(id ID) bool { got = append(got, id); return true })
					if err != nil {
						t.Fatal(err)
					}
					if !ok {
						if got != nil {
							t.Fatalf("refused after yielding %v", got)
						}
						refused++
						return
					}
					if !slices.Equal(got, want) {
						t.Fatalf("got %d values %v, want %d %v", len(got), got, len(want), want)
					}
					if len(want) > 2 {
						got = got[:0]
						cur.ScanDistinct(pat, of, func(id ID) bool { got = append(got, id); return len(got) < 2 })
						if !slices.Equal(got, want[:2]) {
							t.Fatalf("stopped after 2: %v, want %v", got, want[:2])
						}
					}
				})
			}
		}
	}
	if refused == 0 {
		t.Fatal("no pattern refused: the refusal is untested")
	}
	// Every position of the empty pattern but G heads an index.
	for _, of := range []byte("SPO") {
		if ok, _ := cur.ScanDistinct(IDQuad{}, of, func(ID) bool { return true }); !ok {
			t.Errorf("distinct %c of every quad refused", of)
		}
	}
}

// distinctAt returns the sorted distinct ids at position of of quads.
func distinctAt(quads []IDQuad, of byte) []ID {
	p, _ := positionOf(of)
	var out []ID
	for _, q := range quads {
		out = append(out, q.at(p))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// with returns q with position p set to id.
func (q IDQuad) with(p int, id ID) IDQuad {
	switch p {
	case posS:
		q.S = id
	case posP:
		q.P = id
	case posO:
		q.O = id
	default:
		q.G = id
	}
	return q
}
