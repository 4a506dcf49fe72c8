package store

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// Profile picks Badger's memory budget.
type Profile uint8

// Memory profiles.
//
// Tables are written without block compression, so Badger reads index and
// dictionary blocks straight from its memory-mapped files, with no block
// cache: on the 5M-triple store Snappy blocks behind a 128 MiB cache cost a
// decompression on most seeks once the keys outgrew the cache (seek-bound
// queries took 1.4–2.5× the CPU, and grew 7–12× from 1M to 5M triples
// instead of 4–6×), for a folder 2.7× smaller (440 MB against 1.2 GB at 5M
// triples; the files are mapped, so the pages are the kernel's to keep or
// drop). A folder written before keeps its compressed tables until Badger
// rewrites them; [Open] gives it a block cache (compressedBlockCache) when it
// finds one.
//
// ProfileSmall (the default) keeps a store under a few hundred MiB even
// while loading millions of quads (small memtables, a 16 MiB index cache);
// ProfileLarge keeps every table index in a 256 MiB cache and Badger's
// default memtables, for big machines.
const (
	ProfileSmall Profile = iota
	ProfileLarge
)

// Options configure [Open]. Start from [DefaultOptions].
type Options struct {
	// InMemory keeps everything in memory (tests); the directory is ignored.
	InMemory bool
	// ReadOnly opens the folder without writing to it (offline tools); it
	// takes a shared lock, so several read-only processes may run at once,
	// but not alongside a writer. The one exception is a folder left by a
	// crash, which Badger cannot open read-only: when no one holds it, it is
	// first recovered as the next read-write open would (open.go).
	ReadOnly bool
	// SyncWrites makes every commit fsync. Without it an acknowledged write
	// survives a process crash (kill -9) but not a power loss.
	SyncWrites bool
	// Profile is the memory budget of Badger.
	Profile Profile
	// CacheSize bounds the number of entries of each dictionary cache
	// (term to id, id to term).
	CacheSize int
	// BlockCacheSize, in bytes, gives Badger a cache of index and
	// dictionary blocks. 0 (the default) keeps none, since uncompressed
	// blocks are read in place from the mapped tables, unless the folder
	// holds compressed tables written by an older ruche: those get
	// compressedBlockCache.
	BlockCacheSize int64
	// ColumnCacheSize, in bytes, bounds the column cache: predicates held
	// in memory as sorted id rows for the cursors of snapshots
	// (columns.go); 0 turns it off.
	ColumnCacheSize int64
	// Logger receives Badger's messages; nil keeps the store silent.
	Logger *slog.Logger

	snappyTables bool // tests: write tables as ruche did before, Snappy-compressed
}

// DefaultColumnCacheSize is the column cache's default budget: the
// predicates the wide benchmark reads of the 5M-triple store fit in it, and
// a column may hold 5.5M quads (a quarter of it), so that store's space
// columns (across.go) do too.
const DefaultColumnCacheSize = 512 << 20

// DefaultOptions returns the options ruche uses unless told otherwise.
func DefaultOptions() Options {
	// 1<<20 entries per dictionary cache: a query reading a few hundred
	// thousand distinct terms of a 5M-triple store (a join's output)
	// thrashed a cache of 1<<18 and spent half its CPU in dictionary
	// reads; the caches fill only as terms are read (the 5m store served
	// the wide benchmark in 600 MiB either way).
	return Options{Profile: ProfileSmall, CacheSize: 1 << 20, ColumnCacheSize: DefaultColumnCacheSize}
}

func (o Options) badger(dir string) badger.Options {
	var bo badger.Options
	if o.InMemory {
		bo = badger.DefaultOptions("").WithInMemory(true)
	} else {
		bo = badger.DefaultOptions(dir)
	}
	bo = bo.WithSyncWrites(o.SyncWrites).WithReadOnly(o.ReadOnly && !o.InMemory).
		WithLogger(badgerLogger{o.Logger}).WithMetricsEnabled(false).
		WithDetectConflicts(false) // writers are serialised by Store.writeMu
	bo = bo.WithCompression(options.None).WithBlockCacheSize(max(o.BlockCacheSize, 0))
	if o.snappyTables {
		bo = bo.WithCompression(options.Snappy).WithBlockCacheSize(compressedBlockCache)
	}
	switch o.Profile {
	case ProfileLarge:
		bo = bo.WithIndexCacheSize(256 << 20)
	default:
		bo = bo.WithMemTableSize(16 << 20).WithNumMemtables(2).
			WithIndexCacheSize(16 << 20).
			WithNumCompactors(2).WithNumLevelZeroTables(2).
			WithValueLogFileSize(64 << 20)
	}
	// Tables of 8 MiB at every level. Badger's default (2 MiB, doubling per
	// level) makes the StreamWriter of BulkLoad build 64 MiB tables, and a
	// table builder holds several times its table in memory: measured on
	// the 5M-triple load, 392 MB of the 817 MB live heap.
	bo = bo.WithBaseTableSize(8 << 20)
	bo.TableSizeMultiplier = 1
	return bo
}

// compressedBlockCache is the block cache given to a folder that holds
// tables compressed by an older ruche (Snappy, Badger's default): 32 MiB
// made seeks decompress the same blocks again on a 1M-triple store.
const compressedBlockCache = 128 << 20

// hasCompressedTables tells whether some table of db was written with block
// compression: its blocks then take more room uncompressed than on disk.
func hasCompressedTables(db *badger.DB) bool {
	for _, t := range db.Tables() {
		if uint64(t.UncompressedSize) > uint64(t.OnDiskSize) {
			return true
		}
	}
	return false
}

// badgerLogger passes Badger's messages to slog (or drops them).
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) log(level slog.Level, format string, args []any) {
	if b.l == nil || !b.l.Enabled(context.Background(), level) {
		return
	}
	b.l.Log(context.Background(), level, strings.TrimSpace(fmt.Sprintf(format, args...)), "component", "badger")
}

func (b badgerLogger) Errorf(f string, a ...any)   { b.log(slog.LevelError, f, a) }
func (b badgerLogger) Warningf(f string, a ...any) { b.log(slog.LevelWarn, f, a) }
func (b badgerLogger) Infof(f string, a ...any)    { b.log(slog.LevelInfo, f, a) }
func (b badgerLogger) Debugf(f string, a ...any)   { b.log(slog.LevelDebug, f, a) }
