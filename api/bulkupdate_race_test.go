//go:build race

package api

// bulkTriples is the size of the bulk-update tests: 100k triples, scaled
// down under the race detector (ten times slower), still past one Badger
// transaction so the staged path runs.
const bulkTriples = 20_000
