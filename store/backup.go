package store

import (
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
)

// Backup writes a consistent gzip-compressed Badger backup of the whole
// store (every space, meta values, dictionary, statistics) to w.
func (s *Store) Backup(w io.Writer) error {
	if s.closed.Load() {
		return ErrClosed
	}
	zw := gzip.NewWriter(w)
	if _, err := s.db.Backup(zw, 0); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// Restore creates a store in dir (which must be empty or absent) from a
// backup written by [Store.Backup], then reopens it to check its format.
func Restore(dir string, r io.Reader, opts Options) error {
	if opts.InMemory || opts.ReadOnly {
		return errors.New("store: restore needs a writable on-disk folder")
	}
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
	s, err := Open(dir, opts)
	if err != nil {
		return err
	}
	if err := s.db.Load(zr, 256); err != nil {
		s.Close()
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := s.Close(); err != nil {
		return err
	}
	s, err = Open(dir, opts)
	if err != nil {
		return fmt.Errorf("store: restore: the restored folder does not open: %w", err)
	}
	return s.Close()
}
