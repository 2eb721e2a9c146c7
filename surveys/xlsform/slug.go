package xlsform

import (
	"strings"

	"medborgardialog/models"
)

// slugFromFormID makes a form_id into the survey's slug, which appears in
// addresses and must be lowercase ASCII, digits and '-'. ODK and Kobo form
// ids are often "case_insensitivity" or "Trygghet_2024": underscores and
// spaces become '-', capitals lower case, Swedish letters their plain
// ones, and anything else is dropped. It reports changed only when the id
// was not a slug and the result is one; otherwise the id is kept as
// written, and the checker says what is wrong with it.
func slugFromFormID(id string) (slug string, changed bool) {
	if id == "" || models.ValidSlug(id) {
		return id, false
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(id) {
		switch r {
		case 'å', 'ä', 'à', 'á', 'â':
			r = 'a'
		case 'ö', 'ø', 'ó', 'ò', 'ô':
			r = 'o'
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'ü', 'ú', 'ù':
			r = 'u'
		}
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			// '_', ' ', '-', '.', and what cannot be in an address.
			dash = true
		}
	}
	slug = b.String()
	if len(slug) > 40 {
		slug = strings.TrimRight(slug[:40], "-")
	}
	if !models.ValidSlug(slug) {
		return id, false
	}
	return slug, true
}
