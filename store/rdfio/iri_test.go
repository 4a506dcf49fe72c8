package rdfio

import "testing"

func TestResolveIRI(t *testing.T) {
	// RFC 3986 §5.4 examples, base "http://a/b/c/d;p?q".
	const base = "http://a/b/c/d;p?q"
	tests := []struct{ ref, want string }{
		{"g:h", "g:h"}, {"g", "http://a/b/c/g"}, {"./g", "http://a/b/c/g"}, {"g/", "http://a/b/c/g/"},
		{"/g", "http://a/g"}, {"//g", "http://g"}, {"?y", "http://a/b/c/d;p?y"}, {"g?y", "http://a/b/c/g?y"},
		{"#s", "http://a/b/c/d;p?q#s"}, {"g#s", "http://a/b/c/g#s"}, {"g?y#s", "http://a/b/c/g?y#s"},
		{";x", "http://a/b/c/;x"}, {"g;x", "http://a/b/c/g;x"}, {"g;x?y#s", "http://a/b/c/g;x?y#s"},
		{"", "http://a/b/c/d;p?q"}, {".", "http://a/b/c/"}, {"./", "http://a/b/c/"}, {"..", "http://a/b/"},
		{"../", "http://a/b/"}, {"../g", "http://a/b/g"}, {"../..", "http://a/"}, {"../../", "http://a/"},
		{"../../g", "http://a/g"}, {"../../../g", "http://a/g"}, {"../../../../g", "http://a/g"},
		{"/./g", "http://a/g"}, {"/../g", "http://a/g"}, {"g.", "http://a/b/c/g."}, {".g", "http://a/b/c/.g"},
		{"g..", "http://a/b/c/g.."}, {"..g", "http://a/b/c/..g"}, {"./../g", "http://a/b/g"},
		{"./g/.", "http://a/b/c/g/"}, {"g/./h", "http://a/b/c/g/h"}, {"g/../h", "http://a/b/c/h"},
		{"g;x=1/./y", "http://a/b/c/g;x=1/y"}, {"g;x=1/../y", "http://a/b/c/y"},
		{"g?y/./x", "http://a/b/c/g?y/./x"}, {"g?y/../x", "http://a/b/c/g?y/../x"},
		{"g#s/./x", "http://a/b/c/g#s/./x"}, {"g#s/../x", "http://a/b/c/g#s/../x"},
		{"http:g", "http:g"}, {"http://x/a/../b", "http://x/a/../b"}, {"é?ü#ß", "http://a/b/c/é?ü#ß"},
	}
	for _, tc := range tests {
		t.Run(tc.ref, func(t *testing.T) {
			got, err := ResolveIRI(base, tc.ref)
			if err != nil || got != tc.want {
				t.Errorf("ResolveIRI(%q, %q) = %q, %v; want %q", base, tc.ref, got, err, tc.want)
			}
		})
	}
	t.Run("authority without path", func(t *testing.T) {
		if got, _ := ResolveIRI("http://a", "g"); got != "http://a/g" {
			t.Errorf("got %q", got)
		}
	})
	t.Run("no base", func(t *testing.T) {
		if _, err := ResolveIRI("", "g"); err == nil {
			t.Error("relative IRI resolved without a base")
		}
	})
	t.Run("relative base", func(t *testing.T) {
		if _, err := ResolveIRI("a/b", "g"); err == nil {
			t.Error("relative IRI resolved against a relative base")
		}
	})
}
