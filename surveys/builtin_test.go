package surveys

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"medborgardialog/models"
)

// TestBuiltinsPass checks every definition shipped in builtin/, whatever
// files are there when the tests run.
func TestBuiltinsPass(t *testing.T) {
	files, err := fs.Glob(os.DirFS("builtin"), "*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("builtin/" + name)
			if err != nil {
				t.Fatal(err)
			}
			if _, ps, err := Load(data); err != nil || len(ps) > 0 {
				t.Fatalf("err %v, problems:\n%s", err, summarize(ps))
			}
		})
	}
	got, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(files) {
		t.Fatalf("Builtin returned %d surveys for %d files", len(got), len(files))
	}
	if !slices.IsSortedFunc(got, func(a, b *models.Survey) int { return strings.Compare(a.Slug, b.Slug) }) {
		t.Fatal("Builtin is not sorted by slug")
	}
}

func TestLoadDir(t *testing.T) {
	valid, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	second := strings.Replace(string(valid), "slug: testdialog-2023", "slug: adialog-2023", 1)
	tests := []struct {
		name    string
		files   fstest.MapFS
		slugs   []string
		wantErr string
	}{
		{"sorted by slug", fstest.MapFS{
			"d/b.yaml": {Data: valid}, "d/a.yaml": {Data: []byte(second)}, "d/README.md": {Data: []byte("#")},
		}, []string{"adialog-2023", "testdialog-2023"}, ""},
		{"no definitions", fstest.MapFS{"d/README.md": {Data: []byte("#")}}, nil, ""},
		{"syntax error names the file", fstest.MapFS{"d/broken.yaml": {Data: []byte("slug: [")}}, nil, "d/broken.yaml"},
		{"problems name the file", fstest.MapFS{"d/bad.yaml": {Data: []byte(strings.Replace(string(valid), "version: 1", "version: 0", 1))}}, nil, "d/bad.yaml: 1 problem(s): version"},
		{"slug used twice", fstest.MapFS{"d/a.yaml": {Data: valid}, "d/b.yaml": {Data: valid}}, nil, "also used by d/a.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := loadDir(tt.files, "d")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("want error containing %q, got %v", tt.wantErr, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var slugs []string
			for _, s := range got {
				slugs = append(slugs, s.Slug)
			}
			if !slices.Equal(slugs, tt.slugs) {
				t.Fatalf("got %v, want %v", slugs, tt.slugs)
			}
		})
	}
}

// builtinTexts lists every text a young person can see in s, by path: the
// texts checkTexts reads.
func builtinTexts(s *models.Survey) map[string]models.Text {
	out := map[string]models.Text{"title": s.Title, "intro": s.Intro, "outro": s.Outro}
	if p := s.Promise; p != nil {
		out["promise.name"] = p.Name
		for i, f := range p.Focus {
			out[fmt.Sprintf("promise.focus[%d]", i)] = f
		}
	}
	for i, q := range s.Questions {
		path := fmt.Sprintf("questions[%d]", i)
		out[path+".text"], out[path+".help"] = q.Text, q.Help
		for j, o := range q.Options {
			out[fmt.Sprintf("%s.options[%d].label", path, j)] = o.Label
		}
		for j, r := range q.Rows {
			out[fmt.Sprintf("%s.rows[%d].label", path, j)] = r.Label
		}
	}
	for i, ind := range s.Indicators {
		out[fmt.Sprintf("indicators[%d].label", i)] = ind.Label
	}
	for i, h := range s.Help {
		out[fmt.Sprintf("help[%d].for", i)] = h.For
	}
	return out
}

// Sandviken is in the administrative area for Finnish, so the built-in
// surveys are complete in Finnish: every text that has Swedish has
// Finnish too, whatever languages the definition lists.
func TestBuiltinsAreCompleteInFinnish(t *testing.T) {
	surveys, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(surveys) == 0 {
		t.Fatal("no built-in surveys")
	}
	for _, s := range surveys {
		texts := builtinTexts(s)
		seen := 0
		for _, path := range slices.Sorted(maps.Keys(texts)) {
			text := texts[path]
			if strings.TrimSpace(text[models.LangSV]) == "" {
				continue
			}
			seen++
			if strings.TrimSpace(text["fi"]) == "" {
				t.Errorf("%s: %s has no Finnish text (sv: %q)", s.Slug, path, text[models.LangSV])
			}
		}
		if seen < 100 {
			t.Errorf("%s: only %d texts found; the walk misses some", s.Slug, seen)
		}
	}
}
