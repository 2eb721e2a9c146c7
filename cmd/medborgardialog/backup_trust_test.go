package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
)

// The tests here restore archives that were edited the way the second
// outside review (issue 26) edited one: each edit recomputes the counts
// and the SHA-256 of the trailer, so a check of the checksum alone lets
// it through. They use only the commands, so that they run against the
// code from before the HMAC too, where they fail.

const (
	trustKeyA = "1111111111111111111111111111111111111111111111111111111111111111"
	trustKeyB = "2222222222222222222222222222222222222222222222222222222222222222"
)

// trusted is an archive of a database with an admin, an analyst with an
// API token, and the audit entries of both, made under trustKeyA.
type trusted struct {
	archive     []byte
	tokenSecret string
}

func trustedArchive(t *testing.T) trusted {
	t.Helper()
	dir := t.TempDir()
	env := envOf(map[string]string{"DIALOG_DATA_DIR": filepath.Join(dir, "source"), "USER": "operator", "DIALOG_BACKUP_KEY": trustKeyA})
	must := func(args ...string) cliResult {
		t.Helper()
		r := runCLI(env, args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		return r
	}
	must("user", "add", "--name", "anna.berg", "--role", "admin")
	must("user", "add", "--name", "olle.ek", "--role", "analyst")
	secret := must("user", "token", "olle.ek", "--label", "excel").secret(t)
	file := filepath.Join(dir, "backup.jsonl.gz")
	must("backup", "--out", file)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return trusted{archive: b, tokenSecret: secret}
}

// restoreArchive restores archive into a new, empty data directory with
// the environment extra and the flags args, and returns what the command
// said and that directory's environment.
func restoreArchive(t *testing.T, archive []byte, extra map[string]string, args ...string) (cliResult, func(string) string) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "in.jsonl.gz")
	if err := os.WriteFile(file, archive, 0o600); err != nil {
		t.Fatal(err)
	}
	m := map[string]string{"DIALOG_DATA_DIR": filepath.Join(dir, "target"), "USER": "operator"}
	for k, v := range extra {
		m[k] = v
	}
	env := envOf(m)
	return runCLI(env, append([]string{"restore", "--in", file}, args...)...), env
}

var withKeyA = map[string]string{"DIALOG_BACKUP_KEY": trustKeyA}

// tamper edits the lines of archive between the header and the trailer
// and writes the trailer again as the edit needs it: counts recounted, and
// the SHA-256 of the lines before it computed again. Other fields of the
// trailer (the HMAC) stay as they were; drop removes some.
func tamper(t *testing.T, archive []byte, edit func(t *testing.T, lines []string) []string, drop ...string) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(plain), "\n"), "\n")
	trailer := map[string]any{}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &trailer); err != nil {
		t.Fatal(err)
	}
	lines = edit(t, lines[:len(lines)-1])
	counts := map[string]int{}
	coll := ""
	for _, l := range lines[1:] {
		var m struct{ Collection string }
		switch {
		case strings.HasPrefix(l, `{"collection":`):
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatal(err)
			}
			coll = m.Collection
			counts[coll] = 0
		case strings.HasPrefix(l, `{"_id":`):
			counts[coll]++
		}
	}
	body := strings.Join(lines, "\n") + "\n"
	sum := sha256.Sum256([]byte(body))
	trailer["counts"], trailer["sha256"] = counts, hex.EncodeToString(sum[:])
	for _, k := range drop {
		delete(trailer, k)
	}
	tb, err := json.Marshal(trailer)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(body + string(tb) + "\n")); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// replaceIn replaces old with new in the lines that contain where, and
// fails the test if none does.
func replaceIn(where, old, new string) func(*testing.T, []string) []string {
	return func(t *testing.T, lines []string) []string {
		n := 0
		for i, l := range lines {
			if strings.Contains(l, where) && strings.Contains(l, old) {
				lines[i] = strings.Replace(l, old, new, 1)
				n++
			}
		}
		if n == 0 {
			t.Fatalf("no line with %q and %q", where, old)
		}
		return lines
	}
}

