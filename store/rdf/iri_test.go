package rdf

import "testing"

func TestResolveIRI(t *testing.T) {
	const base = "http://a/b/c/d;p?q"
	// RFC 3986 §5.4.1 and §5.4.2 examples.
	tests := map[string]string{
		"g:h": "g:h", "g": "http://a/b/c/g", "./g": "http://a/b/c/g", "g/": "http://a/b/c/g/",
		"/g": "http://a/g", "//g": "http://g", "?y": "http://a/b/c/d;p?y", "g?y": "http://a/b/c/g?y",
		"#s": "http://a/b/c/d;p?q#s", "": "http://a/b/c/d;p?q", ".": "http://a/b/c/", "..": "http://a/b/",
		"../g": "http://a/b/g", "../../g": "http://a/g", "../../../g": "http://a/g", "/./g": "http://a/g",
		"g.": "http://a/b/c/g.", "./../g": "http://a/b/g", "g;x=1/../y": "http://a/b/c/y",
	}
	for ref, want := range tests {
		got, err := ResolveIRI(base, ref)
		if err != nil || got != want {
			t.Errorf("ResolveIRI(%q) = %q, %v; want %q", ref, got, err, want)
		}
	}
	if _, err := ResolveIRI("", "relative"); err == nil {
		t.Error("a relative reference without a base resolved")
	}
}

func TestNormalizeDotSegments(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://example.org/a/../b/./c", "http://example.org/b/c"},
		{"http://example.org/a?x=../y#../z", "http://example.org/a?x=../y#../z"},
		{"relative/../x", "relative/../x"},
		{"urn:x:y", "urn:x:y"},
	}
	for _, tt := range tests {
		if got := NormalizeDotSegments(tt.in); got != tt.want {
			t.Errorf("NormalizeDotSegments(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for s, want := range map[string]bool{"http://x": true, "a:": true, "1a:b": false, "a/b:c": false, "": false, "mailto:x": true} {
		if HasScheme(s) != want {
			t.Errorf("HasScheme(%q) = %v", s, !want)
		}
	}
}
