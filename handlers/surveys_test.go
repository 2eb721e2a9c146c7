package handlers

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"medborgardialog/models"
	"medborgardialog/surveys"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPublicSurveyDefinition(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do(t, "GET", "/api/v1/surveys/ungdomsdialog-2023", nil)
	if r.Status != 200 {
		t.Fatalf("open built-in: %d %s", r.Status, r.Body)
	}
	var sv models.Survey
	r.JSON(t, &sv)
	if sv.Slug != "ungdomsdialog-2023" || len(sv.Questions) < 18 || sv.Questions[0].Text["sv"] == "" {
		t.Fatalf("definition = %+v", sv)
	}
	// The JSON uses the definition's own snake_case names.
	for _, key := range []string{`"questions"`, `"max_length"`, `"show_if"`, `"any_of"`, `"dimension"`, `"sensitive"`} {
		if !strings.Contains(string(r.Body), key) {
			t.Errorf("JSON lacks %s", key)
		}
	}

	tests := []struct {
		name, path string
		status     int
		code       string
	}{
		{"closed wave", "/api/v1/surveys/ungdomsdialog-2022", 409, "closed"},
		{"unknown slug", "/api/v1/surveys/finns-inte", 404, "not_found"},
		{"path traversal", "/api/v1/surveys/..%2F..%2Fetc", 404, "not_found"},
		{"upper case slug", "/api/v1/surveys/UNGDOMSDIALOG-2023", 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ts.do(t, "GET", tt.path, nil)
			if r.Status != tt.status || r.ErrorCode(t) != tt.code {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
		})
	}

	t.Run("closed message in English", func(t *testing.T) {
		r := ts.do(t, "GET", "/api/v1/surveys/ungdomsdialog-2022?lang=en", nil)
		if !strings.Contains(string(r.Body), "closed") {
			t.Fatalf("%s", r.Body)
		}
	})
}

func TestDraftSurveyIsNotPublic(t *testing.T) {
	ts := newTestServer(t)
	def := strings.Replace(string(readFile(t, "../surveys/testdata/valid.yaml")), "status: open", "status: draft", 1)
	// Without its 2023 dates, which have passed and would close it.
	def = regexp.MustCompile(`(?m)^(opens|closes)_at:.*$`).ReplaceAllString(def, "")
	if r := ts.admin(t, "POST", "/api/v1/admin/surveys", []byte(def)); r.Status != 201 {
		t.Fatalf("create draft: %d %s", r.Status, r.Body)
	}
	sv, _ := surveys.Parse([]byte(def))
	if r := ts.do(t, "GET", "/api/v1/surveys/"+sv.Slug, nil); r.Status != 404 {
		t.Fatalf("draft served publicly: %d", r.Status)
	}
	if r := ts.admin(t, "POST", "/api/v1/admin/surveys/"+sv.Slug+"/open", nil); r.Status != 200 {
		t.Fatalf("open: %d %s", r.Status, r.Body)
	}
	if r := ts.do(t, "GET", "/api/v1/surveys/"+sv.Slug, nil); r.Status != 200 {
		t.Fatalf("opened survey: %d", r.Status)
	}
	if r := ts.admin(t, "POST", "/api/v1/admin/surveys/"+sv.Slug+"/close", nil); r.Status != 200 || !strings.Contains(string(r.Body), `"closed"`) {
		t.Fatalf("close: %d %s", r.Status, r.Body)
	}
	if r := ts.do(t, "GET", "/api/v1/surveys/"+sv.Slug, nil); r.Status != 409 {
		t.Fatalf("closed survey: %d", r.Status)
	}
}

