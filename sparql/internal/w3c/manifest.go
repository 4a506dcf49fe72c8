package w3c

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// BaseURL is the published location of the rdf-tests repository; manifests
// are parsed with base IRIs under it, so every file IRI starts with it.
const BaseURL = "https://w3c.github.io/rdf-tests/"

// Vocabulary namespaces of the manifests.
const (
	MF    = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
	QT    = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
	UT    = "http://www.w3.org/2009/sparql/tests/test-update#"
	DAWGT = "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#"
	RDFS  = "http://www.w3.org/2000/01/rdf-schema#"
)

// Test types.
const (
	PositiveSyntaxTest         = MF + "PositiveSyntaxTest"
	NegativeSyntaxTest         = MF + "NegativeSyntaxTest"
	PositiveSyntaxTest11       = MF + "PositiveSyntaxTest11"
	NegativeSyntaxTest11       = MF + "NegativeSyntaxTest11"
	PositiveUpdateSyntaxTest11 = MF + "PositiveUpdateSyntaxTest11"
	NegativeUpdateSyntaxTest11 = MF + "NegativeUpdateSyntaxTest11"
	QueryEvaluationTest        = MF + "QueryEvaluationTest"
	UpdateEvaluationTest       = MF + "UpdateEvaluationTest"
	CSVResultFormatTest        = MF + "CSVResultFormatTest"
)

// ErrNoSuite is returned when the shared test suite is not on disk; runners
// skip their tests then.
var ErrNoSuite = errors.New("w3c: the shared test suite ../shared/w3c/rdf-tests is absent")

// GraphFile is a named graph of an update test: its name and data file.
type GraphFile struct {
	Graph string // graph name IRI (rdfs:label or ut:graph)
	Data  string // IRI of the data file
}

// Test is one manifest entry. File references are IRIs under BaseURL; use
// [Local] for their paths.
type Test struct {
	IRI      string // the test's IRI
	Name     string // mf:name
	Type     string // rdf:type IRI (the first mf: type)
	Comment  string // rdfs:comment
	Manifest string // IRI of the manifest listing the test
	Approval string // dawgt:approval IRI, "" if none

	// Query is the query or update file: qt:query or ut:request of the
	// action, or the action itself for syntax tests.
	Query string
	// Data are the qt:data (or ut:data) files, loaded into the default graph.
	Data []string
	// GraphData are the qt:graphData files; each is loaded as a named graph
	// whose name is the file's IRI.
	GraphData []string
	// UpdateGraphData are the ut:graphData of an update test's action.
	UpdateGraphData []GraphFile
	// Result is the mf:result file (for update tests, its ut:data), "" if
	// none.
	Result string
	// ResultGraphData are the ut:graphData of an update test's result.
	ResultGraphData []GraphFile
	// ServiceData maps qt:endpoint IRIs to their qt:data files.
	ServiceData map[string][]string

	Requires          []string // mf:requires IRIs
	Features          []string // mf:feature IRIs
	QueryForm         string   // qt:queryForm IRI
	ResultCardinality string   // mf:resultCardinality IRI
}

// IsPositiveSyntax reports whether t is a positive (query or update) syntax test.
func (t *Test) IsPositiveSyntax() bool {
	switch t.Type {
	case PositiveSyntaxTest, PositiveSyntaxTest11, PositiveUpdateSyntaxTest11:
		return true
	}
	return false
}

// IsNegativeSyntax reports whether t is a negative (query or update) syntax test.
func (t *Test) IsNegativeSyntax() bool {
	switch t.Type {
	case NegativeSyntaxTest, NegativeSyntaxTest11, NegativeUpdateSyntaxTest11:
		return true
	}
	return false
}

// IsSyntax reports whether t is a syntax test.
func (t *Test) IsSyntax() bool { return t.IsPositiveSyntax() || t.IsNegativeSyntax() }

// IsUpdate reports whether t's action is an update request (by type, or by
// a .ru file as for the negative syntax tests of delete-insert).
func (t *Test) IsUpdate() bool {
	switch t.Type {
	case PositiveUpdateSyntaxTest11, NegativeUpdateSyntaxTest11, UpdateEvaluationTest:
		return true
	}
	return strings.HasSuffix(t.Query, ".ru")
}

