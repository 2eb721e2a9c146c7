//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package results

import (
	"os"
	"syscall"
)

// lockDir takes an exclusive lock on the directory at path without
// waiting, and reports whether it got it. The kernel gives the lock up
// when the process ends, however it ends (kill -9 and the OOM killer
// included), so a directory nobody holds belongs to no live process.
func lockDir(path string) (unlock func(), ok bool) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, false
	}
	return func() { f.Close() }, true
}
