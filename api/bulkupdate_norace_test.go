//go:build !race

package api

// bulkTriples is the size of the bulk-update tests (see the race variant).
const bulkTriples = 100_000
