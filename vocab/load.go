package vocab

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// The embedded source files; radn.ttl is the source of truth of the
// vocabulary, terms.go and the materialisation tables follow it (tested).
var (
	//go:embed radn.ttl
	radnTTL []byte
	//go:embed schemes.ttl
	schemesTTL []byte
	//go:embed shapes.ttl
	shapesTTL []byte
	//go:embed seed/public.ttl
	seedPublicTTL []byte
	//go:embed seed/wiki.ttl
	seedWikiTTL []byte
	//go:embed context/v1.jsonld
	contextV1 []byte
)

// VocabularyTurtle returns the radn vocabulary as Turtle (the bytes of
// radn.ttl), for GET /vocab.
func VocabularyTurtle() []byte { return bytes.Clone(radnTTL) }

// Vocabulary returns the triples of radn.ttl, in the default graph. Its IRIs
// are absolute: the vocabulary does not depend on the base IRI.
func Vocabulary() ([]rdf.Quad, error) {
	return parseTurtle("radn.ttl", radnTTL, RadnOntology, rdf.Term{})
}

// SchemesTurtle returns the controlled lists as Turtle with relative IRIs
// (the bytes of schemes.ttl), to be parsed against the base IRI.
func SchemesTurtle() []byte { return bytes.Clone(schemesTTL) }

// ShapesTurtle returns the SHACL shapes as Turtle with relative IRIs (the
// bytes of shapes.ttl, then those added by AddShapes), to be parsed against
// the base IRI.
func ShapesTurtle() []byte {
	added.Lock()
	defer added.Unlock()
	out := bytes.Clone(shapesTTL)
	for _, t := range added.shapes {
		out = append(append(out, '\n'), t...)
	}
	return out
}

// added holds the shapes AddShapes added after shapes.ttl.
var added struct {
	sync.Mutex
	shapes [][]byte
}

// AddShapes adds SHACL shapes after those of shapes.ttl: Turtle with its
// own @prefix lines and relative IRIs resolved against the base, as in
// shapes.ttl. It is how the shape of a kind added to Kinds outside this
// package (an extension, a test) joins validation, /shapes and the OpenAPI
// bodies without editing shapes.ttl. Validators compiled before are
// dropped; remove takes the shapes out again.
func AddShapes(turtle []byte) (remove func()) {
	if len(turtle) == 0 {
		return func() {}
	}
	t := bytes.Clone(turtle)
	added.Lock()
	added.shapes = append(added.shapes, t)
	added.Unlock()
	validators.Clear()
	return func() {
		added.Lock()
		added.shapes = slices.DeleteFunc(added.shapes, func(x []byte) bool { return &x[0] == &t[0] })
		added.Unlock()
		validators.Clear()
	}
}

// Shapes returns the triples of shapes.ttl resolved against base (for
// serving base+"shapes", e.g. as the tree:shape of the LDES), in the default
// graph.
func Shapes(base string) ([]rdf.Quad, error) {
	if err := CheckBase(base); err != nil {
		return nil, fmt.Errorf("shapes: %w", err)
	}
	return parseTurtle("shapes.ttl", ShapesTurtle(), base, rdf.Term{})
}

// seedFile is one Turtle file of the seed and the graph it goes into.
type seedFile struct {
	name  string
	data  []byte
	graph string
}

var seedFiles = []seedFile{
	{"schemes.ttl", schemesTTL, GraphPublicCC0},
	{"seed/public.ttl", seedPublicTTL, GraphPublicCC0},
	{"seed/wiki.ttl", seedWikiTTL, GraphWiki},
}

// Seed returns the seed dataset for a server whose base IRI is base: the
// controlled lists, the network, its coordination team, the eight chantiers,
// the May 2019 meeting, the emergence of a chantier from another and the
// April 2020 revision of the definition of chantiers, materialised. Our own
// structuring is in the graph base+"graph/public-cc0"; the texts quoted from
// the Wiki des ADN are in base+"graph/wiki-cc-by-nc-sa", whose licence
// (CC BY-NC-SA) is stated on that graph. The vocabulary itself is not part of
// the seed (see Vocabulary).
func Seed(base string) ([]rdf.Quad, error) {
	if err := CheckBase(base); err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	var all []rdf.Quad
	for _, f := range seedFiles {
		qs, err := parseTurtle(f.name, f.data, base, rdf.IRI(GraphIRI(base, f.graph)))
		if err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		all = append(all, qs...)
	}
	return Materialise(all), nil
}

// parseTurtle decodes a Turtle document into quads of graph g.
func parseTurtle(name string, data []byte, base string, g rdf.Term) ([]rdf.Quad, error) {
	return decodeAll(rdfio.Turtle, bytes.NewReader(data), rdfio.DecodeOptions{BaseIRI: base, Name: name, Graph: g})
}

// decodeAll reads every quad of a document.
func decodeAll(f rdfio.Format, r io.Reader, opts rdfio.DecodeOptions) ([]rdf.Quad, error) {
	dec, err := rdfio.NewDecoder(f, r, opts)
	if err != nil {
		return nil, fmt.Errorf("decoding %s: %w", opts.Name, err)
	}
	var out []rdf.Quad
	for {
		q, err := dec.Decode()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("decoding %s: %w", opts.Name, err)
		}
		out = append(out, q)
	}
}
