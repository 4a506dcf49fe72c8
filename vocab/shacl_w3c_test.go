package vocab

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/store/rdf"
)

// shaclSuite is where the W3C SHACL test suite (github.com/w3c/data-shapes,
// data-shapes-test-suite/tests/core) is expected, next to the other W3C
// suites; RUCHE_SHACL_TESTS overrides it. The suite is not part of the
// repository.
const shaclSuite = "../../shared/w3c/data-shapes/data-shapes-test-suite/tests/core"

const (
	mfNS  = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
	shtNS = "http://www.w3.org/ns/shacl-test#"
)

// TestW3CSHACLCore runs the validation tests of the SHACL core suite whose
// shapes use only the subset ruche implements (the others fail to compile
// and are counted as unsupported), comparing the (focus node, path,
// constraint component) of every result. A failure not listed in
// testdata/shacl-known-failures.txt fails the test, and so does a listed
// test that passes.
func TestW3CSHACLCore(t *testing.T) {
	root := os.Getenv("RUCHE_SHACL_TESTS")
	if root == "" {
		root = shaclSuite
	}
	if _, err := os.Stat(root); err != nil {
		t.Skipf("W3C SHACL suite not found at %s (set RUCHE_SHACL_TESTS)", root)
	}
	known := map[string]bool{}
	if f, err := os.Open(filepath.Join("testdata", "shacl-known-failures.txt")); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
				known[line] = true
			}
		}
		f.Close()
	}
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		name := filepath.Base(p)
		if err == nil && strings.HasSuffix(name, ".ttl") && name != "manifest.ttl" &&
			!strings.HasSuffix(name, "-shapes.ttl") && !strings.HasSuffix(name, "-data.ttl") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	var pass, fail, unsupported int
	for _, f := range files {
		name := strings.TrimSuffix(filepath.ToSlash(strings.TrimPrefix(f, root+string(filepath.Separator))), ".ttl")
		want, got, err := runSHACLTest(f)
		switch {
		case err != nil:
			unsupported++
			t.Logf("unsupported %s: %v", name, err)
		case slices.Equal(want, got):
			pass++
			if known[name] {
				t.Errorf("%s passes but is listed in testdata/shacl-known-failures.txt", name)
			}
		default:
			fail++
			if !known[name] {
				t.Errorf("%s:\n  want %v\n  got  %v", name, want, got)
			}
		}
	}
	fmt.Printf("CONFORMANCE shacl-core: %d passed, %d failed, %d total (%d skipped: features outside ruche's subset)\n",
		pass, fail, pass+fail, unsupported)
}

// runSHACLTest runs one sht:Validate test file and returns the expected and
// actual results as sorted "focus|path|component" keys; an error means the
// shapes use SHACL outside ruche's subset (or the file did not parse).
func runSHACLTest(file string) (want, got []string, err error) {
	base := "http://example.test/" + filepath.ToSlash(file)
	load := func(path, base string) ([]rdf.Quad, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return parseTurtle(path, b, base, rdf.Term{})
	}
	manifest, err := load(file, base)
	if err != nil {
		return nil, nil, err
	}
	g := newGraph(manifest)
	var test rdf.Term
	for _, s := range g.subjects {
		if slices.Contains(g.objects(s, RDFType), rdf.IRI(shtNS+"Validate")) {
			test = s
		}
	}
	action, _ := g.object(test, mfNS+"action")
	graphs := map[string][]rdf.Quad{}
	for _, p := range []string{"shapesGraph", "dataGraph"} {
		graphs[p] = manifest
		if ref, ok := g.object(action, shtNS+p); ok && ref.Value != base {
			if graphs[p], err = load(filepath.Join(filepath.Dir(file), filepath.Base(ref.Value)), ref.Value); err != nil {
				return nil, nil, err
			}
		}
	}
	v, err := newValidatorFromQuads(graphs["shapesGraph"])
	if err != nil {
		return nil, nil, err
	}
	result, _ := g.object(test, mfNS+"result")
	for _, r := range g.objects(result, SHNS+"result") {
		focus, _ := g.object(r, SHNS+"focusNode")
		path, _ := g.object(r, SHNS+"resultPath")
		comp, _ := g.object(r, SHNS+"sourceConstraintComponent")
		want = append(want, shaclKey(focus, path, comp.Value))
	}
	for _, viol := range v.Validate(graphs["dataGraph"]) {
		got = append(got, shaclKey(viol.FocusNode, viol.Path, viol.Constraint))
	}
	slices.Sort(want)
	slices.Sort(got)
	return want, got, nil
}

// shaclKey identifies a result; blank nodes are anonymous.
func shaclKey(focus, path rdf.Term, component string) string {
	f, p := focus.String(), path.String()
	if focus.IsBlank() {
		f = "_"
	}
	if path.IsBlank() {
		p = "_"
	}
	return f + "|" + p + "|" + strings.TrimPrefix(component, SHNS)
}
