package main

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"
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
