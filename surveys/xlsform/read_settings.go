package xlsform

import (
	"strings"
	"time"

	"medborgardialog/models"
)

var settingsSpec = sheetSpec{
	known: []string{
		"form_id", "version", "default_language", "status", "languages", "wave",
		"compare_with", "min_cell", "opens_at", "closes_at",
	},
	translated: []string{"form_title", "intro", "outro"},
	aliases: map[string]string{
		"title": "form_title", "set form title": "form_title",
		"id_string": "form_id", "set form id": "form_id",
	},
	// Settings that steer ODK Collect or Enketo and mean nothing here.
	ignored: []string{
		"style", "instance_name", "public_key", "submission_url", "auto_send", "auto_delete",
		"allow_choice_duplicates", "namespaces", "clean_text_values", "omit_instanceid",
	},
}

// settings is what the settings sheet says about the survey as a whole.
type settings struct {
	defLang      string
	languagesSet bool // the sheet lists languages; else the label columns do
}

// defaultLanguage reads default_language before the other headers, since
// it decides the language of plain columns like label and form_title.
func defaultLanguage(s *sheet, ps *[]Problem) string {
	if s == nil || s.err != nil || len(s.rows) < 2 {
		return models.LangSV
	}
	sheet, rows := s.name, s.rows
	for i, h := range rows[0] {
		if strings.ToLower(strings.TrimSpace(h)) != "default_language" || i >= len(rows[1]) {
			continue
		}
		v := strings.TrimSpace(rows[1][i])
		if v == "" {
			break
		}
		code, ok := parseLanguage(v)
		if !ok {
			*ps = append(*ps, Problem{Sheet: sheet, Row: 2, Column: strings.TrimSpace(h), Code: CodeUnknownLanguage, Arg: v})
			break
		}
		return code
	}
	return models.LangSV
}

// readSettings fills the survey's own fields from the settings sheet.
// A plain XLSForm needs only form_title and form_id: the status is draft,
// the version 1 and the languages those of the label columns.
func readSettings(t *table, sv *models.Survey, o *origins, ps *[]Problem) settings {
	st := settings{}
	sv.Status = models.StatusDraft
	sv.Version = 1
	if t == nil {
		*ps = append(*ps, Problem{Code: CodeMissingSheet, Arg: sheetSettings})
		// Say where the missing title and id go, in the sheet to add.
		o.set("slug", origin{sheet: sheetSettings, row: 2, column: "form_id"})
		o.set("title", origin{sheet: sheetSettings, row: 2, column: "form_title"})
		return st
	}
	for r := 2; r < len(t.rows); r++ {
		if !t.blank(r) {
			*ps = append(*ps, Problem{Sheet: t.sheet, Row: r + 1, Code: CodeMultipleSettings})
		}
	}
	const r = 1 // the values are on Excel's row 2
	at := func(path, name string) { o.cell(path, t, r, name) }

	sv.Title = t.text(r, "form_title")
	o.textCell("title", t, r, "form_title")
	sv.Intro = t.text(r, "intro")
	o.textCell("intro", t, r, "intro")
	sv.Outro = t.text(r, "outro")
	o.textCell("outro", t, r, "outro")

	sv.Slug = t.get(r, "form_id")
	if slug, changed := slugFromFormID(sv.Slug); changed {
		*ps = append(*ps, t.problem(r, "form_id", CodeSlugChanged, sv.Slug+" → "+slug))
		sv.Slug = slug
	}
	at("slug", "form_id")
	if v := t.get(r, "version"); v != "" {
		n, ok := parseInt(v)
		if !ok || n < 1 || n > 1<<31-1 {
			*ps = append(*ps, t.problem(r, "version", CodeNotInteger, v))
		} else {
			sv.Version = int(n)
		}
	}
	at("version", "version")
	if v := t.get(r, "status"); v != "" {
		sv.Status = strings.ToLower(v)
	}
	at("status", "status")
	if v := t.get(r, "languages"); v != "" {
		sv.Languages = splitList(v)
		st.languagesSet = true
		at("languages", "languages")
	}
	sv.Wave = t.get(r, "wave")
	at("wave", "wave")
	sv.CompareWith = t.get(r, "compare_with")
	at("compare_with", "compare_with")
	if v := t.get(r, "min_cell"); v != "" {
		if n, ok := parseInt(v); ok && n >= 0 && n <= 1<<31-1 {
			sv.MinCell = int(n)
		} else {
			*ps = append(*ps, t.problem(r, "min_cell", CodeNotInteger, v))
		}
	}
	at("min_cell", "min_cell")
	for _, f := range []struct {
		name string
		dst  **time.Time
	}{{"opens_at", &sv.OpensAt}, {"closes_at", &sv.ClosesAt}} {
		v := t.get(r, f.name)
		at(f.name, f.name)
		if v == "" {
			continue
		}
		tm, ok := parseInstant(v)
		if !ok {
			*ps = append(*ps, t.problem(r, f.name, CodeBadDate, v))
			continue
		}
		*f.dst = &tm
	}
	return st
}
