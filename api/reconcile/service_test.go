package reconcile

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func batchOf(t testing.TB, body []byte) map[string]Result {
	t.Helper()
	var out map[string]Result
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return out
}

func TestManifest(t *testing.T) {
	f := newFixture(t, Config{})
	for _, target := range []string{"/reconcile", "/reconcile/"} {
		r := f.do(t, http.MethodGet, target, "", "")
		if r.code != 200 || r.header.Get("Access-Control-Allow-Origin") != "*" {
			t.Fatalf("%s: %d %v", target, r.code, r.header)
		}
		validate(t, "manifest.json", r.body)
		var m map[string]any
		json.Unmarshal(r.body, &m)
		if m["identifierSpace"] != testBase || len(m["defaultTypes"].([]any)) != 5 {
			t.Errorf("manifest: %s", r.body)
		}
	}
	if r := f.do(t, http.MethodOptions, "/reconcile", "", ""); r.code != 204 || r.header.Get("Access-Control-Allow-Methods") == "" {
		t.Errorf("preflight: %d %v", r.code, r.header)
	}
}

func TestBatchForms(t *testing.T) {
	f := newFixture(t, Config{})
	batch := `{"q0":{"query":"Culture des données","type":"chantier"},"q1":{"query":"musee regional de rimouski","type":"organisation","limit":3},"q2":{"query":"Zorglub Canari"}}`
	validate(t, "reconciliation-query-batch.json", []byte(batch))
	for _, r := range []response{
		f.do(t, http.MethodGet, "/reconcile?queries="+url.QueryEscape(batch), "", ""),
		f.do(t, http.MethodPost, "/reconcile", "application/x-www-form-urlencoded", "queries="+url.QueryEscape(batch)),
		f.do(t, http.MethodPost, "/reconcile", "application/json", batch),
	} {
		if r.code != 200 {
			t.Fatalf("%d %s", r.code, r.body)
		}
		validate(t, "reconciliation-result-batch.json", r.body)
		res := batchOf(t, r.body)
		if c := res["q0"].Result; len(c) == 0 || c[0].ID != "id/chantiers/culture-des-donnees" || !c[0].Match || c[0].Score != 99 && c[0].Score != 100 {
			t.Errorf("q0: %+v", c)
		}
		if c := res["q1"].Result; len(c) == 0 || len(c) > 3 || c[0].ID != "id/organisations/musee-regional-de-rimouski" || !c[0].Match {
			t.Errorf("q1: %+v", c)
		}
		if c := res["q2"].Result; len(c) != 0 {
			t.Errorf("q2 (private person) found: %+v", c)
		}
	}
	// The old single-query form.
	r := f.do(t, http.MethodGet, "/reconcile?query="+url.QueryEscape("Almanach culturel"), "", "")
	var one Result
	if err := json.Unmarshal(r.body, &one); err != nil || len(one.Result) == 0 || one.Result[0].ID != "id/chantiers/almanach-culturel" {
		t.Errorf("single query: %d %s", r.code, r.body)
	}
}

// TestProperties: a chantier by name and theme, an organisation by name
// and region; a contradicting property prevents a match.
func TestProperties(t *testing.T) {
	f := newFixture(t, Config{})
	batch := map[string]any{
		"a": map[string]any{"query": "Métadonnées musicales", "type": "chantier", "properties": []any{map[string]any{"pid": "theme", "v": "données"}}},
		"b": map[string]any{"query": "Métadonnées musicales", "type": "chantier", "properties": []any{map[string]any{"pid": "theme", "v": "écoresponsabilité"}}},
		"c": map[string]any{"query": "Maison de la culture", "type": "organisation", "properties": []any{map[string]any{"pid": "region", "v": "Estrie"}}},
		"d": map[string]any{"query": "Maison de la culture", "type": "organisation"},
		"e": map[string]any{"query": "Théâtre", "type": "organisation", "properties": []any{map[string]any{"pid": "region", "v": map[string]any{"id": "concept/region/04"}}}},
	}
	body, _ := json.Marshal(batch)
	validate(t, "reconciliation-query-batch.json", body)
	r := f.do(t, http.MethodPost, "/reconcile", "application/json", string(body))
	validate(t, "reconciliation-result-batch.json", r.body)
	res := batchOf(t, r.body)
	if c := res["a"].Result; len(c) == 0 || !c[0].Match || c[0].Score < 99 {
		t.Errorf("a: %+v", c)
	}
	if c := res["b"].Result; len(c) == 0 || c[0].Match {
		t.Errorf("b (theme contradicts): %+v", c)
	}
	if c := res["c"].Result; len(c) == 0 || c[0].ID != "id/organisations/maison-de-la-culture-de-sherbrooke" {
		t.Errorf("c (region Estrie): %+v", c)
	}
	if c := res["d"].Result; len(c) == 0 || c[0].Match {
		t.Errorf("d (ambiguous) matched: %+v", c)
	}
	if c := res["e"].Result; len(c) == 0 || c[0].ID != "id/organisations/theatre-de-trois-rivieres" {
		t.Errorf("e: %+v", c)
	}
}

