package surveys

import (
	"slices"
	"strings"
	"testing"

	"medborgardialog/models"
)

// The built-in 2023 survey has every text in lättläst, its translations
// block says who wrote it and that nobody trained in lättläst has read
// it, and it is the same survey: ids and values are the Swedish ones.
func TestBuiltin2023IsCompleteInLattlast(t *testing.T) {
	all, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, s := range all {
		if s.Slug != "ungdomsdialog-2023" {
			continue
		}
		found = true
		if missing := MissingTexts(s, models.LangEasy); len(missing) > 0 {
			t.Errorf("lättläst lacks %d texts: %v", len(missing), missing)
		}
		tr, ok := s.Translations[models.LangEasy]
		if !ok || tr.Status != models.TranslationDraft || !strings.Contains(tr.Note, "MTM") {
			t.Errorf("translations.sv-ll = %+v, want a draft that names MTM", tr)
		}
		// The frequency scale of alcohol gives examples (Begripsam).
		q, _ := s.Question("alkohol")
		if q != nil {
			for _, o := range q.Options {
				if o.Value != "inte_alls" && !o.Exclude && !strings.ContainsAny(o.Label[models.LangEasy], "0123456789") {
					t.Errorf("alkohol %s: %q names no number of times", o.Value, o.Label[models.LangEasy])
				}
			}
		}
	}
	if !found {
		t.Fatal("no ungdomsdialog-2023")
	}
}

func TestMissingTexts(t *testing.T) {
	s := &models.Survey{
		Title: models.Text{"sv": "Titel", "fi": "Otsikko"},
		Intro: models.Text{"sv": "Hej", "fi": " "},
		Questions: []models.Question{{ID: "q", Text: models.Text{"sv": "Fråga", "fi": "Kysymys"},
			Help:    models.Text{"fi": "only Finnish help"},
			Options: []models.Option{{Value: "a", Label: models.Text{"sv": "A"}}, {Value: "b", Label: models.Text{"sv": "B", "fi": "B"}}}}},
	}
	if got, want := MissingTexts(s, "fi"), []string{"intro", "questions[0].options[0].label"}; !slices.Equal(got, want) {
		t.Errorf("fi lacks %v, want %v", got, want)
	}
	if got := MissingTexts(s, "sv"); len(got) != 0 {
		t.Errorf("sv lacks %v", got)
	}
	if n := CountTexts(s); n != 5 {
		t.Errorf("CountTexts = %d, want 5", n)
	}
}
