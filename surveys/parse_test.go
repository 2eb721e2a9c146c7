package surveys

import (
	"encoding/json"
	"strings"
	"testing"

	"medborgardialog/models"
)

func TestParseValid(t *testing.T) {
	s := validSurvey(t)
	if s.Slug != "testdialog-2023" || len(s.Questions) != 6 || s.OpensAt == nil || *s.Questions[1].Min != 10 {
		t.Fatalf("unexpected parse: %+v", s)
	}
}

// JSON is YAML, so the same function reads a definition posted as JSON.
func TestParseJSON(t *testing.T) {
	want := validSurvey(t)
	data, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(data)
	if err != nil {
		t.Fatalf("parse JSON: %v", err)
	}
	if ps := Check(got); len(ps) > 0 {
		t.Fatalf("problems after JSON round trip: %+v", ps)
	}
	if !got.OpensAt.Equal(*want.OpensAt) || got.Questions[3].ShowIf.AnyOf[1] != "mycket_otrygg" {
		t.Fatalf("JSON round trip lost data: %+v", got)
	}
}

func TestParseRejects(t *testing.T) {
	head := "slug: ab\nversion: 1\nstatus: open\nlanguages: [sv]\ntitle: {sv: x}\n"
	tests := []struct {
		name string
		data string
		want []string // substrings of the error
	}{
		{"unknown top-level key", head + "titel: {sv: x}\n", []string{"line 6", `unknown key "titel"`}},
		{"unknown nested key", head + "questions:\n  - id: a\n    tpye: text\n", []string{"line 8", `unknown key "tpye"`}},
		{"unknown key in JSON", `{"slug": "ab",` + "\n" + `"foo": 1}`, []string{"line 2", `unknown key "foo"`}},
		{"bad indentation", "slug: ab\nversion: 1\n  status: open\n", []string{"line 3"}},
		{"unclosed flow", head + "languages: [sv\n", []string{"line"}},
		{"key given twice", head + "slug: cd\n", []string{"line 6", "slug"}},
		{"version not a number", "slug: ab\nversion: ett\n", []string{"line 2"}},
		{"tab indentation", "slug: ab\n\tversion: 1\n", []string{"line"}},
		{"two documents", head + "---\nslug: cd\n", []string{"line 6", "one document"}},
		{"empty", "", []string{"empty"}},
		{"only a comment", "# nothing\n", []string{"empty"}},
		{"too large", "slug: ab\n" + strings.Repeat("#", MaxDefinitionSize), []string{"at most"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.data))
			if err == nil {
				t.Fatal("want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "models.") {
				t.Errorf("error %q names a Go type", err)
			}
		})
	}
}

func TestLoadTurnsParseErrorIntoProblem(t *testing.T) {
	s, ps, err := Load([]byte("slug: ab\nbogus: 1\n"))
	if err == nil || s != nil {
		t.Fatalf("want a parse error, got %v, %v", s, err)
	}
	if len(ps) != 1 || ps[0].Path != "" || ps[0].Code != models.CodeSyntax || !strings.Contains(ps[0].Message, "line 2") {
		t.Fatalf("want one syntax problem naming line 2, got %+v", ps)
	}
}
