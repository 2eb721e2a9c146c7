package xlsform

import "medborgardialog/models"

// slugFromFormID makes a form_id into the survey's slug, which appears in
// addresses and must be lowercase ASCII, digits and '-'. ODK and Kobo form
// ids are often "case_insensitivity" or "Trygghet_2024": underscores and
// spaces become '-', capitals lower case, Swedish letters their plain
// ones, and anything else is dropped (models.Slugify). It reports changed
// only when the id was not a slug and the result is one; otherwise the id
// is kept as written, and the checker says what is wrong with it.
func slugFromFormID(id string) (slug string, changed bool) {
	if id == "" || models.ValidSlug(id) {
		return id, false
	}
	slug = models.Slugify(id, '-', 40)
	if !models.ValidSlug(slug) {
		return id, false
	}
	return slug, true
}
