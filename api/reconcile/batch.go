package reconcile

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/ruche-lod/ruche/api/search"
)

// query is one reconciliation query.
type query struct {
	Query      string          `json:"query"`
	Type       json.RawMessage `json:"type"`
	Limit      json.RawMessage `json:"limit"`
	Properties []struct {
		Pid string          `json:"pid"`
		V   json.RawMessage `json:"v"`
	} `json:"properties"`
	TypeStrict string `json:"type_strict"`
}

// Candidate is one candidate of a result.
type Candidate struct {
	ID          string              `json:"id"`
	Name        string              `json:"name"`
	Description string              `json:"description,omitempty"`
	Score       float64             `json:"score"`
	Match       bool                `json:"match"`
	Type        []map[string]string `json:"type"`
	Features    []Feature           `json:"features,omitempty"`
	nameScore   float64
	contradicts bool
}

// Feature is a matching feature of a candidate.
type Feature struct {
	ID    string `json:"id"`
	Value any    `json:"value"`
}

// Result is the answer to one query.
type Result struct {
	Result []Candidate `json:"result"`
}

// batch answers a query batch.
func (s *Service) batch(ctx context.Context, w http.ResponseWriter, raw []byte) error {
	var qs map[string]json.RawMessage
	if err := json.Unmarshal(raw, &qs); err != nil || qs == nil {
		return badRequest("queries must be a JSON object of queries keyed by query id")
	}
	if len(qs) > s.cfg.MaxBatch {
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: "batch-too-large",
			Detail: fmt.Sprintf("a batch holds at most %d queries (this one has %d)", s.cfg.MaxBatch, len(qs)), Limit: "max-batch"}
	}
	parsed := make(map[string]*query, len(qs))
	for key, rq := range qs {
		q, err := parseQuery(rq)
		if err != nil {
			return badRequest("query %q: %v", key, err)
		}
		parsed[key] = q
	}
	ix, err := s.ix()
	if err != nil {
		return err
	}
	// The queries are independent: a few workers share them.
	out := make(map[string]Result, len(parsed))
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	keys := make(chan string)
	for range min(runtime.GOMAXPROCS(0), 4, len(parsed)) {
		wg.Go(func() {
			for key := range keys {
				cands, err := s.reconcile(ctx, ix, parsed[key])
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				out[key] = Result{Result: cands}
				mu.Unlock()
			}
		})
	}
	for key := range parsed {
		if ctx.Err() != nil {
			break
		}
		keys <- key
	}
	close(keys)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	if firstErr != nil {
		return timedOut(firstErr)
	}
	return writeJSON(w, out)
}

// single answers the old single-query form (query=text or query={…}).
func (s *Service) single(ctx context.Context, w http.ResponseWriter, raw string) error {
	q := &query{Query: raw}
	if t := strings.TrimSpace(raw); strings.HasPrefix(t, "{") {
		var err error
		if q, err = parseQuery(json.RawMessage(t)); err != nil {
			return badRequest("query: %v", err)
		}
	}
	ix, err := s.ix()
	if err != nil {
		return err
	}
	cands, err := s.reconcile(ctx, ix, q)
	if err != nil {
		return timedOut(err)
	}
	return writeJSON(w, Result{Result: cands})
}

func parseQuery(raw json.RawMessage) (*query, error) {
	var q query
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&q); err != nil {
		return nil, fmt.Errorf("not a query object: %v", err)
	}
	if strings.TrimSpace(q.Query) == "" && len(q.Properties) == 0 {
		return nil, fmt.Errorf("a query needs query or properties")
	}
	for _, p := range q.Properties {
		if p.Pid == "" || len(p.V) == 0 {
			return nil, fmt.Errorf("a property needs pid and v")
		}
		if _, err := values(p.V); err != nil {
			return nil, err
		}
	}
	if _, err := q.types(); err != nil {
		return nil, err
	}
	if _, err := q.limit(1); err != nil {
		return nil, err
	}
	switch q.TypeStrict {
	case "", "any", "should", "all":
	default:
		return nil, fmt.Errorf("type_strict must be any, should or all")
	}
	return &q, nil
}

// types returns the query's type ids.
func (q *query) types() ([]string, error) {
	if len(q.Type) == 0 || string(q.Type) == "null" {
		return nil, nil
	}
	var one string
	if err := json.Unmarshal(q.Type, &one); err == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(q.Type, &many); err != nil {
		return nil, fmt.Errorf("type must be a string or an array of strings")
	}
	return many, nil
}

func (q *query) limit(maxV int) (int, error) {
	if len(q.Limit) == 0 || string(q.Limit) == "null" {
		return min(defaultLimit, maxV), nil
	}
	var f float64
	if err := json.Unmarshal(q.Limit, &f); err != nil || f < 1 || math.IsNaN(f) || f != math.Trunc(f) {
		return 0, fmt.Errorf("limit must be a positive integer")
	}
	return int(min(f, float64(maxV))), nil
}

