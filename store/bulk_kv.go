package store

import (
	"encoding/binary"
	"math/bits"

	"github.com/dgraph-io/ristretto/v2/z"
)

// kvToBuffer appends to buf the entry badger.KVToBuffer would append for a
// pb.KV holding key, value, version, stream and done, without going
// through the reflection-based protobuf marshaller (which cost a sixth of a
// bulk load's CPU). The bytes are the protobuf wire encoding of those
// fields in field-number order, empty fields left out, as proto.Marshal
// writes them.
func kvToBuffer(buf *z.Buffer, key, value []byte, version uint64, stream uint32, done bool) {
	n := 0
	if len(key) > 0 {
		n += 1 + uvarintLen(uint64(len(key))) + len(key)
	}
	if len(value) > 0 {
		n += 1 + uvarintLen(uint64(len(value))) + len(value)
	}
	if version != 0 {
		n += 1 + uvarintLen(version)
	}
	if stream != 0 {
		n += 1 + uvarintLen(uint64(stream))
	}
	if done {
		n += 2
	}
	b := buf.SliceAllocate(n)[:0]
	if len(key) > 0 {
		b = append(b, 1<<3|2) // field 1 (key), length-delimited
		b = binary.AppendUvarint(b, uint64(len(key)))
		b = append(b, key...)
	}
	if len(value) > 0 {
		b = append(b, 2<<3|2) // field 2 (value)
		b = binary.AppendUvarint(b, uint64(len(value)))
		b = append(b, value...)
	}
	if version != 0 {
		b = append(b, 4<<3) // field 4 (version), varint
		b = binary.AppendUvarint(b, version)
	}
	if stream != 0 {
		b = append(b, 10<<3) // field 10 (stream_id)
		b = binary.AppendUvarint(b, uint64(stream))
	}
	if done {
		b = append(b, 11<<3, 1) // field 11 (stream_done)
	}
	_ = b
}

// uvarintLen is the length of the varint encoding of v.
func uvarintLen(v uint64) int {
	return (bits.Len64(v|1) + 6) / 7
}
