package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"medborgardialog/store"
)

const backupUsage = `usage: medborgardialog backup --out FILE [--snapshot]
       medborgardialog restore --in FILE [--force]
(see docs/backup.md; on the embedded engine stop the server first, or use MONGODB_URI)
`

// backupCmd writes an archive of the configured database (docs/backup.md).
func backupCmd(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "the archive to write (.jsonl.gz)")
	snapshot := fs.Bool("snapshot", false, "read every collection at one point in time (MongoDB 5.0+ replica set only)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprint(stderr, backupUsage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	st, closeDB, code := openConfigured(ctx, getenv, stderr)
	if st == nil {
		return code
	}
	defer closeDB()
	// Written beside the target and renamed at the end, so a failure never
	// leaves half an archive under the name asked for.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".backup-*.jsonl.gz")
	if err != nil {
		fmt.Fprintf(stderr, "backup: %v\n", err)
		return 1
	}
	defer os.Remove(tmp.Name())
	backup := st.Backup
	if *snapshot {
		backup = st.BackupSnapshot
	}
	counts, err := backup(ctx, tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if err == nil {
		err = tmp.Chmod(0o600) // password and token hashes
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), *out)
	}
	if err != nil {
		fmt.Fprintf(stderr, "backup: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d documents in %d collections written to %s (%s)\n", counts.Total(), len(counts), *out, countList(counts))
	fmt.Fprintf(stdout, "not backed up: %s\n", strings.Join(store.TransientCollections(), ", "))
	return 0
}

// restoreCmd checks an archive, then writes it into the configured database.
func restoreCmd(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "the archive to restore")
	force := fs.Bool("force", false, "drop every collection of a database that is not empty first")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *in == "" || fs.NArg() > 0 {
		fmt.Fprint(stderr, backupUsage)
		return 2
	}
	f, err := os.Open(*in)
	if err != nil {
		fmt.Fprintf(stderr, "restore: %v\n", err)
		return 1
	}
	defer f.Close()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	st, closeDB, code := openConfigured(ctx, getenv, stderr)
	if st == nil {
		return code
	}
	defer closeDB()
	counts, err := st.Restore(ctx, f, *force)
	if err != nil {
		fmt.Fprintf(stderr, "restore: %v\n", err)
		if errors.Is(err, store.ErrNotEmpty) {
			fmt.Fprintln(stderr, "restore: use --force to replace what is there")
		}
		return 1
	}
	fmt.Fprintf(stdout, "%d documents in %d collections restored from %s (%s)\n", counts.Total(), len(counts), *in, countList(counts))
	return 0
}

func countList(c store.Counts) string {
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(c)) {
		parts = append(parts, fmt.Sprintf("%s %d", name, c[name]))
	}
	return strings.Join(parts, ", ")
}