// Suite is a manifest with every test reachable from it through mf:include,
// in manifest order.
type Suite struct {
	// Name is the manifest path relative to the rdf-tests directory, for
	// example "sparql/sparql11/manifest-sparql11-query.ttl".
	Name  string
	Tests []*Test
}

// DenominatorManifests are the manifests whose tests ruche's SPARQL
// conformance is counted over.
var DenominatorManifests = []string{
	"sparql/sparql10/manifest-evaluation.ttl",
	"sparql/sparql10/extended-manifest-evaluation.ttl",
	"sparql/sparql10/manifest-syntax.ttl",
	"sparql/sparql11/manifest-sparql11-query.ttl",
	"sparql/sparql11/manifest-sparql11-results.ttl",
}

var (
	dirOnce sync.Once
	dirPath string
	dirErr  error
)

// Dir returns the local rdf-tests directory: ../shared/w3c/rdf-tests next
// to the module root, which is found by walking up from the working
// directory to go.mod. It returns ErrNoSuite when the directory is absent.
func Dir() (string, error) {
	dirOnce.Do(func() {
		wd, err := os.Getwd()
		if err != nil {
			dirErr = fmt.Errorf("w3c: %w", err)
			return
		}
		for d := wd; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				p := filepath.Join(d, "..", "shared", "w3c", "rdf-tests")
				if st, err := os.Stat(p); err == nil && st.IsDir() {
					dirPath = filepath.Clean(p)
					return
				}
				break
			}
			if filepath.Dir(d) == d {
				break
			}
		}
		dirErr = ErrNoSuite
	})
	return dirPath, dirErr
}

// Local maps a file IRI under BaseURL to its local path.
func Local(iri string) (string, error) {
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	rel, ok := strings.CutPrefix(iri, BaseURL)
	if !ok {
		return "", fmt.Errorf("w3c: IRI <%s> is not under %s", iri, BaseURL)
	}
	if i := strings.IndexAny(rel, "#?"); i >= 0 {
		rel = rel[:i]
	}
	return filepath.Join(dir, filepath.FromSlash(rel)), nil
}

// IRIOf returns the IRI of a path relative to the rdf-tests directory.
func IRIOf(rel string) string { return BaseURL + filepath.ToSlash(rel) }

