package search

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/highlight/format/html"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Limits of one query.
const (
	MaxQueryRunes = 200 // longer query texts are cut
	MaxPageSize   = 100
	maxFrom       = 10000 // deeper pages are refused (ErrTooDeep)
)

// ErrTooDeep is returned for a page beyond maxFrom results.
var ErrTooDeep = fmt.Errorf("search: page too deep (at most %d results can be paged through)", maxFrom)

// Query is a full-text search.
type Query struct {
	Text   string
	Kinds  []Kind // none: every kind
	Status string // status concept code or IRI ("" any)
	Theme  string // theme concept code or IRI ("" any)
	From   int
	Size   int
}

// Hit is one result.
type Hit struct {
	Doc   *Doc
	Score float64
	// Name is the matched name with the query's words marked <mark>…</mark>
	// (HTML, every other character escaped); "" when no name matched.
	Name string
	// Snippets are passages of the text with the query's words marked
	// (HTML, escaped as Name).
	Snippets []string
}

// Results is one page of results.
type Results struct {
	Total uint64
	Hits  []Hit
}

// Clip cuts a query text to MaxQueryRunes runes.
func Clip(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= MaxQueryRunes {
		return s
	}
	r := []rune(s)
	return string(r[:MaxQueryRunes])
}

func match(text, field, analyzer string, boost float64, fuzziness int) query.Query {
	m := bleve.NewMatchQuery(text)
	m.SetField(field)
	m.Analyzer = analyzer
	m.SetBoost(boost)
	m.SetFuzziness(fuzziness)
	return m
}

func term(field, value string) query.Query {
	t := bleve.NewTermQuery(value)
	t.SetField(field)
	return t
}

