package store

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Backup writes a gzip-compressed Badger backup of the whole store (every
// space, meta values, dictionary, statistics) to w. It may run while the
// store serves and is written to: the backup is the store at one data
// version, the one of the read transaction it starts with.
func (s *Store) Backup(w io.Writer) error {
	if s.closed.Load() {
		return ErrClosed
	}
	zw := gzip.NewWriter(w)
	stream := s.db.NewStream()
	stream.LogPrefix = "ruche backup"
	// Badger's DB.Backup streams key ranges with several goroutines, each
	// with its own read transaction, so under concurrent writes the ranges
	// would come from different versions (an index permutation of a quad
	// without another). One goroutine reads everything through one
	// transaction: one version.
	stream.NumGo = 1
	if _, err := stream.Backup(zw, 0); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// Restore creates a store in dir (which must be empty or absent) from a
// backup written by [Store.Backup]. The store is built in a temporary folder
// beside dir, checked to open, synced, and renamed to dir only once
// complete: a truncated or damaged backup leaves dir as it was (absent or
// empty), never a partial store that serve would open.
func Restore(dir string, r io.Reader, opts Options) (err error) {
	if opts.InMemory || opts.ReadOnly {
		return errors.New("store: restore needs a writable on-disk folder")
	}
	dir = filepath.Clean(dir)
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("store: restore: %w", err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("store: restore: data folder %s is not empty", dir)
	}
	zr, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("store: restore: not a ruche backup: %w", err)
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := removeStaleRestores(parent, filepath.Base(dir)); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, restorePrefix(filepath.Base(dir)))
	if err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := load(tmp, zr, opts); err != nil {
		return err
	}
	s, err := Open(tmp, opts)
	if err != nil {
		return fmt.Errorf("store: restore: the restored folder does not open: %w", err)
	}
	if err := s.Close(); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := syncTree(tmp); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	// os.Rename does not replace a directory, even an empty one: remove it
	// first (os.Remove refuses a folder filled meanwhile, and the restore
	// fails with it).
	if err := os.Remove(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := syncDir(parent); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	return nil
}

// restorePrefix is the name prefix of the temporary folders a restore of
// the folder named base builds beside it.
func restorePrefix(base string) string { return "." + base + ".restore-" }

// removeStaleRestores removes the temporary folders that restores of base,
// killed midway, left in parent. A folder whose lock a live process holds
// (a restore loading it now) is kept. Two restores into one folder at the
// same time are not supported: one may remove the other's folder in the
// instants it holds no lock.
func removeStaleRestores(parent, base string) error {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), restorePrefix(base)) {
			continue
		}
		path := filepath.Join(parent, e.Name())
		unlock, locked, err := lockDir(path)
		if err != nil || locked {
			continue // gone meanwhile, unreadable, or in use: not ours to remove
		}
		err = os.RemoveAll(path)
		unlock()
		if err != nil {
			return fmt.Errorf("removing the stale restore folder %s: %w", path, err)
		}
	}
	return nil
}

// load fills a new store in dir from the decompressed backup zr, and reads
// zr to its end so that gzip checks its length and CRC: a truncated backup
// is an error even when it stops between two records.
func load(dir string, zr *gzip.Reader, opts Options) error {
	s, err := Open(dir, opts)
	if err != nil {
		return err
	}
	if err := s.db.Load(zr, 256); err != nil {
		s.Close()
		return fmt.Errorf("store: restore: the backup is damaged or incomplete: %w", err)
	}
	if _, err := io.Copy(io.Discard, zr); err != nil {
		s.Close()
		return fmt.Errorf("store: restore: the backup is damaged or incomplete: %w", err)
	}
	if err := s.Sync(); err != nil {
		s.Close()
		return err
	}
	if err := s.Close(); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	return nil
}

// syncTree fsyncs every file and folder under dir.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return syncDir(path)
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := f.Sync(); err != nil {
			return fmt.Errorf("sync %s: %w", path, err)
		}
		return nil
	})
}
