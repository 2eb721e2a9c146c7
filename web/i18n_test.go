package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"medborgardialog/models"
	"medborgardialog/web/locales"
)

// Every language a deployment enables by default, and every supported
// language that has a file, has every text young people read; Swedish
// and English have every text of the staff pages. A missing text would
// show Swedish on a Finnish page.
func TestEveryEnabledLanguageHasEveryText(t *testing.T) {
	c := locales.Embedded()
	for _, part := range []struct {
		name  string
		langs []string
	}{{locales.Public, publicLanguages(c)}, {locales.Staff, StaffLanguages}} {
		if len(c.Keys(part.name)) < 50 {
			t.Fatalf("only %d texts in the %s part: a file is missing", len(c.Keys(part.name)), part.name)
		}
		for _, lang := range part.langs {
			if _, ok := c.Meta(part.name, lang); !ok {
				t.Errorf("no %s.%s.json in web/locales", part.name, lang)
				continue
			}
			for _, key := range c.Missing(part.name, lang) {
				t.Errorf("%s.%s.json has no text for %s", part.name, lang, key)
			}
		}
	}
}

// publicLanguages are the languages whose public file must be complete:
// the default DIALOG_LANGUAGES, and every supported language with a
// file, since a deployment may enable it. Lättläst pages use the Swedish
// file.
func publicLanguages(c *locales.Catalogue) []string {
	langs := slices.DeleteFunc(models.DefaultLanguages().Codes(), func(l string) bool { return models.Base(l) != l })
	for _, l := range models.Languages() {
		if _, ok := c.Meta(locales.Public, l); ok && !slices.Contains(langs, l) {
			langs = append(langs, l)
		}
	}
	return langs
}

// Every file is of a language the service supports: a file of another
// would never be read by a page.
func TestEveryFileIsOfASupportedLanguage(t *testing.T) {
	for _, m := range locales.Embedded().Files() {
		if !models.IsLanguage(m.Lang) {
			t.Errorf("%s.%s.json: %s is not in models.SupportedLanguages", m.Part, m.Lang, m.Lang)
		}
	}
}

// Direction is the language's, in the file and in the pages alike.
func TestEveryFileHasTheDirectionOfItsLanguage(t *testing.T) {
	for _, m := range locales.Embedded().Files() {
		if m.Direction != models.Dir(m.Lang) {
			t.Errorf("%s.%s.json says %s, the pages use %s", m.Part, m.Lang, m.Direction, models.Dir(m.Lang))
		}
	}
}

// verb matches the fmt verbs the texts use, %s, %d and %q, also numbered
// (%[2]s). A percent sign before a space ("20 %") is text, and so are the
// upper-case escapes of a web address ("q=v%C3%A4der").
var verb = regexp.MustCompile(`%(\[\d+\])?[-+#0]*\d*(\.\d+)?[sdqv]`)

// A translation fills the same blanks as the Swedish text: a lost %d
// would print "%!d(MISSING)" on the page, an extra one "%!(EXTRA …)".
func TestEveryTranslationHasTheSwedishVerbs(t *testing.T) {
	c := locales.Embedded()
	for _, m := range c.Files() {
		for _, key := range c.Keys(m.Part) {
			want := verbs(c.Forms(locales.Source, key)["other"])
			for form, text := range c.Forms(m.Lang, key) {
				if got := verbs(text); !slices.Equal(got, want) {
					t.Errorf("%s.%s.json %s (%s): %q, Swedish has %q", m.Part, m.Lang, key, form, got, want)
				}
			}
		}
	}
}

func verbs(s string) []string {
	v := verb.FindAllString(s, -1)
	slices.Sort(v)
	return v
}

func TestTFallsBackToSwedishThenToTheKey(t *testing.T) {
	for _, tc := range []struct{ lang, key, want string }{
		{"ar", "home.title", "حوار المواطنين"},
		{"en", "home.title", "Citizen dialogue"},
		{"ar", "staff.logout", T("sv", "staff.logout")}, // staff pages have no Arabic
		{"de", "home.title", "Medborgardialog"},         // no German file
		{"ar", "no.such.key", "no.such.key"},
	} {
		if got := T(tc.lang, tc.key); got != tc.want {
			t.Errorf("T(%q, %q) = %q, want %q", tc.lang, tc.key, got, tc.want)
		}
	}
	if T("sv", "staff.logout") == "staff.logout" {
		t.Fatal("staff.logout has no Swedish text")
	}
}

// TestEveryAuditActionHasAName: the audit log names each action in words
// ("Konto skapat", not user.create), so every action the models declare
// has a name in every staff language. Read from the source, so an action
// added later without a name fails here.
func TestEveryAuditActionHasAName(t *testing.T) {
	files, err := filepath.Glob("../models/*.go")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, name := range vs.Names {
				if !strings.HasPrefix(name.Name, "Audit") || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				action, _ := strconv.Unquote(lit.Value)
				if !strings.Contains(action, ".") {
					continue // an actor, not an action
				}
				found++
				for _, lang := range StaffLanguages {
					if got := TOr(lang, "audit.action."+action, ""); got == "" {
						t.Errorf("%s (%s) has no name in %s", name.Name, action, lang)
					}
				}
			}
			return true
		})
	}
	if found < 20 {
		t.Fatalf("found %d audit actions in ../models; the parse missed them", found)
	}
}
