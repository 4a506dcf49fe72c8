package results

import (
	"bytes"
	"testing"
)

// roundTrip writes rs in format f and reads it back.
func roundTrip(t *testing.T, rs *ResultSet, f Format) *ResultSet {
	t.Helper()
	var buf bytes.Buffer
	if err := rs.Write(f, &buf); err != nil {
		t.Fatalf("write %v: %v", f, err)
	}
	back, err := Read(f, &buf)
	if err != nil {
		t.Fatalf("read back %v: %v\n%s", f, err, buf.String())
	}
	return back
}
