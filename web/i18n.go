// Package web holds what the browser gets: templates, static files and the
// texts of the interface in every language.
package web

import (
	"slices"
	"strings"

	"medborgardialog/models"
	"medborgardialog/web/locales"
)

// StaffLanguages are the languages of the staff pages.
var StaffLanguages = []string{models.LangSV, models.LangEN}

// Negotiate picks the interface language among offered (the deployment's
// enabled languages, or StaffLanguages): an explicit choice if offered,
// else the offered language the Accept-Language header wants most (see
// preferred: q-values weigh), else Swedish. Lättläst is only ever an
// explicit choice: no browser asks for it.
func Negotiate(offered []string, explicit, acceptLanguage string) string {
	if slices.Contains(offered, explicit) {
		return explicit
	}
	for _, tag := range preferred(acceptLanguage) {
		base := strings.ToLower(strings.SplitN(tag, "-", 2)[0])
		if base == "fa" {
			// Browsers in Afghanistan may send fa-AF for Dari; CLDR
			// maps prs to fa_AF.
			if strings.EqualFold(tag, "fa-AF") && slices.Contains(offered, models.LangPRS) {
				return models.LangPRS
			}
		}
		if slices.Contains(offered, base) {
			return base
		}
	}
	return models.DefaultLang
}

// T returns the message key in lang, falling back to Swedish and then to the
// key itself so a missing translation is visible but never breaks a page.
// The texts are the message files in web/locales; lättläst pages use the
// Swedish interface texts.
func T(lang, key string) string { return locales.Embedded().Text(models.Base(lang), key) }

// TOr is T, or fallback where no language has key: a name for a code
// the catalogue may not know (an audit action added later, a role of
// another version) shows the code rather than the key.
func TOr(lang, key, fallback string) string {
	if s := T(lang, key); s != key {
		return s
	}
	return fallback
}

// Plural is T for a text about n things: the plural form that lang's CLDR
// rule picks for n ("1 fråga", "2 frågor"). The caller still formats n in.
func Plural(lang, key string, n int) string {
	return locales.Embedded().Plural(models.Base(lang), key, n)
}
