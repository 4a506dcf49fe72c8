//go:build unix

package store

import (
	"errors"
	"os"
	"syscall"
)

// lockDir takes the exclusive lock Badger takes on a data folder (flock on
// the directory itself). locked is true when another process holds it.
func lockDir(dir string) (unlock func(), locked bool, err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, false, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, true, nil
		}
		return nil, false, err
	}
	return func() { f.Close() }, false, nil // closing the descriptor releases the lock
}
