package web

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var (
	prefixDecl = regexp.MustCompile(`(?m)^PREFIX\s+([A-Za-z][\w-]*):`)
	prefixUse  = regexp.MustCompile(`(?:^|[\s(/^!|;,.])([A-Za-z][\w-]*):[A-Za-z_]`)
)

func TestExampleQueries(t *testing.T) {
	ex := ExampleQueries()
	if len(ex) < 6 {
		t.Fatalf("only %d examples", len(ex))
	}
	ex[0].Title = "changed"
	if ExampleQueries()[0].Title == "changed" {
		t.Error("ExampleQueries returns shared storage")
	}
	for _, e := range ExampleQueries() {
		t.Run(e.Title, func(t *testing.T) {
			declared := map[string]bool{}
			for _, m := range prefixDecl.FindAllStringSubmatch(e.Query, -1) {
				declared[m[1]] = true
			}
			// Strip IRIs and strings before looking for prefixed names.
			body := regexp.MustCompile(`<[^>]*>|"[^"]*"`).ReplaceAllString(e.Query, "")
			for _, m := range prefixUse.FindAllStringSubmatch(body, -1) {
				if !declared[m[1]] {
					t.Errorf("prefix %s: used but not declared", m[1])
				}
			}
			for _, pair := range []string{"{}", "()"} {
				if strings.Count(e.Query, pair[:1]) != strings.Count(e.Query, pair[1:]) {
					t.Errorf("unbalanced %s", pair)
				}
			}
			if !strings.Contains(e.Query, "SELECT") || !strings.Contains(e.Query, "WHERE") {
				t.Error("not a SELECT query")
			}
		})
	}
}

func TestResourceQuery(t *testing.T) {
	tests := []struct{ iri, ref string }{
		{"https://w3id.org/radn/id/chantiers/culture-des-donnees", "<https://w3id.org/radn/id/chantiers/culture-des-donnees>"},
		{"http://x/a> } ; DROP ALL #\n", "<http://x/a%3E%20%7D%20;%20DROP%20ALL%20#%0A>"},
		{`http://x/"{|^` + "`\\", "<http://x/%22%7B%7C%5E%60%5C>"},
	}
	for _, tt := range tests {
		t.Run(tt.iri, func(t *testing.T) {
			q := ResourceQuery(tt.iri)
			if strings.Count(q, tt.ref) != 2 {
				t.Errorf("query lacks %s twice:\n%s", tt.ref, q)
			}
			if strings.Count(q, "{") != 1 || strings.Count(q, "}") != 1 || strings.Count(q, "\n") != 6 {
				t.Errorf("data changed the query's structure:\n%s", q)
			}
		})
	}
}

func TestSPARQLHref(t *testing.T) {
	h := SPARQLHref("", "SELECT * WHERE { ?s ?p ?o }")
	u, err := url.Parse(h)
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "/sparql" || u.Query().Get("query") != "SELECT * WHERE { ?s ?p ?o }" {
		t.Errorf("SPARQLHref = %s", h)
	}
	if strings.Contains(h, "+") {
		t.Errorf("spaces should be %%20: %s", h)
	}
}
