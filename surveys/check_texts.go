package surveys

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"medborgardialog/models"
)

// maxTextLength caps every translated text, in characters.
const maxTextLength = 5000

// checkTexts checks every translated text of s: Swedish always, every
// listed language as well, and nothing that could not be stored or shown.
func checkTexts(ps *problems, s *models.Survey) {
	tc := textChecker{ps: ps, langs: s.Languages}
	tc.check("title", s.Title, true)
	tc.check("intro", s.Intro, false)
	tc.check("outro", s.Outro, false)
	if p := s.Promise; p != nil {
		tc.check("promise.name", p.Name, true)
		for i, f := range p.Focus {
			tc.check(fmt.Sprintf("promise.focus[%d]", i), f, true)
		}
	}
	for i, q := range s.Questions {
		path := fmt.Sprintf("questions[%d]", i)
		tc.check(path+".text", q.Text, true)
		tc.check(path+".help", q.Help, false)
		for j, o := range q.Options {
			tc.check(fmt.Sprintf("%s.options[%d].label", path, j), o.Label, true)
		}
		for j, r := range q.Rows {
			tc.check(fmt.Sprintf("%s.rows[%d].label", path, j), r.Label, true)
		}
	}
	for i, ind := range s.Indicators {
		tc.check(fmt.Sprintf("indicators[%d].label", i), ind.Label, true)
	}
	for i, h := range s.Help {
		tc.check(fmt.Sprintf("help[%d].for", i), h.For, true)
	}
}

type textChecker struct {
	ps    *problems
	langs []string
}

// check reports the missing translations of a text in one problem, so an
// author sees at a glance which languages a text still lacks.
func (tc textChecker) check(path string, t models.Text, required bool) {
	if len(t) == 0 && !required {
		return
	}
	var missing []string
	if blank(t[models.LangSV]) {
		missing = append(missing, models.LangSV)
	}
	for _, lang := range tc.langs {
		if lang != models.LangSV && models.IsLanguage(lang) && blank(t[lang]) && !slices.Contains(missing, lang) {
			missing = append(missing, lang)
		}
	}
	if len(missing) > 0 {
		tc.ps.add(path, models.CodeMissingTranslation, "check.needs_text_in", strings.Join(missing, ", "))
	}
	for _, lang := range slices.Sorted(maps.Keys(t)) {
		text := t[lang]
		switch {
		case !models.IsLanguage(lang):
			// Keys are stored as field names; only known codes are safe there.
			tc.ps.add(path+"."+lang, models.CodeInvalid, "check.unknown_language", lang, strings.Join(models.Languages(), ", "))
		case !utf8.ValidString(text):
			tc.ps.add(path+"."+lang, models.CodeInvalid, "check.not_utf8")
		case badChars(text):
			tc.ps.add(path+"."+lang, models.CodeInvalid, "check.bad_chars")
		case utf8.RuneCountInString(text) > maxTextLength:
			tc.ps.add(path+"."+lang, models.CodeOutOfRange, "check.text_too_long", maxTextLength)
		}
	}
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }
