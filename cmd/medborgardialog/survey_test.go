package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"medborgardialog/surveys"
)

func TestSurveyCheckBuiltins(t *testing.T) {
	files, _ := filepath.Glob("../../surveys/builtin/*.yaml")
	if len(files) < 2 {
		t.Fatalf("built-ins not found: %v", files)
	}
	var out bytes.Buffer
	if code := run(append([]string{"survey", "check"}, files...), envOf(nil), &out, io.Discard); code != 0 {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	if strings.Count(out.String(), ": ok (") != len(files) {
		t.Fatalf("output:\n%s", out.String())
	}
}

func TestSurveyCheckListsEveryProblem(t *testing.T) {
	var out bytes.Buffer
	file := "../../handlers/testdata/five-mistakes.yaml"
	if code := run([]string{"survey", "check", file, "no-such-file.yaml"}, envOf(nil), &out, io.Discard); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	var mistakes []string
	for _, l := range lines {
		if strings.HasPrefix(l, file+": ") {
			mistakes = append(mistakes, l)
		}
	}
	if len(mistakes) != 5 {
		t.Fatalf("%d problems reported, want 5:\n%s", len(mistakes), out.String())
	}
	for _, path := range []string{"slug:", "questions[0].text:", "questions[0].options[1].value:", "questions[1].max:", "questions[2].show_if.question:"} {
		if !strings.Contains(out.String(), file+": "+path) {
			t.Errorf("no line for %s:\n%s", path, out.String())
		}
	}
	if !strings.Contains(out.String(), "no-such-file.yaml:") {
		t.Errorf("missing file not reported")
	}
}

func TestSurveyImportThenServe(t *testing.T) {
	dataDir := t.TempDir()
	env := envOf(map[string]string{"DIALOG_DATA_DIR": dataDir})
	var out bytes.Buffer
	if code := run([]string{"survey", "import", "../../surveys/testdata/valid.yaml"}, env, &out, io.Discard); code != 0 {
		t.Fatalf("import exit %d: %s", code, out.String())
	}
	if !strings.Contains(out.String(), "created") {
		t.Fatalf("output: %s", out.String())
	}
	out.Reset()
	if code := run([]string{"survey", "import", "../../surveys/testdata/valid.yaml"}, env, &out, io.Discard); code != 0 || !strings.Contains(out.String(), "replaced") {
		t.Fatalf("second import exit %d: %s", code, out.String())
	}

	a := startApp(t, func(c *Config) { c.MongoURI = ""; c.DataDir = dataDir; c.DB = "medborgardialog" })
	resp, body := a.do(t, "GET", "/api/v1/admin/surveys", nil, "Authorization", "Bearer "+testAdminToken)
	if resp.StatusCode != 200 || strings.Count(string(body), `"slug"`) != 3 {
		t.Fatalf("imported survey beside the two built-ins: %d %s", resp.StatusCode, body)
	}
}

func TestSurveyCommandUsage(t *testing.T) {
	var stderr bytes.Buffer
	if code := run([]string{"survey", "frob"}, envOf(nil), io.Discard, &stderr); code != 2 || !strings.Contains(stderr.String(), "usage") {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
}

const exampleWorkbook = "../../surveys/xlsform/testdata/ungdomsdialog-2023.xlsx"

func TestSurveyCheckWorkbook(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"survey", "check", exampleWorkbook}, envOf(nil), &out, io.Discard); code != 0 {
		t.Fatalf("exit %d:\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), exampleWorkbook+": ok (ungdomsdialog-2023 version 1,") {
		t.Fatalf("output: %s", out.String())
	}

	// OpenReader, not OpenFile: excelize adds a vbaProject content type
	// to a file it saves under a name, which the import refuses as macros.
	data, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The relevant column comes after one label and one hint column per
	// language, so it is found by its header.
	rows, err := f.GetRows("survey")
	if err != nil || len(rows) == 0 {
		t.Fatalf("survey sheet: %v", err)
	}
	col := slices.Index(rows[0], "relevant")
	if col < 0 {
		t.Fatalf("no relevant column in %v", rows[0])
	}
	if name, _ := f.GetCellValue("survey", "B7"); name != "trygg_skolan" {
		t.Fatalf("survey B7 is %q", name)
	}
	cell, _ := excelize.CoordinatesToCellName(col+1, 7)
	if err := f.SetCellStr("survey", cell, "${kon} > 'tjej'"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.xlsx")
	if err := os.WriteFile(bad, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := run([]string{"survey", "check", bad}, envOf(nil), &out, io.Discard); code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, out.String())
	}
	if !strings.HasPrefix(out.String(), bad+": Sheet survey, row 7, column relevant: ") || strings.Count(out.String(), "\n") != 1 {
		t.Fatalf("output: %s", out.String())
	}
}

func TestSurveyImportWorkbookThenExport(t *testing.T) {
	dir := t.TempDir()
	env := envOf(map[string]string{"DIALOG_DATA_DIR": filepath.Join(dir, "data")})
	var out, errs bytes.Buffer
	if code := run([]string{"survey", "import", exampleWorkbook}, env, &out, &errs); code != 0 || !strings.Contains(out.String(), "ungdomsdialog-2023 version 1 created") {
		t.Fatalf("import exit %d: %s %s", code, out.String(), errs.String())
	}
	yamlFile, xlsxFile := filepath.Join(dir, "def.yaml"), filepath.Join(dir, "def.xlsx")
	for _, args := range [][]string{
		{"survey", "export", "ungdomsdialog-2023", "--out", yamlFile},
		{"survey", "export", "ungdomsdialog-2023", "--format", "xlsx", "--out", xlsxFile, "--version", "1"},
	} {
		out.Reset()
		if code := run(args, env, &out, &errs); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs.String())
		}
	}
	out.Reset()
	if code := run([]string{"survey", "check", yamlFile, xlsxFile}, envOf(nil), &out, io.Discard); code != 0 || strings.Count(out.String(), ": ok (ungdomsdialog-2023 version 1,") != 2 {
		t.Fatalf("the exports do not check: exit %d\n%s", code, out.String())
	}
	want, _, err := loadDefinition(t.Context(), surveys.NewChecker(), exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{yamlFile, xlsxFile} {
		got, _, err := loadDefinition(t.Context(), surveys.NewChecker(), file)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(want)
		if string(a) != string(b) {
			t.Errorf("%s differs from the imported workbook", file)
		}
	}
	if code := run([]string{"survey", "export", "ungdomsdialog-2023", "--out", yamlFile, "--version", "9"}, env, io.Discard, io.Discard); code != 1 {
		t.Errorf("a missing version: exit %d, want 1", code)
	}
	for _, args := range [][]string{
		{"survey", "export"},
		{"survey", "export", "ungdomsdialog-2023"},
		{"survey", "export", "ungdomsdialog-2023", "--out", "x", "--format", "csv"},
		{"survey", "export", "Not A Slug", "--out", "x"},
	} {
		if code := run(args, envOf(nil), io.Discard, io.Discard); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestDocsTemplateIsTheExampleWorkbook keeps the template docs/surveys.md
// offers for download the same as the example the import is tested with.
func TestDocsTemplateIsTheExampleWorkbook(t *testing.T) {
	docs, err := os.ReadFile("../../docs/ungdomsdialog-2023.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(docs, example) {
		t.Fatal("docs/ungdomsdialog-2023.xlsx differs from surveys/xlsform/testdata/ungdomsdialog-2023.xlsx; copy it:\n\tcp surveys/xlsform/testdata/ungdomsdialog-2023.xlsx docs/")
	}
}