// values flattens a property value (string, number, boolean, {id, name},
// or an array of them) into strings.
func values(raw json.RawMessage) ([]string, error) {
	var arr []json.RawMessage
	if err := json.Unmarshal(raw, &arr); err == nil {
		var out []string
		for _, a := range arr {
			v, err := values(a)
			if err != nil {
				return nil, err
			}
			out = append(out, v...)
		}
		return out, nil
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("bad property value")
	}
	switch x := v.(type) {
	case string:
		return []string{x}, nil
	case float64, bool:
		return []string{fmt.Sprint(x)}, nil
	case map[string]any:
		var out []string
		for _, k := range []string{"id", "name"} {
			if s, ok := x[k].(string); ok && s != "" {
				out = append(out, s)
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("an entity value needs an id")
		}
		return out, nil
	}
	return nil, fmt.Errorf("bad property value")
}

// reconcile returns the ranked candidates of one query.
func (s *Service) reconcile(ctx context.Context, ix *search.Index, q *query) ([]Candidate, error) {
	limit, _ := q.limit(s.cfg.MaxLimit)
	tids, _ := q.types()
	var ks []search.Kind
	for _, t := range tids {
		k, ok := kindOf(t)
		if !ok {
			return []Candidate{}, nil // an unknown type has no entities
		}
		ks = append(ks, k)
	}
	text := strings.TrimSpace(q.Query)
	if text == "" {
		return []Candidate{}, nil
	}
	// An identifier or an IRI as query: that entity.
	if id := s.id(text); !strings.ContainsAny(id, " \t") && strings.Contains(id, "/") {
		docs, err := ix.Docs(ctx, s.iri(id))
		if err != nil {
			return nil, err
		}
		if d := docs[s.iri(id)]; d != nil && (len(ks) == 0 || slices.Contains(ks, d.Kind)) {
			c := s.candidate(d, 1)
			c.Score, c.Match = 100, true
			return []Candidate{c}, nil
		}
	}
	scored, err := ix.Match(ctx, text, ks, max(limit*4, 20))
	if err != nil {
		return nil, err
	}
	var parents map[string]*search.Doc
	out := make([]Candidate, 0, len(scored))
	for _, sc := range scored {
		c := s.candidate(sc.Doc, sc.Score)
		known, matched := 0, 0
		for _, p := range q.Properties {
			prop, ok := propertyOf(p.Pid)
			if !ok {
				continue
			}
			vs, _ := values(p.V)
			if prop.id == "chantier" && sc.Doc.Parent != "" && parents == nil {
				parents = map[string]*search.Doc{}
			}
			has, ok := s.propertyMatches(ctx, ix, sc.Doc, prop, vs, parents)
			if !has {
				continue
			}
			known++
			if ok {
				matched++
			}
			c.Features = append(c.Features, Feature{ID: prop.id, Value: ok})
		}
		score := sc.Score * 100
		if known > 0 {
			score = score*0.8 + 20*float64(matched)/float64(known)
			c.contradicts = matched < known
		}
		c.Score = math.Round(score*10) / 10
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b Candidate) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return strings.Compare(a.ID, b.ID)
	})
	if len(out) > 0 {
		top := out[0]
		unambiguous := len(out) == 1 || top.Score-out[1].Score >= MatchMargin
		out[0].Match = top.Score >= MatchScore && top.nameScore >= 0.85 && !top.contradicts && unambiguous
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// candidate describes a document as a candidate.
func (s *Service) candidate(d *search.Doc, nameScore float64) Candidate {
	c := Candidate{ID: s.id(d.ID), Name: d.Label("fr"), Type: []map[string]string{typeRef(d.Kind)}, nameScore: nameScore,
		Features: []Feature{{ID: "name", Value: math.Round(nameScore*1000) / 1000}}}
	if t := d.Texts["fr"]; len(t) > 0 {
		c.Description = clip(t[0], 160)
	} else if t := d.Texts["en"]; len(t) > 0 {
		c.Description = clip(t[0], 160)
	}
	return c
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// propertyMatches compares query values with a document's values of a
// property: has is false when the document has no such value (neither
// for nor against).
func (s *Service) propertyMatches(ctx context.Context, ix *search.Index, d *search.Doc, p property, vs []string, parents map[string]*search.Doc) (has, ok bool) {
	var iris []string
	var labels []string
	switch p.id {
	case "name", "alternateName":
		labels = d.AllNames()
	case "description":
		labels = slices.Concat(d.Texts["fr"], d.Texts["en"])
	case "theme":
		iris = d.Themes
	case "region":
		iris = d.Regions
	case "status":
		if d.Status != "" {
			iris = []string{d.Status}
		}
	case "chantier":
		if d.Parent != "" {
			iris = []string{d.Parent}
			if parents != nil {
				if _, seen := parents[d.Parent]; !seen {
					docs, err := ix.Docs(ctx, d.Parent)
					if err == nil {
						parents[d.Parent] = docs[d.Parent]
					}
				}
				if pd := parents[d.Parent]; pd != nil {
					labels = pd.AllNames()
				}
			}
		}
	}
	for _, iri := range iris {
		labels = append(labels, d.Labels[iri]...)
	}
	if len(iris) == 0 && len(labels) == 0 {
		return false, false
	}
	for _, v := range vs {
		v = strings.TrimSpace(v)
		for _, iri := range iris {
			if v == iri || s.iri(v) == iri || strings.EqualFold(v, iri[strings.LastIndexAny(iri, "/#")+1:]) {
				return true, true
			}
		}
		for _, l := range labels {
			if search.NameScore(v, l) >= 0.85 {
				return true, true
			}
		}
	}
	return true, false
}
