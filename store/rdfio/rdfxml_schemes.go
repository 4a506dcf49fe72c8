package rdfio

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
)

// knakk/rdf reads an attribute value "x:y" whose colon is not followed by
// "//" as a qualified name and looks the prefix x up among the namespace
// declarations, so rdf:resource="mailto:a@b" or "urn:isbn:…" fails with
// "no name space found for prefix". declareSchemes works around it before
// knakk sees the document: for each such scheme x that the document does not
// declare as a prefix itself, it adds xmlns:x="x:" to the root element, so
// the lookup gives back "x:" + "y", the IRI as written. A namespace
// declaration makes no triple, and no element or attribute of a real
// document lives in such a namespace, so nothing else changes.

// schemeValue matches the start of a quoted attribute value "scheme:rest"
// where rest does not start with "//" (what knakk takes for a QName).
var schemeValue = regexp.MustCompile(`=\s*["']([A-Za-z][A-Za-z0-9.\-]*):(?:[^/"']|/[^/"'])`)

// declaredPrefix matches a namespace declaration xmlns:p=.
var declaredPrefix = regexp.MustCompile(`xmlns:([^\s=]+)\s*=`)

// declareSchemes returns doc with xmlns:s="s:" declarations added to its
// root element for every scheme s knakk would misread, or doc itself when
// there is none (or the root element cannot be found).
func declareSchemes(doc []byte) []byte {
	declared := map[string]bool{}
	for _, m := range declaredPrefix.FindAllSubmatch(doc, -1) {
		declared[string(m[1])] = true
	}
	var schemes []string
	for _, m := range schemeValue.FindAllSubmatch(doc, -1) {
		s := string(m[1])
		if declared[s] || strings.HasPrefix(strings.ToLower(s), "xml") {
			continue
		}
		declared[s] = true
		schemes = append(schemes, s)
	}
	if len(schemes) == 0 {
		return doc
	}
	at, ok := rootNameEnd(doc)
	if !ok {
		return doc
	}
	slices.Sort(schemes)
	var ins []byte
	for _, s := range schemes {
		ins = fmt.Appendf(ins, ` xmlns:%s="%s:"`, s, s)
	}
	return slices.Concat(doc[:at], ins, doc[at:])
}

// rootNameEnd returns the offset just after the name in the start tag of
// the document's root element.
func rootNameEnd(doc []byte) (int, bool) {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = false
	for {
		start := dec.InputOffset()
		tok, err := dec.RawToken()
		if err != nil {
			return 0, false
		}
		if _, ok := tok.(xml.StartElement); !ok {
			continue
		}
		if start >= int64(len(doc)) || doc[start] != '<' {
			return 0, false
		}
		i := int(start) + 1
		for i < len(doc) && !strings.ContainsRune(" \t\r\n/>", rune(doc[i])) {
			i++
		}
		return i, true
	}
}

// readRDFXML reads the whole document (declareSchemes must see every
// attribute before the root element is handed on) and applies
// declareSchemes.
func readRDFXML(r io.Reader) (io.Reader, error) {
	doc, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading RDF/XML: %w", err)
	}
	return bytes.NewReader(declareSchemes(doc)), nil
}
