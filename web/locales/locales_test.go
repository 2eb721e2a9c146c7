package locales

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// meta is a file's _meta keys as a translator writes them.
func meta(lang, dir, status, reviewer string) string {
	return `"_meta.language": "` + lang + `", "_meta.direction": "` + dir + `", "_meta.status": "` + status + `", "_meta.reviewer": "` + reviewer + `"`
}

var (
	svMeta = meta("sv", "ltr", "reviewed", "the team")
	enMeta = meta("en", "ltr", "reviewed", "the team")
	arMeta = meta("ar", "rtl", "draft", "")
)

// sample is a small catalogue: a public and a staff part in Swedish, and
// translations with the gaps the tests look for.
func sample() fstest.MapFS {
	return fstest.MapFS{
		"public.sv.json": {Data: []byte(`{` + svMeta + `,
			"home.title": "Medborgardialog",
			"home.lead": "Svara anonymt.",
			"count": {"description": "%d is a number of questions", "one": "%d fråga", "other": "%d frågor"}}`)},
		"public.en.json": {Data: []byte(`{` + enMeta + `,
			"home.title": "Citizen dialogue",
			"home.lead": "",
			"count": {"one": "%d question", "other": "%d questions"}}`)},
		"public.ar.json": {Data: []byte(`{` + arMeta + `,
			"home.title": "حوار المواطنين",
			"count": {"zero": "zero %d", "one": "one %d", "two": "two %d", "few": "few %d", "many": "many %d", "other": "other %d"}}`)},
		"staff.sv.json": {Data: []byte(`{` + svMeta + `, "staff.logout": "Logga ut"}`)},
		"staff.en.json": {Data: []byte(`{` + enMeta + `, "staff.logout": "Sign out"}`)},
	}
}

