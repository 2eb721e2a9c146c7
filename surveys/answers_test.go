package surveys

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"medborgardialog/models"
)

// baseAnswers is a complete, valid submission to valid.yaml.
const baseAnswers = `{
	"kon": "tjej",
	"alder": 14,
	"trygg_kvall": "ganska_otrygg",
	"varfor": ["droger", "morkt"],
	"platser": {"skolan": "trygg", "centrum": "otrygg"},
	"ovrigt": "  hej  "
}`

// answersWith returns baseAnswers with some answers replaced (raw JSON) or,
// where the replacement is "-", removed.
func answersWith(t *testing.T, changes map[string]string) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(baseAnswers), &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range changes {
		if v == "-" {
			delete(m, k)
		} else {
			m[k] = json.RawMessage(v)
		}
	}
	return m
}

func TestCheckAnswersValid(t *testing.T) {
	got, ps := CheckAnswers(validSurvey(t), answersWith(t, nil), "sv")
	if len(ps) > 0 {
		t.Fatalf("want no problems, got %+v", ps)
	}
	want := map[string]any{
		"kon":         "tjej",
		"alder":       int64(14),
		"trygg_kvall": "ganska_otrygg",
		"varfor":      []string{"morkt", "droger"}, // definition order
		"platser":     map[string]string{"skolan": "trygg", "centrum": "otrygg"},
		"ovrigt":      "hej", // trimmed
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("normalized answers\n got %#v\nwant %#v", got, want)
	}
}

