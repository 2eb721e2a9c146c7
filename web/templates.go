package web

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"strings"

	"medborgardialog/models"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// Static is the file tree served under /static/.
func Static() fs.FS {
	sub, err := fs.Sub(staticFiles, "static")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// Pages parses every page template together with the shared layout, so a
// page is rendered with pages[name].ExecuteTemplate(w, "layout", data).
func Pages() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"t":   T,
		"dir": models.Dir,
		// htmllang is the page's lang attribute: lättläst is Swedish.
		"htmllang": models.HTMLLang,
		// role and action name a staff role and an audit action in the
		// page's language ("Fältassistent", "Resultat visade"), never as
		// the code stored.
		"role":   Role,
		"action": Action,
		// dim, grade and grades name the codes results and places use
		// ("Skola", "Årskurs 8"); naming.go is the one place for each.
		"dim":    Dimension,
		"grade":  Grade,
		"grades": Grades,
		"actor":  Actor,
		"field":  Field,
		"add":    func(a, b int) int { return a + b },
		"mul":    func(a, b int) int { return a * b },
		"dict": func(kv ...any) map[string]any {
			m := make(map[string]any, len(kv)/2)
			for i := 0; i+1 < len(kv); i += 2 {
				m[kv[i].(string)] = kv[i+1]
			}
			return m
		},
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: list templates: %w", err)
	}
	pages := make(map[string]*template.Template)
	for _, name := range names {
		base := strings.TrimSuffix(path.Base(name), ".html")
		if base == "layout" || strings.HasPrefix(base, "_") {
			continue
		}
		// The page comes last so its own definitions (e.g. "assets")
		// override the partials' defaults.
		partials, _ := fs.Glob(templateFiles, "templates/_*.html")
		files := append(append([]string{"templates/layout.html"}, partials...), name)
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFiles, files...)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", name, err)
		}
		pages[base] = t
	}
	return pages, nil
}
