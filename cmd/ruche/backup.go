package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/ruche-lod/ruche/store"
)

// storeOptions are the store options of the command-line tools.
func storeOptions() store.Options {
	o := store.DefaultOptions()
	// RUCHE_BLOCK_CACHE_MIB sizes Badger's block cache for every command
	// (store.Options.BlockCacheSize); unset or invalid keeps the default.
	if mib, err := strconv.ParseInt(os.Getenv("RUCHE_BLOCK_CACHE_MIB"), 10, 64); err == nil && mib > 0 {
		o.BlockCacheSize = mib << 20
	}
	// RUCHE_COLUMN_CACHE_MIB sizes the column cache (store.Options.
	// ColumnCacheSize); 0 turns it off, unset or invalid keeps the default.
	if mib, err := strconv.ParseInt(os.Getenv("RUCHE_COLUMN_CACHE_MIB"), 10, 64); err == nil && mib >= 0 {
		o.ColumnCacheSize = mib << 20
	}
	return o
}

// backupTo writes a backup of the data folder to path atomically: a
// temporary file beside it, renamed once complete. A running server is
// asked through its admin socket (the backup is then its store at one data
// version, taken without stopping it); otherwise the folder is opened
// read-only, even one left by a crash.
func backupTo(ctx context.Context, data, path string, e env) error {
	ops, done, err := folderOps(ctx, data, true)
	if err != nil {
		return err
	}
	defer done()
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ruche-backup-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := ops.Backup(ctx, tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("backup: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("backup: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	info, _ := os.Stat(path)
	if info != nil {
		fmt.Fprintf(e.stderr, "backup of %s written to %s (%d bytes)\n", data, path, info.Size())
	}
	return nil
}

// restoreFrom rebuilds a data folder from a backup; it refuses to write over
// a folder that already holds data. The folder appears only once the
// restore is complete (store.Restore).
func restoreFrom(data, path string, e env) error {
	if entries, err := os.ReadDir(data); err == nil && len(entries) > 0 {
		return fmt.Errorf("restore: %s is not empty; restore into a new folder", data)
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer f.Close()
	if err := store.Restore(data, f, storeOptions()); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(e.stderr, "restored %s from %s\n", data, path)
	return nil
}