// nothingRestored fails unless the database of env holds no account.
func nothingRestored(t *testing.T, env func(string) string) {
	t.Helper()
	withStore(t, env, func(ctx context.Context, st *store.Store) {
		if users, err := st.Users(ctx); err != nil || len(users) != 0 {
			t.Errorf("accounts after a refused restore: %v %v", users, err)
		}
	})
}

// TestRestoreRefusesTheReviewersArchives: the three edits the review made,
// each with the checksum computed again, are refused for their HMAC.
func TestRestoreRefusesTheReviewersArchives(t *testing.T) {
	tr := trustedArchive(t)
	secret := strings.Repeat("s", 43)
	sum := sha256.Sum256([]byte(secret))
	future := time.Now().Add(24 * time.Hour).UnixMilli()
	for _, c := range []struct {
		name, want string
		edit       func(*testing.T, []string) []string
	}{
		{"an analyst made admin", "HMAC:en stämmer inte", replaceIn(`"_id":"olle.ek"`, `"role":"analyst"`, `"role":"admin"`)},
		// Refused before the HMAC is looked at: a backup never writes
		// sign-ins (TestRestoreRefusesWhatBackupNeverWrites).
		{"a live session as the admin", `samlingen "web_sessions" skrivs aldrig`, func(_ *testing.T, lines []string) []string {
			return append(lines, `{"collection":"web_sessions"}`, fmt.Sprintf(
				`{"_id":"%x","user":"anna.berg","csrf":"c","created_at":{"$date":{"$numberLong":"%d"}},"expires_at":{"$date":{"$numberLong":"%d"}}}`,
				sum, future-48*3600_000, future))
		}},
		{"the accounts' audit entries gone", "HMAC:en stämmer inte", func(t *testing.T, lines []string) []string {
			var kept []string
			audit := false
			removed := 0
			for _, l := range lines {
				if strings.HasPrefix(l, `{"collection":`) {
					audit = l == `{"collection":"audit"}`
				}
				if audit && strings.Contains(l, `"user.create"`) {
					removed++
					continue
				}
				kept = append(kept, l)
			}
			if removed != 2 {
				t.Fatalf("%d audit entries of accounts removed, want 2", removed)
			}
			return kept
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, env := restoreArchive(t, tamper(t, tr.archive, c.edit), withKeyA)
			if r.code != 1 || !strings.Contains(r.stderr, c.want) {
				t.Fatalf("exit %d, want a refusal saying %q\n%s%s", r.code, c.want, r.stdout, r.stderr)
			}
			if strings.Contains(r.stderr, "kan inte verifieras") && (!strings.Contains(r.stderr, "--unverified") || !strings.Contains(r.stderr, "DIALOG_BACKUP_KEY")) {
				t.Errorf("the refusal does not say what to do:\n%s", r.stderr)
			}
			t.Log(r.stderr)
			nothingRestored(t, env)
			withStore(t, env, func(ctx context.Context, st *store.Store) {
				if _, _, err := st.WebSession(ctx, secret); models.ErrorCode(err) != models.ErrUnauthorized {
					t.Errorf("the planted session signs in: %v", err)
				}
			})
		})
	}
}

