package export

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"medborgardialog/disclosure"
	"medborgardialog/models"
)

// metodRows writes the workbook of results res with exclusions ex and
// returns its Metod sheet, each row's cells joined with "|".
func metodRows(t *testing.T, lang string, res *Results, ex []Exclusion) []string {
	t.Helper()
	var buf bytes.Buffer
	err := WriteWorkbook(&buf, WorkbookInput{Survey: testSurvey(), Results: res, Lang: lang, Exclusions: ex})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	for _, row := range rowsOf(t, f, workbookText(lang).sheetMethod) {
		out = append(out, strings.Join(row, "|"))
	}
	return out
}

func rowStarting(rows []string, prefix string) string {
	for _, r := range rows {
		if strings.HasPrefix(r, prefix) {
			return r
		}
	}
	return ""
}

// TestMetodCountsLanguagesOnceThroughTheRule: the whole survey's
// respondents per answering language are perturbed with their own group's
// record keys and hidden below min_cell, like any count; a filtered count
// has no such list.
func TestMetodCountsLanguagesOnceThroughTheRule(t *testing.T) {
	sv := testSurvey()
	whole := NewTally(sv).WithExactTotal()
	filtered := NewTally(sv)
	var svKeys uint32
	for i := range 60 {
		lang := "sv"
		switch {
		case i < 3:
			lang = "ar" // three: hidden
		case i < 11:
			lang = "" // eight without a language: the smallest shown, hidden too
		case i < 28:
			lang = "en"
		}
		r := &models.Response{Survey: sv.Slug, Lang: lang, RecordKey: uint32(i) * 2654435761, Answers: map[string]any{"kon": "tjej"}}
		if lang == "sv" {
			svKeys += r.RecordKey
		}
		whole.Add(r)
		filtered.Add(r)
	}
	res := whole.Results(5)
	if len(res.Languages) != 4 {
		t.Fatalf("languages %+v", res.Languages)
	}
	byLang := map[string]LanguageCount{}
	for _, l := range res.Languages {
		byLang[l.Lang] = l
	}
	if ar := byLang["ar"]; !ar.Hidden || ar.N != 0 {
		t.Errorf("three in Arabic shown: %+v", ar)
	}
	if none := byLang[""]; !none.Hidden || none.N != 0 {
		t.Errorf("the eight without a language shown beside the exact total: %+v", none)
	}
	var g langGroup
	g.add(32, svKeys)
	if want := whole.rule.Count(32, g.key, disclosure.FigureN); byLang["sv"].N != want || byLang["sv"].Hidden {
		t.Errorf("Swedish %+v, want %d: the count of the group of those who answered in Swedish", byLang["sv"], want)
	}
	if en := byLang["en"]; en.Hidden || en.N < 14 || en.N > 20 {
		t.Errorf("English %+v, want 17 ± 3", en)
	}
	if fr := filtered.Results(5); fr.Languages != nil {
		t.Errorf("a count that may be filtered lists languages: %+v", fr.Languages)
	}

	rows := metodRows(t, "sv", res, nil)
	if r := rowStarting(rows, "Svar per svarsspråk|"); r == "" {
		t.Fatalf("no languages in Metod:\n%s", strings.Join(rows, "\n"))
	}
	if r := rowStarting(rows, "Arabiska|"); r != "Arabiska|– (färre än 5)" || rowStarting(rows, "Ej angivet|") != "Ej angivet|– (färre än 5)" {
		t.Errorf("Arabic row %q", r)
	}
	if r := rowStarting(rows, "Svenska|"); r != "Svenska|"+strconv.Itoa(byLang["sv"].N) {
		t.Errorf("Swedish row %q", r)
	}
	if r := rowStarting(metodRows(t, "en", res, nil), "English|"); r != "English|"+strconv.Itoa(byLang["en"].N) {
		t.Errorf("English row %q", r)
	}
}

// TestMetodExclusionsSayLittle: the excluded sessions are a count of
// sessions, the responses are rounded to tens, and the reasons have no
// counts beside them.
func TestMetodExclusionsSayLittle(t *testing.T) {
	res := NewTally(testSurvey()).WithExactTotal().Results(5)
	for _, tt := range []struct {
		lang string
		ex   []Exclusion
		want string
	}{
		{"sv", nil, "Exkluderade pass|0 (inga pass exkluderade)"},
		{"sv", []Exclusion{{Reason: "Provklass", Sessions: 1, Responses: 23}}, "Exkluderade pass|1 pass med omkring 20 svar (skäl: Provklass)"},
		{"sv", []Exclusion{{Reason: "Ej  allvar", Sessions: 2, Responses: 3}, {Reason: "Provklass", Sessions: 1, Responses: 1}},
			"Exkluderade pass|3 pass med färre än 10 svar (skäl: Ej allvar; Provklass)"},
		{"en", []Exclusion{{Reason: "Test class", Sessions: 2, Responses: 35}}, "Excluded sessions|2 sessions with about 40 responses (reasons: Test class)"},
		{"en", []Exclusion{{Reason: "Test class", Sessions: 1, Responses: 14}}, "Excluded sessions|1 session with about 10 responses (reasons: Test class)"},
	} {
		rows := metodRows(t, tt.lang, res, tt.ex)
		got := rowStarting(rows, strings.SplitN(tt.want, "|", 2)[0]+"|")
		if !strings.HasPrefix(got, tt.want) {
			t.Errorf("%+v: %q, want %q", tt.ex, got, tt.want)
		}
	}
}
