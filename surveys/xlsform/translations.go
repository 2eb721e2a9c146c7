package xlsform

import (
	"maps"
	"slices"
	"strings"

	"medborgardialog/models"
)

// sheetTranslations says per language whether its texts are a draft or
// reviewed (the definition's translations:): one row per language, with
// the columns language, status, reviewer and note.
const sheetTranslations = "translations"

var (
	translationsSpec   = sheetSpec{known: []string{"language", "status", "reviewer", "note"}}
	translationsFields = map[string]string{"status": "status", "reviewer": "reviewer", "note": "note"}
)

// readTranslations reads one language per row. The language may be
// written as a code or as a header names it ("Suomi (fi)"); an unknown
// one is kept as written, for the checker to name.
func readTranslations(t *table, sv *models.Survey, o *origins) {
	if t == nil {
		return
	}
	o.set("translations", origin{sheet: t.sheet})
	for r := 1; r < len(t.rows); r++ {
		if t.blank(r) {
			continue
		}
		code, _ := parseLanguage(t.get(r, "language"))
		if sv.Translations == nil {
			sv.Translations = make(map[string]models.Translation)
		}
		o.row("translations."+code, t, r, translationsFields)
		sv.Translations[code] = models.Translation{
			Status:   strings.ToLower(t.get(r, "status")),
			Reviewer: t.get(r, "reviewer"),
			Note:     t.get(r, "note"),
		}
	}
}

// translations writes the sheet, in the order of the supported languages.
func (wr *writer) translations() error {
	sw := wr.newSheet(sheetTranslations, "language", "status", "reviewer", "note")
	sw.header()
	codes := slices.SortedFunc(maps.Keys(wr.sv.Translations), func(a, b string) int {
		return rank(a) - rank(b)
	})
	for _, code := range codes {
		tr := wr.sv.Translations[code]
		sw.next()
		sw.put("language", languageSuffix(code))
		sw.put("status", tr.Status)
		sw.put("reviewer", tr.Reviewer)
		sw.put("note", tr.Note)
	}
	return wr.err
}

// rank orders language codes as the supported list does, unknown last.
func rank(code string) int {
	if i := slices.Index(models.Languages(), code); i >= 0 {
		return i
	}
	return len(models.Languages())
}