func TestCheckAnswers(t *testing.T) {
	arabic20 := strings.Repeat("ب", 20) // 40 bytes, 20 characters
	tests := []struct {
		name    string
		changes map[string]string
		want    []string // "question:code", in any order; none means valid
	}{
		// required
		{"required missing", map[string]string{"kon": "-"}, []string{"kon:required"}},
		{"required null", map[string]string{"kon": "null"}, []string{"kon:required"}},
		{"required empty string", map[string]string{"kon": `""`}, []string{"kon:required"}},
		{"required grid empty", map[string]string{"platser": `{}`}, []string{"platser:required"}},
		{"required grid missing a row", map[string]string{"platser": `{"skolan": "trygg"}`}, []string{"platser:required"}},
		{"required grid row null", map[string]string{"platser": `{"skolan": "trygg", "centrum": null}`}, []string{"platser:required"}},
		{"optional left out", map[string]string{"alder": "-", "ovrigt": "-"}, nil},
		{"optional empties", map[string]string{"alder": `""`, "ovrigt": `"  \n "`}, nil},
		{"multi empty list", map[string]string{"varfor": `[]`}, nil},
		// unknown question
		{"unknown question", map[string]string{"namn": `"Kalle"`}, []string{"namn:unknown_question"}},
		{"unknown question with operator key", map[string]string{"$where": `"1"`}, []string{"$where:unknown_question"}},
		// options
		{"single not an option", map[string]string{"kon": `"annat"`}, []string{"kon:not_an_option"}},
		{"single option with space", map[string]string{"kon": `" tjej"`}, []string{"kon:not_an_option"}},
		{"scale not an option", map[string]string{"trygg_kvall": `"livrädd"`}, []string{"trygg_kvall:not_an_option"}},
		{"multi not an option", map[string]string{"varfor": `["morkt", "hemligt"]`}, []string{"varfor:not_an_option"}},
		{"multi empty value", map[string]string{"varfor": `[""]`}, []string{"varfor:not_an_option"}},
		{"multi repeated option", map[string]string{"varfor": `["morkt", "morkt"]`}, []string{"varfor:repeated_option"}},
		{"multi too many choices", map[string]string{"varfor": `["morkt", "grupper", "droger"]`}, []string{"varfor:too_many_choices"}},
		{"multi at max choices", map[string]string{"varfor": `["grupper", "droger"]`}, nil},
		{"grid unknown row", map[string]string{"platser": `{"skolan": "trygg", "centrum": "trygg", "bussen": "trygg"}`}, []string{"platser:unknown_row"}},
		{"grid row with a dot", map[string]string{"platser": `{"skolan": "trygg", "centrum": "trygg", "a.b": "trygg"}`}, []string{"platser:unknown_row"}},
		{"grid not an option", map[string]string{"platser": `{"skolan": "trygg", "centrum": "jättebra"}`}, []string{"platser:not_an_option"}},
		// numbers
		{"number at min", map[string]string{"alder": `10`}, nil},
		{"number at max", map[string]string{"alder": `20`}, nil},
		{"number below min", map[string]string{"alder": `9`}, []string{"alder:out_of_range"}},
		{"number above max", map[string]string{"alder": `21`}, []string{"alder:out_of_range"}},
		{"number negative", map[string]string{"alder": `-15`}, []string{"alder:out_of_range"}},
		{"number minus zero", map[string]string{"alder": `-0`}, []string{"alder:out_of_range"}},
		{"number huge", map[string]string{"alder": `123456789012345678901234567890`}, []string{"alder:out_of_range"}},
		{"number huge negative", map[string]string{"alder": `-9223372036854775809`}, []string{"alder:out_of_range"}},
		{"number max int64", map[string]string{"alder": `9223372036854775807`}, []string{"alder:out_of_range"}},
		{"number with decimals", map[string]string{"alder": `1.5`}, []string{"alder:not_integer"}},
		{"number with zero decimals", map[string]string{"alder": `14.0`}, []string{"alder:not_integer"}},
		{"number with exponent", map[string]string{"alder": `1e400`}, []string{"alder:not_integer"}},
		{"number as string", map[string]string{"alder": `"12"`}, []string{"alder:wrong_type"}},
		{"number as bool", map[string]string{"alder": `true`}, []string{"alder:wrong_type"}},
		{"number as list", map[string]string{"alder": `[14]`}, []string{"alder:wrong_type"}},
		{"number as object", map[string]string{"alder": `{"$gt": 0}`}, []string{"alder:wrong_type"}},
		{"number not JSON", map[string]string{"alder": `0x10`}, []string{"alder:wrong_type"}},
		// text
		{"text in limit, Arabic", map[string]string{"ovrigt": `"` + arabic20 + `"`}, nil},
		{"text too long, Arabic", map[string]string{"ovrigt": `"` + arabic20 + `ب"`}, []string{"ovrigt:too_long"}},
		{"text too long only before trimming", map[string]string{"ovrigt": `"  ` + arabic20 + `  "`}, nil},
		{"text with line breaks and tabs", map[string]string{"ovrigt": `"rad 1\r\nrad\t2"`}, nil},
		{"text with NUL", map[string]string{"ovrigt": `"a\u0000b"`}, []string{"ovrigt:control_characters"}},
		{"text with escape sequence", map[string]string{"ovrigt": `"\u001b[31mröd"`}, []string{"ovrigt:control_characters"}},
		{"text with DEL", map[string]string{"ovrigt": `"a\u007fb"`}, []string{"ovrigt:control_characters"}},
		{"text with right-to-left override", map[string]string{"ovrigt": `"bra \u202egnit"`}, []string{"ovrigt:invisible_characters"}},
		{"text with zero width space", map[string]string{"ovrigt": `"Pol\u200bisen"`}, []string{"ovrigt:invisible_characters"}},
		{"text with byte order mark", map[string]string{"ovrigt": `"\ufeffhej"`}, []string{"ovrigt:invisible_characters"}},
		{"text in Persian with ZWNJ", map[string]string{"ovrigt": `"می\u200cخواهم"`}, nil},
		{"text with an emoji ZWJ sequence", map[string]string{"ovrigt": `"👩\u200d💻"`}, nil},
		{"text too long and with NUL", map[string]string{"ovrigt": `"` + arabic20 + `\u0000"`}, []string{"ovrigt:control_characters", "ovrigt:too_long"}},
		{"text invalid UTF-8", map[string]string{"ovrigt": "\"a\xffb\""}, []string{"ovrigt:invalid_utf8"}},
		{"text as number", map[string]string{"ovrigt": `42`}, []string{"ovrigt:wrong_type"}},
		// wrong shapes, as an attacker would send them
		{"single as object", map[string]string{"kon": `{"$gt": ""}`}, []string{"kon:wrong_type"}},
		{"single as list", map[string]string{"kon": `["tjej"]`}, []string{"kon:wrong_type"}},
		{"single as bool", map[string]string{"kon": `false`}, []string{"kon:wrong_type"}},
		{"text as object", map[string]string{"ovrigt": `{"$ne": null}`}, []string{"ovrigt:wrong_type"}},
		{"multi as string", map[string]string{"varfor": `"morkt"`}, []string{"varfor:wrong_type"}},
		{"multi nested lists", map[string]string{"varfor": `[["morkt"], "droger"]`}, []string{"varfor:wrong_type"}},
		{"multi deeply nested", map[string]string{"varfor": strings.Repeat("[", 20000) + strings.Repeat("]", 20000)}, []string{"varfor:wrong_type"}},
		{"multi with object", map[string]string{"varfor": `[{"$gt": ""}]`}, []string{"varfor:wrong_type"}},
		{"multi with null", map[string]string{"varfor": `[null]`}, []string{"varfor:wrong_type"}},
		{"grid as list", map[string]string{"platser": `["trygg"]`}, []string{"platser:wrong_type"}},
		{"grid row as object", map[string]string{"platser": `{"skolan": {"$ne": 1}, "centrum": "trygg"}`}, []string{"platser:wrong_type"}},
		{"grid row as list", map[string]string{"platser": `{"skolan": ["trygg"], "centrum": "trygg"}`}, []string{"platser:wrong_type"}},
		{"invalid JSON", map[string]string{"kon": `"tjej`}, []string{"kon:wrong_type"}},
		{"single invalid UTF-8", map[string]string{"kon": "\"\xc3\""}, []string{"kon:invalid_utf8"}},
		// skip logic
		{"hidden question answered", map[string]string{"trygg_kvall": `"mycket_trygg"`}, []string{"varfor:hidden"}},
		{"hidden question answered with junk", map[string]string{"trygg_kvall": `"mycket_trygg"`, "varfor": `{"$gt": ""}`}, []string{"varfor:hidden"}},
		{"hidden question left out", map[string]string{"trygg_kvall": `"mycket_trygg"`, "varfor": "-"}, nil},
		{"hidden question sent empty", map[string]string{"trygg_kvall": `"mycket_trygg"`, "varfor": `[]`}, nil},
		{"controller unanswered", map[string]string{"trygg_kvall": "-"}, []string{"trygg_kvall:required", "varfor:hidden"}},
		{"controller wrong", map[string]string{"trygg_kvall": `"livrädd"`}, []string{"trygg_kvall:not_an_option"}},
		// several at once
		{"every problem is listed", map[string]string{
			"kon": `"annat"`, "alder": `1.5`, "varfor": `["morkt", "morkt"]`, "ovrigt": `{"a": 1}`, "x": `1`,
		}, []string{"kon:not_an_option", "alder:not_integer", "varfor:repeated_option", "ovrigt:wrong_type", "x:unknown_question"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ps := CheckAnswers(validSurvey(t), answersWith(t, tt.changes), "en")
			var codes []string
			for _, p := range ps {
				codes = append(codes, p.Question+":"+p.Code)
				if p.Message == "" {
					t.Errorf("problem without message: %+v", p)
				}
			}
			slices.Sort(codes)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if !slices.Equal(codes, want) {
				t.Fatalf("problems\n got %v\nwant %v", codes, want)
			}
			if (len(ps) == 0) != (got != nil) {
				t.Fatalf("want answers exactly when there are no problems; got %v and %v", got, ps)
			}
		})
	}
}

