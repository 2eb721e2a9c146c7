package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/password"
	"medborgardialog/store"
)

// TestBackupThenRestore backs up a demo database through the real
// commands, restores it into an empty one, and checks that nothing a user
// sees changed: the lägesbild, its workbook, and signing in.
func TestBackupThenRestore(t *testing.T) {
	perWave := 10_000 // 20,000 responses over the two built-in waves
	if testing.Short() {
		perWave = 500 // 1,000 responses
	}
	dir := t.TempDir()
	source := envOf(map[string]string{"DIALOG_DATA_DIR": filepath.Join(dir, "source"), "USER": "operator"})
	target := envOf(map[string]string{"DIALOG_DATA_DIR": filepath.Join(dir, "target"), "USER": "operator"})
	must := func(env func(string) string, args ...string) cliResult {
		t.Helper()
		r := runCLI(env, args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		return r
	}
	must(source, "demo", "--responses", itoa(perWave))
	pw := must(source, "user", "add", "--name", "anna.berg", "--role", "admin").secret(t)
	must(source, "user", "token", "anna.berg", "--label", "laptop")

	archive := filepath.Join(dir, "backup.jsonl.gz")
	began := time.Now()
	out := must(source, "backup", "--out", archive).stdout
	t.Logf("backup of %d responses: %v", 2*perWave, time.Since(began))
	if !strings.Contains(out, "responses "+itoa(2*perWave)) || !strings.Contains(out, "not backed up: instance_state, jobs, leases, restore_state, web_sessions") {
		t.Fatalf("backup said %q", out)
	}
	if info, err := os.Stat(archive); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("archive %v %v", info, err)
	}

	// As on a new machine: the key file copied from the old one
	// (README, "Backup and restore").
	key, err := os.ReadFile(filepath.Join(dir, "source", "backup.key"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "target"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "target", "backup.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	began = time.Now()
	out = must(target, "restore", "--in", archive).stdout
	t.Logf("restore of %d responses: %v", 2*perWave, time.Since(began))
	if !strings.Contains(out, "responses "+itoa(2*perWave)) || !strings.Contains(out, "Verifierat") || !strings.Contains(out, "anna.berg: Administratör") {
		t.Fatalf("restore said %q", out)
	}
	again := runCLI(target, "restore", "--in", archive)
	if again.code != 1 || !strings.Contains(again.stderr, "--force") {
		t.Fatalf("restore into the restored database: exit %d %q", again.code, again.stderr)
	}

	results := func(env func(string) string) (res []byte, hash string) {
		withStore(t, env, func(ctx context.Context, st *store.Store) {
			sv, err := st.Survey(ctx, "ungdomsdialog-2023")
			if err != nil {
				t.Fatal(err)
			}
			r, err := export.Build(ctx, export.Scan(st), export.Request{Survey: sv, Filter: models.ResponseFilter{Survey: sv.Slug}, MinCell: 5})
			if err != nil {
				t.Fatal(err)
			}
			if res, err = json.Marshal(r); err != nil {
				t.Fatal(err)
			}
			if _, hash, err = st.UserWithHash(ctx, "anna.berg"); err != nil {
				t.Fatal(err)
			}
		})
		return res, hash
	}
	before, _ := results(source)
	after, hash := results(target)
	if !bytes.Equal(before, after) {
		t.Error("the lägesbild results differ after the restore")
	}
	if ok, err := password.Verify(pw, hash); !ok || err != nil {
		t.Errorf("the restored user cannot sign in: %v %v", ok, err)
	}

	workbook := func(env func(string) string, name string) map[string][][]string {
		file := filepath.Join(dir, name)
		must(env, "export", "lagesbild", "--survey", "ungdomsdialog-2023", "--out", file)
		f, err := excelize.OpenFile(file)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sheets := map[string][][]string{}
		for _, sh := range f.GetSheetList() {
			rows, err := f.GetRows(sh)
			if err != nil {
				t.Fatal(err)
			}
			sheets[sh] = rows
		}
		return sheets
	}
	wa, wb := workbook(source, "a.xlsx"), workbook(target, "b.xlsx")
	if len(wa) != len(wb) {
		t.Fatalf("sheets %d and %d", len(wa), len(wb))
	}
	for sh, rows := range wa {
		other := wb[sh]
		if sh == "Fritext" {
			// Free text is shown in a random order by design
			// (export/textspool.go): compare the texts, not their order.
			rows, other = sortedRows(rows), sortedRows(other)
		}
		if len(rows) != len(other) {
			t.Errorf("%s: %d rows, restored %d", sh, len(rows), len(other))
			continue
		}
		for i := range rows {
			if !slices.Equal(rows[i], other[i]) && !generatedAt(rows[i]) {
				t.Errorf("%s row %d: %q, restored %q", sh, i+1, rows[i], other[i])
			}
		}
	}
}

func sortedRows(rows [][]string) [][]string {
	rows = slices.Clone(rows)
	slices.SortFunc(rows, func(a, b []string) int { return slices.Compare(a, b) })
	return rows
}

// generatedAt tells the row that names when a workbook was made, the one
// row two workbooks of the same data may differ in.
func generatedAt(row []string) bool {
	for _, c := range row {
		if strings.Contains(c, time.Now().Format("2006-01-02")) {
			return true
		}
	}
	return false
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestBackupUsage(t *testing.T) {
	for _, args := range [][]string{
		{"backup"},
		{"backup", "--out"},
		{"restore"},
		{"restore", "--in", "x", "extra"},
	} {
		if r := runCLI(envOf(nil), args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2", args, r.code)
		}
	}
	r := runCLI(envOf(map[string]string{"DIALOG_DATA_DIR": t.TempDir()}), "restore", "--in", filepath.Join(t.TempDir(), "missing.gz"))
	if r.code != 1 {
		t.Errorf("missing archive: exit %d", r.code)
	}
}
