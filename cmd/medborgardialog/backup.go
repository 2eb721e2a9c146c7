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
	"time"

	"medborgardialog/store"
	"medborgardialog/web"
)

const backupUsage = `usage: medborgardialog backup --out FILE [--snapshot]
       medborgardialog restore --in FILE [--force] [--unverified]
(see docs/backup.md; on the embedded engine stop the server first, or use MONGODB_URI;
archives are authenticated with DIALOG_BACKUP_KEY or the key file backup.key in DIALOG_DATA_DIR)
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
	cfg, code := configured(getenv, stderr)
	if code != 0 {
		return code
	}
	st, closeDB, code := openWithConfig(ctx, cfg, stderr)
	if st == nil {
		return code
	}
	defer closeDB()
	// After the engine has made the data directory, or found it, 0700.
	key, from, created, err := backupKey(cfg, true)
	if err != nil {
		fmt.Fprintf(stderr, "backup: %v\n", err)
		return 1
	}
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
	counts, err := backup(ctx, tmp, key)
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
	switch foreign, err := st.ForeignCollections(ctx); {
	case err != nil:
		fmt.Fprintf(stderr, "backup: the archive is written; listing the collections it left out failed: %v\n", err)
	case len(foreign) > 0:
		fmt.Fprintf(stdout, "not backed up either, none of the service's: %s\n", strings.Join(foreign, ", "))
	}
	fmt.Fprintf(stdout, "Arkivet är skyddat med HMAC-SHA256 under nyckeln från %s (nyckel-id %s).\n", from, store.BackupKeyID(key))
	if created {
		fmt.Fprintf(stdout, "En ny nyckel skapades i %s. Spara en kopia av den skild från säkerhetskopiorna: en återställning på en annan maskin behöver den.\n", from)
	}
	return 0
}

// restoreCmd checks an archive, shows what it would create, then writes it
// into the configured database.
func restoreCmd(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "the archive to restore")
	force := fs.Bool("force", false, "drop every collection of a database that is not empty first")
	unverified := fs.Bool("unverified", false, "restore an archive whose HMAC cannot be checked or does not match, after printing what it creates")
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
	cfg, code := configured(getenv, stderr)
	if code != 0 {
		return code
	}
	key, from, _, err := backupKey(cfg, false)
	if err != nil {
		fmt.Fprintf(stderr, "restore: %v\n", err)
		return 1
	}
	st, closeDB, code := openWithConfig(ctx, cfg, stderr)
	if st == nil {
		return code
	}
	defer closeDB()
	counts, err := st.Restore(ctx, f, store.RestoreOptions{
		Key: key, Force: *force, Unverified: *unverified,
		Review: func(sm *store.ArchiveSummary) error {
			printArchiveSummary(stdout, sm, key, from)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(stderr, "restore: %v\n", err)
		switch {
		case errors.Is(err, store.ErrUnverified):
			fmt.Fprint(stderr, unverifiedHelp(key, from, cfg.DataDir))
		case errors.Is(err, store.ErrNotEmpty):
			fmt.Fprintln(stderr, "restore: använd --force för att ersätta det som finns där")
		}
		return 1
	}
	fmt.Fprintf(stdout, "%d documents in %d collections restored from %s (%s)\n", counts.Total(), len(counts), *in, countList(counts))
	return 0
}

// unverifiedHelp says what to do with an archive restore cannot verify.
func unverifiedHelp(key []byte, from, dataDir string) string {
	var b strings.Builder
	if key == nil {
		fmt.Fprintf(&b, "Det finns ingen nyckel: DIALOG_BACKUP_KEY är inte satt och %s finns inte.\n", from)
	} else {
		fmt.Fprintf(&b, "Nyckeln kommer från %s (nyckel-id %s).\n", from, store.BackupKeyID(key))
	}
	fmt.Fprintf(&b, "Ett arkiv verifieras med samma nyckel som det gjordes med: sätt DIALOG_BACKUP_KEY till den, "+
		"eller kopiera filen %s från maskinen där säkerhetskopian togs till %s (rättigheter 0600). "+
		"Ett arkiv i formatversion 1, från före december 2026, har ingen HMAC och kan inte verifieras alls.\n", backupKeyFile, dataDir)
	b.WriteString("Arkivet kan ha ändrats av någon annan. Litar du ändå på det, till exempel en kopia du själv har förvarat säkert, " +
		"kör igen med --unverified: restore visar då först vilka konton och API-nycklar arkivet skapar.\n")
	return b.String()
}

// printArchiveSummary shows who an archive gives access to, before a
// restore writes it: accounts with their roles and API tokens with their
// owners, never a secret or a hash, and the documents per collection.
func printArchiveSummary(w io.Writer, sm *store.ArchiveSummary, key []byte, from string) {
	fmt.Fprintf(w, "Arkiv i formatversion %d från databasen %s, skapat %s.\n", sm.Version, sm.Database, localTime(sm.Created))
	if sm.Verified {
		fmt.Fprintf(w, "Verifierat: HMAC:en stämmer med nyckeln från %s (nyckel-id %s).\n", from, store.BackupKeyID(key))
	} else {
		fmt.Fprintf(w, "INTE VERIFIERAT: %s. Återställs ändå, med --unverified: granska kontona nedan.\n", sm.Unverified)
	}
	fmt.Fprintf(w, "Konton som arkivet skapar (%d):\n", len(sm.Accounts))
	for _, a := range sm.Accounts {
		state := ""
		if a.Disabled {
			state = " (avstängt)"
		}
		fmt.Fprintf(w, "  %s: %s%s\n", a.Name, roleLabel(a.Role), state)
	}
	fmt.Fprintf(w, "API-nycklar som arkivet skapar (%d):\n", len(sm.Tokens))
	for _, t := range sm.Tokens {
		label := t.Label
		if label == "" {
			label = "(utan namn)"
		}
		fmt.Fprintf(w, "  %s (id %s) för %s: %s\n", label, t.ID, t.User, roleLabel(t.Role))
	}
	fmt.Fprintf(w, "Dokument per samling: %s\n", countList(sm.Counts))
}

func roleLabel(role string) string { return web.T("sv", "staff.role."+role) }

// localTime is t as staff read times: Swedish time, to the minute.
func localTime(t time.Time) string {
	if loc, err := time.LoadLocation("Europe/Stockholm"); err == nil {
		t = t.In(loc)
	}
	return t.Format("2006-01-02 15:04") + " svensk tid"
}

func countList(c store.Counts) string {
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(c)) {
		parts = append(parts, fmt.Sprintf("%s %d", name, c[name]))
	}
	return strings.Join(parts, ", ")
}
