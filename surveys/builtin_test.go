package surveys

import (
	"io/fs"
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
