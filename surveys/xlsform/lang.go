package xlsform

import (
	"strings"

	"medborgardialog/models"
)

// languageNames are the names a header may use instead of a code, in the
// languages an author here is likely to write them in.
var languageNames = map[string]string{
	"svenska": models.LangSV, "swedish": models.LangSV,
	"english": models.LangEN, "engelska": models.LangEN,
	"arabic": models.LangAR, "arabiska": models.LangAR, "العربية": models.LangAR, "عربي": models.LangAR,
	"finnish": models.LangFI, "finska": models.LangFI, "suomi": models.LangFI,
	"somali": models.LangSO, "somaliska": models.LangSO, "soomaali": models.LangSO,
	"tigrinya": models.LangTI, "tigrinja": models.LangTI, "ትግርኛ": models.LangTI,
	"dari": models.LangPRS, "دری": models.LangPRS,
	"ukrainian": models.LangUK, "ukrainska": models.LangUK, "українська": models.LangUK,
	"lättläst": models.LangEasy, "lättläst svenska": models.LangEasy, "easy-to-read swedish": models.LangEasy,
}

// languageSuffix gives the part after "::" that the export writes for
// lang: "label::Svenska (sv)" is how KoboToolbox and ODK users write a
// language, each in its own name.
func languageSuffix(lang string) string {
	if l, ok := models.LanguageOf(lang); ok {
		return l.Name + " (" + lang + ")"
	}
	return lang
}

// parseLanguage reads the language part of a header ("Svenska (sv)",
// "sv", "Swedish") or of default_language. It returns the code, and false
// for a language the service does not know, so the caller can say so
// rather than quietly dropping a column.
func parseLanguage(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if open := strings.LastIndex(s, "("); open >= 0 && strings.HasSuffix(s, ")") {
		code := strings.ToLower(strings.TrimSpace(s[open+1 : len(s)-1]))
		return code, models.IsLanguage(code)
	}
	low := strings.ToLower(s)
	if models.IsLanguage(low) {
		return low, true
	}
	if code, ok := languageNames[low]; ok {
		return code, true
	}
	return low, false
}
