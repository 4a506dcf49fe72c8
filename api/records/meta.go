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

// Meta keys of writes.
const (
	// MetaGone + IRI marks a withdrawn resource: its IRI answers 410 and is
	// never minted again.
	MetaGone = "gone/"
	// MetaMembershipClosed + membership IRI marks a membership closed
	// through DELETE: it no longer counts as active, whatever its end date.
	MetaMembershipClosed = "membership-closed/"
	// MetaCounter + collection IRI holds the last number minted in a
	// collection of numbered resources.
	MetaCounter = "counter/"
)

// Meta keys of the event stream (one version of a chantier per member).
const (
	MetaLDESMember = "ldes/m/"    // + seq %012d → member entry JSON
	MetaLDESCount  = "ldes/count" // number of members
	MetaLDESLastTS = "ldes/lastts"
	MetaLDESLast   = "ldes/last/" // + chantier IRI → last version JSON
	MetaLDESSeeded = "ldes/seeded"
	// LDESStamp is the layout of a version's time in its IRI.
	LDESStamp = "20060102T150405Z"
)
