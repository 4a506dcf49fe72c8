package parser

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ruche-lod/ruche/sparql/internal/w3c"
)

// astCmp compares trees ignoring positions. (Prefixed-name spellings must
// survive printing too: the printer keeps them whenever the printed
// prologue declares the prefix, which it does for every parsed query that
// uses no Options.Prefixes.)
var astCmp = cmp.Options{
	cmp.Comparer(func(a, b Pos) bool { return true }),
}

const knownFailuresFile = "../testdata/known-failures.txt"

// knownFailures reads one "# section" of the shared known-failures file:
// lines "<test IRI> TAB reason".
func knownFailures(t *testing.T, section string) map[string]string {
	t.Helper()
	f, err := os.Open(knownFailuresFile)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]string{}
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	cur := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") {
			cur = strings.TrimSpace(strings.TrimPrefix(line, "#"))
			continue
		}
		if line == "" || cur != section {
			continue
		}
		iri, reason, _ := strings.Cut(line, "\t")
		out[strings.TrimSpace(iri)] = strings.TrimSpace(reason)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// runSyntaxTest runs one positive or negative syntax test: a positive test
// must parse, print, and parse back to the same tree; a negative one must
// fail with a *SyntaxError.
func runSyntaxTest(tc *w3c.Test) error {
	path, err := w3c.Local(tc.Query)
	if err != nil {
		return err
	}
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	opts := Options{BaseIRI: tc.Query}
	var printed string
	var tree, again any
	if tc.IsUpdate() {
		u, perr := ParseUpdate(string(src), opts)
		err = perr
		if perr == nil {
			tree, printed = u, u.String()
			u2, err2 := ParseUpdate(printed, opts)
			if err2 != nil {
				return fmt.Errorf("printed update does not parse: %v\n%s", err2, printed)
			}
			again = u2
		}
	} else {
		q, perr := ParseQuery(string(src), opts)
		err = perr
		if perr == nil {
			tree, printed = q, q.String()
			q2, err2 := ParseQuery(printed, opts)
			if err2 != nil {
				return fmt.Errorf("printed query does not parse: %v\n%s", err2, printed)
			}
			again = q2
		}
	}
	if tc.IsNegativeSyntax() {
		if err == nil {
			return fmt.Errorf("negative syntax test parsed:\n%s", src)
		}
		var se *SyntaxError
		if !errors.As(err, &se) {
			return fmt.Errorf("error is %T, not *SyntaxError: %v", err, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("%v\n%s", err, src)
	}
	if d := cmp.Diff(tree, again, astCmp); d != "" {
		return fmt.Errorf("printed form parses to another tree (-original +reparsed):\n%s\nprinted:\n%s", d, printed)
	}
	return nil
}

// runSyntaxSuite runs every syntax test of the suites and prints one
// CONFORMANCE line.
func runSyntaxSuite(t *testing.T, name, section string, suites []*w3c.Suite) {
	known := knownFailures(t, section)
	passed, failed := 0, 0
	for _, s := range suites {
		for _, tc := range s.Tests {
			if !tc.IsSyntax() {
				continue
			}
			t.Run(tc.IRI, func(t *testing.T) {
				err := runSyntaxTest(tc)
				reason, listed := known[tc.IRI]
				switch {
				case err == nil && listed:
					passed++
					t.Errorf("listed as a known failure (%s) but passes: remove it from %s", reason, knownFailuresFile)
				case err == nil:
					passed++
				case listed:
					failed++
					t.Logf("known failure (%s): %v", reason, err)
				default:
					failed++
					t.Errorf("%s: %v", tc.Name, err)
				}
			})
		}
	}
	fmt.Printf("CONFORMANCE %s: %d passed, %d failed, %d total\n", name, passed, failed, passed+failed)
}

func loadSuites(t *testing.T, manifests ...string) []*w3c.Suite {
	t.Helper()
	var out []*w3c.Suite
	for _, m := range manifests {
		s, err := w3c.Load(m)
		if errors.Is(err, w3c.ErrNoSuite) {
			t.Skipf("W3C suite not available: %v", err)
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestW3CSyntax runs the positive and negative syntax tests of the
// conformance denominator, including those inside evaluation manifests.
func TestW3CSyntax(t *testing.T) {
	runSyntaxSuite(t, "sparql-syntax", "syntax", loadSuites(t, w3c.DenominatorManifests...))
}

// TestW3CUpdateSyntax runs the SPARQL 1.1 Update syntax tests
// (informational: outside the conformance denominator).
func TestW3CUpdateSyntax(t *testing.T) {
	runSyntaxSuite(t, "sparql-update-syntax", "update-syntax", loadSuites(t,
		"sparql/sparql11/syntax-update-1/manifest.ttl",
		"sparql/sparql11/syntax-update-2/manifest.ttl",
		"sparql/sparql11/delete-insert/manifest.ttl"))
}

// TestW3CEvaluationSources checks that the query of every evaluation test
// of the denominator, and the request of every SPARQL 1.1 update
// evaluation test, parses and round-trips through the printer like a
// positive syntax test.
func TestW3CEvaluationSources(t *testing.T) {
	suites := loadSuites(t, append(slices.Clone(w3c.DenominatorManifests), "sparql/sparql11/manifest-sparql11-update.ttl")...)
	n := 0
	for _, s := range suites {
		for _, tc := range s.Tests {
			if tc.Type != w3c.QueryEvaluationTest && tc.Type != w3c.UpdateEvaluationTest {
				continue
			}
			n++
			t.Run(tc.IRI, func(t *testing.T) {
				c := *tc
				c.Type = w3c.PositiveSyntaxTest
				if c.IsUpdate() || tc.Type == w3c.UpdateEvaluationTest {
					c.Type = w3c.PositiveUpdateSyntaxTest11
				}
				if err := runSyntaxTest(&c); err != nil {
					t.Error(err)
				}
			})
		}
	}
	if n < 600 {
		t.Errorf("only %d evaluation tests found", n)
	}
}
