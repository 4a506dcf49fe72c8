package records

import (
	"github.com/ruche-lod/ruche/store"
)

// Meta keys of the data folder's settings (store/FORMAT.md lists every meta
// key prefix).
const (
	// MetaBase holds the base IRI the folder's own IRIs are minted under.
	MetaBase = "ruche/base"
	// MetaSeeded holds when the seed graph was loaded.
	MetaSeeded = "ruche/seeded"
)

// RecordedBase returns the base IRI recorded in the folder, if any.
func RecordedBase(snap *store.Snapshot) (string, bool, error) {
	v, ok, err := snap.GetMeta(MetaBase)
	if err != nil || !ok {
		return "", false, err
	}
	return string(v), true, nil
}