// TestRestoreChecksTheKey: an archive goes in under the key it was made
// with, and under no other; the untouched archive is restored whole.
func TestRestoreChecksTheKey(t *testing.T) {
	tr := trustedArchive(t)
	t.Run("another key", func(t *testing.T) {
		r, env := restoreArchive(t, tr.archive, map[string]string{"DIALOG_BACKUP_KEY": trustKeyB})
		if r.code != 1 || !strings.Contains(r.stderr, "annan nyckel") {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		nothingRestored(t, env)
	})
	t.Run("no key", func(t *testing.T) {
		r, env := restoreArchive(t, tr.archive, nil)
		if r.code != 1 || !strings.Contains(r.stderr, "ingen nyckel") || !strings.Contains(r.stderr, "backup.key") {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		nothingRestored(t, env)
	})
	t.Run("the same key", func(t *testing.T) {
		r, env := restoreArchive(t, tr.archive, withKeyA)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		// The summary: who gets access, never a secret or a hash.
		for _, want := range []string{"Verifierat", "anna.berg: Administratör", "olle.ek: Analytiker", "excel (id ", "för olle.ek: Analytiker", "users 2", "tokens 1"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("the summary lacks %q:\n%s", want, r.stdout)
			}
		}
		if strings.Index(r.stdout, "Konton som arkivet skapar") > strings.Index(r.stdout, "restored from") {
			t.Errorf("the summary after the restore:\n%s", r.stdout)
		}
		hash := sha256.Sum256([]byte(tr.tokenSecret))
		for _, secret := range []string{tr.tokenSecret, hex.EncodeToString(hash[:]), "$argon2"} {
			if strings.Contains(r.stdout, secret) || strings.Contains(r.stderr, secret) {
				t.Errorf("the restore printed %q", secret)
			}
		}
		withStore(t, env, func(ctx context.Context, st *store.Store) {
			if u, _, err := st.TokenUser(ctx, tr.tokenSecret); err != nil || u.Name != "olle.ek" || u.Role != models.RoleAnalyst {
				t.Errorf("the restored token: %+v %v", u, err)
			}
		})
	})
}

// TestRestoreUnverified: --unverified takes an archive the key does not
// verify, after the summary, and nothing else that is refused.
func TestRestoreUnverified(t *testing.T) {
	tr := trustedArchive(t)
	t.Run("version 1", func(t *testing.T) {
		// An archive as written before the HMAC: version 1 in the header,
		// no key named, a trailer with the checksum only.
		v1 := tamper(t, tr.archive, func(t *testing.T, lines []string) []string {
			var h map[string]any
			if err := json.Unmarshal([]byte(lines[0]), &h); err != nil {
				t.Fatal(err)
			}
			h["version"] = 1
			delete(h, "key")
			b, _ := json.Marshal(h)
			lines[0] = string(b)
			return lines
		}, "hmac_sha256")
		r, env := restoreArchive(t, v1, withKeyA)
		if r.code != 1 || !strings.Contains(r.stderr, "formatversion 1") {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		nothingRestored(t, env)
		r, env = restoreArchive(t, v1, withKeyA, "--unverified")
		if r.code != 0 || !strings.Contains(r.stdout, "INTE VERIFIERAT") || !strings.Contains(r.stdout, "olle.ek: Analytiker") {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		withStore(t, env, func(ctx context.Context, st *store.Store) {
			if users, err := st.Users(ctx); err != nil || len(users) != 2 {
				t.Errorf("accounts restored from version 1: %v %v", users, err)
			}
		})
	})
	t.Run("an analyst made admin shows as admin", func(t *testing.T) {
		edited := tamper(t, tr.archive, replaceIn(`"_id":"olle.ek"`, `"role":"analyst"`, `"role":"admin"`))
		r, _ := restoreArchive(t, edited, withKeyA, "--unverified")
		if r.code != 0 || !strings.Contains(r.stdout, "HMAC:en stämmer inte") || !strings.Contains(r.stdout, "olle.ek: Administratör") {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		t.Log(r.stdout)
	})
}

// TestRestoreRefusesWhatBackupNeverWrites: collections a backup leaves
// out or does not know, and accounts the service would never make, are
// refused with --unverified too, naming the collection and the place.
func TestRestoreRefusesWhatBackupNeverWrites(t *testing.T) {
	tr := trustedArchive(t)
	addColl := func(name string) func(*testing.T, []string) []string {
		return func(_ *testing.T, lines []string) []string {
			return append(lines, `{"collection":"`+name+`"}`, `{"_id":"x","a":1}`)
		}
	}
	const user = "users, dokument " // and its number and line
	for _, c := range []struct {
		name string
		want []string
		edit func(*testing.T, []string) []string
	}{
		{"sign-ins", []string{`samlingen "web_sessions" skrivs aldrig`}, addColl("web_sessions")},
		{"jobs", []string{`samlingen "jobs" skrivs aldrig`}, addColl("jobs")},
		{"an unknown collection", []string{`samlingen "hemligt" är ingen av tjänstens`}, addColl("hemligt")},
		{"an unknown role", []string{user, `okänd roll "superadmin"`}, replaceIn(`"_id":"olle.ek"`, `"role":"analyst"`, `"role":"superadmin"`)},
		{"a reserved name", []string{user, `"system" är reserverat`}, replaceIn(`"_id":"olle.ek"`, `"_id":"olle.ek","name":"olle.ek"`, `"_id":"system","name":"system"`)},
		{"a $ key", []string{user, `"$where" börjar med $`}, replaceIn(`"_id":"olle.ek"`, `"role":"analyst"`, `"role":"analyst","$where":"1"`)},
		{"a role of another type", []string{user, `"role" ska vara text`}, replaceIn(`"_id":"olle.ek"`, `"role":"analyst"`, `"role":["admin"]`)},
		{"an unknown field", []string{user, `okänt fält "admin"`}, replaceIn(`"_id":"olle.ek"`, `"role":"analyst"`, `"role":"analyst","admin":true`)},
		{"a token of no account", []string{"tokens, dokument 1", `tillhör "eva"`}, replaceIn(`"label":"excel"`, `"user":"olle.ek"`, `"user":"eva"`)},
	} {
		t.Run(c.name, func(t *testing.T) {
			edited := tamper(t, tr.archive, c.edit)
			for _, args := range [][]string{nil, {"--unverified"}} {
				r, env := restoreArchive(t, edited, withKeyA, args...)
				said := r.code == 1
				for _, w := range c.want {
					said = said && strings.Contains(r.stderr, w)
				}
				if !said {
					t.Fatalf("%v: exit %d, want a refusal saying %q\n%s%s", args, r.code, c.want, r.stdout, r.stderr)
				}
				if strings.Contains(r.stdout, "Konton som arkivet skapar") {
					t.Errorf("%v: a summary of an archive that is refused:\n%s", args, r.stdout)
				}
				nothingRestored(t, env)
			}
		})
	}
}

// TestBackupKeyFile: without DIALOG_BACKUP_KEY the first backup makes a
// 0600 key file in the data directory, later ones use it, and a restore
// on another machine verifies with a copy of it.
func TestBackupKeyFile(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	env := envOf(map[string]string{"DIALOG_DATA_DIR": data, "USER": "operator"})
	if r := runCLI(env, "user", "add", "--name", "anna.berg", "--role", "admin"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	keyFile := filepath.Join(data, "backup.key")
	var keys []string
	for i, name := range []string{"a.jsonl.gz", "b.jsonl.gz"} {
		r := runCLI(env, "backup", "--out", filepath.Join(dir, name))
		if r.code != 0 {
			t.Fatalf("backup %d: %s", i+1, r.stderr)
		}
		if made := strings.Contains(r.stdout, "En ny nyckel skapades"); made != (i == 0) {
			t.Errorf("backup %d: said a key was made: %v\n%s", i+1, made, r.stdout)
		}
		info, err := os.Stat(keyFile)
		if err != nil || info.Mode().Perm() != 0o600 {
			t.Fatalf("backup %d: key file %v %v", i+1, info, err)
		}
		b, _ := os.ReadFile(keyFile)
		keys = append(keys, string(b))
	}
	if keys[0] != keys[1] || len(strings.TrimSpace(keys[0])) != 64 {
		t.Fatalf("key file %q, then %q", keys[0], keys[1])
	}
	archive, err := os.ReadFile(filepath.Join(dir, "a.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	// Another machine: its own key file refuses; a copy of this one verifies.
	r, _ := restoreArchive(t, archive, map[string]string{"DIALOG_BACKUP_KEY": trustKeyB})
	if r.code != 1 {
		t.Fatalf("restored under another key: %s", r.stdout)
	}
	r, _ = restoreArchive(t, archive, map[string]string{"DIALOG_BACKUP_KEY": strings.TrimSpace(keys[0])})
	if r.code != 0 || !strings.Contains(r.stdout, "Verifierat") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