// A required question behind skip logic is required only when shown.
func TestCheckAnswersRequiredHidden(t *testing.T) {
	s := validSurvey(t)
	s.Questions[3].Required = true
	tests := []struct {
		name    string
		changes map[string]string
		want    []string
	}{
		{"hidden, so not required", map[string]string{"trygg_kvall": `"mycket_trygg"`, "varfor": "-"}, nil},
		{"shown, so required", map[string]string{"varfor": "-"}, []string{"varfor:required"}},
		{"shown and answered", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := CheckAnswers(s, answersWith(t, tt.changes), "sv")
			var codes []string
			for _, p := range ps {
				codes = append(codes, p.Question+":"+p.Code)
			}
			if !slices.Equal(codes, tt.want) {
				t.Fatalf("got %v, want %v", codes, tt.want)
			}
		})
	}
}

// A question shown by a multi answer, and hidden in a chain.
func TestCheckAnswersShowIfChain(t *testing.T) {
	s := validSurvey(t)
	s.Questions[5].ShowIf = &models.ShowIf{Question: "varfor", AnyOf: []string{"droger"}}
	tests := []struct {
		name    string
		changes map[string]string
		want    []string
	}{
		{"shown by one of several choices", nil, nil},
		{"hidden when the choice is not made", map[string]string{"varfor": `["morkt"]`}, []string{"ovrigt:hidden"}},
		{"hidden because its controller is hidden", map[string]string{"trygg_kvall": `"mycket_trygg"`, "varfor": "-"}, []string{"ovrigt:hidden"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ps := CheckAnswers(s, answersWith(t, tt.changes), "sv")
			var codes []string
			for _, p := range ps {
				codes = append(codes, p.Question+":"+p.Code)
			}
			if !slices.Equal(codes, tt.want) {
				t.Fatalf("got %v, want %v", codes, tt.want)
			}
		})
	}
}

