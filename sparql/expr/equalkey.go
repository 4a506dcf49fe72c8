package expr

import (
	"encoding/binary"
	"math"
	"strings"

	"github.com/ruche-lod/ruche/store/rdf"
)

// AppendEqualKey appends to dst a key of t's value under the = operator,
// and true: when [Equal](a, b) is true and both have a key, the keys are
// the same (the converse need not hold). Hashing rows on the keys of the
// two sides of an equality finds every pair the operator accepts that way,
// and a join then tests each with the operator itself. It returns false
// for an xsd:float, which equals numbers of other types only after their
// rounding to float precision: such a term must be compared with every
// term of the other side. sameTerm accepts only equal terms, which have
// the same key.
//
// Numerics are keyed by their value as a float64 (equal values round to
// the same float64, whatever their types and lexical forms), date/times by
// their instant, booleans by their value, language-tagged strings by their
// text and lower-cased tag; any other term by itself.
func AppendEqualKey(dst []byte, t rdf.Term) ([]byte, bool) {
	if t.Kind != rdf.KindLiteral {
		dst = append(dst, 'r', byte(t.Kind))
		return append(dst, t.Value...), true
	}
	v := classify(t)
	switch v.class {
	case classNumeric:
		if v.num.kind == numFloat {
			return dst, false
		}
		f := v.num.float()
		if f == 0 {
			f = 0 // -0 = +0
		}
		return binary.BigEndian.AppendUint64(append(dst, 'n'), math.Float64bits(f)), true
	case classString:
		return append(append(dst, 's'), t.Value...), true
	case classBoolean:
		if v.b {
			return append(dst, 'b', 1), true
		}
		return append(dst, 'b', 0), true
	case classDateTime, classDate:
		// Values with and without a time zone are never equal (an
		// overlap is indeterminate): the instant alone is the key.
		dst = append(dst, 'd', byte(v.class))
		dst = binary.BigEndian.AppendUint64(dst, uint64(v.dt.instant))
		return binary.BigEndian.AppendUint64(dst, uint64(v.dt.nanos)), true
	case classLang:
		dst = append(append(dst, 'l'), strings.ToLower(t.Lang)...)
		return append(append(dst, 0), t.Value...), true
	}
	// An unknown datatype or an invalid lexical form: equal only to the
	// same term.
	dst = append(append(dst, 't'), t.Datatype...)
	dst = append(append(dst, 0), t.Lang...)
	return append(append(dst, 0), t.Value...), true
}