func TestSuggestPreviewExtend(t *testing.T) {
	f := newFixture(t, Config{})
	r := f.do(t, http.MethodGet, "/reconcile/suggest/entity?prefix="+url.QueryEscape("cult"), "", "")
	validate(t, "suggest-entities-response.json", r.body)
	if !strings.Contains(string(r.body), "id/chantiers/culture-des-donnees") {
		t.Errorf("suggest entity: %s", r.body)
	}
	r = f.do(t, http.MethodGet, "/reconcile/suggest/entity?prefix=id/chantiers/codeveloppement", "", "")
	validate(t, "suggest-entities-response.json", r.body)
	if !strings.Contains(string(r.body), `"id":"id/chantiers/codeveloppement"`) {
		t.Errorf("suggest by id: %s", r.body)
	}
	r = f.do(t, http.MethodGet, "/reconcile/suggest/type?prefix=org", "", "")
	validate(t, "suggest-types-response.json", r.body)
	if !strings.Contains(string(r.body), `"organisation"`) {
		t.Errorf("suggest type: %s", r.body)
	}
	r = f.do(t, http.MethodGet, "/reconcile/suggest/property?prefix=reg", "", "")
	validate(t, "suggest-properties-response.json", r.body)
	if !strings.Contains(string(r.body), `"region"`) {
		t.Errorf("suggest property: %s", r.body)
	}
	r = f.do(t, http.MethodGet, "/reconcile/properties?type=organisation&limit=5", "", "")
	validate(t, "data-extension-property-proposal.json", r.body)
	ext := `{"ids":["id/organisations/musee-regional-de-rimouski","id/chantiers/culture-des-donnees","id/nothing"],"properties":[{"id":"name"},{"id":"region"},{"id":"theme"}]}`
	validate(t, "data-extension-query.json", []byte(ext))
	for _, r := range []response{
		f.do(t, http.MethodPost, "/reconcile", "application/x-www-form-urlencoded", "extend="+url.QueryEscape(ext)),
		f.do(t, http.MethodGet, "/reconcile?extend="+url.QueryEscape(ext), "", ""),
		f.do(t, http.MethodPost, "/reconcile", "application/json", ext),
	} {
		validate(t, "data-extension-response.json", r.body)
		if !strings.Contains(string(r.body), `"name":"Bas-Saint-Laurent"`) || !strings.Contains(string(r.body), `"id":"concept/theme/donnees"`) {
			t.Errorf("extend: %s", r.body)
		}
	}
	r = f.do(t, http.MethodGet, "/reconcile/preview?id=id/chantiers/culture-des-donnees", "", "")
	if r.code != 200 || !strings.Contains(string(r.body), "Culture des données") || !strings.Contains(r.header.Get("Content-Security-Policy"), "frame-ancestors *") {
		t.Errorf("preview: %d %s", r.code, r.body)
	}
	r = f.do(t, http.MethodGet, "/reconcile/view?id=id/chantiers/culture-des-donnees", "", "")
	if r.code != 303 || r.header.Get("Location") != testBase+"id/chantiers/culture-des-donnees" {
		t.Errorf("view: %d %v", r.code, r.header)
	}
}

