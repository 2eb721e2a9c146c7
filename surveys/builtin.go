package surveys

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"medborgardialog/models"
)

// The whole folder is embedded, not builtin/*.yaml, so the build does not
// break while the folder holds no definitions yet.
//
//go:embed builtin
var builtinFS embed.FS

// Builtin returns the survey definitions shipped in the binary, sorted by
// slug. A definition that does not parse or has problems is an error naming
// its file: a broken built-in is a bug, not something to skip.
func Builtin() ([]*models.Survey, error) {
	return loadDir(builtinFS, "builtin")
}

func loadDir(fsys fs.FS, dir string) ([]*models.Survey, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("surveys: read %s: %w", dir, err)
	}
	c := NewChecker()
	var out []*models.Survey
	bySlug := make(map[string]string)
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		name := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("surveys: read %s: %w", name, err)
		}
		s, problems, err := c.Load(data)
		if err != nil {
			return nil, fmt.Errorf("surveys: %s: %w", name, err)
		}
		if len(problems) > 0 {
			return nil, fmt.Errorf("surveys: %s: %s", name, summarize(problems))
		}
		if other, ok := bySlug[s.Slug]; ok {
			return nil, fmt.Errorf("surveys: %s: slug %q is also used by %s", name, s.Slug, other)
		}
		bySlug[s.Slug] = name
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *models.Survey) int { return strings.Compare(a.Slug, b.Slug) })
	return out, nil
}

// summarize puts all problems in one error message, so a failing start-up
// shows everything to fix at once.
func summarize(problems []models.Problem) string {
	parts := make([]string, len(problems))
	for i, p := range problems {
		parts[i] = p.Path + ": " + p.Message
		if p.Path == "" {
			parts[i] = p.Message
		}
	}
	return fmt.Sprintf("%d problem(s): %s", len(problems), strings.Join(parts, "; "))
}
