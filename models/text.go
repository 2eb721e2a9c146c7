package models

import "slices"

// Languages a survey can be offered in. Swedish is the language every text
// must have, because the service's owners work in Swedish.
const (
	LangSV = "sv"
	LangEN = "en"
	LangAR = "ar"
)

// DefaultLang is the language used when a request asks for one we lack.
const DefaultLang = LangSV

// languages are the languages the service offers, Swedish first. This is
// the one list: the interface, the survey checks and the completeness test
// of the message files all read it, and a DIALOG_LANGUAGES setting is to
// feed it.
var languages = []string{LangSV, LangEN, LangAR, "fi", "so", "ti", "prs", "uk"}

// Languages returns the languages the service offers, Swedish first.
func Languages() []string { return slices.Clone(languages) }

// IsLanguage reports whether code is a language the service can show.
func IsLanguage(code string) bool { return slices.Contains(languages, code) }

// Dir gives the HTML dir attribute for lang: Arabic and Dari are written
// right to left.
func Dir(lang string) string {
	if lang == LangAR || lang == "prs" {
		return "rtl"
	}
	return "ltr"
}

// Text is a translated text keyed by language code.
type Text map[string]string

// In returns the text in lang, or the Swedish text when that translation is
// missing, so a young person always sees something rather than a blank.
func (t Text) In(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t[DefaultLang]
}