// canonical re-encodes a definition so two can be compared field by field.
func canonical(t *testing.T, sv *models.Survey) string {
	t.Helper()
	b, err := json.Marshal(sv)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDefinitionRoundTripsWithoutLoss(t *testing.T) {
	ts := newTestServer(t)
	for _, file := range []string{"../surveys/testdata/valid.yaml", "../surveys/builtin/ungdomsdialog-2023.yaml"} {
		t.Run(file, func(t *testing.T) {
			yml := readFile(t, file)
			want, err := surveys.Parse(yml)
			if err != nil {
				t.Fatal(err)
			}
			if want.Slug == "ungdomsdialog-2023" {
				// Already there as a built-in: a PUT replaces the unanswered version.
				if r := ts.admin(t, "PUT", "/api/v1/admin/surveys/"+want.Slug, yml); r.Status != 200 {
					t.Fatalf("put: %d %s", r.Status, r.Body)
				}
			} else if r := ts.admin(t, "POST", "/api/v1/admin/surveys", yml); r.Status != 201 {
				t.Fatalf("post: %d %s", r.Status, r.Body)
			}
			r := ts.admin(t, "GET", "/api/v1/admin/surveys/"+want.Slug, nil)
			if r.Status != 200 {
				t.Fatalf("get: %d %s", r.Status, r.Body)
			}
			var got models.Survey
			r.JSON(t, &got)
			if canonical(t, &got) != canonical(t, want) {
				t.Fatalf("round trip changed the definition\n got %s\nwant %s", canonical(t, &got), canonical(t, want))
			}
		})
	}
}

func TestAdminSurveyListAndVersions(t *testing.T) {
	ts := newTestServer(t)
	r := ts.admin(t, "GET", "/api/v1/admin/surveys", nil)
	var list struct {
		Surveys []struct {
			Slug     string `json:"slug"`
			Status   string `json:"status"`
			Version  int    `json:"version"`
			Versions int    `json:"versions"`
		} `json:"surveys"`
	}
	r.JSON(t, &list)
	if r.Status != 200 || len(list.Surveys) != 2 || list.Surveys[0].Slug != "ungdomsdialog-2022" || list.Surveys[1].Status != "open" {
		t.Fatalf("list: %d %s", r.Status, r.Body)
	}

	yml := readFile(t, "../surveys/builtin/ungdomsdialog-2023.yaml")
	// No answers yet: the version is changed in place.
	r = ts.admin(t, "PUT", "/api/v1/admin/surveys/ungdomsdialog-2023", yml)
	if r.Status != 200 || !strings.Contains(string(r.Body), `"replaced":true`) || !strings.Contains(string(r.Body), `"version":1`) {
		t.Fatalf("put unanswered: %d %s", r.Status, r.Body)
	}
	// Once answered, a change becomes version 2 and version 1 stays as it was.
	if err := insertResponse(ts, "ungdomsdialog-2023", 1); err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(yml), `sv: "Ungdomsdialog –`, `sv: "Ungdomsdialogen –`, 1)
	r = ts.admin(t, "PUT", "/api/v1/admin/surveys/ungdomsdialog-2023", []byte(changed))
	if r.Status != 200 || !strings.Contains(string(r.Body), `"version":2`) {
		t.Fatalf("put answered: %d %s", r.Status, r.Body)
	}
	r = ts.admin(t, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023?version=1", nil)
	if r.Status != 200 || strings.Contains(string(r.Body), "Ungdomsdialogen") {
		t.Fatalf("version 1 changed: %d", r.Status)
	}
	r = ts.admin(t, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023", nil)
	if !strings.Contains(string(r.Body), "Ungdomsdialogen") || !strings.Contains(string(r.Body), `"version":2`) {
		t.Fatalf("newest is not the changed version 2")
	}
	if r := ts.admin(t, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023?version=x", nil); r.Status != 422 {
		t.Fatalf("bad version: %d", r.Status)
	}
	if r := ts.admin(t, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023?version=9", nil); r.Status != 404 {
		t.Fatalf("missing version: %d", r.Status)
	}
	if r := ts.admin(t, "POST", "/api/v1/admin/surveys", yml); r.Status != 409 {
		t.Fatalf("POST of an existing slug: %d %s", r.Status, r.Body)
	}
	if r := ts.admin(t, "PUT", "/api/v1/admin/surveys/annan-slug", yml); r.Status != 422 {
		t.Fatalf("PUT with a slug that differs from the path: %d %s", r.Status, r.Body)
	}
	if r := ts.admin(t, "POST", "/api/v1/admin/surveys/finns-inte/open", nil); r.Status != 404 {
		t.Fatalf("open unknown: %d", r.Status)
	}
}

// insertResponse stands in for a submission, which a later capability adds.
func insertResponse(ts *testServer, slug string, version int) error {
	return ts.Store.InsertRaw(context.Background(), "responses", map[string]any{"_id": "r1", "survey": slug, "version": version})
}

func TestDefinitionWithFiveMistakesListsAllFive(t *testing.T) {
	ts := newTestServer(t)
	yml := readFile(t, "testdata/five-mistakes.yaml")
	for _, method := range []string{"POST", "PUT"} {
		path := "/api/v1/admin/surveys"
		if method == "PUT" {
			path += "/fel-slug"
		}
		r := ts.admin(t, method, path, yml)
		if r.Status != 422 || r.ErrorCode(t) != "invalid" {
			t.Fatalf("%s: %d %s", method, r.Status, r.Body)
		}
		var e struct {
			Error struct {
				Fields []models.Problem `json:"fields"`
			} `json:"error"`
		}
		r.JSON(t, &e)
		wantPaths := []string{"slug", "questions[0].text", "questions[0].options[1].value", "questions[1].max", "questions[2].show_if.question"}
		for _, p := range wantPaths {
			found := false
			for _, f := range e.Error.Fields {
				if f.Path == p || strings.HasPrefix(f.Path, p) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no problem at %s in %+v", method, p, e.Error.Fields)
			}
		}
	}
}

func TestDefinitionSyntaxErrors(t *testing.T) {
	ts := newTestServer(t)
	for name, body := range map[string]string{
		"empty":       "",
		"not yaml":    "{{{",
		"unknown key": "slug: a-b\nversion: 1\nfavourite_colour: blue\n",
		"json array":  "[1,2,3]",
	} {
		t.Run(name, func(t *testing.T) {
			r := ts.admin(t, "POST", "/api/v1/admin/surveys", []byte(body))
			if r.ErrorCode(t) != "invalid" {
				t.Fatalf("code %s", r.Body)
			}
			if r.Status != 422 {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
		})
	}
}
