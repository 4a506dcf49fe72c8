package api

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ruche-lod/ruche/api/harvest"
	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
	"github.com/ruche-lod/ruche/vocab"
)

// The event stream (LDES 2.0 / TREE, served by package harvest) publishes versions of the public
// chantier aggregates. Each version is a member: an IRI
// {chantier}/versions/{yyyymmddThhmmssZ} whose quads (the chantier's own
// public triples, its subject replaced by the version IRI, plus short
// summaries of its objectives, deliverables, legacies and support needs;
// never persons or participations) sit in the Archive space, in the named
// graph of the member IRI, so they never appear in SPARQL or in the dumps.
//
// Members are numbered in the order they were recorded; timestamps never go
// back. Page n (from 1) holds members (n-1)·100 … n·100-1, so the meta key
// of a member, ldes/m/{seq:%012d}, starts with the page's prefix and a page
// is one prefix scan. A full page links to the next with a
// tree:GreaterThanOrEqualToRelation on dcterms:created whose value is its
// own last timestamp; it never changes again and is served as immutable.
//
// Seeding: the first request to /ldes or a page records a first version of
// every public chantier that has none yet (lazily, once, marked by the meta
// key ldes/seeded). The write API calls recordVersions after each write
// touching a chantier; a call that finds a chantier unchanged since its
// last version mints nothing.
const (
	ldesPageSize   = 100 // must be a power of ten (page prefixes)
	ldesPageDigits = 10  // 12 sequence digits minus log10(ldesPageSize)

	metaLDESMember = "ldes/m/"    // + seq %012d → memberEntry JSON
	metaLDESCount  = "ldes/count" // number of members
	metaLDESLastTS = "ldes/lastts"
	metaLDESLast   = "ldes/last/" // + chantier IRI → lastVersion JSON
	metaLDESSeeded = "ldes/seeded"

	ldesStamp = "20060102T150405Z"
)

// memberEntry indexes one member.
type memberEntry struct {
	Member  string `json:"member"`
	Of      string `json:"of"`
	Created string `json:"created"` // RFC 3339, UTC, seconds
}

// lastVersion is the latest version of one chantier.
type lastVersion struct {
	Member  string `json:"member"`
	Hash    string `json:"hash"`
	Deleted bool   `json:"deleted,omitempty"`
}

// Predicates summarised for the dependents of a chantier in a version.
var (
	versionDependents = []string{vocab.RadnObjectiveProp, vocab.RadnDeliverableProp, vocab.RadnHasLegacy, vocab.RadnSupportNeedProp}
	dependentSummary  = []string{rdf.RDFType, schemaNS + "name", skosNS + "prefLabel", rdfsLabel, vocab.RadnStatus, schemaNS + "description"}
)

// ldesMembers reads the members of page n (from 1): one prefix scan.
func ldesMembers(ctx context.Context, snap *store.Snapshot, n int) ([]harvest.Member, error) {
	var entries []harvest.Member
	prefix := fmt.Sprintf("%s%0*d", metaLDESMember, ldesPageDigits, n-1)
	for e, err := range snap.ScanMeta(ctx, prefix) {
		if err != nil {
			return nil, err
		}
		var m memberEntry
		if err := json.Unmarshal(e.Value, &m); err != nil {
			return nil, fmt.Errorf("ldes: member entry %s: %w", e.Key, err)
		}
		entries = append(entries, harvest.Member{IRI: m.Member, Created: m.Created})
	}
	return entries, nil
}
