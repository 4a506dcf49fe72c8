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
	"YEAR":     {1, 1, dateField(true, func(d dateTime) rdf.Term { return intNumber(d.year).term() })},
	"MONTH":    {1, 1, dateField(true, func(d dateTime) rdf.Term { return intNumber(int64(d.month)).term() })},
	"DAY":      {1, 1, dateField(true, func(d dateTime) rdf.Term { return intNumber(int64(d.day)).term() })},
	"HOURS":    {1, 1, dateField(false, func(d dateTime) rdf.Term { return intNumber(int64(d.hour)).term() })},
	"MINUTES":  {1, 1, dateField(false, func(d dateTime) rdf.Term { return intNumber(int64(d.minute)).term() })},
	"SECONDS":  {1, 1, dateField(false, dateTime.secondsDecimal)},
	"TZ":       {1, 1, dateField(true, func(d dateTime) rdf.Term { return rdf.String(d.tzLex) })},
	"TIMEZONE": {1, 1, fnTimezone},
}

func dateField(allowDate bool, f func(dateTime) rdf.Term) func(*FuncContext, []rdf.Term) (rdf.Term, error) {
	return func(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
		d, err := dateTimeArg(a[0], allowDate)
		if err != nil {
			return rdf.Term{}, err
		}
		return f(d), nil
	}
}

func fnTimezone(_ *FuncContext, a []rdf.Term) (rdf.Term, error) {
	d, err := dateTimeArg(a[0], true)
	if err != nil {
		return rdf.Term{}, err
	}
	if !d.hasTZ {
		return rdf.Term{}, typeErrorf("no time zone in %s", a[0])
	}
	return d.timezoneDuration(), nil
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
