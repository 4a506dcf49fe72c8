package expr

import (
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/ruche-lod/ruche/store/rdf"
)

func TestBNode(t *testing.T) {
	fc := NewFuncContext("", time.Now())
	call := func(args ...rdf.Term) rdf.Term {
		t.Helper()
		b, err := Call(fc, "BNODE", args)
		if err != nil || !b.IsBlank() {
			t.Fatalf("BNODE: %v, %v", b, err)
		}
		return b
	}
	a1, a2, b1 := call(rdf.String("a")), call(rdf.String("a")), call(rdf.String("b"))
	if a1 != a2 || a1 == b1 {
		t.Fatalf("within a solution: BNODE(a)=%v, %v; BNODE(b)=%v", a1, a2, b1)
	}
	if n1, n2 := call(), call(); n1 == n2 {
		t.Fatal("BNODE() gave the same node twice")
	}
	fc.NextSolution()
	if a3 := call(rdf.String("a")); a3 == a1 {
		t.Fatal("BNODE(a) kept its node across solutions")
	}
	if _, err := Call(fc, "BNODE", []rdf.Term{rdf.IRI("http://a")}); err == nil {
		t.Fatal("BNODE of an IRI succeeded")
	}
	other := NewFuncContext("", time.Now())
	if b, _ := Call(other, "BNODE", []rdf.Term{rdf.String("a")}); b == a1 {
		t.Fatal("two queries share blank node labels")
	}
}

func TestRandomFunctions(t *testing.T) {
	fc := NewFuncContext("", time.Now())
	uuidRe := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := make(map[rdf.Term]bool)
	for range 100 {
		r, err := Call(fc, "RAND", nil)
		if err != nil || r.Datatype != rdf.XSDDouble {
			t.Fatalf("RAND: %v, %v", r, err)
		}
		if ok, _ := Relational(">=", r, tm(t, "0")); !ok {
			t.Fatalf("RAND %v < 0", r)
		}
		if ok, _ := Relational("<", r, tm(t, "1")); !ok {
			t.Fatalf("RAND %v >= 1", r)
		}
		seen[r] = true
		u, _ := Call(fc, "UUID", nil)
		if !u.IsIRI() || !uuidRe.MatchString(u.Value[len("urn:uuid:"):]) {
			t.Fatalf("UUID %v", u)
		}
		s, _ := Call(fc, "STRUUID", nil)
		if !isSimple(s) || !uuidRe.MatchString(s.Value) || seen[s] {
			t.Fatalf("STRUUID %v", s)
		}
		seen[s] = true
	}
	if len(seen) < 150 {
		t.Fatalf("RAND and STRUUID repeat themselves: %d distinct values", len(seen))
	}
}

func TestConcurrentUse(t *testing.T) {
	fc := NewFuncContext("http://example.org/", time.Now())
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				pattern := rdf.String("^a" + string(rune('a'+(g*200+i)%300)))
				if _, err := Call(fc, "REGEX", []rdf.Term{rdf.String("abc"), pattern}); err != nil {
					t.Error(err)
					return
				}
				if _, err := Call(fc, "BNODE", []rdf.Term{rdf.String("x")}); err != nil {
					t.Error(err)
					return
				}
				if i%10 == 0 {
					fc.NextSolution()
				}
			}
		}()
	}
	wg.Wait()
	if n := len(regexCache.m); n > regexCacheSize {
		t.Fatalf("regex cache holds %d patterns, bound is %d", n, regexCacheSize)
	}
}

func TestResolveIRI(t *testing.T) {
	// RFC 3986 section 5.4 examples.
	const base = "http://a/b/c/d;p?q"
	tests := map[string]string{
		"g:h": "g:h", "g": "http://a/b/c/g", "./g": "http://a/b/c/g", "g/": "http://a/b/c/g/",
		"/g": "http://a/g", "//g": "http://g", "?y": "http://a/b/c/d;p?y", "g?y": "http://a/b/c/g?y",
		"#s": "http://a/b/c/d;p?q#s", "g#s": "http://a/b/c/g#s", ";x": "http://a/b/c/;x",
		"": "http://a/b/c/d;p?q", ".": "http://a/b/c/", "./": "http://a/b/c/", "..": "http://a/b/",
		"../g": "http://a/b/g", "../..": "http://a/", "../../g": "http://a/g", "../../../g": "http://a/g",
		"/./g": "http://a/g", "/../g": "http://a/g", "g.": "http://a/b/c/g.", ".g": "http://a/b/c/.g",
		"./../g": "http://a/b/g", "g;x=1/../y": "http://a/b/c/y",
	}
	for ref, want := range tests {
		t.Run(ref, func(t *testing.T) {
			if got := resolveIRI(base, ref); got != want {
				t.Fatalf("resolve(%q) = %q, want %q", ref, got, want)
			}
		})
	}
	if got := resolveIRI("", "rel"); got != "rel" {
		t.Errorf("no base: got %q", got)
	}
}

func TestNowDefaultsToCurrentTime(t *testing.T) {
	before := time.Now().Add(-time.Second)
	for _, fc := range []*FuncContext{nil, {}, NewFuncContext("", time.Time{})} {
		now, err := Call(fc, "NOW", nil)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := Relational(">", now, DateTime(before)); !ok || err != nil {
			t.Fatalf("NOW() = %v, want a time after %v", now, before)
		}
	}
}
