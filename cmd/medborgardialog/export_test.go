package main

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestDemoThenExportLagesbild(t *testing.T) {
	dir := t.TempDir()
	env := envOf(map[string]string{"DIALOG_DATA_DIR": filepath.Join(dir, "data")})
	var out, errs bytes.Buffer
	if code := run([]string{"demo", "--responses", "300"}, env, &out, &errs); code != 0 {
		t.Fatalf("demo: exit %d\n%s", code, errs.String())
	}
	if !strings.Contains(out.String(), "600 synthetic responses added to 2 survey(s) and published") {
		t.Fatalf("demo said %q", out.String())
	}
	file := filepath.Join(dir, "lb.xlsx")
	out.Reset()
	errs.Reset()
	code := run([]string{"export", "lagesbild", "--survey", "ungdomsdialog-2023", "--out", file, "--lang", "en"}, env, &out, &errs)
	if code != 0 {
		t.Fatalf("export: exit %d\n%s", code, errs.String())
	}
	if !strings.Contains(out.String(), "300 responses (ungdomsdialog-2023, publication 1 of ") {
		t.Fatalf("stdout %q stderr %q", out.String(), errs.String())
	}
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), "|"); got != "Overview|Indicators by group|Questions|Free text|Method|Follow-up|Chart data" { // the last hidden
		t.Fatalf("sheets %s", got)
	}
	// The comparison wave was filled too, so the overview compares.
	rows, _ := f.GetRows("Overview")
	compared := false
	for _, r := range rows {
		compared = compared || strings.Contains(strings.Join(r, "|"), "ungdomsdialog-2022")
	}
	if !compared {
		t.Fatal("the overview does not name the comparison wave")
	}
}

func TestExportUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"export"},
		{"export", "lagesbild"},
		{"export", "lagesbild", "--survey", "x", "--out", "y", "--lang", "fi"},
		{"export", "lagesbild", "--survey", "x", "--out", "y", "--publication", "two"},
		// Figures are not counted by date, session or response language.
		{"export", "lagesbild", "--survey", "x", "--out", "y", "--from", "2023-05-01"},
		{"export", "lagesbild", "--survey", "x", "--out", "y", "--to", "2023-05-31"},
		{"export", "lagesbild", "--survey", "x", "--out", "y", "--session", "ABCDEF"},
		{"export", "lagesbild", "--survey", "x", "--out", "y", "--response-lang", "sv"},
	} {
		if code := run(args, envOf(nil), io.Discard, io.Discard); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