func TestCheckAnswersMessages(t *testing.T) {
	s := validSurvey(t)
	answers := answersWith(t, map[string]string{"alder": `99`})
	tests := []struct {
		lang, want string
	}{
		{"sv", "Skriv ett tal från 10 till 20."},
		{"en", "Please write a number from 10 to 20."},
		{"ar", "يرجى كتابة رقم من 10 إلى 20."},
		{"de", "Skriv ett tal från 10 till 20."}, // a language the service lacks: Swedish
		{"", "Skriv ett tal från 10 till 20."},
	}
	for _, tt := range tests {
		t.Run("lang "+tt.lang, func(t *testing.T) {
			_, ps := CheckAnswers(s, answers, tt.lang)
			if len(ps) != 1 || ps[0].Message != tt.want {
				t.Fatalf("got %+v, want message %q", ps, tt.want)
			}
		})
	}
}

// Every code has its own message in every language.
func TestAnswerMessagesComplete(t *testing.T) {
	s := validSurvey(t)
	codes := []string{
		models.AnswerRequired, models.AnswerUnknownQuestion, models.AnswerNotAnOption,
		models.AnswerRepeatedOption, models.AnswerTooManyChoices, models.AnswerNotInteger,
		models.AnswerOutOfRange, models.AnswerTooLong, models.AnswerControlCharacters, models.AnswerInvisibleCharacters,
		models.AnswerWrongType, models.AnswerUnknownRow, models.AnswerHidden, models.AnswerInvalidUTF8,
		models.AnswerEmpty,
	}
	for _, lang := range []string{"sv", "en", "ar"} {
		seen := make(map[string]string)
		for _, code := range codes {
			q := &s.Questions[3]
			switch code {
			case models.AnswerOutOfRange:
				q = &s.Questions[1]
			case models.AnswerTooLong:
				q = &s.Questions[5]
			}
			msg := answerMessage(lang, code, q)
			if msg == "" || strings.Contains(msg, "%!") {
				t.Errorf("%s %s: bad message %q", lang, code, msg)
			}
			if other, ok := seen[msg]; ok {
				t.Errorf("%s: %s and %s share the message %q", lang, code, other, msg)
			}
			seen[msg] = code
		}
	}
}

