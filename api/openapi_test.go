package api

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// openAPIPath maps a gin route path to its OpenAPI template.
func openAPIPath(ginPath string) string {
	parts := strings.Split(ginPath, "/")
	for i, p := range parts {
		if len(p) > 1 && (p[0] == ':' || p[0] == '*') {
			parts[i] = "{" + p[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	srv, _ := newTestServer(t)
	r := get(t, srv, "/openapi.json", "")
	if r.code != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		t.Fatalf("%d %s", r.code, r.header.Get("Content-Type"))
	}
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components map[string]map[string]any            `json:"components"`
	}
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	routed := map[string]bool{}
	for _, rt := range srv.engine.Routes() {
		routed[strings.ToLower(rt.Method)+" "+openAPIPath(rt.Path)] = true
	}
	described := map[string]bool{}
	for path, item := range doc.Paths {
		for method := range item {
			described[method+" "+path] = true
		}
	}
	var missing, extra []string
	for k := range routed {
		if !described[k] {
			missing = append(missing, k)
		}
	}
	for k := range described {
		// A kind's paths under /id/ are routed by the /id/*path routes.
		method, path, _ := strings.Cut(k, " ")
		if !routed[k] && !(strings.HasPrefix(path, "/id/") && routed[method+" /id/{path}"]) {
			extra = append(extra, k)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	if len(missing) > 0 {
		t.Errorf("routes not described in /openapi.json:\n  %s", strings.Join(missing, "\n  "))
	}
	if len(extra) > 0 {
		t.Errorf("described operations without a route:\n  %s", strings.Join(extra, "\n  "))
	}

	t.Run("references resolve and path parameters are declared", func(t *testing.T) {
		refs := regexp.MustCompile(`"\$ref":\s*"#/components/([^/"]+)/([^"]+)"`).FindAllSubmatch(r.body, -1)
		if len(refs) == 0 {
			t.Fatal("no references")
		}
		for _, m := range refs {
			if _, ok := doc.Components[string(m[1])][string(m[2])]; !ok {
				t.Errorf("dangling reference %s/%s", m[1], m[2])
			}
		}
		params := doc.Components["parameters"]
		ids := map[string]bool{}
		for path, item := range doc.Paths {
			want := regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(path, -1)
			for method, op := range item {
				id, _ := op["operationId"].(string)
				if ids[id] {
					t.Errorf("operationId %q repeated", id)
				}
				ids[id] = true
				declared := map[string]bool{}
				list, _ := op["parameters"].([]any)
				for _, p := range list {
					ref := p.(map[string]any)["$ref"].(string)
					def := params[strings.TrimPrefix(ref, "#/components/parameters/")].(map[string]any)
					if def["in"] == "path" {
						declared[def["name"].(string)] = true
					}
				}
				for _, w := range want {
					if !declared[w[1]] {
						t.Errorf("%s %s: path parameter %s not declared", method, path, w[1])
					}
				}
				if len(declared) != len(want) {
					t.Errorf("%s %s: %d path parameters declared, %d in the path", method, path, len(declared), len(want))
				}
			}
		}
	})
	t.Run("problem schema and bearer scheme", func(t *testing.T) {
		if _, ok := doc.Components["schemas"]["Problem"]; !ok {
			t.Error("no Problem schema")
		}
		bearer, _ := doc.Components["securitySchemes"]["bearer"].(map[string]any)
		if bearer["scheme"] != "bearer" {
			t.Errorf("bearer scheme: %v", bearer)
		}
		for path, item := range doc.Paths {
			for method, op := range item {
				if method == "post" && (path == "/sparql" || strings.HasPrefix(path, "/reconcile")) { // read-only POSTs
					continue
				}
				if method == "post" || method == "put" || method == "patch" || method == "delete" {
					if _, ok := op["security"]; !ok {
						t.Errorf("%s %s is not secured", method, path)
					}
				}
			}
		}
	})
}
