package xlsform

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
	"medborgardialog/surveys"
)

// odkForm is written the way the pyxform test suite and ODK's and
// KoboToolbox's examples write forms, relabelled to Swedish: an integer
// with no bounds, pyxform's long select spellings, choices named by
// numbers, with hyphens and dots, an underscored form_id, a language the
// service does not offer, and a relevant on an unquoted number.
func odkForm() book {
	return book{
		"survey": {
			{"Type", "Name", "Label::Svenska (sv)", "label::chinese", "Relevant"},
			{"integer", "syskon", "Hur många syskon har du?", "你有几个兄弟姐妹？", ""},
			{"select one from yes_or_no", "trygg", "Känner du dig trygg i skolan?", "你在学校感到安全吗？", ""},
			{"select one trygghet", "skala", "Hur trygg känner du dig?", "", ""},
			{"select all that apply from platser", "var", "Var känner du dig otrygg?", "", "${skala} = 1"},
			{"add select one prompt using yes_or_no", "natet", "Har du varit med om något på nätet?", "", ""},
		},
		"choices": {
			{"list name", "name", "label::Svenska (sv)", "label::chinese"},
			{"yes_or_no", "yes", "Ja", "是"},
			{"yes_or_no", "no", "Nej", "否"},
			{"trygghet", "1", "Inte alls trygg", ""},
			{"trygghet", "2", "Ganska trygg", ""},
			{"trygghet", "3", "Mycket trygg", ""},
			{"platser", "n1-c", "I centrum", ""},
			{"platser", "skola.gard", "På skolgården", ""},
		},
		"settings": {
			{"form_title", "form_id"},
			{"Trygghet", "case_insensitivity"},
		},
	}
}

func TestFormsFromOtherToolsImport(t *testing.T) {
	var rd Reader
	data := odkForm().bytes(t)
	sv, ps, notices := rd.ReadAll(context.Background(), bytes.NewReader(data), int64(len(data)))
	if len(ps) > 0 {
		t.Fatalf("a plain form from another tool was refused:%s", problemList(ps))
	}
	if sv.Slug != "case-insensitivity" {
		t.Errorf("form_id case_insensitivity gave the slug %q, want case-insensitivity", sv.Slug)
	}
	q := func(id string) *models.Question {
		for i := range sv.Questions {
			if sv.Questions[i].ID == id {
				return &sv.Questions[i]
			}
		}
		t.Fatalf("no question %s in %+v", id, sv.Questions)
		return nil
	}
	if n := q("syskon"); n.Type != models.TypeNumber || n.Min != nil || n.Max != nil {
		t.Errorf("integer without bounds read as %+v", n)
	}
	for id, typ := range map[string]string{"trygg": models.TypeSingle, "skala": models.TypeSingle, "var": models.TypeMulti, "natet": models.TypeSingle} {
		if got := q(id).Type; got != typ {
			t.Errorf("%s: type %s, want %s", id, got, typ)
		}
	}
	var values []string
	for _, o := range q("var").Options {
		values = append(values, o.Value)
	}
	if !slices.Equal(values, []string{"n1-c", "skola.gard"}) {
		t.Errorf("choice names with - and . read as %v", values)
	}
	if si := q("var").ShowIf; si == nil || si.Question != "skala" || !slices.Equal(si.AnyOf, []string{"1"}) {
		t.Errorf("relevant ${skala} = 1 read as %+v", si)
	}
	if !slices.Equal(sv.Languages, []string{"sv"}) {
		t.Errorf("languages %v: the Chinese columns must be left out", sv.Languages)
	}
	if _, ok := q("trygg").Text["chinese"]; ok {
		t.Errorf("the Chinese text was kept: %v", q("trygg").Text)
	}

	// One notice per left-out column, and one for the slug; each says
	// what happened in Swedish.
	var left, slug int
	for _, n := range notices {
		switch n.Code {
		case CodeLanguageLeftOut:
			left++
			if n.Arg != "chinese" || n.Row != 1 {
				t.Errorf("language notice %+v", n)
			}
		case CodeSlugChanged:
			slug++
			if msg := n.Message("sv"); !bytes.Contains([]byte(msg), []byte("case-insensitivity")) {
				t.Errorf("slug notice says %q", msg)
			}
		default:
			t.Errorf("unexpected notice %+v", n)
		}
	}
	if left != 2 || slug != 1 {
		t.Errorf("want 2 language notices (survey, choices) and 1 slug notice, got %d and %d: %v", left, slug, notices)
	}
	// Read without notices is the same survey, with no problems.
	if _, ps := readBytes(data); len(ps) > 0 {
		t.Errorf("Read lists notices as problems:%s", problemList(ps))
	}
}