// A submission that answers no question is refused on both paths, with
// one problem about the whole submission.
func TestCheckAnswersEmpty(t *testing.T) {
	optional := validSurvey(t)
	for i := range optional.Questions {
		optional.Questions[i].Required = false
	}
	tests := []struct {
		name      string
		s         *models.Survey
		answers   string
		api, form []string // "question:code"; none means accepted
	}{
		{"no answers", optional, `{}`, []string{":empty"}, []string{":empty"}},
		{"every value empty", optional, `{"kon": "", "alder": "", "trygg_kvall": null, "varfor": [],
			"platser": {"skolan": "", "centrum": null}, "ovrigt": " \n\t "}`, []string{":empty"}, []string{":empty"}},
		{"only whitespace text", optional, `{"ovrigt": "   "}`, []string{":empty"}, []string{":empty"}},
		{"only a hidden answer", optional, `{"varfor": ["morkt"]}`, []string{":empty", "varfor:hidden"}, []string{":empty"}},
		{"only a hidden answer, controller empty", optional, `{"trygg_kvall": "", "varfor": ["morkt"]}`, []string{":empty", "varfor:hidden"}, []string{":empty"}},
		{"only an unknown question", optional, `{"namn": "Kalle"}`, []string{":empty", "namn:unknown_question"}, []string{":empty", "namn:unknown_question"}},
		{"required questions left out", validSurvey(t), `{}`,
			[]string{":empty", "kon:required", "trygg_kvall:required", "platser:required"},
			[]string{":empty", "kon:required", "trygg_kvall:required", "platser:required"}},
		{"one real answer", optional, `{"alder": 14}`, nil, nil},
		{"one real answer among empties", optional, `{"kon": "", "varfor": [], "ovrigt": "hej"}`, nil, nil},
		{"one shown follow-up", optional, `{"trygg_kvall": "mycket_otrygg", "varfor": ["morkt"]}`, nil, nil},
		// A wrong answer is still an answer: its own problem says what to fix.
		{"one wrong answer", optional, `{"alder": 1.5}`, []string{"alder:not_integer"}, []string{"alder:not_integer"}},
	}
	for _, tt := range tests {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(tt.answers), &raw); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for _, path := range []struct {
			name  string
			check func(*models.Survey, map[string]json.RawMessage, string) (map[string]any, []models.AnswerProblem)
			want  []string
		}{{"api", CheckAnswers, tt.api}, {"form", CheckFormAnswers, tt.form}} {
			t.Run(tt.name+"/"+path.name, func(t *testing.T) {
				got, ps := path.check(tt.s, raw, "sv")
				var codes []string
				for _, p := range ps {
					codes = append(codes, p.Question+":"+p.Code)
				}
				if !slices.Equal(codes, path.want) {
					t.Fatalf("got %v, want %v", codes, path.want)
				}
				if len(ps) == 0 && len(got) == 0 {
					t.Fatalf("accepted with nothing to store")
				}
				if len(ps) > 0 && got != nil {
					t.Fatalf("refused but answers returned: %v", got)
				}
			})
		}
	}
}

func TestCheckAnswersEmptyMessage(t *testing.T) {
	for lang, want := range map[string]string{
		"sv": "Svara på minst en fråga innan du skickar.",
		"en": "Answer at least one question before you send.",
		"ar": "أجب عن سؤال واحد على الأقل قبل الإرسال.",
		"de": "Svara på minst en fråga innan du skickar.",
	} {
		_, ps := CheckAnswers(&models.Survey{}, nil, lang)
		if len(ps) != 1 || ps[0].Code != models.AnswerEmpty || ps[0].Question != "" || ps[0].Message != want {
			t.Errorf("%s: got %+v, want %q", lang, ps, want)
		}
		if got := EmptyMessage(lang); got != want {
			t.Errorf("%s: EmptyMessage %q, want %q", lang, got, want)
		}
	}
}

func TestCheckAnswersLongUnknownKeyIsShortened(t *testing.T) {
	key := strings.Repeat("å", 100)
	_, ps := CheckAnswers(validSurvey(t), answersWith(t, map[string]string{key: `1`}), "sv")
	if len(ps) != 1 || len(ps[0].Question) > 70 || !strings.HasPrefix(key, strings.TrimSuffix(ps[0].Question, "…")) {
		t.Fatalf("got %+v", ps)
	}
}

func BenchmarkCheckAnswers(b *testing.B) {
	s := validSurvey(b)
	var answers map[string]json.RawMessage
	if err := json.Unmarshal([]byte(baseAnswers), &answers); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		CheckAnswers(s, answers, "sv")
	}
}
