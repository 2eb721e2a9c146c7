package surveys

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"medborgardialog/models"
)

// checkSurvey checks the survey-wide rules the field tags cannot express.
func checkSurvey(ps *problems, s *models.Survey) {
	hasSV := false
	seen := make(map[string]bool, len(s.Languages))
	for i, lang := range s.Languages {
		path := fmt.Sprintf("languages[%d]", i)
		switch {
		case !models.IsLanguage(lang):
			ps.add(path, models.CodeInvalid, "check.unknown_language", lang, strings.Join(models.Languages(), ", "))
		case seen[lang]:
			ps.add(path, models.CodeDuplicate, "check.language_twice", lang)
		}
		seen[lang] = true
		hasSV = hasSV || lang == models.LangSV
	}
	if !hasSV {
		ps.add("languages", models.CodeRequired, "check.needs_sv")
	}
	for _, lang := range slices.Sorted(maps.Keys(s.Translations)) {
		path := "translations." + lang
		switch tr := s.Translations[lang]; {
		case !models.IsLanguage(lang):
			// Keys are stored as field names; only known codes are safe there.
			ps.add(path, models.CodeInvalid, "check.unknown_language", lang, strings.Join(models.Languages(), ", "))
		case lang == models.LangSV:
			ps.add(path, models.CodeInvalid, "check.sv_no_status")
		case tr.Status == models.TranslationReviewed && blank(tr.Reviewer):
			ps.add(path+".reviewer", models.CodeRequired, "check.reviewer_needed")
		}
	}
	if s.OpensAt != nil && s.ClosesAt != nil && !s.OpensAt.Before(*s.ClosesAt) {
		ps.add("closes_at", models.CodeInvalid, "check.closes_after_opens")
	}
	// The dates have the fixed form YYYY-MM-DD, so comparing the strings
	// compares the days; malformed ones were reported by the field rules.
	if p := s.Promise; p != nil && len(p.From) == 10 && len(p.To) == 10 && p.To < p.From {
		ps.add("promise.to", models.CodeInvalid, "check.promise_dates")
	}
}
