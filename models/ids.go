package models

import "strings"

// ValidSlug reports whether s can be a survey slug: ^[a-z][a-z0-9-]{1,39}$.
// Slugs appear in URLs, so they stay lowercase ASCII.
func ValidSlug(s string) bool {
	if len(s) < 2 || len(s) > 40 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ValidID reports whether s can be a question id, option or row value, or
// indicator id: ^[a-z][a-z0-9_]{0,39}$. These become keys of stored answers,
// so they must never hold '.' or '$', which MongoDB treats specially.
func ValidID(s string) bool {
	if len(s) < 1 || len(s) > 40 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// ValidValue reports whether s can be an option value: 1–40 characters of
// a-z, A-Z, 0-9, '_', '-' and '.'. XLSForm authors name choices "1", "2"
// for a scale or "n1-c", so an option value may start with a digit and
// hold '-' and '.'. Unlike ids, option values are only ever stored as
// values, never as keys (answers are keyed by question and row), which is
// what makes '.' safe here. '$' stays out: nothing needs it, and a value
// starting with it would read as an operator to a careless query.
func ValidValue(s string) bool {
	if len(s) < 1 || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// asciiFold spells the letters of Swedish and its neighbours without
// their marks.
var asciiFold = strings.NewReplacer(
	"å", "a", "ä", "a", "à", "a", "á", "a", "â", "a", "ã", "a", "æ", "ae",
	"ö", "o", "ø", "o", "ò", "o", "ó", "o", "ô", "o", "õ", "o",
	"é", "e", "è", "e", "ê", "e", "ë", "e", "í", "i", "ì", "i", "î", "i", "ï", "i",
	"ú", "u", "ù", "u", "û", "u", "ü", "u", "ç", "c", "ñ", "n", "ß", "ss", "ý", "y",
)

// Slugify makes a name into lower-case ASCII letters and digits, Swedish
// letters without their marks, every run of anything else one sep, and
// at most max bytes, with no sep at either end: "Östra Sandbacka skola"
// is ostra-sandbacka-skola. Letters of other scripts are left out, so
// the result may be empty. Place ids, slugs made from XLSForm form ids
// and download file names are all made with it; each caller checks what
// its own kind of name needs (a leading letter, a fallback).
func Slugify(name string, sep byte, max int) string {
	var b strings.Builder
	pending := false
	for _, r := range asciiFold.Replace(strings.ToLower(name)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if pending && b.Len() > 0 {
				b.WriteByte(sep)
			}
			pending = false
			b.WriteRune(r)
		} else {
			pending = true
		}
		if b.Len() >= max {
			break
		}
	}
	s := b.String()
	if len(s) > max {
		s = s[:max]
	}
	return strings.TrimRight(s, string(sep))
}
