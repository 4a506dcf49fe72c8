package store

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"
)

// TestKVToBuffer: the hand-written encoding is byte for byte Badger's.
func TestKVToBuffer(t *testing.T) {
	long := []byte(strings.Repeat("k", 300))
	tests := []*pb.KV{
		{Key: []byte{1, 2, 3}, Version: 1, StreamId: 4},
		{Key: []byte("key"), Value: []byte("value"), Version: 1, StreamId: 200},
		{Key: long, Value: long, Version: 1 << 40, StreamId: 1 << 31},
		{StreamId: 7, StreamDone: true},
		{Key: []byte("k")},
		{},
	}
	for i, kv := range tests {
		want := z.NewBuffer(1<<10, "test")
		got := z.NewBuffer(1<<10, "test")
		badger.KVToBuffer(kv, want)
		kvToBuffer(got, kv.Key, kv.Value, kv.Version, kv.StreamId, kv.StreamDone)
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%d: got %x, want %x", i, got.Bytes(), want.Bytes())
		}
		want.Release()
		got.Release()
	}
}
