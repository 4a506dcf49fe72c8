package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// Opening a data folder after a crash.
//
// Badger creates a value-log file (NNNNNN.vlog) or a memtable write-ahead log
// (NNNNN.mem) in three steps: open(O_CREATE|O_EXCL), ftruncate to its full
// preallocated size, then write a 20-byte header through mmap
// (logFile.open/bootstrap in badger v4.9.6, z.OpenMmapFileUsing in ristretto).
// Every write-ahead entry and every value pointer goes after that header.
// A process killed between the first two steps leaves a file of 0 bytes.
// The next open finds it among the existing files, opens it without
// O_CREATE, and ristretto, seeing an empty file, grows it and answers
// z.NewFile ("Create a new file"), which valueLog.open and openMemTables
// take for an error: "Open existing file: …vlog err: Create a new file"
// (dgraph-io/badger#2207). Every open is refused, in the only window where
// ruche opens the folder itself: at start, so a crash there kept it down.
//
// What the code shows is right: a .vlog or .mem file of 0 bytes can hold no
// entry (a file that ever held one was preallocated, and Badger only
// shrinks a log to the end of its entries, never below the header), so no
// value pointer, manifest entry or table can refer to it; Badger itself
// deletes value logs holding only a header. ruche therefore removes such
// files before opening, and only while it holds the folder's lock itself
// (the same flock on the directory Badger takes), so a file another live
// process is creating at that instant is never touched. A plain retry would
// not be right: Badger returns from that failed open with its compactors
// and memtable flusher still running and the lock released.
//
// Read-only opens (check, backup, audit, export, stats, query) meet a second
// refusal after a kill -9: the write-ahead log is preallocated and only cut
// to its last entry by a read-write open, so a read-only open says "Log
// truncate required". When the folder is not locked, Open first recovers it
// as the next server would (a read-write open replays and truncates the log,
// then closes), then opens it read-only.

// halfCreated lists the .vlog and .mem files of dir that are 0 bytes long.
func halfCreated(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !(strings.HasSuffix(name, ".vlog") || strings.HasSuffix(name, ".mem")) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			return nil, err
		}
		if info.Size() == 0 {
			out = append(out, filepath.Join(dir, name))
		}
	}
	return out, nil
}

// removeHalfCreated removes the 0-byte logs of dir under the folder's lock.
// A locked folder is left alone (Badger's own open then reports the lock).
func (o Options) removeHalfCreated(dir string) error {
	files, err := halfCreated(dir)
	if err != nil || len(files) == 0 {
		return nil // a missing folder is created by Badger; other errors show there
	}
	unlock, locked, err := lockDir(dir)
	if err != nil {
		return fmt.Errorf("store: open %s: %w", dir, err)
	}
	if locked {
		return nil
	}
	defer unlock()
	if files, err = halfCreated(dir); err != nil {
		return fmt.Errorf("store: open %s: %w", dir, err)
	}
	for _, f := range files {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("store: open %s: remove half-created log: %w", dir, err)
		}
		if o.Logger != nil {
			o.Logger.Warn("removed an empty log file left by a crash during opening", "file", f)
		}
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// needsRecovery reports whether a read-only open failed because the folder
// was left by a crash (a log to truncate, or a half-created log that a
// read-only open cannot grow).
func needsRecovery(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "Log truncate required") || strings.Contains(msg, "Create a new file") ||
		strings.Contains(msg, "error while truncation")
}

// openBadger opens dir's Badger database, recovering it first when a
// read-only open finds a folder left by a crash, and giving it a block
// cache when it holds compressed tables (options.go).
func openBadger(dir string, opts Options) (*badger.DB, error) {
	db, err := openBadgerRecovered(dir, opts)
	if err != nil || opts.BlockCacheSize > 0 || !hasCompressedTables(db) {
		return db, err
	}
	if err := db.Close(); err != nil {
		return nil, fmt.Errorf("store: reopen %s with a block cache: %w", dir, err)
	}
	opts.BlockCacheSize = compressedBlockCache
	return openBadgerRecovered(dir, opts)
}

func openBadgerRecovered(dir string, opts Options) (*badger.DB, error) {
	if opts.InMemory {
		return openBadgerOnce(dir, opts)
	}
	if err := opts.removeHalfCreated(dir); err != nil {
		return nil, err
	}
	db, err := openBadgerOnce(dir, opts)
	if !opts.ReadOnly || !needsRecovery(err) {
		return db, err
	}
	// Recover as the next server would, then open read-only again.
	rw := opts
	rw.ReadOnly = false
	rdb, rerr := openBadgerOnce(dir, rw)
	if rerr != nil {
		return nil, fmt.Errorf("%w (recovering it after a crash: %v)", err, rerr)
	}
	if cerr := rdb.Close(); cerr != nil {
		return nil, fmt.Errorf("store: recover %s after a crash: %w", dir, cerr)
	}
	if opts.Logger != nil {
		opts.Logger.Info("recovered a data folder left by a crash before opening it read-only", "dir", dir)
	}
	return openBadgerOnce(dir, opts)
}

func openBadgerOnce(dir string, opts Options) (db *badger.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("store: open %s: badger panicked: %v", dir, r)
		}
	}()
	db, err = badger.Open(opts.badger(dir))
	if err != nil {
		if strings.Contains(err.Error(), "Cannot acquire directory lock") {
			return nil, fmt.Errorf("store: open %s: %w (is a ruche server or import running on it?)", dir, ErrLocked)
		}
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	return db, nil
}