// textQuery matches a text against names (most), texts, and names with one
// typo allowed.
func textQuery(text string) query.Query {
	allFR := match(text, "all_fr", AnalyzerFR, 3, 0).(*query.MatchQuery)
	allFR.SetOperator(query.MatchQueryOperatorAnd)
	allEN := match(text, "all_en", AnalyzerEN, 3, 0).(*query.MatchQuery)
	allEN.SetOperator(query.MatchQueryOperatorAnd)
	qs := []query.Query{allFR, allEN,
		match(text, "name_fr", AnalyzerFR, 4, 0),
		match(text, "name_en", AnalyzerEN, 4, 0),
		match(text, "names", AnalyzerName, 2, 0),
		match(text, "text_fr", AnalyzerFR, 1, 0),
		match(text, "text_en", AnalyzerEN, 1, 0),
		match(text, "names", AnalyzerName, 0.5, 1),
	}
	// Other forms of a word by its trigrams, for short queries (the cost
	// grows with the number of trigrams).
	if len(significant(Words(text))) <= 2 {
		qs = append(qs, trigramQuery(text, 1, 0.6))
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// trigramQuery matches names sharing at least a share of the character
// trigrams of text's words (a word's other form: « écoresponsable » finds
// « Écoresponsabilité » with 60 %).
func trigramQuery(text string, boost, share float64) query.Query {
	seen := map[string]bool{}
	var terms []query.Query
	for _, w := range Words(text) {
		r := []rune(w)
		for i := 0; i+3 <= len(r); i++ {
			g := string(r[i : i+3])
			if !seen[g] {
				seen[g] = true
				terms = append(terms, term("trigrams", g))
			}
		}
	}
	if len(terms) == 0 {
		return bleve.NewMatchNoneQuery()
	}
	d := bleve.NewDisjunctionQuery(terms...)
	d.SetMin(math.Ceil(float64(len(terms)) * share))
	d.SetBoost(boost)
	return d
}

func kindFilter(kinds []Kind) query.Query {
	var ks []query.Query
	for _, k := range kinds {
		ks = append(ks, term("kind", string(k)))
	}
	return bleve.NewDisjunctionQuery(ks...)
}

// Search runs a full-text query.
func (ix *Index) Search(ctx context.Context, q Query) (*Results, error) {
	text := Clip(q.Text)
	if q.Size <= 0 || q.Size > MaxPageSize {
		q.Size = 20
	}
	if q.From < 0 {
		q.From = 0
	}
	if q.From+q.Size > maxFrom {
		return nil, ErrTooDeep
	}
	var must []query.Query
	if text != "" {
		must = append(must, textQuery(text))
	} else {
		must = append(must, bleve.NewMatchAllQuery())
	}
	if len(q.Kinds) > 0 {
		must = append(must, kindFilter(q.Kinds))
	}
	if q.Status != "" {
		must = append(must, term("status", lastSegment(q.Status)))
	}
	if q.Theme != "" {
		must = append(must, term("themes", lastSegment(q.Theme)))
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), q.Size, q.From, false)
	req.Fields = []string{"doc"}
	if text != "" {
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
		req.Highlight.Fields = []string{"name_fr", "name_en", "text_fr", "text_en"}
		req.SortBy([]string{"-_score", "_id"})
	} else {
		req.SortBy([]string{"_id"})
	}
	res, err := ix.run(ctx, req)
	if err != nil {
		return nil, err
	}
	out := &Results{Total: res.Total}
	for _, h := range res.Hits {
		d, err := docOf(h.Fields)
		if err != nil {
			return nil, err
		}
		hit := Hit{Doc: d, Score: h.Score}
		for _, f := range []string{"name_fr", "name_en"} {
			if fr := h.Fragments[f]; len(fr) > 0 && hit.Name == "" {
				hit.Name = fr[0]
			}
		}
		for _, f := range []string{"text_fr", "text_en"} {
			hit.Snippets = append(hit.Snippets, h.Fragments[f]...)
		}
		if len(hit.Snippets) > 2 {
			hit.Snippets = hit.Snippets[:2]
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

func (ix *Index) run(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return nil, errClosed
	}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	return res, nil
}

func docOf(fields map[string]any) (*Doc, error) {
	s, _ := fields["doc"].(string)
	var d Doc
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		return nil, fmt.Errorf("search: stored document: %w", err)
	}
	return &d, nil
}

// Docs returns the indexed documents with these IRIs (those not indexed
// are missing from the map).
func (ix *Index) Docs(ctx context.Context, ids ...string) (map[string]*Doc, error) {
	out := map[string]*Doc{}
	if len(ids) == 0 {
		return out, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	req.Fields = []string{"doc"}
	res, err := ix.run(ctx, req)
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		d, err := docOf(h.Fields)
		if err != nil {
			return nil, err
		}
		out[h.ID] = d
	}
	return out, nil
}

// Scored is a document with a similarity score in [0, 1].
type Scored struct {
	Doc   *Doc
	Score float64
}

// candidates returns up to n documents whose names share words or
// trigrams with text (typos allowed), restricted to kinds. With exact, only
// the names holding every significant word of text (a cheap first pass).
func (ix *Index) candidates(ctx context.Context, text string, kinds []Kind, n int, exact bool) ([]*Doc, error) {
	words := significant(Words(Clip(text)))
	if len(words) == 0 {
		return nil, nil
	}
	text = strings.Join(words, " ")
	var q query.Query
	if exact {
		all := match(text, "names", AnalyzerName, 1, 0).(*query.MatchQuery)
		all.SetOperator(query.MatchQueryOperatorAnd)
		q = all
	} else {
		q = bleve.NewDisjunctionQuery(
			match(text, "names", AnalyzerName, 3, 0),
			match(text, "names", AnalyzerName, 1, 1),
			match(text, "name_fr", AnalyzerFR, 2, 0),
			match(text, "name_en", AnalyzerEN, 2, 0),
			trigramQuery(text, 0.3, 0.6),
		)
	}
	if len(kinds) > 0 {
		q = bleve.NewConjunctionQuery(q, kindFilter(kinds))
	}
	req := bleve.NewSearchRequestOptions(q, n, 0, false)
	req.Fields = []string{"doc"}
	res, err := ix.run(ctx, req)
	if err != nil {
		return nil, err
	}
	out := make([]*Doc, 0, len(res.Hits))
	for _, h := range res.Hits {
		d, err := docOf(h.Fields)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// Closest returns the names closest to text by the look-alike scoring of
// duplicate detection (trigram Jaccard of folded names), best first, for an
// empty result page's « did you mean ».
func (ix *Index) Closest(ctx context.Context, text string, n int) ([]Scored, error) {
	req := bleve.NewSearchRequestOptions(trigramQuery(Clip(text), 1, 0.3), 50, 0, false)
	req.Fields = []string{"doc"}
	res, err := ix.run(ctx, req)
	if err != nil {
		return nil, err
	}
	var docs []*Doc
	for _, h := range res.Hits {
		d, err := docOf(h.Fields)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	want := Trigrams(text)
	var out []Scored
	for _, d := range docs {
		best := 0.0
		for _, name := range d.AllNames() {
			best = max(best, Jaccard(want, Trigrams(name)))
		}
		if best >= 0.2 {
			out = append(out, Scored{Doc: d, Score: best})
		}
	}
	sortScored(out)
	if len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// minMatchScore is the lowest NameScore Match returns.
const minMatchScore = 0.3

// Match ranks the indexed resources of the given kinds by how well one of
// their names matches text (NameScore), best first, at most limit.
func (ix *Index) Match(ctx context.Context, text string, kinds []Kind, limit int) ([]Scored, error) {
	nq := NewNameQuery(text)
	score := func(docs []*Doc) []Scored {
		out := make([]Scored, 0, len(docs))
		for _, d := range docs {
			best := 0.0
			for _, name := range d.AllNames() {
				best = max(best, nq.Score(name))
			}
			if best >= minMatchScore {
				out = append(out, Scored{Doc: d, Score: best})
			}
		}
		sortScored(out)
		return out
	}
	// First the names that hold every word: when one of them is named
	// exactly (up to accents, case, order and stop words), no other
	// candidate can score higher.
	docs, err := ix.candidates(ctx, text, kinds, max(30, limit), true)
	if err != nil {
		return nil, err
	}
	out := score(docs)
	if len(out) == 0 || out[0].Score < 1 {
		if docs, err = ix.candidates(ctx, text, kinds, max(30, limit), false); err != nil {
			return nil, err
		}
		out = score(docs)
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Prefix returns resources of the given kinds whose names contain every
// word of text, the last one as a prefix (type-ahead), best first.
func (ix *Index) Prefix(ctx context.Context, text string, kinds []Kind, n int) ([]*Doc, error) {
	words := strings.Fields(strings.ToLower(Fold(Clip(text))))
	if len(words) == 0 {
		return nil, nil
	}
	var must []query.Query
	for i, w := range words {
		w = strings.Trim(w, `'’".,;:!?()[]{}`)
		if j := strings.LastIndexAny(w, "'’"); j >= 0 {
			w = w[j+1:]
		}
		if w == "" {
			continue
		}
		if i == len(words)-1 {
			p := bleve.NewPrefixQuery(w)
			p.SetField("names")
			must = append(must, p)
		} else {
			must = append(must, match(w, "names", AnalyzerName, 1, 0))
		}
	}
	if len(must) == 0 {
		return nil, nil
	}
	if len(kinds) > 0 {
		must = append(must, kindFilter(kinds))
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), n, 0, false)
	req.Fields = []string{"doc"}
	req.SortBy([]string{"-_score", "_id"})
	res, err := ix.run(ctx, req)
	if err != nil {
		return nil, err
	}
	var out []*Doc
	for _, h := range res.Hits {
		d, err := docOf(h.Fields)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func sortScored(s []Scored) {
	slices.SortStableFunc(s, func(a, b Scored) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return strings.Compare(a.Doc.ID, b.Doc.ID)
	})
}