func load(t *testing.T, fsys fstest.MapFS) *Catalogue {
	t.Helper()
	c, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTextFallsBackToSwedishThenToTheKey(t *testing.T) {
	c := load(t, sample())
	for _, tc := range []struct{ lang, key, want string }{
		{"en", "home.title", "Citizen dialogue"},
		{"ar", "home.title", "حوار المواطنين"},
		{"ar", "home.lead", "Svara anonymt."},   // missing in Arabic
		{"en", "home.lead", "Svara anonymt."},   // empty in English: untranslated
		{"fi", "home.title", "Medborgardialog"}, // no Finnish file
		{"", "home.title", "Medborgardialog"},
		{"ar", "staff.logout", "Logga ut"}, // the staff part has no Arabic
		{"en", "count", "%d questions"},    // a plural text's "other" form
		{"sv", "no.such.key", "no.such.key"},
	} {
		if got := c.Text(tc.lang, tc.key); got != tc.want {
			t.Errorf("Text(%q, %q) = %q, want %q", tc.lang, tc.key, got, tc.want)
		}
	}
}

func TestPluralFollowsTheLanguagesCLDRRule(t *testing.T) {
	c := load(t, sample())
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{"sv", 1, "%d fråga"}, {"sv", 0, "%d frågor"}, {"sv", 2, "%d frågor"}, {"sv", 21, "%d frågor"},
		{"en", 1, "%d question"}, {"en", 5, "%d questions"},
		// Arabic has all six CLDR forms.
		{"ar", 0, "zero %d"}, {"ar", 1, "one %d"}, {"ar", 2, "two %d"}, {"ar", 3, "few %d"},
		{"ar", 10, "few %d"}, {"ar", 11, "many %d"}, {"ar", 99, "many %d"}, {"ar", 100, "other %d"}, {"ar", 103, "few %d"},
		// No Finnish file: Swedish, with Swedish forms.
		{"fi", 1, "%d fråga"}, {"fi", 7, "%d frågor"},
	} {
		if got := c.Plural(tc.lang, "count", tc.n); got != tc.want {
			t.Errorf("Plural(%q, count, %d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
	// Dari has no CLDR rule of its own and follows Persian's: "one" is 0
	// and 1; a language with neither is refused.
	fsys := sample()
	fsys["public.prs.json"] = &fstest.MapFile{Data: []byte(`{` + meta("prs", "rtl", "draft", "") + `, "count": {"one": "one %d", "other": "other %d"}}`)}
	prs := load(t, fsys)
	for n, want := range map[int]string{0: "one %d", 1: "one %d", 2: "other %d"} {
		if got := prs.Plural("prs", "count", n); got != want {
			t.Errorf("Plural(prs, count, %d) = %q, want %q", n, got, want)
		}
	}
	fsys["public.aa.json"] = &fstest.MapFile{Data: []byte(`{` + meta("aa", "ltr", "draft", "") + `}`)}
	if _, err := Load(fsys); err == nil || !strings.Contains(err.Error(), "no plural rule registered for aa") {
		t.Errorf("a language without a plural rule: %v", err)
	}
	// A text without plural forms is itself whatever the number; one
	// missing in the language is the Swedish one; an unknown key is the key.
	if got := c.Plural("en", "home.title", 1); got != "Citizen dialogue" {
		t.Errorf("plain text: %q", got)
	}
	if got := c.Plural("ar", "home.lead", 2); got != "Svara anonymt." {
		t.Errorf("missing text: %q", got)
	}
	if got := c.Plural("sv", "no.such.key", 2); got != "no.such.key" {
		t.Errorf("unknown key: %q", got)
	}
}

func TestMissingListsKeysAndPluralForms(t *testing.T) {
	fsys := sample()
	fsys["public.ar.json"] = &fstest.MapFile{Data: []byte(`{` + arMeta + `, "count": {"one": "one %d", "other": "other %d"}}`)}
	c := load(t, fsys)
	for _, tc := range []struct {
		part, lang string
		want       []string
	}{
		{Public, "sv", nil},
		{Public, "en", []string{"home.lead"}},
		{Public, "ar", []string{"count[few]", "count[many]", "count[two]", "count[zero]", "home.lead", "home.title"}},
		{Public, "fi", []string{"count", "home.lead", "home.title"}},
		{Staff, "en", nil},
		{Staff, "ar", []string{"staff.logout"}},
	} {
		if got := c.Missing(tc.part, tc.lang); !slices.Equal(got, tc.want) {
			t.Errorf("Missing(%s, %s) = %q, want %q", tc.part, tc.lang, got, tc.want)
		}
	}
	if got := c.Keys(Public); !slices.Equal(got, []string{"count", "home.lead", "home.title"}) {
		t.Errorf("Keys(public) = %q", got)
	}
}

func TestEachFileSaysWhatItIs(t *testing.T) {
	fsys := sample()
	fsys["public.ar.json"] = &fstest.MapFile{Data: []byte(`{` + arMeta + `, "_meta.note": "Needs a translator."}`)}
	c := load(t, fsys)
	m, ok := c.Meta(Public, "ar")
	if !ok || m.Direction != "rtl" || m.Status != StatusDraft || m.Reviewer != "" || m.Note != "Needs a translator." {
		t.Fatalf("%+v %v", m, ok)
	}
	if m, ok := c.Meta(Staff, "sv"); !ok || m.Status != StatusReviewed || m.Reviewer != "the team" {
		t.Fatalf("%+v %v", m, ok)
	}
	if _, ok := c.Meta(Staff, "ar"); ok {
		t.Fatal("a file that does not exist has a Meta")
	}
	var names []string
	for _, m := range c.Files() {
		names = append(names, m.Part+"."+m.Lang)
	}
	if want := []string{"public.ar", "public.en", "public.sv", "staff.en", "staff.sv"}; !slices.Equal(names, want) {
		t.Fatalf("Files: %q", names)
	}
}

func TestLoadRefusesABrokenFile(t *testing.T) {
	for _, tc := range []struct {
		name, file, data, want string
	}{
		{"not JSON", "public.en.json", `{"home.title": "x",}`, "parse"},
		{"a key in two parts", "staff.en.json", `{` + enMeta + `, "home.title": "x"}`, "home.title is in the public part too"},
		{"plural forms without other", "public.en.json", `{` + enMeta + `, "count": {"one": "%d question"}}`, `no "other"`},
		{"no _meta.language", "public.en.json", `{"_meta.direction": "ltr", "_meta.status": "draft"}`, `_meta.language is ""`},
		{"another language's _meta", "public.en.json", `{` + meta("fi", "ltr", "draft", "") + `}`, `"fi" in a file named for "en"`},
		{"a direction from no list", "public.en.json", `{` + meta("en", "auto", "draft", "") + `}`, "_meta.direction must be ltr or rtl"},
		{"a status from no list", "public.en.json", `{` + meta("en", "ltr", "done", "") + `}`, "_meta.status must be draft or reviewed"},
		{"reviewed by nobody", "public.en.json", `{` + meta("en", "ltr", "reviewed", " ") + `}`, "names nobody"},
		{"an unknown _meta key", "public.en.json", `{` + enMeta + `, "_meta.reviewd": "x"}`, "unknown key _meta.reviewd"},
		{"a part from no list", "help.en.json", `{` + enMeta + `}`, "the name is not"},
		{"a language code that is no code", "public.english.json", `{` + enMeta + `}`, "the name is not"},
		{"a language code of no language", "public.zz.json", `{` + meta("zz", "ltr", "draft", "") + `}`, "zz is no language code"},
		{"no Swedish", "staff.sv.json", "", "staff.sv.json is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := sample()
			if tc.data == "" {
				delete(fsys, tc.file)
			} else {
				fsys[tc.file] = &fstest.MapFile{Data: []byte(tc.data)}
			}
			_, err := Load(fsys)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// The files built into the binary load; the web package's tests check them
// against the languages the service offers.
func TestTheEmbeddedFilesLoad(t *testing.T) {
	c, err := Load(files)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Keys(Public)) == 0 || len(c.Keys(Staff)) == 0 {
		t.Fatalf("public %d, staff %d keys", len(c.Keys(Public)), len(c.Keys(Staff)))
	}
}
