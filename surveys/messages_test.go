package surveys

import (
	"encoding/json"
	"flag"
	"os"
	"testing"

	"medborgardialog/models"
)

var updateMessages = flag.Bool("update-messages", false, "rewrite testdata/answer_messages.json from the code")

// The answer messages young people see are byte for byte the ones they
// saw before the texts moved into the message files: testdata/
// answer_messages.json was written by the messages in Go (commit
// 95e6cd8), every code in Swedish, English and Arabic, with its numbers
// filled in.
func TestAnswerMessagesUnchanged(t *testing.T) {
	s := validSurvey(t)
	number, text, multi := &s.Questions[1], &s.Questions[5], &s.Questions[3]
	multi.MaxChoices = 2
	cases := map[string]*models.Question{
		"required": multi, "unknown_question": nil, "not_an_option": multi, "repeated_option": multi,
		"too_many_choices": multi, "not_integer": number, "out_of_range": number, "too_long": text,
		"control_characters": text, "invisible_characters": text, "wrong_type": multi,
		"wrong_type/number": number, "unknown_row": multi, "hidden": multi, "invalid_utf8": text,
		"empty": nil, "something_else": nil,
	}
	got := map[string]map[string]string{}
	for _, lang := range []string{models.LangSV, models.LangEN, models.LangAR} {
		got[lang] = map[string]string{}
		for name, q := range cases {
			code := name
			if name == "wrong_type/number" {
				code = models.AnswerWrongType
			}
			got[lang][name] = answerMessage(lang, code, q)
		}
	}
	const file = "testdata/answer_messages.json"
	if *updateMessages {
		b, _ := json.MarshalIndent(got, "", "  ")
		if err := os.WriteFile(file, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]map[string]string
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	for lang, msgs := range want {
		for name, w := range msgs {
			if g := got[lang][name]; g != w {
				t.Errorf("%s %s: %q, was %q", lang, name, g, w)
			}
		}
	}
	if len(want) != 3 || len(want["ar"]) != len(cases) {
		t.Fatalf("%s holds %d languages", file, len(want))
	}
}
