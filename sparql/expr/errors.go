package expr

import (
	"errors"
	"fmt"
)

// ErrType is the SPARQL type error. Every error returned by this package
// wraps it, so callers test with errors.Is(err, ErrType).
var ErrType = errors.New("type error")

// typeErrorf returns an error wrapping ErrType with a message.
func typeErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrType, fmt.Sprintf(format, args...))
}
