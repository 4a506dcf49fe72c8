package web

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestStaticHasNoRemoteOrUnsafeCode(t *testing.T) {
	read := func(name string) string {
		b, err := fs.ReadFile(Static(), name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct {
		file string
		bad  *regexp.Regexp
	}{
		{"widget.js", regexp.MustCompile(`\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(`)},
		{"sparql.js", regexp.MustCompile(`\.innerHTML|document\.write|\beval\(|https?://`)},
		{"style.css", regexp.MustCompile(`url\(|@import`)},
		{"vendor/yasgui/yasgui.min.css", regexp.MustCompile(`url\(\s*["']?(https?:)?//|@import`)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			if m := tt.bad.FindString(read(tt.file)); m != "" {
				t.Errorf("%s contains %q", tt.file, m)
			}
		})
	}
	t.Run("yasgui license", func(t *testing.T) {
		if !strings.Contains(read("vendor/yasgui/LICENSE"), "MIT License") {
			t.Error("LICENSE is not the MIT licence")
		}
	})
}

// TestWidgetJS runs testdata/widget_test.js under Node.js with a minimal
// fake DOM; it is skipped where node is not installed.
func TestWidgetJS(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	out, err := exec.Command(node, "testdata/widget_test.js", "static/widget.js").CombinedOutput()
	if err != nil {
		t.Fatalf("widget tests failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "ok ") {
		t.Errorf("no test ran:\n%s", out)
	}
	t.Logf("%s", out)
}

// TestYASGUISmoke loads the rendered SPARQL page with the vendored YASGUI in
// jsdom (testdata/yasgui_smoke.js). jsdom is not a dependency of ruche: the
// test runs only when RUCHE_JSDOM names a node_modules folder holding it
// (npm install jsdom@24.1.3 in a temporary folder).
func TestYASGUISmoke(t *testing.T) {
	modules := os.Getenv("RUCHE_JSDOM")
	if modules == "" {
		t.Skip("RUCHE_JSDOM not set")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	r := newRenderer(t)
	for _, tc := range []struct {
		name string
		view SPARQLView
	}{
		{"with query", sparqlView()},
		{"empty", SPARQLView{Page: Page{Lang: "en"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := r.SPARQL(&b, tc.view); err != nil {
				t.Fatal(err)
			}
			page := filepath.Join(t.TempDir(), "sparql.html")
			if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(node, "testdata/yasgui_smoke.js", page, "static")
			cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			t.Logf("%s", out)
		})
	}
}
