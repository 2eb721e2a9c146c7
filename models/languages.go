package models

import (
	"fmt"
	"slices"
	"strings"
)

// Language codes. Swedish is the language every text must have, because
// the service's owners work in Swedish.
const (
	LangSV = "sv"
	LangEN = "en"
	LangAR = "ar"
	LangFI = "fi"
	LangSO = "so"
	LangTI = "ti"
	// LangPRS is Dari, the Persian of Afghanistan (ISO 639-3).
	LangPRS = "prs"
	LangUK  = "uk"
	// LangEasy is lättläst svenska: Swedish written for the reader with
	// the greatest need (MTM's advice). It is not a language of its own,
	// so pages carry lang="sv"; the code only picks the survey's texts.
	LangEasy = "sv-ll"
)

// DefaultLang is the language used when a request asks for one we lack.
const DefaultLang = LangSV

// Language is one language the service can offer.
type Language struct {
	Code string
	// Name is the language's name in its own script, as a switch shows
	// it: a reader looks for their language in the words they read.
	Name string
	// RTL: written right to left. Direction comes from the language,
	// never from guessing at a text (Enketo got Arabic wrong that way).
	RTL bool
	// HTML is the page's lang attribute: a screen reader picks its
	// voice by it.
	HTML string
}

// supported is the one list of the languages the service can offer,
// Swedish first: the survey checks, the form's language switch, the
// completeness test of the message files and DIALOG_LANGUAGES all read it.
var supported = []Language{
	{Code: LangSV, Name: "Svenska", HTML: "sv"},
	{Code: LangEasy, Name: "Lättläst", HTML: "sv"},
	{Code: LangEN, Name: "English", HTML: "en"},
	{Code: LangAR, Name: "العربية", RTL: true, HTML: "ar"},
	{Code: LangFI, Name: "Suomi", HTML: "fi"},
	{Code: LangSO, Name: "Soomaali", HTML: "so"},
	{Code: LangTI, Name: "ትግርኛ", HTML: "ti"},
	{Code: LangPRS, Name: "دری", RTL: true, HTML: "prs"},
	{Code: LangUK, Name: "Українська", HTML: "uk"},
}

// SupportedLanguages returns every language the service can offer,
// Swedish first.
func SupportedLanguages() []Language { return slices.Clone(supported) }

// Languages returns the codes of every supported language, Swedish first.
func Languages() []string {
	out := make([]string, len(supported))
	for i, l := range supported {
		out[i] = l.Code
	}
	return out
}

// LanguageOf returns the language with code.
func LanguageOf(code string) (Language, bool) {
	i := slices.IndexFunc(supported, func(l Language) bool { return l.Code == code })
	if i < 0 {
		return Language{}, false
	}
	return supported[i], true
}

// IsLanguage reports whether code is a language the service can show. A
// survey may carry texts in any of them, enabled or not.
func IsLanguage(code string) bool {
	_, ok := LanguageOf(code)
	return ok
}

// Endonym is the language's name in its own script, or the code.
func Endonym(code string) string {
	if l, ok := LanguageOf(code); ok {
		return l.Name
	}
	return code
}

// Dir gives the HTML dir attribute for lang: Arabic and Dari are written
// right to left.
func Dir(lang string) string {
	if l, ok := LanguageOf(lang); ok && l.RTL {
		return "rtl"
	}
	return "ltr"
}

// HTMLLang gives the HTML lang attribute for lang: lättläst is Swedish.
func HTMLLang(lang string) string {
	if l, ok := LanguageOf(lang); ok {
		return l.HTML
	}
	return lang
}

// Base is the language whose interface texts, numbers and dates lang
// uses: Swedish for lättläst, lang itself otherwise.
func Base(lang string) string {
	if lang == LangEasy {
		return LangSV
	}
	return lang
}

// DefaultEnabled is the DIALOG_LANGUAGES a deployment gets without the
// setting: Swedish, English, Arabic and Finnish (Sandviken is in the
// Finnish administrative area).
const DefaultEnabled = "sv,en,ar,fi"

// Enabled is the languages one deployment offers young people, in the
// order of the supported list. Swedish and lättläst are always in it.
type Enabled struct{ codes []string }

// ParseEnabled reads a comma-separated list of codes (DIALOG_LANGUAGES).
// Swedish and lättläst are added: Swedish is the original of every text,
// and lättläst is Swedish for those who need it simpler. An unknown code
// is an error, so a typo does not quietly leave a language out.
func ParseEnabled(list string) (Enabled, error) {
	want := map[string]bool{LangSV: true, LangEasy: true}
	for _, part := range strings.Split(list, ",") {
		code := strings.ToLower(strings.TrimSpace(part))
		if code == "" {
			continue
		}
		if !IsLanguage(code) {
			return Enabled{}, fmt.Errorf("%q is not a language the service can offer (%s)", code, strings.Join(Languages(), ", "))
		}
		want[code] = true
	}
	var e Enabled
	for _, l := range supported {
		if want[l.Code] {
			e.codes = append(e.codes, l.Code)
		}
	}
	return e, nil
}

// DefaultLanguages is the enabled set of DefaultEnabled.
func DefaultLanguages() Enabled {
	e, err := ParseEnabled(DefaultEnabled)
	if err != nil {
		panic(err) // a constant the tests read
	}
	return e
}

// Codes lists the enabled codes, Swedish first.
func (e Enabled) Codes() []string { return slices.Clone(e.codes) }

// Has reports whether code is enabled.
func (e Enabled) Has(code string) bool { return slices.Contains(e.codes, code) }

// IsZero reports whether e was never parsed.
func (e Enabled) IsZero() bool { return len(e.codes) == 0 }
