package web

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"medborgardialog/web/locales"
)

// The one place that names the service's codes in words. Staff pages
// show roles, audit actions, dimensions and grades by these names in the
// page's language and never the code stored; templates reach them
// through the funcs role, action, dim, grade and grades, handlers call
// them directly.

// Role names a staff role ("Fältassistent").
func Role(lang, code string) string { return TOr(lang, "staff.role."+code, code) }

// Action names an audit action ("Resultat visade").
func Action(lang, code string) string { return TOr(lang, "audit.action."+code, code) }

// Dimension names a dimension results are broken down by ("Skola").
func Dimension(lang, code string) string { return TOr(lang, "dash.dim."+code, code) }

// Dimensions names several: "Område, Skola, Årskurs".
func Dimensions(lang string, codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = Dimension(lang, c)
	}
	return strings.Join(out, ", ")
}

// gradeCode is a grade as the catalogue and the grade question store it:
// ak7 (årskurs 7 of compulsory school) or gy1 (upper-secondary year 1).
var gradeCode = regexp.MustCompile(`^(ak|gy)(\d{1,2})$`)

// Grade names a grade code ("Årskurs 8", "Gymnasiet år 1"), as the grade
// question of the built-in surveys labels its options. A code of
// another shape is named by the catalogue's key grade.<code> if there
// is one, else shown as it is.
func Grade(lang, code string) string {
	if m := gradeCode.FindStringSubmatch(code); m != nil {
		n, _ := strconv.Atoi(m[2])
		return fmt.Sprintf(T(lang, "grade."+m[1]), n)
	}
	return TOr(lang, "grade."+code, code)
}

// Grades names several: "Årskurs 7, Årskurs 8".
func Grades(lang string, codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = Grade(lang, c)
	}
	return strings.Join(out, ", ")
}

// Actor names who did something in the audit log: a person's account
// name as it is, the bootstrap token in words.
func Actor(lang, name string) string { return TOr(lang, "audit.actor."+name, name) }

// Field names a form field or query parameter a problem is about
// ("Område", "Urval"), for the line "Område: …" above a form; a
// dimension is named as a dimension, and a field without a name in the
// catalogue is shown as it is.
func Field(lang, code string) string {
	if s := T(lang, "field."+code); s != "field."+code {
		return s
	}
	return Dimension(lang, code)
}

// Actions are the audit actions the catalogue names, for a filter of
// the audit log. Listing them from the catalogue rather than the log
// keeps the page from reading the whole log for its select list.
func Actions() []string {
	var out []string
	for _, k := range locales.Embedded().Keys("staff") {
		if a, ok := strings.CutPrefix(k, "audit.action."); ok {
			out = append(out, a)
		}
	}
	return out
}
