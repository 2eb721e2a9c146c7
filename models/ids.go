package models

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
