package replica

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/ruche-lod/ruche/store"
	"github.com/ruche-lod/ruche/store/rdf"
)

// PublicMetaPrefixes are the meta keys that leave the primary: withdrawn
// IRIs (gone/), the event stream's bookkeeping (ldes/), the counters of
// minted IRIs (counter/), commit times (commit/) and the folder's base and
// seed date (ruche/). Every other key (tokens, audit, anything added later)
// stays on the primary: the list is an allowlist.
var PublicMetaPrefixes = []string{"gone/", "ldes/", "counter/", store.CommitTimePrefix, store.OwnGraphPrefix, "ruche/base", "ruche/seeded"}

// PublicMeta reports whether a meta key is published.
func PublicMeta(key string) bool {
	for _, p := range PublicMetaPrefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// PublicSpaces are the quad spaces that leave the primary: Public and
// Archive (the event stream's versions, made of public quads only).
var PublicSpaces = []store.Space{store.Public, store.Archive}

// Filter is the commit filter of the publisher: public spaces and public
// meta only.
func Filter() store.CommitFilter {
	return store.CommitFilter{Spaces: PublicSpaces, Meta: PublicMeta}
}

// Change is what one committed transaction changed in the public state:
// one message of the stream.
type Change struct {
	Version uint64
	Time    time.Time // commit time on the primary (zero if not stamped)
	Public  store.QuadChanges
	Archive store.QuadChanges
	Meta    []store.MetaChange
}

// FromCommit keeps the public part of a commit (whatever the observer's
// filter let through, filtered again here).
func FromCommit(c *store.Commit) *Change {
	ch := &Change{Version: c.Version, Time: c.Time, Public: c.Quads[store.Public], Archive: c.Quads[store.Archive]}
	for _, m := range c.Meta {
		if PublicMeta(m.Key) {
			ch.Meta = append(ch.Meta, m)
		}
	}
	return ch
}

// Quads is the number of quad changes.
func (c *Change) Quads() int {
	return len(c.Public.Added) + len(c.Public.Removed) + len(c.Archive.Added) + len(c.Archive.Removed)
}

const changeMagic = "RCHC2"

// terms is the term table of a change: every id its quads use (but the
// default graph's), with its term.
func (c *Change) terms() (map[store.ID]rdf.Term, error) {
	out := map[store.ID]rdf.Term{}
	for _, qc := range []store.QuadChanges{c.Public, c.Archive} {
		for _, x := range []struct {
			q  []rdf.Quad
			id []store.IDQuad
		}{{qc.Added, qc.AddedIDs}, {qc.Removed, qc.RemovedIDs}} {
			if len(x.q) != len(x.id) {
				return nil, errors.New("replica: change without term ids")
			}
			for i, iq := range x.id {
				q := x.q[i]
				for _, p := range []struct {
					id store.ID
					t  rdf.Term
				}{{iq.S, q.S}, {iq.P, q.P}, {iq.O, q.O}, {iq.G, q.G}} {
					if p.id == store.DefaultGraphID {
						continue
					}
					if have, ok := out[p.id]; ok && have != p.t {
						return nil, fmt.Errorf("replica: id %d names two terms", p.id)
					}
					out[p.id] = p.t
				}
			}
		}
	}
	return out, nil
}

// Encode returns the change as bytes: a gzip'd binary record (see
// FORMAT in doc.go).
func (c *Change) Encode() ([]byte, error) {
	terms, err := c.terms()
	if err != nil {
		return nil, err
	}
	ids := make([]store.ID, 0, len(terms))
	for id := range terms {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	w := &encoder{w: bufio.NewWriter(zw)}
	w.str(changeMagic)
	w.uvarint(c.Version)
	w.varint(timeNanos(c.Time))
	w.uvarint(uint64(len(ids)))
	for _, id := range ids {
		w.uvarint(uint64(id))
		w.term(terms[id])
	}
	for _, list := range [][]store.IDQuad{c.Public.AddedIDs, c.Public.RemovedIDs, c.Archive.AddedIDs, c.Archive.RemovedIDs} {
		w.uvarint(uint64(len(list)))
		for _, q := range list {
			w.idQuad(q)
		}
	}
	w.uvarint(uint64(len(c.Meta)))
	for _, m := range c.Meta {
		w.meta(m)
	}
	if err := w.flush(); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// DecodeChange reads a change written by Encode.
func DecodeChange(b []byte) (*Change, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("replica: change: %w", err)
	}
	r := &decoder{r: bufio.NewReader(zr)}
	if m := r.str(); m != changeMagic && r.err == nil {
		return nil, fmt.Errorf("replica: change: unknown format %q", m)
	}
	c := &Change{Version: r.uvarint()}
	c.Time = nanosTime(r.varint())
	terms := map[store.ID]rdf.Term{}
	n := r.count()
	for range n {
		id := store.ID(r.uvarint())
		t := r.term()
		if r.err == nil && (id <= store.DefaultGraphID || t.IsZero()) {
			r.fail(fmt.Errorf("bad term definition %d", id))
		}
		terms[id] = t
	}
	for _, x := range []struct {
		q  *[]rdf.Quad
		id *[]store.IDQuad
	}{{&c.Public.Added, &c.Public.AddedIDs}, {&c.Public.Removed, &c.Public.RemovedIDs}, {&c.Archive.Added, &c.Archive.AddedIDs}, {&c.Archive.Removed, &c.Archive.RemovedIDs}} {
		n := r.count()
		for range n {
			iq := r.idQuad()
			q, ok := quadOf(iq, terms)
			if !ok && r.err == nil {
				r.fail(fmt.Errorf("quad %v uses an undefined id", iq))
			}
			*x.id = append(*x.id, iq)
			*x.q = append(*x.q, q)
		}
	}
	n = r.count()
	for range n {
		c.Meta = append(c.Meta, r.meta())
	}
	if r.err != nil {
		return nil, fmt.Errorf("replica: change: %w", r.err)
	}
	return c, nil
}

// quadOf resolves an id quad through a term table.
func quadOf(iq store.IDQuad, terms map[store.ID]rdf.Term) (rdf.Quad, bool) {
	var q rdf.Quad
	ok := true
	for _, p := range []struct {
		id  store.ID
		dst *rdf.Term
		pos int
	}{{iq.S, &q.S, 0}, {iq.P, &q.P, 1}, {iq.O, &q.O, 2}, {iq.G, &q.G, 3}} {
		if p.id == store.DefaultGraphID && p.pos == 3 {
			continue
		}
		t, found := terms[p.id]
		ok = ok && found
		*p.dst = t
	}
	return q, ok
}

func timeNanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

func nanosTime(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// encoder writes the binary record format: unsigned varints, strings as a
// length and bytes, terms as a kind byte and their strings.
type encoder struct {
	w   *bufio.Writer
	err error
	tmp [binary.MaxVarintLen64]byte
}

func (e *encoder) write(b []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(b)
	}
}

func (e *encoder) uvarint(v uint64) { e.write(binary.AppendUvarint(e.tmp[:0], v)) }
func (e *encoder) varint(v int64)   { e.write(binary.AppendVarint(e.tmp[:0], v)) }
func (e *encoder) byte1(b byte)     { e.write([]byte{b}) }

func (e *encoder) str(s string) {
	e.uvarint(uint64(len(s)))
	if e.err == nil {
		_, e.err = e.w.WriteString(s)
	}
}

func (e *encoder) bytes(b []byte) {
	e.uvarint(uint64(len(b)))
	e.write(b)
}

func (e *encoder) term(t rdf.Term) {
	e.byte1(byte(t.Kind))
	switch t.Kind {
	case rdf.KindIRI, rdf.KindBlank:
		e.str(t.Value)
	case rdf.KindLiteral:
		e.str(t.Value)
		e.str(t.Datatype)
		e.str(t.Lang)
	}
}

func (e *encoder) quad(q rdf.Quad) {
	e.term(q.S)
	e.term(q.P)
	e.term(q.O)
	e.term(q.G)
}

func (e *encoder) idQuad(q store.IDQuad) {
	e.uvarint(uint64(q.S))
	e.uvarint(uint64(q.P))
	e.uvarint(uint64(q.O))
	e.uvarint(uint64(q.G))
}

func (e *encoder) meta(m store.MetaChange) {
	e.str(m.Key)
	if m.Deleted {
		e.byte1(1)
		return
	}
	e.byte1(0)
	e.bytes(m.Value)
}

func (e *encoder) flush() error {
	if e.err != nil {
		return e.err
	}
	return e.w.Flush()
}

// maxField bounds one string or count read from the wire, so that a
// corrupt record cannot make the decoder allocate without limit.
const maxField = 64 << 20

type decoder struct {
	r   *bufio.Reader
	err error
}

func (d *decoder) fail(err error) {
	if d.err == nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		d.err = err
	}
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadUvarint(d.r)
	if err != nil {
		d.fail(err)
	}
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, err := binary.ReadVarint(d.r)
	if err != nil {
		d.fail(err)
	}
	return v
}

func (d *decoder) count() int {
	n := d.uvarint()
	if n > maxField {
		d.fail(fmt.Errorf("count %d too large", n))
		return 0
	}
	return int(n)
}

func (d *decoder) byte1() byte {
	if d.err != nil {
		return 0
	}
	b, err := d.r.ReadByte()
	if err != nil {
		d.fail(err)
	}
	return b
}

func (d *decoder) raw() []byte {
	n := d.count()
	if d.err != nil {
		return nil
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(d.r, b); err != nil {
		d.fail(err)
		return nil
	}
	return b
}

func (d *decoder) str() string { return string(d.raw()) }

func (d *decoder) term() rdf.Term {
	k := rdf.Kind(d.byte1())
	switch k {
	case rdf.KindNone:
		return rdf.Term{}
	case rdf.KindIRI, rdf.KindBlank:
		return rdf.Term{Kind: k, Value: d.str()}
	case rdf.KindLiteral:
		return rdf.Term{Kind: k, Value: d.str(), Datatype: d.str(), Lang: d.str()}
	}
	d.fail(fmt.Errorf("unknown term kind %d", k))
	return rdf.Term{}
}

func (d *decoder) quad() rdf.Quad {
	q := rdf.Quad{S: d.term(), P: d.term(), O: d.term(), G: d.term()}
	if d.err == nil && (q.S.IsZero() || q.P.IsZero() || q.O.IsZero()) {
		d.fail(errors.New("quad with an empty position"))
	}
	return q
}

func (d *decoder) idQuad() store.IDQuad {
	return store.IDQuad{S: store.ID(d.uvarint()), P: store.ID(d.uvarint()), O: store.ID(d.uvarint()), G: store.ID(d.uvarint())}
}

func (d *decoder) meta() store.MetaChange {
	m := store.MetaChange{Key: d.str()}
	switch d.byte1() {
	case 0:
		m.Value = d.raw()
	case 1:
		m.Deleted = true
	default:
		d.fail(errors.New("bad meta flag"))
	}
	return m
}
