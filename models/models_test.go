package models

import (
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
	for lang, want := range map[string]string{"ar": "rtl", "sv": "ltr", "en": "ltr", "": "ltr"} {
		if got := Dir(lang); got != want {
			t.Errorf("Dir(%q) = %q, want %q", lang, got, want)
		}
	}
}

func TestIsLanguage(t *testing.T) {
	for lang, want := range map[string]bool{"sv": true, "en": true, "ar": true, "de": false, "SV": false, "": false} {
		if got := IsLanguage(lang); got != want {
			t.Errorf("IsLanguage(%q) = %v", lang, got)
		}
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
