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

// checkTexts checks every translated text of s: Swedish always, and
// nothing that could not be stored or shown. A text missing in another
// listed language is not a problem: the survey is simply not offered in
// that language until it has every text (MissingTexts), and the survey
// page says how many are missing. Otherwise a coordinator who adds one
// question in Excel could not upload it before it is in eight languages.
func checkTexts(ps *problems, s *models.Survey) {
	tc := textChecker{ps: ps}
	eachText(s, tc.check)
}

// eachText calls fn with every translated text of s, its path and
// whether it is required (an optional text, such as a question's help,
// may be absent in every language).
func eachText(s *models.Survey, fn func(path string, t models.Text, required bool)) {
	fn("title", s.Title, true)
	fn("intro", s.Intro, false)
	fn("outro", s.Outro, false)
	if p := s.Promise; p != nil {
		fn("promise.name", p.Name, true)
		for i, f := range p.Focus {
			fn(fmt.Sprintf("promise.focus[%d]", i), f, true)
		}
	}
	for i, q := range s.Questions {
		path := fmt.Sprintf("questions[%d]", i)
		fn(path+".text", q.Text, true)
		fn(path+".help", q.Help, false)
		for j, o := range q.Options {
			fn(fmt.Sprintf("%s.options[%d].label", path, j), o.Label, true)
		}
		for j, r := range q.Rows {
			fn(fmt.Sprintf("%s.rows[%d].label", path, j), r.Label, true)
		}
	}
	for i, ind := range s.Indicators {
		fn(fmt.Sprintf("indicators[%d].label", i), ind.Label, true)
	}
	for i, h := range s.Help {
		fn(fmt.Sprintf("help[%d].for", i), h.For, true)
	}
}

// MissingTexts lists the paths of the texts of s that lang lacks: every
// text that has a Swedish original and no text in lang. A survey is
// offered in a language only when it lacks none, so a young person never
// meets a form half in one language and half in another.
func MissingTexts(s *models.Survey, lang string) []string {
	var missing []string
	eachText(s, func(path string, t models.Text, _ bool) {
		if !blank(t[models.LangSV]) && blank(t[lang]) {
			missing = append(missing, path)
		}
	})
	return missing
}

// CountTexts is how many texts of s have a Swedish original: what a
// complete translation has.
func CountTexts(s *models.Survey) int {
	n := 0
	eachText(s, func(_ string, t models.Text, _ bool) {
		if !blank(t[models.LangSV]) {
			n++
		}
	})
	return n
}

type textChecker struct {
	ps *problems
}

// check reports a text that lacks its Swedish original, and any text that
// could not be stored or shown.
func (tc textChecker) check(path string, t models.Text, required bool) {
	if len(t) == 0 && !required {
		return
	}
	var missing []string
	if blank(t[models.LangSV]) {
		missing = append(missing, models.LangSV)
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
