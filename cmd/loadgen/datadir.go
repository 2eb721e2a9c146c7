package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// emptyDir makes dir if it does not exist and refuses one with anything
// in it: the sizes listed afterwards must be this run's alone.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(dir, 0o700)
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("-data-dir %s is not empty", dir)
	}
	return nil
}

// listDataDir prints the engine's files in dir with their sizes. Listed
// while the engine runs it shows the WAL as the service lives with it;
// SQLite folds the WAL into the database and removes it when the last
// connection closes, so the list after stopping differs.
func listDataDir(w io.Writer, dir, when string) {
	var names []string
	sizes := map[string]int64{}
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil && info.Mode().IsRegular() {
			rel, _ := filepath.Rel(dir, path)
			names = append(names, rel)
			sizes[rel] = info.Size()
		}
		return nil
	})
	sort.Strings(names)
	var total int64
	fmt.Fprintf(w, "data dir %s (%s):\n", dir, when)
	for _, n := range names {
		fmt.Fprintf(w, "  %12d  %s\n", sizes[n], n)
		total += sizes[n]
	}
	fmt.Fprintf(w, "  %12d  total\n", total)
}
