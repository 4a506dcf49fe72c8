package sparql

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// The W3C manifest vocabularies.
const (
	mfNS = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
	qtNS = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
	rsNS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
)

// evalTest is one query evaluation entry of a manifest.
type evalTest struct {
	IRI       string
	Type      string
	Name      string
	Query     string   // file path
	Data      []string // file paths of default-graph data
	GraphData []string // file paths of named graphs
	Service   bool     // uses qt:serviceData (federation)
	Result    string   // file path
}

// graphIndex is a tiny in-memory graph to read manifests with.
type graphIndex struct {
	out map[rdf.Term]map[string][]rdf.Term
}

func loadGraph(path string) (*graphIndex, error) {
	quads, err := readRDF(path)
	if err != nil {
		return nil, err
	}
	g := &graphIndex{out: map[rdf.Term]map[string][]rdf.Term{}}
	for _, q := range quads {
		m := g.out[q.S]
		if m == nil {
			m = map[string][]rdf.Term{}
			g.out[q.S] = m
		}
		m[q.P.Value] = append(m[q.P.Value], q.O)
	}
	return g, nil
}

func (g *graphIndex) one(s rdf.Term, p string) rdf.Term {
	if vs := g.out[s][p]; len(vs) > 0 {
		return vs[0]
	}
	return rdf.Term{}
}

func (g *graphIndex) list(head rdf.Term) []rdf.Term {
	var out []rdf.Term
	for i := 0; head.Kind != rdf.KindNone && head.Value != rdf.RDFNil && i < 100000; i++ {
		out = append(out, g.one(head, rdf.RDFFirst))
		head = g.one(head, rdf.RDFRest)
	}
	return out
}

func fileIRI(path string) string {
	abs, _ := filepath.Abs(path)
	return (&url.URL{Scheme: "file", Path: abs}).String()
}

func iriPath(iri string) string {
	u, err := url.Parse(iri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	return u.Path
}

// readRDF decodes a Turtle, N-Triples or N-Quads file with its file IRI as
// base.
func readRDF(path string) ([]rdf.Quad, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	format, err := rdfio.FormatFromPath(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	dec, err := rdfio.NewDecoder(format, f, rdfio.DecodeOptions{BaseIRI: fileIRI(path), Name: path})
	if err != nil {
		return nil, err
	}
	loadCount++
	var out []rdf.Quad
	for {
		q, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		// Blank nodes of different files are different nodes.
		for _, t := range []*rdf.Term{&q.S, &q.O, &q.G} {
			if t.Kind == rdf.KindBlank {
				t.Value = fmt.Sprintf("f%d_%s", loadCount, t.Value)
			}
		}
		out = append(out, q)
	}
}

// loadCount numbers the files read, to keep their blank nodes apart.
var loadCount int

// readManifest lists the evaluation tests of a manifest and the manifests
// it includes.
func readManifest(path string) ([]evalTest, error) {
	g, err := loadGraph(path)
	if err != nil {
		return nil, err
	}
	self := rdf.IRI(fileIRI(path))
	var tests []evalTest
	for _, inc := range g.list(g.one(self, mfNS+"include")) {
		sub, err := readManifest(iriPath(inc.Value))
		if err != nil {
			return nil, err
		}
		tests = append(tests, sub...)
	}
	for _, e := range g.list(g.one(self, mfNS+"entries")) {
		t := evalTest{IRI: e.Value, Type: g.one(e, rdf.RDFType).Value, Name: g.one(e, mfNS+"name").Value}
		if !strings.HasSuffix(t.Type, "#QueryEvaluationTest") && !strings.HasSuffix(t.Type, "#CSVResultFormatTest") {
			continue
		}
		act := g.one(e, mfNS+"action")
		t.Query = iriPath(g.one(act, qtNS+"query").Value)
		for _, d := range g.out[act][qtNS+"data"] {
			t.Data = append(t.Data, iriPath(d.Value))
		}
		for _, d := range g.out[act][qtNS+"graphData"] {
			t.GraphData = append(t.GraphData, iriPath(d.Value))
		}
		t.Service = len(g.out[act][qtNS+"serviceData"]) > 0
		t.Result = iriPath(g.one(e, mfNS+"result").Value)
		tests = append(tests, t)
	}
	return tests, nil
}

// readRDFResultSet reads a result set written in the rs: vocabulary.
func readRDFResultSet(path string) (vars []string, rows [][]rdf.Term, boolean *bool, indexed bool, err error) {
	g, err := loadGraph(path)
	if err != nil {
		return nil, nil, nil, false, err
	}
	for s, props := range g.out {
		if g.one(s, rdf.RDFType).Value != rsNS+"ResultSet" {
			continue
		}
		if b := g.one(s, rsNS+"boolean"); b.Kind == rdf.KindLiteral {
			v := b.Value == "true"
			return nil, nil, &v, false, nil
		}
		for _, v := range props[rsNS+"resultVariable"] {
			vars = append(vars, v.Value)
		}
		type indexedRow struct {
			idx int
			row []rdf.Term
		}
		var ir []indexedRow
		for _, sol := range props[rsNS+"solution"] {
			row := make([]rdf.Term, len(vars))
			for _, b := range g.out[sol][rsNS+"binding"] {
				name := g.one(b, rsNS+"variable").Value
				for i, v := range vars {
					if v == name {
						row[i] = g.one(b, rsNS+"value")
					}
				}
			}
			idx := -1
			if it := g.one(sol, rsNS+"index"); it.Kind == rdf.KindLiteral {
				indexed = true
				fmt.Sscan(it.Value, &idx)
			}
			ir = append(ir, indexedRow{idx, row})
		}
		if indexed {
			for i := 1; i < len(ir); i++ {
				for j := i; j > 0 && ir[j].idx < ir[j-1].idx; j-- {
					ir[j], ir[j-1] = ir[j-1], ir[j]
				}
			}
		}
		for _, r := range ir {
			rows = append(rows, r.row)
		}
		return vars, rows, nil, indexed, nil
	}
	return nil, nil, nil, false, fmt.Errorf("%s: no result set", path)
}
