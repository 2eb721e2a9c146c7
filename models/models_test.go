package models

import (
	"slices"
	"strings"
	"testing"
)

func TestTextIn(t *testing.T) {
	text := Text{"sv": "Hej", "en": "Hi", "ar": ""}
	tests := []struct {
		lang, want string
	}{
		{"sv", "Hej"},
		{"en", "Hi"},
		{"ar", "Hej"}, // empty translation falls back to Swedish
		{"fi", "Hej"},
		{"", "Hej"},
	}
	for _, tt := range tests {
		t.Run("lang "+tt.lang, func(t *testing.T) {
			if got := text.In(tt.lang); got != tt.want {
				t.Fatalf("In(%q) = %q, want %q", tt.lang, got, tt.want)
			}
		})
	}
	if got := Text(nil).In("en"); got != "" {
		t.Fatalf("nil text gave %q", got)
	}
}

func TestDir(t *testing.T) {
	for lang, want := range map[string]string{"ar": "rtl", "prs": "rtl", "sv": "ltr", "sv-ll": "ltr", "en": "ltr", "fi": "ltr", "so": "ltr", "ti": "ltr", "uk": "ltr", "": "ltr", "fa": "ltr"} {
		if got := Dir(lang); got != want {
			t.Errorf("Dir(%q) = %q, want %q", lang, got, want)
		}
	}
}

func TestIsLanguage(t *testing.T) {
	for lang, want := range map[string]bool{"sv": true, "en": true, "ar": true, "fi": true, "so": true, "ti": true, "prs": true, "uk": true, "sv-ll": true, "de": false, "SV": false, "": false} {
		if got := IsLanguage(lang); got != want {
			t.Errorf("IsLanguage(%q) = %v", lang, got)
		}
	}
}

// Each language is named in its own script in the switch, and the page's
// lang attribute of lättläst is Swedish.
func TestEndonymsAndHTMLLang(t *testing.T) {
	want := map[string]string{"sv": "Svenska", "sv-ll": "Lättläst", "en": "English", "ar": "العربية", "fi": "Suomi",
		"so": "Soomaali", "ti": "ትግርኛ", "prs": "دری", "uk": "Українська"}
	for _, l := range SupportedLanguages() {
		if l.Name != want[l.Code] {
			t.Errorf("%s is named %q, want %q", l.Code, l.Name, want[l.Code])
		}
		delete(want, l.Code)
	}
	if len(want) > 0 {
		t.Errorf("not supported: %v", want)
	}
	if HTMLLang(LangEasy) != "sv" || HTMLLang(LangPRS) != "prs" || Base(LangEasy) != LangSV || Base(LangFI) != LangFI {
		t.Errorf("lättläst pages must say lang=\"sv\"; got %q", HTMLLang(LangEasy))
	}
}

func TestParseEnabled(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
		bad  bool
	}{
		{DefaultEnabled, []string{"sv", "sv-ll", "en", "ar", "fi"}, false},
		{"", []string{"sv", "sv-ll"}, false},
		{"en", []string{"sv", "sv-ll", "en"}, false},
		{" uk , PRS,so,sv", []string{"sv", "sv-ll", "so", "prs", "uk"}, false},
		{"fi,fi", []string{"sv", "sv-ll", "fi"}, false},
		{"sv,de", nil, true},
		{"sv;en", nil, true},
		{"fa", nil, true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			e, err := ParseEnabled(tc.in)
			if tc.bad {
				if err == nil {
					t.Fatalf("ParseEnabled(%q) = %v, want an error", tc.in, e.Codes())
				}
				return
			}
			if err != nil || !slices.Equal(e.Codes(), tc.want) {
				t.Fatalf("ParseEnabled(%q) = %v, %v; want %v", tc.in, e.Codes(), err, tc.want)
			}
		})
	}
	if !DefaultLanguages().Has(LangFI) || DefaultLanguages().Has(LangSO) {
		t.Error("the default offers Finnish and not Somali")
	}
}

// Languages and IsLanguage read one list, Swedish first, and a caller
// cannot change it through the slice it gets.
func TestLanguagesIsTheOneList(t *testing.T) {
	langs := Languages()
	if len(langs) == 0 || langs[0] != DefaultLang {
		t.Fatalf("Languages() = %q", langs)
	}
	for _, l := range langs {
		if !IsLanguage(l) {
			t.Errorf("%s is offered but not a language", l)
		}
	}
	langs[0] = "de"
	if IsLanguage("de") || Languages()[0] != DefaultLang {
		t.Fatal("changing the returned slice changed the list")
	}
}

func TestValidSlug(t *testing.T) {
	tests := []struct {
		slug string
		want bool
	}{
		{"ungdomsdialog-2023", true},
		{"ab", true},
		{"a" + strings.Repeat("b", 39), true},
		{"a", false},
		{"a" + strings.Repeat("b", 40), false},
		{"2023-dialog", false},
		{"-dialog", false},
		{"Dialog", false},
		{"dialog_2023", false},
		{"dialög", false},
		{"dialog.2023", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.slug, func(t *testing.T) {
			if got := ValidSlug(tt.slug); got != tt.want {
				t.Fatalf("ValidSlug(%q) = %v", tt.slug, got)
			}
		})
	}
}

func TestValidID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"kon", true},
		{"k", true},
		{"trygg_kvall_2", true},
		{"a" + strings.Repeat("b", 39), true},
		{"a" + strings.Repeat("b", 40), false},
		{"", false},
		{"_kon", false},
		{"1kon", false},
		{"Kon", false},
		{"kön", false},
		{"trygg-kvall", false},
		{"a.b", false},
		{"$gt", false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if got := ValidID(tt.id); got != tt.want {
				t.Fatalf("ValidID(%q) = %v", tt.id, got)
			}
		})
	}
}

func TestLookups(t *testing.T) {
	s := &Survey{Questions: []Question{
		{ID: "kon", Type: TypeSingle, Options: []Option{{Value: "tjej"}, {Value: "kille"}}},
		{ID: "platser", Type: TypeGrid, Rows: []Row{{Value: "skolan"}}},
	}}
	q, ok := s.Question("platser")
	if !ok || q != &s.Questions[1] {
		t.Fatal("Question did not find platser in place")
	}
	if _, ok := s.Question("nope"); ok {
		t.Fatal("Question found a missing id")
	}
	if o, ok := s.Questions[0].Option("kille"); !ok || o.Value != "kille" {
		t.Fatal("Option did not find kille")
	}
	if _, ok := s.Questions[0].Option("annat"); ok {
		t.Fatal("Option found a missing value")
	}
	if _, ok := q.Row("skolan"); !ok {
		t.Fatal("Row did not find skolan")
	}
	if _, ok := q.Row("bussen"); ok {
		t.Fatal("Row found a missing value")
	}
	if !q.HasOptions() || (&Question{Type: TypeText}).HasOptions() {
		t.Fatal("HasOptions is wrong")
	}
}
