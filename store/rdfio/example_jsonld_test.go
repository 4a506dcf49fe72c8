package rdfio_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/store/rdfio"
)

// A JSON-LD document naming a context is read with that context supplied
// locally: nothing is fetched, and unknown contexts are refused.
func ExampleStaticContexts() {
	contexts := rdfio.StaticContexts{
		"https://example.org/context/v1": map[string]any{"@context": map[string]any{
			"@vocab": "http://schema.org/",
			"name":   map[string]any{"@id": "http://schema.org/name", "@container": "@language"},
		}},
	}
	doc := `{"@context": "https://example.org/context/v1", "@id": "https://example.org/a", "name": {"fr": "Chantier"}}`
	dec, _ := rdfio.NewDecoder(rdfio.JSONLD, strings.NewReader(doc), rdfio.DecodeOptions{Contexts: contexts})
	for {
		q, err := dec.Decode()
		if err != nil {
			break
		}
		fmt.Println(q)
	}

	evil := `{"@context": "http://169.254.169.254/latest/meta-data", "@id": "https://example.org/a"}`
	dec, _ = rdfio.NewDecoder(rdfio.JSONLD, strings.NewReader(evil), rdfio.DecodeOptions{Contexts: contexts})
	_, err := dec.Decode()
	fmt.Println(errors.Is(err, rdfio.ErrRemoteContext))
	// Output:
	// <https://example.org/a> <http://schema.org/name> "Chantier"@fr .
	// true
}

// FrameJSONLD gives the document of one resource, its dependents embedded.
func ExampleFrameJSONLD() {
	a, b := rdf.IRI("https://example.org/a"), rdf.IRI("https://example.org/b")
	quads := []rdf.Quad{
		{S: a, P: rdf.IRI("http://schema.org/name"), O: rdf.LangString("Chantier", "fr")},
		{S: a, P: rdf.IRI("http://schema.org/member"), O: b},
		{S: b, P: rdf.IRI("http://schema.org/name"), O: rdf.LangString("Alex", "fr")},
	}
	ctx := map[string]any{
		"@vocab": "http://schema.org/",
		"id":     "@id",
		"name":   map[string]any{"@id": "http://schema.org/name", "@container": "@language"},
	}
	frame := map[string]any{"@context": ctx, "@id": "https://example.org/a"}
	doc, err := rdfio.FrameJSONLD(quads, frame, rdfio.FrameOptions{ContextIRI: "https://example.org/context/v1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	out, _ := json.MarshalIndent(doc, "", "  ")
	fmt.Println(string(out))
	// Output:
	// {
	//   "@context": "https://example.org/context/v1",
	//   "id": "https://example.org/a",
	//   "member": {
	//     "id": "https://example.org/b",
	//     "name": {
	//       "fr": "Alex"
	//     }
	//   },
	//   "name": {
	//     "fr": "Chantier"
	//   }
	// }
}

// The JSON-LD encoder writes compacted JSON-LD when given a context, with
// the same bytes whatever the order of the quads.
func ExampleNewEncoder_jsonld() {
	ctx := map[string]any{"@context": map[string]any{"@vocab": "http://schema.org/", "id": "@id"}}
	enc, _ := rdfio.NewEncoder(rdfio.JSONLD, os.Stdout, rdfio.EncodeOptions{Context: ctx, ContextIRI: "https://example.org/context/v1"})
	_ = enc.Encode(rdf.Quad{S: rdf.IRI("https://example.org/a"), P: rdf.IRI("http://schema.org/url"), O: rdf.IRI("https://example.org/a.html")})
	if err := enc.Close(); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "@context": "https://example.org/context/v1",
	//   "id": "https://example.org/a",
	//   "url": {
	//     "id": "https://example.org/a.html"
	//   }
	// }
}
