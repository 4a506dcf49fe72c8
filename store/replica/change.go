package replica

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
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
var PublicMetaPrefixes = []string{"gone/", "ldes/", "counter/", store.CommitTimePrefix, "ruche/base", "ruche/seeded"}

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

const changeMagic = "RCHC1"

// Encode returns the change as bytes: a gzip'd binary record (see
// FORMAT in doc.go).
func (c *Change) Encode() ([]byte, error) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	w := &encoder{w: bufio.NewWriter(zw)}
	w.str(changeMagic)
	w.uvarint(c.Version)
	w.varint(timeNanos(c.Time))
	for _, list := range [][]rdf.Quad{c.Public.Added, c.Public.Removed, c.Archive.Added, c.Archive.Removed} {
		w.uvarint(uint64(len(list)))
		for _, q := range list {
			w.quad(q)
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
	for _, list := range []*[]rdf.Quad{&c.Public.Added, &c.Public.Removed, &c.Archive.Added, &c.Archive.Removed} {
		n := r.count()
		for range n {
			*list = append(*list, r.quad())
		}
	}
	n := r.count()
	for range n {
		c.Meta = append(c.Meta, r.meta())
	}
	if r.err != nil {
		return nil, fmt.Errorf("replica: change: %w", r.err)
	}
	return c, nil
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
