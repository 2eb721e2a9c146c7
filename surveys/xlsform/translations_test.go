package xlsform

import (
	"testing"

	"medborgardialog/models"
)

// The translations sheet gives each language's status, the language
// written as a code or by its header name; a reviewed language without
// a reviewer is a problem at its cell.
func TestTranslationsSheet(t *testing.T) {
	base := book{
		"survey":   {{"type", "name", "label::Svenska (sv)", "label::Suomi (fi)"}, {"text", "fritt", "Skriv", "Kirjoita"}},
		"settings": {{"form_id", "form_title::Svenska (sv)", "form_title::Suomi (fi)"}, {"testenkat", "Test", "Testi"}},
	}
	base["translations"] = [][]string{{"language", "status", "reviewer", "note"},
		{"Suomi (fi)", "reviewed", "Aino", "Läst"}, {"sv-ll", "Draft", "", ""}}
	sv, ps := readBytes(base.bytes(t))
	if len(ps) > 0 {
		t.Fatalf("problems:%s", problemList(ps))
	}
	if fi := sv.Translations[models.LangFI]; fi.Status != models.TranslationReviewed || fi.Reviewer != "Aino" || fi.Note != "Läst" {
		t.Errorf("fi = %+v", fi)
	}
	if ll := sv.Translations[models.LangEasy]; ll.Status != models.TranslationDraft {
		t.Errorf("sv-ll = %+v", ll)
	}

	base["translations"] = [][]string{{"language", "status", "reviewer", "note"}, {"fi", "reviewed", "", ""}}
	_, ps = readBytes(base.bytes(t))
	if len(ps) != 1 || ps[0].Sheet != sheetTranslations || ps[0].Row != 2 || ps[0].Column != "reviewer" {
		t.Fatalf("a reviewed language without a reviewer:%s", problemList(ps))
	}
}
