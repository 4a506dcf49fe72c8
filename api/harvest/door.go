package harvest

import (
	"time"

	"github.com/ruche-lod/ruche/store"
)

// Door serves the harvesting documents. Package api injects what they
// depend on.
type Door struct {
	// Snapshot returns a snapshot of the open store (closed by the
	// caller), or the error to answer while there is none.
	Snapshot func() (*store.Snapshot, error)
	// Modified is the date of a data version (Last-Modified).
	Modified func(version uint64) time.Time
}
