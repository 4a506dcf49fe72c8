package api

import (
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// A collator keeps buffers: it is not safe for concurrent use.
var (
	frCollatorMu sync.Mutex
	frCollator   = collate.New(language.French, collate.IgnoreCase, collate.IgnoreDiacritics)
)

// compareFold orders labels as a French reader expects (accents and case
// folded).
func compareFold(a, b string) int {
	frCollatorMu.Lock()
	c := frCollator.CompareString(a, b)
	frCollatorMu.Unlock()
	if c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
