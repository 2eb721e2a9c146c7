package handlers

import (
	"fmt"
	"slices"

	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

// langStatusRow is one language on the staff survey page: whether young
// people are offered it, how complete its texts are and whether someone
// qualified has read them (issue 27).
type langStatusRow struct {
	Code, Name, Endonym string
	Offered             bool
	OfferedText         string
	Texts               string
	Status, Note        string
	Reviewed, Original  bool
}

// newLangStatus lists every supported language for sv, in the staff's
// words, as surveyLangs decides what the form offers.
func (s *Server) newLangStatus(sv *models.Survey, lang string) []langStatusRow {
	total := surveys.CountTexts(sv)
	offered := surveyLangs(s.langs, sv)
	var rows []langStatusRow
	for _, l := range models.SupportedLanguages() {
		missing := len(surveys.MissingTexts(sv, l.Code))
		row := langStatusRow{Code: l.Code, Name: web.T(lang, "lang.name."+l.Code), Endonym: l.Name, Offered: slices.Contains(offered, l.Code)}
		switch {
		case row.Offered:
			row.OfferedText = web.T(lang, "surveyadmin.lang_yes")
		case !s.langs.Has(l.Code):
			row.OfferedText = web.T(lang, "surveyadmin.lang_off")
		case missing > 0:
			row.OfferedText = web.T(lang, "surveyadmin.lang_incomplete")
		default:
			row.OfferedText = web.T(lang, "surveyadmin.lang_unlisted")
		}
		switch {
		case missing == 0:
			row.Texts = fmt.Sprintf(web.Plural(lang, "surveyadmin.lang_complete", total), total)
		case missing == total:
			row.Texts = web.T(lang, "surveyadmin.lang_none")
		default:
			row.Texts = fmt.Sprintf(web.Plural(lang, "surveyadmin.lang_missing", missing), missing, total)
		}
		tr, stated := sv.Translations[l.Code]
		switch {
		case l.Code == models.LangSV:
			row.Status, row.Original = web.T(lang, "surveyadmin.lang_original"), true
		case stated && tr.Status == models.TranslationReviewed:
			row.Status, row.Reviewed = fmt.Sprintf(web.T(lang, "surveyadmin.lang_reviewed"), tr.Reviewer), true
		case stated:
			row.Status = web.T(lang, "surveyadmin.lang_draft")
		default:
			row.Status = web.T(lang, "surveyadmin.lang_unknown")
		}
		row.Note = tr.Note
		rows = append(rows, row)
	}
	return rows
}