// Denominator loads the suites of DenominatorManifests.
func Denominator() ([]*Suite, error) {
	var out []*Suite
	for _, m := range DenominatorManifests {
		s, err := Load(m)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Load reads the manifest at rel (relative to the rdf-tests directory) and
// every manifest it includes.
func Load(rel string) (*Suite, error) {
	s := &Suite{Name: rel}
	seen := map[string]bool{}
	if err := load(IRIOf(rel), s, seen); err != nil {
		return nil, err
	}
	return s, nil
}

func load(manifestIRI string, s *Suite, seen map[string]bool) error {
	if seen[manifestIRI] {
		return nil
	}
	seen[manifestIRI] = true
	g, err := readGraph(manifestIRI)
	if err != nil {
		return err
	}
	// The manifest node is usually <> but some manifests use [].
	m := rdf.IRI(manifestIRI)
	if _, ok := g.po[m]; !ok {
		for _, s := range g.subjects {
			if len(g.objects(s, MF+"entries")) > 0 || len(g.objects(s, MF+"include")) > 0 {
				m = s
				break
			}
		}
	}
	for _, inc := range g.objects(m, MF+"include") {
		for _, sub := range g.list(inc) {
			if sub.Kind != rdf.KindIRI {
				return fmt.Errorf("w3c: %s: mf:include of a non-IRI", manifestIRI)
			}
			if err := load(sub.Value, s, seen); err != nil {
				return err
			}
		}
	}
	for _, ents := range g.objects(m, MF+"entries") {
		for _, e := range g.list(ents) {
			s.Tests = append(s.Tests, g.test(e, manifestIRI))
		}
	}
	return nil
}

// graph is a manifest as subject → predicate → objects, with the subjects
// in the order first seen.
type graph struct {
	po       map[rdf.Term]map[string][]rdf.Term
	subjects []rdf.Term
}

func readGraph(iri string) (*graph, error) {
	path, err := Local(iri)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("w3c: %w", err)
	}
	defer f.Close()
	dec, err := rdfio.NewDecoder(rdfio.Turtle, f, rdfio.DecodeOptions{BaseIRI: iri, Name: path})
	if err != nil {
		return nil, fmt.Errorf("w3c: %s: %w", path, err)
	}
	g := &graph{po: map[rdf.Term]map[string][]rdf.Term{}}
	for {
		q, err := dec.Decode()
		if err == io.EOF {
			return g, nil
		}
		if err != nil {
			return nil, fmt.Errorf("w3c: reading manifest %s: %w", path, err)
		}
		po := g.po[q.S]
		if po == nil {
			po = map[string][]rdf.Term{}
			g.po[q.S] = po
			g.subjects = append(g.subjects, q.S)
		}
		po[q.P.Value] = append(po[q.P.Value], q.O)
	}
}

func (g *graph) objects(s rdf.Term, p string) []rdf.Term { return g.po[s][p] }

func (g *graph) one(s rdf.Term, p string) rdf.Term {
	if objs := g.po[s][p]; len(objs) > 0 {
		return objs[0]
	}
	return rdf.Term{}
}

// list returns the members of an RDF collection (bounded against cycles).
func (g *graph) list(head rdf.Term) []rdf.Term {
	var out []rdf.Term
	for n := 0; head.Value != rdf.RDFNil && n < 100000; n++ {
		first := g.po[head][rdf.RDFFirst]
		if len(first) == 0 {
			break
		}
		out = append(out, first[0])
		head = g.one(head, rdf.RDFRest)
	}
	return out
}

func iris(ts []rdf.Term) []string {
	var out []string
	for _, t := range ts {
		if t.Kind == rdf.KindIRI {
			out = append(out, t.Value)
		}
	}
	return out
}

func (g *graph) test(e rdf.Term, manifest string) *Test {
	t := &Test{IRI: e.Value, Manifest: manifest}
	for _, ty := range g.objects(e, rdf.RDFType) {
		if strings.HasPrefix(ty.Value, MF) {
			t.Type = ty.Value
			break
		}
	}
	t.Name = g.one(e, MF+"name").Value
	t.Comment = g.one(e, RDFS+"comment").Value
	t.Approval = g.one(e, DAWGT+"approval").Value
	t.Requires = iris(g.objects(e, MF+"requires"))
	t.Features = iris(g.objects(e, MF+"feature"))
	t.QueryForm = g.one(e, QT+"queryForm").Value
	t.ResultCardinality = g.one(e, MF+"resultCardinality").Value

	action := g.one(e, MF+"action")
	if action.Kind == rdf.KindIRI {
		t.Query = action.Value
	} else {
		if q := g.one(action, QT+"query"); q.Kind == rdf.KindIRI {
			t.Query = q.Value
		}
		if q := g.one(action, UT+"request"); q.Kind == rdf.KindIRI {
			t.Query = q.Value
		}
		t.Data = append(iris(g.objects(action, QT+"data")), iris(g.objects(action, UT+"data"))...)
		t.GraphData = iris(g.objects(action, QT+"graphData"))
		t.UpdateGraphData = g.graphFiles(action)
		for _, sd := range g.objects(action, QT+"serviceData") {
			if t.ServiceData == nil {
				t.ServiceData = map[string][]string{}
			}
			ep := g.one(sd, QT+"endpoint").Value
			t.ServiceData[ep] = append(t.ServiceData[ep], iris(g.objects(sd, QT+"data"))...)
		}
	}
	result := g.one(e, MF+"result")
	switch result.Kind {
	case rdf.KindIRI:
		t.Result = result.Value
	case rdf.KindBlank:
		if d := g.one(result, UT+"data"); d.Kind == rdf.KindIRI {
			t.Result = d.Value
		}
		t.ResultGraphData = g.graphFiles(result)
	}
	return t
}

// graphFiles reads the ut:graphData entries of an update action or result.
func (g *graph) graphFiles(n rdf.Term) []GraphFile {
	var out []GraphFile
	for _, gd := range g.objects(n, UT+"graphData") {
		data := g.one(gd, UT+"graph").Value
		name := g.one(gd, RDFS+"label").Value
		if name == "" {
			name = data
		}
		out = append(out, GraphFile{Graph: name, Data: data})
	}
	return out
}
