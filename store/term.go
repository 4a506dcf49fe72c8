package store

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/ruche-lod/ruche/store/rdf"
)

// Term encodings in the dictionary. The first byte tells the shape; lexical
// forms, labels and IRIs follow byte for byte.
const (
	encIRI       byte = 'I' // 'I' iri
	encBlank     byte = 'B' // 'B' label
	encString    byte = 'S' // 'S' lexical                       (xsd:string)
	encLangStr   byte = 'G' // 'G' uvarint(len lang) lang lexical (rdf:langString)
	encTyped     byte = 'L' // 'L' uvarint(len dt) dt lexical
	encLangTyped byte = 'X' // 'X' uvarint(len dt) dt uvarint(len lang) lang lexical (any other mix)
)

// maxInlineTermKey is the longest term encoding stored as a term->id key
// itself; longer ones are keyed by a hash (Badger caps keys at 65,000 bytes,
// and long keys slow every table).
const maxInlineTermKey = 512

var errEmptyTerm = errors.New("store: empty term (the zero rdf.Term names the default graph and is only valid in the graph position)")

// appendTermEncoding appends the dictionary encoding of t.
func appendTermEncoding(dst []byte, t rdf.Term) ([]byte, error) {
	switch t.Kind {
	case rdf.KindIRI:
		dst = append(dst, encIRI)
		return append(dst, t.Value...), nil
	case rdf.KindBlank:
		dst = append(dst, encBlank)
		return append(dst, t.Value...), nil
	case rdf.KindLiteral:
		switch {
		case t.Lang == "" && t.Datatype == rdf.XSDString:
			dst = append(dst, encString)
		case t.Lang != "" && t.Datatype == rdf.RDFLangString:
			dst = append(dst, encLangStr)
			dst = binary.AppendUvarint(dst, uint64(len(t.Lang)))
			dst = append(dst, t.Lang...)
		case t.Lang == "":
			dst = append(dst, encTyped)
			dst = binary.AppendUvarint(dst, uint64(len(t.Datatype)))
			dst = append(dst, t.Datatype...)
		default:
			dst = append(dst, encLangTyped)
			dst = binary.AppendUvarint(dst, uint64(len(t.Datatype)))
			dst = append(dst, t.Datatype...)
			dst = binary.AppendUvarint(dst, uint64(len(t.Lang)))
			dst = append(dst, t.Lang...)
		}
		return append(dst, t.Value...), nil
	case rdf.KindNone:
		return dst, errEmptyTerm
	}
	return dst, fmt.Errorf("store: unknown term kind %d", t.Kind)
}

// decodeTerm is the inverse of appendTermEncoding.
func decodeTerm(b []byte) (rdf.Term, error) {
	if len(b) == 0 {
		return rdf.Term{}, errors.New("store: empty term encoding")
	}
	rest := b[1:]
	readBytes := func() ([]byte, bool) {
		n, w := binary.Uvarint(rest)
		if w <= 0 || n > uint64(len(rest)-w) {
			return nil, false
		}
		s := rest[w : w+int(n)]
		rest = rest[w+int(n):]
		return s, true
	}
	readStr := func() (string, bool) {
		s, ok := readBytes()
		return string(s), ok
	}
	switch b[0] {
	case encIRI:
		return rdf.Term{Kind: rdf.KindIRI, Value: string(rest)}, nil
	case encBlank:
		return rdf.Term{Kind: rdf.KindBlank, Value: string(rest)}, nil
	case encString:
		return rdf.Term{Kind: rdf.KindLiteral, Value: string(rest), Datatype: rdf.XSDString}, nil
	case encLangStr:
		lang, ok := readStr()
		if ok {
			return rdf.Term{Kind: rdf.KindLiteral, Value: string(rest), Datatype: rdf.RDFLangString, Lang: lang}, nil
		}
	case encTyped:
		dt, ok := readBytes()
		if ok {
			return rdf.Term{Kind: rdf.KindLiteral, Value: string(rest), Datatype: commonDatatype(dt)}, nil
		}
	case encLangTyped:
		dt, ok := readStr()
		if ok {
			lang, ok := readStr()
			if ok {
				return rdf.Term{Kind: rdf.KindLiteral, Value: string(rest), Datatype: dt, Lang: lang}, nil
			}
		}
	}
	return rdf.Term{}, fmt.Errorf("store: corrupt term encoding %q", truncate(b, 40))
}

// commonDatatypes are the datatype IRIs most literals carry: a decoded
// literal shares their one string instead of holding a copy (one
// allocation fewer per literal read, and equal strings compare by pointer).
var commonDatatypes = map[string]string{}

func init() {
	for _, dt := range []string{rdf.XSDInteger, rdf.XSDDecimal, rdf.XSDDouble, rdf.XSDFloat, rdf.XSDBoolean,
		rdf.XSDDate, rdf.XSDDateTime, rdf.XSDNS + "gYear", rdf.XSDNS + "anyURI", rdf.XSDNS + "duration",
		rdf.XSDNS + "nonNegativeInteger", rdf.XSDNS + "positiveInteger", rdf.XSDNS + "time"} {
		commonDatatypes[dt] = dt
	}
}

// commonDatatype returns dt as a string, shared when it is a common one.
func commonDatatype(dt []byte) string {
	if c, ok := commonDatatypes[string(dt)]; ok {
		return c
	}
	return string(dt)
}

func truncate(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// termKey returns the term->id key of an encoded term.
func termKey(enc []byte) []byte {
	if len(enc) <= maxInlineTermKey {
		k := make([]byte, 0, 1+len(enc))
		k = append(k, prefixTermID)
		return append(k, enc...)
	}
	sum := sha256.Sum256(enc)
	k := make([]byte, 0, 17)
	k = append(k, prefixTermHash)
	return append(k, sum[:16]...)
}
