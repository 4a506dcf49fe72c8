package store

import (
	"encoding/binary"
	"fmt"
)

// Key prefixes. Every key of a ruche store starts with one of these bytes;
// FORMAT.md describes the layout in full.
const (
	prefixSystem   byte = 0x00 // format version, data version, id lease
	prefixIDTerm   byte = 0x01 // id -> term
	prefixTermID   byte = 0x02 // encoded term -> id (encodings up to maxInlineTermKey bytes)
	prefixTermHash byte = 0x03 // sha256(encoded term)[:16] -> id (longer encodings)
	prefixMeta     byte = 0x04 // application meta key -> value
	prefixStats    byte = 0x05 // space + statistics record -> counters
	prefixIndex    byte = 0x10 // 0x10 + space<<3 + index: quad index keys
)

// System keys.
var (
	keyFormat  = []byte{prefixSystem, 'f'}
	keyVersion = []byte{prefixSystem, 'v'}
	keyIDLease = []byte{prefixSystem, 'i'}
)

// Space is a separate quad keyspace of the same store. Scans never mix
// spaces: each has its own six indexes and its own statistics.
type Space uint8

// The quad spaces.
const (
	Public  Space = iota // the published dataset: what SPARQL, dumps and pages see
	Private              // persons and consents: only code that asks for it explicitly sees it
	Archive              // event-stream version snapshots: outside the SPARQL dataset
	numSpaces
)

func (sp Space) String() string {
	switch sp {
	case Public:
		return "public"
	case Private:
		return "private"
	case Archive:
		return "archive"
	}
	return fmt.Sprintf("space(%d)", uint8(sp))
}

func (sp Space) valid() bool { return sp < numSpaces }

// Position of a term in a quad, used to describe index orders.
const (
	posS = iota
	posP
	posO
	posG
)

// index is one of the six permutations kept per space.
type index uint8

const (
	idxSPOG index = iota
	idxPOSG
	idxOSPG
	idxGSPO
	idxGPOS
	idxGOSP
	numIndexes
)

// indexOrder lists, for each index, the quad positions in key order.
var indexOrder = [numIndexes][4]int{
	idxSPOG: {posS, posP, posO, posG},
	idxPOSG: {posP, posO, posS, posG},
	idxOSPG: {posO, posS, posP, posG},
	idxGSPO: {posG, posS, posP, posO},
	idxGPOS: {posG, posP, posO, posS},
	idxGOSP: {posG, posO, posS, posP},
}

var indexNames = [numIndexes]string{"SPOG", "POSG", "OSPG", "GSPO", "GPOS", "GOSP"}

func (ix index) String() string {
	if ix < numIndexes {
		return indexNames[ix]
	}
	return fmt.Sprintf("index(%d)", uint8(ix))
}

// indexKeyLen is the length of an index key: prefix byte and four ids.
const indexKeyLen = 1 + 4*8

func indexPrefixByte(sp Space, ix index) byte { return prefixIndex + byte(sp)<<3 + byte(ix) }

func (q IDQuad) at(pos int) ID {
	switch pos {
	case posS:
		return q.S
	case posP:
		return q.P
	case posO:
		return q.O
	}
	return q.G
}

func (q *IDQuad) set(pos int, id ID) {
	switch pos {
	case posS:
		q.S = id
	case posP:
		q.P = id
	case posO:
		q.O = id
	default:
		q.G = id
	}
}

// appendIndexKey appends the key of q in index ix of space sp.
func appendIndexKey(dst []byte, sp Space, ix index, q IDQuad) []byte {
	dst = append(dst, indexPrefixByte(sp, ix))
	for _, pos := range indexOrder[ix] {
		dst = binary.BigEndian.AppendUint64(dst, uint64(q.at(pos)))
	}
	return dst
}

// decodeIndexKey reads back the quad of an index key of index ix.
func decodeIndexKey(ix index, key []byte) (IDQuad, bool) {
	var q IDQuad
	if len(key) != indexKeyLen {
		return q, false
	}
	for i, pos := range indexOrder[ix] {
		q.set(pos, ID(binary.BigEndian.Uint64(key[1+8*i:])))
	}
	return q, true
}

// chooseIndex returns the index whose key order starts with exactly the
// bound positions of pat, and how many leading positions are bound, so that
// the pattern is answered by one prefix scan. When G is unbound the index is
// one of the G-last ones (SPOG, POSG, OSPG), so quads that differ only by
// graph are adjacent in the scan.
func chooseIndex(pat IDQuad) (index, int) {
	s, p, o, g := pat.S != AnyID, pat.P != AnyID, pat.O != AnyID, pat.G != AnyID
	n := 0
	for _, b := range [4]bool{s, p, o, g} {
		if b {
			n++
		}
	}
	if !g || n == 4 {
		switch {
		case s && o && !p:
			return idxOSPG, n
		case p && !s:
			return idxPOSG, n
		case o && !s && !p:
			return idxOSPG, n
		default:
			return idxSPOG, n
		}
	}
	switch {
	case p && !s:
		return idxGPOS, n
	case o && !p:
		return idxGOSP, n
	default:
		return idxGSPO, n
	}
}

// appendScanPrefix appends to dst the key prefix answering pat in space
// sp, and returns the index it scans.
func appendScanPrefix(dst []byte, sp Space, pat IDQuad) (index, []byte) {
	ix, n := chooseIndex(pat)
	return ix, appendIndexPrefix(dst, sp, ix, n, pat)
}

// appendIndexPrefix appends to dst the key prefix of index ix in space sp
// holding pat's ids at the first n positions of the index's order.
func appendIndexPrefix(dst []byte, sp Space, ix index, n int, pat IDQuad) []byte {
	dst = append(dst, indexPrefixByte(sp, ix))
	for _, pos := range indexOrder[ix][:n] {
		dst = binary.BigEndian.AppendUint64(dst, uint64(pat.at(pos)))
	}
	return dst
}

func idKey(id ID) []byte { return appendIDKey(make([]byte, 0, 9), id) }

// appendIDKey appends the id -> term key of id to dst.
func appendIDKey(dst []byte, id ID) []byte {
	return binary.BigEndian.AppendUint64(append(dst, prefixIDTerm), uint64(id))
}

func metaKey(key string) []byte {
	k := make([]byte, 0, 1+len(key))
	k = append(k, prefixMeta)
	return append(k, key...)
}

// Statistics records, per space: the totals, one record per predicate, one
// per graph.
const (
	statTotal     byte = 't'
	statPredicate byte = 'p'
	statGraph     byte = 'g'
)

func statsKey(sp Space, kind byte, id ID) []byte {
	k := []byte{prefixStats, byte(sp), kind}
	if kind != statTotal {
		k = binary.BigEndian.AppendUint64(k, uint64(id))
	}
	return k
}
