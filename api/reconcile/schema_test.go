package reconcile

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaURL = "https://reconciliation-api.github.io/specs/0.2/schemas/"

var (
	schemasOnce sync.Once
	schemas     map[string]*jsonschema.Schema
	schemasErr  error
)

// loadSchemas compiles the vendored v0.2 schemas (README.md in testdata
// says how they are loaded).
func loadSchemas() (map[string]*jsonschema.Schema, error) {
	schemasOnce.Do(func() {
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft7)
		files, err := filepath.Glob("testdata/schemas/*.json")
		if err != nil || len(files) == 0 {
			schemasErr = err
			return
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				schemasErr = err
				return
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err != nil {
				schemasErr = err
				return
			}
			m := doc.(map[string]any)
			delete(m, "$schema")
			delete(m, "$id")
			if err := c.AddResource(schemaURL+filepath.Base(f), m); err != nil {
				schemasErr = err
				return
			}
		}
		stub := map[string]any{"definitions": map[string]any{"securityDefinitions": map[string]any{"additionalProperties": map[string]any{}}}}
		if err := c.AddResource("http://swagger.io/v2/schema.json", stub); err != nil {
			schemasErr = err
			return
		}
		schemas = map[string]*jsonschema.Schema{}
		for _, f := range files {
			name := filepath.Base(f)
			if schemas[name], err = c.Compile(schemaURL + name); err != nil {
				schemasErr = err
				return
			}
		}
	})
	return schemas, schemasErr
}

// validate fails the test unless body validates against the named schema.
func validate(t testing.TB, schema string, body []byte) {
	t.Helper()
	all, err := loadSchemas()
	if err != nil {
		t.Fatalf("schemas: %v", err)
	}
	s := all[schema]
	if s == nil {
		t.Fatalf("no schema %s", schema)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: not JSON: %v\n%s", schema, err, body)
	}
	if err := s.Validate(doc); err != nil {
		t.Errorf("%s: %v\n%s", schema, err, body)
	}
}

// TestSchemasReject: the validator really validates (an invalid manifest
// and an invalid result batch are refused).
func TestSchemasReject(t *testing.T) {
	all, err := loadSchemas()
	if err != nil {
		t.Fatal(err)
	}
	for schema, body := range map[string]string{
		"manifest.json":                    `{"versions":["0.1"],"name":"x","identifierSpace":"a","schemaSpace":"b"}`,
		"reconciliation-result-batch.json": `{"q0":{"result":[{"id":"a","name":"b"}]}}`,
		"suggest-entities-response.json":   `{"result":[{"id":"a"}]}`,
	} {
		var doc any
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatal(err)
		}
		if all[schema].Validate(doc) == nil {
			t.Errorf("%s accepted %s", schema, body)
		}
	}
}
