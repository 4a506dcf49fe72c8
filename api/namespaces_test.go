package api

import (
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ruche-lod/ruche/vocab"
)

// TestNoPrivateNamespaces: api spells no namespace IRI that vocab names;
// it uses vocab's constants, so there is one dialect of the vocabulary.
func TestNoPrivateNamespaces(t *testing.T) {
	namespaces := []string{
		vocab.RadnNS, vocab.SchemaNS, vocab.OrgNS, vocab.SKOSNS, vocab.ProvNS, vocab.DCTermsNS, vocab.TimeNS,
		vocab.FOAFNS, vocab.ADMSNS, vocab.RDFNS, vocab.RDFSNS, vocab.OWLNS, vocab.XSDNS, vocab.SHNS, vocab.VANNNS,
		vocab.VoIDNS, vocab.DCATNS, vocab.HydraNS, vocab.LDESNS, vocab.TreeNS, vocab.ASNS, vocab.SDNS, vocab.DPVNS,
		vocab.SPDXNS,
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		file := fset.AddFile(name, fset.Base(), len(src))
		var s scanner.Scanner
		s.Init(file, src, nil, 0)
		for {
			pos, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok != token.STRING {
				continue
			}
			v, err := strconv.Unquote(lit)
			if err != nil {
				continue
			}
			for _, ns := range namespaces {
				if strings.HasPrefix(v, ns) {
					t.Errorf("%s: %q spells vocab's namespace %s; use vocab's constants", fset.Position(pos), v, ns)
				}
			}
		}
	}
}
