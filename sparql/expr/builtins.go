package expr

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"hash"

	"github.com/ruche-lod/ruche/store/rdf"
)

// numericFuncs are the functions on numerics (SPARQL 17.4.4).
var numericFuncs = map[string]function{
	"ABS":   {1, 1, roundFunc(modeAbs)},
	"CEIL":  {1, 1, roundFunc(modeCeil)},
	"FLOOR": {1, 1, roundFunc(modeFloor)},
	"ROUND": {1, 1, roundFunc(modeRound)},
}

func roundFunc(mode roundMode) func(*FuncContext, []rdf.Term) (rdf.Term, error) {
	return func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
		n, err := numericArg(a[0])
		if err != nil {
			return rdf.Term{}, err
		}
		return roundNumber(n, mode).term(), nil
	}
}

// dateFuncs are the functions on dates and times (SPARQL 17.4.5). YEAR,
// MONTH, DAY, TIMEZONE and TZ also accept an xsd:date.
var dateFuncs = map[string]function{
	"YEAR":     {1, 1, dateField(fieldYear)},
	"MONTH":    {1, 1, dateField(fieldMonth)},
	"DAY":      {1, 1, dateField(fieldDay)},
	"HOURS":    {1, 1, dateField(fieldHours)},
	"MINUTES":  {1, 1, dateField(fieldMinutes)},
	"SECONDS":  {1, 1, dateField(fieldSeconds)},
	"TZ":       {1, 1, dateField(fieldTZ)},
	"TIMEZONE": {1, 1, dateField(fieldTimezone)},
}

// dateFieldKind selects the part of a date/time a function returns.
type dateFieldKind uint8

const (
	fieldYear dateFieldKind = iota
	fieldMonth
	fieldDay
	fieldTZ
	fieldTimezone
	// The fields below exist on xsd:dateTime only.
	fieldHours
	fieldMinutes
	fieldSeconds
)

// dateField returns the function giving one field of its argument. The
// value is parsed on the stack: a switch, not a function value, picks the
// field, so that nothing escapes.
func dateField(field dateFieldKind) func(*FuncContext, []rdf.Term) (rdf.Term, error) {
	return func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
		var d dateTime
		if err := dateTimeArg(&d, a[0], field < fieldHours); err != nil {
			return rdf.Term{}, err
		}
		switch field {
		case fieldYear:
			return intNumber(d.year).term(), nil
		case fieldMonth:
			return intNumber(int64(d.month)).term(), nil
		case fieldDay:
			return intNumber(int64(d.day)).term(), nil
		case fieldHours:
			return intNumber(int64(d.hour)).term(), nil
		case fieldMinutes:
			return intNumber(int64(d.minute)).term(), nil
		case fieldSeconds:
			return d.secondsDecimal(), nil
		case fieldTZ:
			return rdf.String(d.tzLex), nil
		}
		if !d.hasTZ {
			return rdf.Term{}, typeErrorf("no time zone in %s", a[0])
		}
		return d.timezoneDuration(), nil
	}
}

// hashFuncs are the hash functions (SPARQL 17.4.6): the argument is a simple
// literal or xsd:string, the result the lower-case hex digest of its UTF-8.
var hashFuncs = map[string]function{
	"MD5":    {1, 1, hashFunc(md5.New)},
	"SHA1":   {1, 1, hashFunc(sha1.New)},
	"SHA256": {1, 1, hashFunc(sha256.New)},
	"SHA384": {1, 1, hashFunc(sha512.New384)},
	"SHA512": {1, 1, hashFunc(sha512.New)},
}

func hashFunc(newHash func() hash.Hash) func(*FuncContext, []rdf.Term) (rdf.Term, error) {
	return func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
		if !isSimple(a[0]) {
			return rdf.Term{}, typeErrorf("not a simple literal or xsd:string: %s", a[0])
		}
		h := newHash()
		h.Write([]byte(a[0].Value))
		return rdf.String(hex.EncodeToString(h.Sum(nil))), nil
	}
}
