package xlsform

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/surveys"
)

// The definition checker's problems come back at the cell the author
// wrote, with the definition path kept beside it.
func TestCheckerProblemsAtTheirCells(t *testing.T) {
	b := book{
		"survey": {
			{"type", "name", "label::Svenska (sv)", "label::English (en)", "dimension"},
			{"select_one ja_nej", "fraga", "Fråga?", "", "land"},
			{"select_one ja_nej", "fraga", "Igen?", "Again?"},
		},
		"choices": {
			{"list_name", "name", "label::Svenska (sv)", "label::English (en)"},
			{"ja_nej", "ja", "Ja", "Yes"},
			{"ja_nej", "ja", "Ja igen", "Yes again"},
		},
		"settings": {
			{"form_id", "status", "languages"},
			{"titel", "publicerad", "sv en"},
		},
		"indicators": {
			{"id", "label::sv", "label::en", "question", "count", "better"},
			{"andel", "Andel", "Share", "fraga", "kanske", "lower"},
		},
		"help": {
			{"name", "web", "for::sv", "for::en"},
			{"Bris", "http://bris.se", "Ring", "Call"},
		},
		"promise": {
			{"id", "name::sv", "name::en", "focus::sv", "focus::en"},
			{"lofte", "Löfte", "Promise", "Fokus"},
		},
	}
	_, ps := readBytes(b.bytes(t))
	type at struct {
		sheet  string
		row    int
		column string
		path   string
	}
	want := []at{
		{"settings", 2, "status", "status"},
		{"settings", 2, "form_title", "title"},
		{"survey", 2, "dimension", "questions[0].dimension"},
		{"survey", 3, "name", "questions[1].id"},
		// Both questions use the list: one cell, one cause, one problem.
		{"choices", 3, "name", "questions[0].options[1].value"},
		{"indicators", 2, "count", "indicators[0].count[0]"},
		{"help", 2, "web", "help[0].web"},
	}
	var got []at
	for _, p := range ps {
		if !strings.HasPrefix(p.Code, CodeCheckPrefix) {
			t.Errorf("not from the checker: %s", p)
		}
		got = append(got, at{p.Sheet, p.Row, p.Column, p.Path})
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got:%s", problemList(ps))
		for i := range max(len(got), len(want)) {
			var g, w at
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if g != w {
				t.Errorf("%d: got %+v, want %+v", i, g, w)
			}
		}
	}
}

// A survey with what the built-ins do not use: numbers, max_choices,
// show_if on a multi question, required, a closing text only, one
// language, min_cell, texts with line breaks and a leading "=".
func TestRoundTripEverythingElse(t *testing.T) {
	l := func(s string) models.Text { return models.Text{"sv": s} }
	opens := time.Date(2024, 3, 1, 8, 30, 0, 0, time.UTC)
	want := &models.Survey{
		Slug: "allt-annat", Version: 7, Status: models.StatusClosed, Languages: []string{"sv"},
		MinCell: 10, OpensAt: &opens, Title: l("=Allt annat"), Outro: l("Tack!\nHej då.\n"),
		Questions: []models.Question{
			{ID: "alder", Type: models.TypeNumber, Dimension: models.DimAge, Text: l("Ålder"), Min: ptr(-5), Max: ptr(120), Required: true},
			{ID: "platser", Type: models.TypeMulti, MaxChoices: 2, Text: l("Var?"), Options: []models.Option{
				{Value: "skolan", Label: l("Skolan")}, {Value: "hemma", Label: l("Hemma")}, {Value: "ingenstans", Label: l("Ingenstans"), Exclude: true},
			}},
			{ID: "varfor", Type: models.TypeText, MaxLength: 5000, Text: l(" Varför? "), Help: l("+46 eller @ går bra"),
				ShowIf: &models.ShowIf{Question: "platser", AnyOf: []string{"skolan", "hemma"}}},
		},
		Promise: &models.Promise{Name: l("Löfte"), Partners: []string{"A, B"}},
	}
	if ps := surveys.Check(want); len(ps) > 0 {
		t.Fatalf("the test's survey is not valid: %v", ps)
	}
	var buf bytes.Buffer
	if err := Write(&buf, want); err != nil {
		t.Fatal(err)
	}
	got, ps := readBytes(buf.Bytes())
	if len(ps) > 0 {
		t.Fatalf("problems:%s", problemList(ps))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip changed the definition: %v", diff(got, want))
	}
}
