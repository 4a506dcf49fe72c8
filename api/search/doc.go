// Package search is ruche's full-text index: a Bleve v2 index of the public
// text of chantiers, objectives, deliverables, support needs, legacies,
// definitions (documents), themes, organisations, and persons while they
// consent. It reads the store's public space only ([store.Public]); the
// private space, where persons and consents live, is never opened, so
// private data cannot enter the index. A consenting person is public
// through the write API's projection and indexed by name only; a withdrawn
// person leaves the public space and, with the write's reindexing, the
// index.
//
// # Analysis
//
// French (ruche_fr: lower case, elision of l’ d’ qu’…, French stop words,
// accents folded, Snowball stemming) and English (ruche_en: possessives,
// English stop words, accents folded, Snowball) for names and texts;
// ruche_name (lower case, elision, folding, no stemming) and character
// trigrams for names, so that typos and other word forms
// (« écoresponsable » for « Écoresponsabilité ») still find them. Folding is
// a token filter, so highlights mark the original text.
//
// # Keeping up with the store
//
// The index records the store data version it reflects. A write calls
// [Index.Begin] before its transaction and [Index.Apply] with the resources
// it touched after it; the version is recorded only when every begun write
// has been applied, so a crash between a commit and its reindexing leaves
// a stale version and [Index.Sync] rebuilds at the next start (as it does
// after an import or a restore). [Index.Rebuild] builds a new index beside
// the old one and swaps it in (ruche reindex).
//
// # Queries
//
// [Index.Search] ranks by BM25 over names (boosted) and texts, with every
// word required for a bonus, filters by kind, status and theme, pages, and
// returns HTML-escaped highlights. [Index.Closest] ranks names by the
// look-alike scoring of duplicate detection ([Trigrams], [Jaccard], moved
// here from the write API so that both share it). [Index.Match] and
// [NameScore] are the name matching of reconciliation (package reconcile);
// [Index.Prefix] is its type-ahead.
package search
