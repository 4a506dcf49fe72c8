package eval

import (
	"errors"
	"fmt"
)

// LimitError reports that a query exceeded one of its [Limits]. Limit is
// "memory" (rows held by sorts, groups, DISTINCT, hash joins and paths) or
// "results" (rows returned).
type LimitError struct {
	Limit string
	Max   int64
}

func (e *LimitError) Error() string {
	switch e.Limit {
	case "results":
		return fmt.Sprintf("sparql: query result exceeds the limit of %d rows", e.Max)
	case "memory":
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
}