// The imported survey takes answers as its authors meant: any whole
// number within the documented range for the unbounded integer, and the
// numbered, hyphenated and dotted choices.
func TestFormsFromOtherToolsTakeAnswers(t *testing.T) {
	sv, ps := readBytes(odkForm().bytes(t))
	if len(ps) > 0 {
		t.Fatalf("problems:%s", problemList(ps))
	}
	check := func(answers map[string]any) []models.AnswerProblem {
		raw := map[string]json.RawMessage{}
		for k, v := range answers {
			b, _ := json.Marshal(v)
			raw[k] = b
		}
		_, probs := surveys.CheckAnswers(sv, raw, "sv")
		return probs
	}
	if probs := check(map[string]any{"syskon": 12, "trygg": "yes", "skala": "1", "var": []string{"n1-c", "skola.gard"}}); len(probs) > 0 {
		t.Errorf("good answers refused: %+v", probs)
	}
	for _, n := range []int64{models.NumberMax, models.NumberMin} {
		if probs := check(map[string]any{"syskon": n}); len(probs) > 0 {
			t.Errorf("%d is within the documented range, refused: %+v", n, probs)
		}
	}
	for _, n := range []int64{models.NumberMax + 1, models.NumberMin - 1} {
		probs := check(map[string]any{"syskon": n})
		if len(probs) != 1 || probs[0].Code != models.AnswerOutOfRange {
			t.Errorf("%d is outside the documented range: got %+v", n, probs)
		}
	}
}

// A misspelt choice name, referred to from a relevant and from an
// indicator's count, is one cause: it is reported once, in
// Swedish on a Swedish page, naming the other places. So is a list that
// is missing and used by two questions.
func TestOneCauseReportedOnceInSwedish(t *testing.T) {
	b := book{
		"survey": {
			{"type", "name", "label::Svenska (sv)", "relevant"},
			{"select_one trygg", "trygg_skolan", "Känner du dig trygg i skolan?", ""},
			{"text", "varfor", "Varför?", "${trygg_skolan} = 'till_viss_del'"},
			{"select_one saknas", "a", "A?", ""},
			{"select_one saknas", "b", "B?", ""},
		},
		"choices": {
			{"list_name", "name", "label::Svenska (sv)"},
			{"trygg", "ja", "Ja"},
			{"trygg", "till_viss_de", "Till viss del"},
			{"trygg", "nej", "Nej"},
		},
		"settings": {{"form_title", "form_id"}, {"Trygghet", "trygghet"}},
		"indicators": {
			{"id", "label::Svenska (sv)", "question", "count", "better"},
			{"trygga", "Trygga", "trygg_skolan", "ja till_viss_del", "higher"},
		},
	}
	_, ps := readBytes(b.bytes(t))
	var typo, list []Problem
	for _, p := range ps {
		switch {
		case strings.Contains(p.Arg, "till_viss_del"):
			typo = append(typo, p)
		case p.Code == CodeUnknownList:
			list = append(list, p)
		}
	}
	if len(typo) != 1 {
		t.Fatalf("the misspelt choice is reported %d times, want once:%s", len(typo), problemList(ps))
	}
	sv := typo[0].Text("sv")
	for _, want := range []string{`frågan "trygg_skolan" har inget svarsalternativ "till_viss_del"`, "Samma sak också här:", "Blad indicators"} {
		if !strings.Contains(sv, want) {
			t.Errorf("Swedish text lacks %q:\n%s", want, sv)
		}
	}
	if strings.Contains(sv, "has no option") {
		t.Errorf("English in the Swedish text:\n%s", sv)
	}
	if en := typo[0].Text("en"); !strings.Contains(en, `question "trygg_skolan" has no option "till_viss_del"`) {
		t.Errorf("English text: %s", en)
	}
	if len(list) != 1 || !strings.Contains(list[0].Text("sv"), "rad 5") {
		t.Errorf("the missing list, used twice, want one problem naming the other row: %v", list)
	}
}

// Every downloaded definition tells municipal staff how to change it: an
// Instruktioner sheet in Swedish, and a drop-down of the types in the
// survey sheet's type column. Neither stops the file from reading back.
func TestWrittenWorkbookHasInstructions(t *testing.T) {
	want := builtin(t, "ungdomsdialog-2023")
	var buf bytes.Buffer
	if err := Write(&buf, want); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if first := f.GetSheetName(0); first != "survey" {
		t.Errorf("the file opens on %q, want survey", first)
	}
	rows, err := f.GetRows(sheetInstructions)
	if err != nil {
		t.Fatalf("no sheet %s: %v (sheets %v)", sheetInstructions, err, f.GetSheetList())
	}
	var headings []string
	for _, r := range rows {
		if len(r) == 2 && r[1] != "" {
			headings = append(headings, r[0])
		}
	}
	for _, h := range []string{"Lägga till en fråga", "Lägga till ett svarsalternativ", "Lägga till ett språk", "Hopplogik"} {
		if !slices.Contains(headings, h) {
			t.Errorf("the instructions lack %q: %v", h, headings)
		}
	}
	dvs, err := f.GetDataValidations("survey")
	if err != nil {
		t.Fatal(err)
	}
	if len(dvs) != 1 || dvs[0].Sqref != "A2:A1000" || !strings.Contains(dvs[0].Formula1, "select_one") || dvs[0].ShowErrorMessage {
		t.Errorf("the type column's drop-down: %+v", dvs)
	}
	got, ps := readBytes(buf.Bytes())
	if len(ps) > 0 {
		t.Fatalf("the written workbook does not read back:%s", problemList(ps))
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back other than written: %v", diff(got, want))
	}
}
