package xlsform

import (
	"fmt"
	"testing"
)

// Each unsupported XLSForm feature is one problem on its own row, with
// its own code, at the column that holds it.
func TestUnsupportedFeatures(t *testing.T) {
	header := []string{"type", "name", "label::Svenska (sv)", "relevant", "constraint", "choice_filter",
		"calculation", "default", "read_only", "media::image", "repeat_count"}
	cases := []struct {
		row       []string
		code, col string
	}{
		{row: []string{"calculate", "summa", "", "", "", "", "${a} + 1"}, code: CodeCalculate, col: "type"},
		{row: []string{"geopoint", "plats", "Var?"}, code: CodeGeo, col: "type"},
		{row: []string{"geotrace", "linje", "Väg?"}, code: CodeGeo, col: "type"},
		{row: []string{"geoshape", "yta", "Yta?"}, code: CodeGeo, col: "type"},
		{row: []string{"image", "bild", "Bild?"}, code: CodeMedia, col: "type"},
		{row: []string{"audio", "ljud", "Ljud?"}, code: CodeMedia, col: "type"},
		{row: []string{"video", "film", "Film?"}, code: CodeMedia, col: "type"},
		{row: []string{"file", "fil", "Fil?"}, code: CodeMedia, col: "type"},
		{row: []string{"date", "dag", "Dag?"}, code: CodeDateTime, col: "type"},
		{row: []string{"time", "tid", "Tid?"}, code: CodeDateTime, col: "type"},
		{row: []string{"dateTime", "nar", "När?"}, code: CodeDateTime, col: "type"},
		{row: []string{"decimal", "langd", "Längd?"}, code: CodeDecimal, col: "type"},
		{row: []string{"range", "skala", "Hur?"}, code: CodeRange, col: "type"},
		{row: []string{"rank ja_nej", "rang", "Ordna"}, code: CodeRank, col: "type"},
		{row: []string{"select_one_from_file skolor.csv", "skola", "Skola?"}, code: CodeFromFile, col: "type"},
		{row: []string{"select_multiple_from_file skolor.csv", "skolor", "Skolor?"}, code: CodeFromFile, col: "type"},
		{row: []string{"acknowledge", "ok", "Ok?"}, code: CodeAcknowledge, col: "type"},
		{row: []string{"trigger", "ok2", "Ok?"}, code: CodeAcknowledge, col: "type"},
		{row: []string{"barcode", "kod", "Kod?"}, code: CodeBarcode, col: "type"},
		{row: []string{"deviceid", "enhet"}, code: CodeIdentifying, col: "type"},
		{row: []string{"username", "anv"}, code: CodeIdentifying, col: "type"},
		{row: []string{"phonenumber", "tel"}, code: CodeIdentifying, col: "type"},
		{row: []string{"hidden", "dold"}, code: CodeUnsupportedType, col: "type"},
		{row: []string{"färgväljare", "farg", "Färg?"}, code: CodeUnknownType, col: "type"},
		{row: []string{"select_one ja_nej or_other", "annat", "Annat?"}, code: CodeOrOther, col: "type"},
		{row: []string{"select_one ja_nej", "c1", "Fråga", "", "", "${a} = 'ja'"}, code: CodeChoiceFilter, col: "choice_filter"},
		{row: []string{"text", "c2", "Fråga", "", "string-length(.) < 10"}, code: CodeConstraint, col: "constraint"},
		{row: []string{"text", "c3", "Fråga", "", "", "", "", "hej"}, code: CodeDefault, col: "default"},
		{row: []string{"text", "c4", "Fråga", "", "", "", "", "", "yes"}, code: CodeReadOnly, col: "read_only"},
		{row: []string{"text", "c5", "Fråga", "", "", "", "", "", "", "bild.png"}, code: CodeMediaColumn, col: "media::image"},
		{row: []string{"text", "c6", "Fråga", "", "", "", "${a}"}, code: CodeCalculation, col: "calculation"},
		{row: []string{"text", "c7", "Fråga", "${a} > 3"}, code: CodeRelevant, col: "relevant"},
		{row: []string{"note", "mitt", "Text mitt i"}, code: CodeNote, col: "type"},
		{row: []string{"begin repeat", "barn", "Barn"}, code: CodeRepeat, col: "type"},
		{row: []string{"begin group", "yttre", "Yttre"}, code: ""},
		{row: []string{"begin group", "inre", "Inre"}, code: CodeNestedGroup, col: "type"},
		{row: []string{"begin_kobomatrix", "matris", "Matris"}, code: CodeUnsupportedType, col: "type"},
	}
	rows := [][]string{header,
		{"integer", "a", "Första frågan", "", ". >= 0 and . <= 9"}, // gives the intro/outro rule a question
	}
	var want []Problem
	for _, c := range cases {
		rows = append(rows, c.row)
		if c.code != "" {
			want = append(want, Problem{Sheet: "survey", Row: len(rows), Column: c.col, Code: c.code})
		}
		switch c.row[0] {
		case "begin repeat":
			rows = append(rows, []string{"text", "namn", "Namn"}, []string{"end repeat"})
		case "begin group":
			if c.row[1] == "inre" {
				rows = append(rows, []string{"text", "inne", "Inne"}, []string{"end group"}, []string{"end group"})
			}
		case "begin_kobomatrix":
			rows = append(rows, []string{"select_one ja_nej", "m1", "Rad"}, []string{"end_kobomatrix"})
		}
	}
	rows = append(rows, []string{"integer", "sist", "Sista frågan", "", ". >= 0 and . <= 9"})
	b := book{
		"survey": rows,
		"choices": {
			{"list_name", "name", "label::Svenska (sv)"},
			{"ja_nej", "ja", "Ja"},
			{"ja_nej", "nej", "Nej"},
		},
		"settings": {{"form_title", "form_id"}, {"Titel", "test"}},
	}
	_, got := readBytes(b.bytes(t))
	index := map[string]Problem{}
	for _, p := range got {
		index[fmt.Sprintf("%s/%d/%s", p.Sheet, p.Row, p.Code)] = p
	}
	for _, w := range want {
		key := fmt.Sprintf("%s/%d/%s", w.Sheet, w.Row, w.Code)
		p, ok := index[key]
		if !ok {
			t.Errorf("row %d: no %s problem", w.Row, w.Code)
			continue
		}
		if p.Column != w.Column {
			t.Errorf("row %d %s: column %q, want %q", w.Row, w.Code, p.Column, w.Column)
		}
		delete(index, key)
	}
	if len(want) != len(got) {
		t.Errorf("want %d problems, one per row, got %d; the others:", len(want), len(got))
		for _, p := range index {
			t.Errorf("\t%s [%s]", p.Text("en"), p.Code)
		}
	}
}
