package results

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// textDirPrefix names the private directory each Manager makes in
// Options.TextDir.
const textDirPrefix = "results-"

// PrepareTextDir readies dir to hold the free-text logs of the service:
// made private (0700) if it is missing, refused if other users can open
// it, and emptied of the logs a crashed or killed process left behind.
// Free text is what retention deletes first, so no copy of it may outlive
// the process that wrote it for longer than the next start. A process's
// logs are a "results-*" directory it holds locked while it lives
// (lockDir); those no process holds are removed, while the logs of
// another instance sharing dir and every other file are left alone.
func PrepareTextDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("results: text logs: %w", err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("results: text logs: %w", err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("%s can be opened by other users (mode %04o); make it private (chmod 700) or choose another directory", dir, perm)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("results: text logs: %w", err)
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), textDirPrefix) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		unlock, ok := lockDir(path)
		if !ok {
			continue // a live process's logs
		}
		err := os.RemoveAll(path)
		unlock()
		if err != nil {
			return fmt.Errorf("results: remove old text logs: %w", err)
		}
	}
	return nil
}
