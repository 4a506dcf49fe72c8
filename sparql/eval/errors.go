package eval

import (
	"errors"
	"fmt"
)

// LimitError reports that a query exceeded one of its [Limits]. Limit is
// "memory" (rows or bytes held by sorts, groups, DISTINCT, hash joins,
// anti-joins, paths and the strings functions build; Bytes tells which
// budget) or "results" (rows returned). Callers find it with errors.As:
//
//	var le *eval.LimitError
//	if errors.As(err, &le) && le.Limit == "memory" { ... }
type LimitError struct {
	Limit string
	Max   int64
	// Bytes is set when Max is the byte budget (Limits.MaxMemoryBytes)
	// rather than a number of rows.
	Bytes bool
}

func (e *LimitError) Error() string {
	switch e.Limit {
	case "results":
		return fmt.Sprintf("sparql: query result exceeds the limit of %d rows", e.Max)
	case "memory":
		if e.Bytes {
			return fmt.Sprintf("sparql: query needs more than %d bytes of memory", e.Max)
		}
		return fmt.Sprintf("sparql: query needs more than %d rows in memory", e.Max)
	}
	return fmt.Sprintf("sparql: query exceeds the %s limit (%d)", e.Limit, e.Max)
}

// ErrServiceUnsupported is returned when a query contains SERVICE.
var ErrServiceUnsupported = errors.New("sparql: SERVICE is not supported")

// Limits bound the resources of one execution. Zero values mean no limit.
// The time limit is the context's deadline.
type Limits struct {
	// MaxResults caps the number of solutions (or triples) returned.
	MaxResults int64
	// MaxMemoryRows caps the rows held at once by sorts, groups, DISTINCT,
	// hash joins, materialised subpatterns and path searches.
	MaxMemoryRows int64
	// MaxMemoryBytes caps the bytes held at once by the same buffers,
	// by anti-join and semi-join builds, by the terms computed during
	// evaluation (the strings REPLACE, CONCAT, GROUP_CONCAT, STRUUID and
	// the other functions build) and by aggregate state. A string function
	// is also refused before it runs when its result could pass what is
	// left of the budget. Sizes are estimates of Go's memory use, not
	// exact accounting.
	MaxMemoryBytes int64
}
