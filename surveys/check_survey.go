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
			ps.add(path, models.CodeInvalid, "%q is not a language the service knows (%s)", lang, strings.Join(models.Languages(), ", "))
		case seen[lang]:
			ps.add(path, models.CodeDuplicate, "%q is listed twice", lang)
		}
		seen[lang] = true
		hasSV = hasSV || lang == models.LangSV
	}
	if !hasSV {
		ps.add("languages", models.CodeRequired, "must include sv")
	}
	for _, lang := range slices.Sorted(maps.Keys(s.Translations)) {
		path := "translations." + lang
		switch tr := s.Translations[lang]; {
		case !models.IsLanguage(lang):
			// Keys are stored as field names; only known codes are safe there.
			ps.add(path, models.CodeInvalid, "%q is not a language the service knows (%s)", lang, strings.Join(models.Languages(), ", "))
		case lang == models.LangSV:
			ps.add(path, models.CodeInvalid, "Swedish is the original every translation is made from: it has no status")
		case tr.Status == models.TranslationReviewed && blank(tr.Reviewer):
			ps.add(path+".reviewer", models.CodeRequired, "must name who reviewed the texts when status is reviewed")
		}
	}
	if s.OpensAt != nil && s.ClosesAt != nil && !s.OpensAt.Before(*s.ClosesAt) {
		ps.add("closes_at", models.CodeInvalid, "must be after opens_at")
	}
	// The dates have the fixed form YYYY-MM-DD, so comparing the strings
	// compares the days; malformed ones were reported by the field rules.
	if p := s.Promise; p != nil && len(p.From) == 10 && len(p.To) == 10 && p.To < p.From {
		ps.add("promise.to", models.CodeInvalid, "must not be before promise.from")
	}
}