// TestMalformed: no 5xx on any malformed request; limits answer 413; a
// parameter that is not UTF-8 answers 400.
func TestMalformed(t *testing.T) {
	f := newFixture(t, Config{MaxBatch: 3})
	big := map[string]any{}
	for i := 0; i < 4; i++ {
		big[fmt.Sprint("q", i)] = map[string]any{"query": "x"}
	}
	bigBody, _ := json.Marshal(big)
	for _, c := range []struct {
		method, target, ct, body string
		code                     int
	}{
		{"GET", "/reconcile?queries=" + url.QueryEscape(string(bigBody)), "", "", 413},
		{"POST", "/reconcile", "application/json", string(bigBody), 413},
		{"GET", "/reconcile?queries=%ff%fe", "", "", 400},
		{"GET", "/reconcile?queries=" + url.QueryEscape(`{"q0":{"query":"`) + "%ff" + url.QueryEscape(`"}}`), "", "", 400},
		{"POST", "/reconcile", "application/json", "{\"q0\":{\"query\":\"\xff\"}}", 400},
		{"GET", "/reconcile/suggest/entity?prefix=%C3", "", "", 400},
		{"GET", "/reconcile?queries=%zz", "", "", 400},
		{"GET", "/reconcile?queries=", "", "", 400},
		{"GET", "/reconcile?queries=[]", "", "", 400},
		{"GET", "/reconcile?queries=null", "", "", 400},
		{"GET", "/reconcile?queries=" + url.QueryEscape(`{"q0":5}`), "", "", 400},
		{"GET", "/reconcile?queries=" + url.QueryEscape(`{"q0":{}}`), "", "", 400},
		{"GET", "/reconcile?queries=" + url.QueryEscape(`{"q0":{"query":"a","limit":-1}}`), "", "", 400},
		{"GET", "/reconcile?queries=" + url.QueryEscape(`{"q0":{"query":"a","limit":1.5}}`), "", "", 400},
		{"GET", "/reconcile?queries=" + url.QueryEscape(`{"q0":{"query":"a","type":5}}`), "", "", 400},
		{"GET", "/reconcile?queries=" + url.QueryEscape(`{"q0":{"query":"a","properties":[{"pid":"theme"}]}}`), "", "", 400},
		{"GET", "/reconcile?queries=" + url.QueryEscape(`{"q0":{"query":"a","properties":[{"pid":"theme","v":[[{}]]}]}}`), "", "", 400},
		{"GET", "/reconcile?queries=" + url.QueryEscape(`{"q0":{"query":"a","type_strict":"maybe"}}`), "", "", 400},
		{"GET", "/reconcile?queries=" + url.QueryEscape(`{"q0":{"query":"a","type":"inconnu"}}`), "", "", 200},
		{"GET", "/reconcile?queries=" + url.QueryEscape(`{"q0":{"query":"`+strings.Repeat("données ", 500)+`"}}`), "", "", 200},
		{"GET", "/reconcile?queries=" + url.QueryEscape(`{"q0":{"query":"*?~^\"[]{}()\\/:-+&|!"}}`), "", "", 200},
		{"GET", "/reconcile?extend=" + url.QueryEscape(`{"ids":["a"]}`), "", "", 400},
		{"GET", "/reconcile?extend=" + url.QueryEscape(`{"ids":["a"],"properties":[{"id":"nope"}]}`), "", "", 400},
		{"GET", "/reconcile?extend=" + url.QueryEscape(`{"ids":["a","b","c","d"],"properties":[]}`), "", "", 413},
		{"POST", "/reconcile", "text/plain", "queries=x", 415},
		{"POST", "/reconcile", "application/json", "[1,2]", 400},
		{"DELETE", "/reconcile", "", "", 405},
		{"GET", "/reconcile/suggest/entity?prefix=a&cursor=-1", "", "", 400},
		{"GET", "/reconcile/suggest/entity?prefix=a&cursor=x", "", "", 400},
		{"GET", "/reconcile/preview?id=", "", "", 400},
		{"GET", "/reconcile/preview?id=id/nothing", "", "", 404},
		{"GET", "/reconcile/view?id=http://elsewhere.example/x", "", "", 404},
		{"GET", "/reconcile/properties", "", "", 400},
		{"GET", "/reconcile/nothing", "", "", 404},
	} {
		r := f.do(t, c.method, c.target, c.ct, c.body)
		if r.code != c.code {
			t.Errorf("%s %.80s: %d, want %d (%s)", c.method, c.target, r.code, c.code, r.body)
		}
		if r.code >= 400 && r.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s %.80s: error is %s", c.method, c.target, r.header.Get("Content-Type"))
		}
		if r.code == 200 && strings.Contains(c.target, "queries=") {
			validate(t, "reconciliation-result-batch.json", r.body)
		}
	}
}

// FuzzReconcile: no input makes the service fail with 5xx or panic.
func FuzzReconcile(f *testing.F) {
	fx := newFixture(f, Config{MaxBatch: 5})
	for _, s := range []string{`{"q0":{"query":"culture"}}`, `{"q0":{"query":"x","type":["chantier","legs"],"limit":2,"properties":[{"pid":"theme","v":{"id":"a"}}]}}`, `{`, "\xff", `{"ids":[],"properties":[]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range []response{
			fx.do(t, http.MethodGet, "/reconcile?queries="+url.QueryEscape(s), "", ""),
			fx.do(t, http.MethodPost, "/reconcile", "application/json", s),
			fx.do(t, http.MethodGet, "/reconcile/suggest/entity?prefix="+url.QueryEscape(s), "", ""),
			fx.do(t, http.MethodGet, "/reconcile?extend="+url.QueryEscape(s), "", ""),
		} {
			if r.code >= 500 {
				t.Fatalf("%q: %d %s", s, r.code, r.body)
			}
		}
	})
}
