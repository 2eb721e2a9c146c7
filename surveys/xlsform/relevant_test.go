package xlsform

import (
	"reflect"
	"testing"

	"medborgardialog/models"
)

func TestParseRelevant(t *testing.T) {
	accepted := []struct {
		in     string
		q      string
		values []string
	}{
		{`${utsatt} = 'ja'`, "utsatt", []string{"ja"}},
		{`${utsatt}='ja'`, "utsatt", []string{"ja"}},
		{`${utsatt} = "ja"`, "utsatt", []string{"ja"}},
		{`selected(${plats}, 'skolan')`, "plats", []string{"skolan"}},
		{` selected( ${plats} , "skolan" ) `, "plats", []string{"skolan"}},
		{`${trygg} = 'ganska_otrygg' or ${trygg} = 'mycket_otrygg'`, "trygg", []string{"ganska_otrygg", "mycket_otrygg"}},
		{`selected(${p}, 'a') or ${p} = 'b'`, "p", []string{"a", "b"}},
		// Numbered choices, as ODK forms write them unquoted.
		{`${a} = 3`, "a", []string{"3"}},
		{`${a} = 1 or ${a} = '2'`, "a", []string{"1", "2"}},
	}
	for _, c := range accepted {
		got, code := parseRelevant(c.in)
		if code != "" || got.question != c.q || !reflect.DeepEqual(got.values, c.values) {
			t.Errorf("%s: got %+v, %q; want %s %v", c.in, got, code, c.q, c.values)
		}
	}
	refused := []struct{ in, code string }{
		{`${a} != 'ja'`, CodeRelevant},
		{`${a} = 'ja' and ${a} = 'nej'`, CodeRelevant},
		{`${a} > 3`, CodeRelevant},
		{`${a} = 3x`, CodeRelevant},
		{`${a} = -3`, CodeRelevant},
		{`not(selected(${a}, 'ja'))`, CodeRelevant},
		{`(${a} = 'ja')`, CodeRelevant},
		{`count-selected(${a}) > 1`, CodeRelevant},
		{`${a} = 'ja' or`, CodeRelevant},
		{`${a} = 'ja' order`, CodeRelevant},
		{`selected(${a}, 'ja'`, CodeRelevant},
		{`${a} = 'ja`, CodeRelevant},
		{`${a} = 'ja' or ${b} = 'ja'`, CodeRelevantMixed},
		{`string-length(${a}) > 0`, CodeRelevant},
	}
	for _, c := range refused {
		if _, code := parseRelevant(c.in); code != c.code {
			t.Errorf("%s: code %q, want %q", c.in, code, c.code)
		}
	}
}

func TestFormatRelevantReadsBack(t *testing.T) {
	for _, multi := range []bool{false, true} {
		si := &models.ShowIf{Question: "q", AnyOf: []string{"a", "b_c"}}
		got, code := parseRelevant(formatRelevant(si, multi))
		if code != "" || got.question != "q" || !reflect.DeepEqual(got.values, si.AnyOf) || got.equals == multi {
			t.Errorf("multi=%v: %+v %q", multi, got, code)
		}
	}
}

// relevant problems are reported at the row and column that hold them;
// the checker's problems about what relevant points at land there too.
func TestRelevantInWorkbook(t *testing.T) {
	b := book{
		"survey": {
			{"type", "name", "label", "relevant"},
			{"select_multiple platser", "plats", "Var?"},
			{"select_one ja_nej", "a", "A?", "${plats} = 'skolan'"},
			{"select_one ja_nej", "b", "B?", "${a} = 'kanske'"},
			{"select_one ja_nej", "c", "C?", "${finns_inte} = 'ja'"},
			{"select_one ja_nej", "d", "D?", "${a} = 'ja' and ${plats} = 'x'"},
			{"select_one ja_nej", "e", "E?", "${e} = 'ja'"},
		},
		"choices": {
			{"list_name", "name", "label"},
			{"ja_nej", "ja", "Ja"}, {"ja_nej", "nej", "Nej"},
			{"platser", "skolan", "Skolan"}, {"platser", "hemma", "Hemma"},
		},
		"settings": {{"form_title", "form_id"}, {"T", "t-1"}},
	}
	_, ps := readBytes(b.bytes(t))
	want := []struct {
		row  int
		code string
	}{
		{3, CodeRelevantMulti},
		{4, CodeCheckPrefix + models.CodeUnknownReference},
		{5, CodeCheckPrefix + models.CodeUnknownReference},
		{6, CodeRelevant},
		{7, CodeCheckPrefix + models.CodeInvalid},
	}
	if len(ps) != len(want) {
		t.Fatalf("want %d problems, got:%s", len(want), problemList(ps))
	}
	for i, w := range want {
		p := ps[i]
		if p.Sheet != "survey" || p.Row != w.row || p.Column != "relevant" || p.Code != w.code {
			t.Errorf("problem %d: got %s [%s], want row %d column relevant %s", i, p.Text("en"), p.Code, w.row, w.code)
		}
	}
}
