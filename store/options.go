package store

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// Profile picks Badger's memory budget.
type Profile uint8

// Memory profiles. ProfileSmall (the default) keeps a store under a few
// hundred MiB even while loading millions of quads (its block cache, 128
// MiB, fills only as queries read: 32 MiB made index seeks and term
// lookups decompress the same blocks again on a 1M-triple store, about
// twice the CPU of seek-bound queries); ProfileLarge uses
// Badger's own defaults plus a bounded index cache and is faster on big
// machines. Numbers are in design/deps.md §3.
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
	// BlockCacheSize, in bytes, bounds Badger's cache of decompressed
	// index and dictionary blocks; 0 keeps the profile's size (128 MiB
	// with ProfileSmall, Badger's 256 MiB with ProfileLarge). Once a
	// store's keys outgrow it, index seeks and term lookups decompress
	// the same blocks again (on the 5M-triple store, 440 MB on disk,
	// about a third of a seek-bound query's CPU): a larger cache trades
	// resident memory for that, and the blocks are charged to the
	// process's RSS as they are read.
	BlockCacheSize int64
	// Logger receives Badger's messages; nil keeps the store silent.
	Logger *slog.Logger
}

// DefaultOptions returns the options ruche uses unless told otherwise.
func DefaultOptions() Options {
	// 1<<20 entries per dictionary cache: a query reading a few hundred
	// thousand distinct terms of a 5M-triple store (a join's output)
	// thrashed a cache of 1<<18 and spent half its CPU in dictionary
	// reads; the caches fill only as terms are read (the 5m store served
	// the wide benchmark in 600 MiB either way).
	return Options{Profile: ProfileSmall, CacheSize: 1 << 20}
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
	switch o.Profile {
	case ProfileLarge:
		bo = bo.WithIndexCacheSize(256 << 20)
	default:
		bo = bo.WithMemTableSize(16 << 20).WithNumMemtables(2).
			WithBlockCacheSize(128 << 20).WithIndexCacheSize(16 << 20).
			WithNumCompactors(2).WithNumLevelZeroTables(2).
			WithValueLogFileSize(64 << 20)
	}
	if o.BlockCacheSize > 0 {
		bo = bo.WithBlockCacheSize(o.BlockCacheSize)
	}
	// Tables of 8 MiB at every level. Badger's default (2 MiB, doubling per
	// level) makes the StreamWriter of BulkLoad build 64 MiB tables, and a
	// table builder holds several times its table in memory: measured on
	// the 5M-triple load, 392 MB of the 817 MB live heap.
	bo = bo.WithBaseTableSize(8 << 20)
	bo.TableSizeMultiplier = 1
	return bo
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
