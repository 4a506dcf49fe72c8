package api

import "testing"

// TestDumpsPageOnePass: the French, English and JSON forms of /dumps/ at
// one data version share a single pass over the data.
func TestDumpsPageOnePass(t *testing.T) {
	srv, _ := newTestServer(t)
	for _, c := range []struct{ target, accept string }{
		{"/fr/dumps/", "text/html"}, {"/en/dumps/", "text/html"}, {"/dumps/", "application/json"}, {"/fr/dumps/", "text/html"},
	} {
		if r := get(t, srv, c.target, c.accept); r.code != 200 {
			t.Fatalf("%s (%s): %d", c.target, c.accept, r.code)
		}
	}
	if n := srv.dumpMemo.passes; n != 1 {
		t.Errorf("%d passes over the data for one version, want 1", n)
	}
}
