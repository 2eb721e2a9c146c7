// Package web holds what the browser gets: templates, static files and the
// texts of the interface in every language.
package web

import (
	"strings"
)

// Languages the interface speaks, Swedish first.
var Languages = []string{"sv", "en", "ar"}

// Supported reports whether lang is one of the interface languages.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Dir is the writing direction of lang for the HTML dir attribute.
func Dir(lang string) string {
	if lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

// Negotiate picks the interface language: an explicit choice if supported,
// else the first supported language in the Accept-Language header (its
// q-values are ignored: browsers already list languages in preference order),
// else Swedish.
func Negotiate(explicit, acceptLanguage string) string {
	if Supported(explicit) {
		return explicit
	}
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag := strings.TrimSpace(strings.SplitN(part, ";", 2)[0])
		base := strings.ToLower(strings.SplitN(tag, "-", 2)[0])
		if Supported(base) {
			return base
		}
	}
	return "sv"
}

// T returns the message key in lang, falling back to Swedish and then to the
// key itself so a missing translation is visible but never breaks a page.
func T(lang, key string) string {
	if m, ok := messages[key]; ok {
		if s := m[lang]; s != "" {
			return s
		}
		if s := m["sv"]; s != "" {
			return s
		}
	}
	return key
}
