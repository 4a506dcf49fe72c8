package web

import (
	"io/fs"
	"os/exec"
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
