package api

import (
	"testing"

	"github.com/ruche-lod/ruche/api/records"
)

// TestEventStreamKeysShared: the event stream (ldes.go) reads the meta keys
// the core's write rules write (records); both name the same keys.
func TestEventStreamKeysShared(t *testing.T) {
	for _, c := range []struct{ reader, writer string }{
		{metaLDESMember, records.MetaLDESMember},
		{metaLDESCount, records.MetaLDESCount},
		{metaLDESLastTS, records.MetaLDESLastTS},
		{metaLDESLast, records.MetaLDESLast},
		{metaLDESSeeded, records.MetaLDESSeeded},
		{ldesStamp, records.LDESStamp},
		{metaGone, records.MetaGone},
	} {
		if c.reader != c.writer {
			t.Errorf("ldes.go reads %q, the core writes %q", c.reader, c.writer)
		}
	}
}
