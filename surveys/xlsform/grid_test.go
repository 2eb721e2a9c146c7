package xlsform

import (
	"reflect"
	"testing"

	"medborgardialog/models"
)

var gridChoices = [][]string{
	{"list_name", "name", "label::Svenska (sv)", "exclude"},
	{"trygg", "trygg", "Trygg"},
	{"trygg", "otrygg", "Otrygg"},
	{"trygg", "vet_inte", "Vet inte", "yes"},
	{"ja_nej", "ja", "Ja"},
	{"ja_nej", "nej", "Nej"},
}

// A table-list group of select_one rows on one list is how XLSForm draws
// a grid; it becomes one grid question.
func TestTableListBecomesGrid(t *testing.T) {
	b := book{
		"survey": {
			{"type", "name", "label::Svenska (sv)", "hint::Svenska (sv)", "appearance", "relevant", "sensitive", "required"},
			{"select_one ja_nej", "ute", "Går du ut?"},
			{"begin group", "platser", "Hur trygg känner du dig här?", "Svara på varje rad.", "table-list", "${ute} = 'ja'", "yes", "yes"},
			{"select_one trygg", "skolan", "I skolan"},
			{"select_one trygg", "centrum", "I centrum", "", "list-nolabel"},
			{"end group"},
		},
		"choices":  gridChoices,
		"settings": {{"form_title", "form_id"}, {"Titel", "titel"}},
	}
	sv, ps := readBytes(b.bytes(t))
	if len(ps) > 0 {
		t.Fatalf("problems:%s", problemList(ps))
	}
	l := func(s string) models.Text { return models.Text{"sv": s} }
	want := models.Question{
		ID: "platser", Type: models.TypeGrid, Required: true, Sensitive: true,
		Text: l("Hur trygg känner du dig här?"), Help: l("Svara på varje rad."),
		ShowIf: &models.ShowIf{Question: "ute", AnyOf: []string{"ja"}},
		Rows:   []models.Row{{Value: "skolan", Label: l("I skolan")}, {Value: "centrum", Label: l("I centrum")}},
		Options: []models.Option{
			{Value: "trygg", Label: l("Trygg")}, {Value: "otrygg", Label: l("Otrygg")},
			{Value: "vet_inte", Label: l("Vet inte")}, // exclude is read below
		},
	}
	want.Options[2].Exclude = true
	if len(sv.Questions) != 2 || !reflect.DeepEqual(sv.Questions[1], want) {
		t.Fatalf("got %+v\ndiff %v", sv.Questions, diff(sv.Questions[len(sv.Questions)-1], want))
	}
}

func TestTableListProblems(t *testing.T) {
	b := book{
		"survey": {
			{"type", "name", "label::Svenska (sv)", "hint::Svenska (sv)", "appearance", "relevant"},
			{"begin group", "platser", "Hur trygg?", "", "table-list"},
			{"select_one trygg", "skolan", "I skolan"},
			{"select_one ja_nej", "hemma", "Hemma"},                // another list
			{"select_multiple trygg", "natet", "På nätet"},         // not select_one
			{"select_one trygg", "bussen", "Bussen", "En ledtråd"}, // a hint
			{"select_one trygg", "parken", "Parken", "", "", "${x} = 'ja'"},
			{"note", "text", "En text"},
			{"end group"},
			{"begin group", "tom", "Tom", "", "table-list"},
			{"end group"},
			{"end group"},
			{"begin group", "aldrig_stangd", "Öppen"},
		},
		"choices":  gridChoices,
		"settings": {{"form_title", "form_id"}, {"Titel", "titel"}},
	}
	_, ps := readBytes(b.bytes(t))
	want := []struct {
		row    int
		column string
		code   string
	}{
		{4, "type", CodeGridRow},
		{5, "type", CodeGridRow},
		{6, "hint::Svenska (sv)", CodeGridRowColumn},
		{7, "relevant", CodeGridRowColumn},
		{8, "type", CodeGridRow},
		{10, "type", CodeEmptyGrid},
		{12, "type", CodeUnmatchedEnd},
		{13, "type", CodeUnclosedGroup},
	}
	if len(ps) != len(want) {
		t.Fatalf("want %d problems, got:%s", len(want), problemList(ps))
	}
	for i, w := range want {
		if p := ps[i]; p.Sheet != "survey" || p.Row != w.row || p.Column != w.column || p.Code != w.code {
			t.Errorf("problem %d: got %s [%s], want row %d, column %s, %s", i, p.Text("en"), p.Code, w.row, w.column, w.code)
		}
	}
}
