package store

import (
	"context"
	"slices"
	"testing"

	"github.com/dgraph-io/badger/v4/options"
)

// TestBlockCacheSize: Options.BlockCacheSize reaches Badger; zero keeps no
// block cache, since tables are written uncompressed.
func TestBlockCacheSize(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want int64
	}{
		{"small profile default", DefaultOptions(), 0},
		{"small profile, 512 MiB", Options{BlockCacheSize: 512 << 20}, 512 << 20},
		{"large profile default", Options{Profile: ProfileLarge}, 0},
		{"large profile, 64 MiB", Options{Profile: ProfileLarge, BlockCacheSize: 64 << 20}, 64 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bo := tt.opts.badger(t.TempDir())
			if bo.BlockCacheSize != tt.want {
				t.Fatalf("block cache %d, want %d", bo.BlockCacheSize, tt.want)
			}
			if bo.Compression != options.None {
				t.Fatalf("tables compressed with %v", bo.Compression)
			}
		})
	}
}

// TestCompressedFolderGetsBlockCache: a folder written uncompressed opens
// without a block cache; one holding Snappy tables (written by an older
// ruche) opens with compressedBlockCache and reads the same quads.
func TestCompressedFolderGetsBlockCache(t *testing.T) {
	quads := genQuads(20_000)
	for _, tt := range []struct {
		name      string
		snappy    bool
		wantCache int64
	}{
		{"uncompressed tables", false, 0},
		{"snappy tables", true, compressedBlockCache},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			o := DefaultOptions()
			o.snappyTables = tt.snappy
			s, err := Open(dir, o)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.BulkLoad(context.Background(), pushAll(quads, -1), LoadOptions{}); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s = openDir(t, dir)
			defer s.Close()
			if got := hasCompressedTables(s.db); got != tt.snappy {
				t.Fatalf("hasCompressedTables = %v, want %v", got, tt.snappy)
			}
			if got := s.db.Opts().BlockCacheSize; got != tt.wantCache {
				t.Fatalf("block cache %d, want %d", got, tt.wantCache)
			}
			snap := s.Snapshot()
			defer snap.Close()
			all := Pattern{AnyGraph: true}
			if got, want := collect(t, snap, all), naive(quads, all); !slices.Equal(got, want) {
				t.Fatalf("%d quads read back, want %d", len(got), len(want))
			}
		})
	}
}
