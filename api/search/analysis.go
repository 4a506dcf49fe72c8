package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/ngram"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// The analyzers of the index.
const (
	// AnalyzerFR: lower case, elision (l’, d’, qu’…), French stop words,
	// accents folded, French light stemming.
	AnalyzerFR = "ruche_fr"
	// AnalyzerEN: lower case, possessives, English stop words, accents
	// folded, Snowball (Porter 2) stemming.
	AnalyzerEN = "ruche_en"
	// AnalyzerName: lower case, elision, accents folded; no stemming, no
	// stop words (names are matched word for word).
	AnalyzerName = "ruche_name"
	// AnalyzerTrigram: the folded words cut into character trigrams, for
	// misspellings.
	AnalyzerTrigram = "ruche_trigram"

	foldFilter    = "ruche_fold"
	trigramFilter = "ruche_trigram3"
)

// mappingVersion changes whenever the mapping or the document shape
// changes; an index recorded with another version is rebuilt.
const mappingVersion = "4"

func init() {
	if err := registry.RegisterTokenFilter(foldFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldTokens{}, nil
	}); err != nil {
		panic(err)
	}
}

// foldTokens removes diacritics from each token (é → e, ç → c, œ → oe),
// keeping the token's position and byte offsets so that highlighting still
// marks the original text.
type foldTokens struct{}

func (foldTokens) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if !isASCII(t.Term) {
			t.Term = []byte(Fold(string(t.Term)))
		}
	}
	return in
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

var ligatures = strings.NewReplacer("œ", "oe", "Œ", "OE", "æ", "ae", "Æ", "AE", "ß", "ss", "’", "'", "ʼ", "'")

// Fold lowers nothing but removes the diacritics of s (NFD, then the
// combining marks dropped) and spells ligatures out.
func Fold(s string) string {
	s = ligatures.Replace(s)
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// newMapping is the index mapping: one document type, fields as in Doc.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddCustomTokenFilter(trigramFilter, map[string]any{"type": ngram.Name, "min": 3.0, "max": 3.0}); err != nil {
		return nil, err
	}
	analyzers := map[string][]string{
		AnalyzerFR:      {lowercase.Name, fr.ElisionName, fr.StopName, foldFilter, fr.SnowballStemmerName},
		AnalyzerEN:      {lowercase.Name, en.PossessiveName, en.StopName, foldFilter, en.SnowballStemmerName},
		AnalyzerName:    {lowercase.Name, fr.ElisionName, foldFilter},
		AnalyzerTrigram: {lowercase.Name, fr.ElisionName, foldFilter, trigramFilter},
	}
	for name, filters := range analyzers {
		if err := im.AddCustomAnalyzer(name, map[string]any{
			"type": custom.Name, "tokenizer": unicodetok.Name, "token_filters": filters,
		}); err != nil {
			return nil, err
		}
	}
	text := func(analyzer string, store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeTermVectors = store
		f.IncludeInAll = false
		return f
	}
	keyword := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		return f
	}
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt("kind", keyword())
	dm.AddFieldMappingsAt("status", keyword())
	dm.AddFieldMappingsAt("themes", keyword())
	dm.AddFieldMappingsAt("regions", keyword())
	dm.AddFieldMappingsAt("name_fr", text(AnalyzerFR, true))
	dm.AddFieldMappingsAt("name_en", text(AnalyzerEN, true))
	dm.AddFieldMappingsAt("text_fr", text(AnalyzerFR, true))
	dm.AddFieldMappingsAt("text_en", text(AnalyzerEN, true))
	dm.AddFieldMappingsAt("names", text(AnalyzerName, false))
	dm.AddFieldMappingsAt("all_fr", text(AnalyzerFR, false))
	dm.AddFieldMappingsAt("all_en", text(AnalyzerEN, false))
	dm.AddFieldMappingsAt("trigrams", text(AnalyzerTrigram, false))
	blob := bleve.NewTextFieldMapping()
	blob.Index = false
	blob.Store = true
	blob.IncludeInAll = false
	blob.IncludeTermVectors = false
	blob.DocValues = false
	dm.AddFieldMappingsAt("doc", blob)
	im.DefaultMapping = dm
	im.DefaultAnalyzer = AnalyzerName
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	return im, nil
}
