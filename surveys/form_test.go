package surveys

import (
	"net/url"
	"reflect"
	"slices"
	"testing"
)

// The form path and the JSON path must store the same answers.
func TestAnswersFromFormRoundTrip(t *testing.T) {
	s := validSurvey(t)
	form := url.Values{
		"q.kon":             {"tjej"},
		"q.alder":           {"14"},
		"q.trygg_kvall":     {"ganska_otrygg"},
		"q.varfor":          {"droger", "morkt"},
		"q.platser.skolan":  {"trygg"},
		"q.platser.centrum": {"otrygg"},
		"q.ovrigt":          {"  hej  "},
		"csrf":              {"token"},
		"lang":              {"ar"},
	}
	fromForm, ps := CheckAnswers(s, AnswersFromForm(s, form), "sv")
	if len(ps) > 0 {
		t.Fatalf("form answers have problems: %+v", ps)
	}
	fromJSON, ps := CheckAnswers(s, answersWith(t, nil), "sv")
	if len(ps) > 0 {
		t.Fatalf("JSON answers have problems: %+v", ps)
	}
	if !reflect.DeepEqual(fromForm, fromJSON) {
		t.Fatalf("form and JSON differ\nform %#v\njson %#v", fromForm, fromJSON)
	}
}

func TestAnswersFromForm(t *testing.T) {
	base := url.Values{
		"q.kon":             {"kille"},
		"q.trygg_kvall":     {"mycket_trygg"},
		"q.platser.skolan":  {"trygg"},
		"q.platser.centrum": {"vet_inte"},
	}
	tests := []struct {
		name   string
		fields url.Values
		want   []string       // "question:code"
		stored map[string]any // checked when there are no problems
	}{
		{"number with leading zero", url.Values{"q.alder": {"014"}}, nil, map[string]any{"alder": int64(14)}},
		{"number with spaces", url.Values{"q.alder": {" 15 "}}, nil, map[string]any{"alder": int64(15)}},
		{"number left empty", url.Values{"q.alder": {""}}, nil, map[string]any{}},
		{"number negative", url.Values{"q.alder": {"-3"}}, []string{"alder:out_of_range"}, nil},
		{"number zero", url.Values{"q.alder": {"000"}}, []string{"alder:out_of_range"}, nil},
		{"number huge", url.Values{"q.alder": {"99999999999999999999999"}}, []string{"alder:out_of_range"}, nil},
		{"number with decimal comma", url.Values{"q.alder": {"14,5"}}, []string{"alder:wrong_type"}, nil},
		{"number with decimal point", url.Values{"q.alder": {"14.5"}}, []string{"alder:wrong_type"}, nil},
		{"number as words", url.Values{"q.alder": {"fjorton"}}, []string{"alder:wrong_type"}, nil},
		{"number only a minus", url.Values{"q.alder": {"-"}}, []string{"alder:wrong_type"}, nil},
		{"number twice", url.Values{"q.alder": {"14", "15"}}, []string{"alder:wrong_type"}, nil},
		{"single sent twice", url.Values{"q.kon": {"tjej", "kille"}}, []string{"kon:wrong_type"}, nil},
		{"single left empty", url.Values{"q.kon": {""}}, []string{"kon:required"}, nil},
		{"single not an option", url.Values{"q.kon": {"annat"}}, []string{"kon:not_an_option"}, nil},
		{"multi with empty marker", url.Values{"q.trygg_kvall": {"mycket_otrygg"}, "q.varfor": {"", "grupper"}}, nil,
			map[string]any{"varfor": []string{"grupper"}}},
		{"multi only empty marker", url.Values{"q.varfor": {""}}, nil, map[string]any{}},
		{"multi hidden", url.Values{"q.varfor": {"morkt"}}, []string{"varfor:hidden"}, nil},
		{"grid row skipped", url.Values{"q.platser.centrum": {""}}, []string{"platser:required"}, nil},
		{"grid unknown row", url.Values{"q.platser.bussen": {"trygg"}}, []string{"platser:unknown_row"}, nil},
		{"grid without row", url.Values{"q.platser": {"trygg"}}, nil, map[string]any{}},
		{"row on a single", url.Values{"q.kon.x": {"tjej"}}, nil, map[string]any{}},
		{"unknown question", url.Values{"q.namn": {"Kalle"}}, []string{"namn:unknown_question"}, nil},
		{"unknown question with row", url.Values{"q.namn.efter": {"Svensson"}}, []string{"namn.efter:unknown_question"}, nil},
		{"text with NUL", url.Values{"q.ovrigt": {"a\x00b"}}, []string{"ovrigt:control_characters"}, nil},
		{"text invalid UTF-8", url.Values{"q.ovrigt": {"a\xffb"}}, []string{"ovrigt:invalid_utf8"}, nil},
		{"text with quotes and markup", url.Values{"q.ovrigt": {`"<b>&`}}, nil, map[string]any{"ovrigt": `"<b>&`}},
		{"grid invalid UTF-8", url.Values{"q.platser.skolan": {"\xff"}}, []string{"platser:invalid_utf8"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSurvey(t)
			form := url.Values{}
			for k, v := range base {
				form[k] = v
			}
			for k, v := range tt.fields {
				form[k] = v
			}
			got, ps := CheckAnswers(s, AnswersFromForm(s, form), "sv")
			var codes []string
			for _, p := range ps {
				codes = append(codes, p.Question+":"+p.Code)
			}
			slices.Sort(codes)
			if !slices.Equal(codes, tt.want) {
				t.Fatalf("got %v, want %v", codes, tt.want)
			}
			for k, v := range tt.stored {
				if !reflect.DeepEqual(got[k], v) {
					t.Errorf("%s stored as %#v, want %#v", k, got[k], v)
				}
			}
			if len(tt.want) == 0 && len(tt.stored) == 0 && got["alder"] != nil {
				t.Errorf("alder stored as %#v, want nothing", got["alder"])
			}
		})
	}
}

// The page without JavaScript cannot hide questions, so its hidden answers
// are dropped, whatever they hold.
func TestCheckFormAnswersDropsHidden(t *testing.T) {
	s := validSurvey(t)
	form := url.Values{
		"q.kon":             {"kille"},
		"q.trygg_kvall":     {"mycket_trygg"},
		"q.varfor":          {"morkt", "inte_ett_val"},
		"q.platser.skolan":  {"trygg"},
		"q.platser.centrum": {"trygg"},
	}
	got, ps := CheckFormAnswers(s, AnswersFromForm(s, form), "sv")
	if len(ps) > 0 {
		t.Fatalf("want no problems, got %+v", ps)
	}
	if _, ok := got["varfor"]; ok {
		t.Fatalf("hidden answer stored: %v", got)
	}
	form["q.kon"] = []string{"annat"}
	if _, ps := CheckFormAnswers(s, AnswersFromForm(s, form), "sv"); len(ps) != 1 || ps[0].Code != "not_an_option" {
		t.Fatalf("other problems must still be reported, got %+v", ps)
	}
}
