package surveys

import (
	"encoding/json"
	"os"
	"testing"
	"unicode/utf8"

	"medborgardialog/models"
)

// FuzzCheckAnswers feeds arbitrary submissions, and arbitrary raw values for
// each question, to the checker: it must never panic, and it must return
// either well-typed answers or problems with messages, never both.
func FuzzCheckAnswers(f *testing.F) {
	for _, seed := range []string{
		baseAnswers,
		`{}`, `null`, `[]`, `{"kon": {"$gt": ""}}`, `{"alder": 1e400}`, `{"alder": -9223372036854775809}`,
		`{"varfor": [["x"]], "platser": {"a.b": "x"}}`, `{"ovrigt": "\u0000"}`, "{\"ovrigt\": \"\xff\"}",
		`{"trygg_kvall": "mycket_trygg", "varfor": ["morkt"]}`, `"tjej"`, `14`, `-0`, `1.0`, `{"skolan": null}`,
	} {
		f.Add([]byte(seed), "sv")
	}
	f.Add([]byte(`{"alder": "12"}`), "ar")
	f.Add([]byte(`[1, "x", null]`), "en")
	s := validSurvey(f)
	f.Fuzz(func(t *testing.T, data []byte, lang string) {
		var whole map[string]json.RawMessage
		if json.Unmarshal(data, &whole) == nil {
			got, ps := CheckAnswers(s, whole, lang)
			checkInvariants(t, got, ps)
		}
		// The same bytes as the raw value of each question, valid JSON or not.
		for _, q := range s.Questions {
			got, ps := CheckAnswers(s, map[string]json.RawMessage{q.ID: data}, lang)
			checkInvariants(t, got, ps)
		}
	})
}

func checkInvariants(t *testing.T, got map[string]any, ps []models.AnswerProblem) {
	t.Helper()
	if len(ps) > 0 {
		if got != nil {
			t.Fatalf("answers %v returned with problems %v", got, ps)
		}
		for _, p := range ps {
			if p.Code == "" || p.Message == "" || !utf8.ValidString(p.Question) {
				t.Fatalf("bad problem %+v", p)
			}
		}
		return
	}
	if got == nil {
		t.Fatal("no answers and no problems")
	}
	for id, v := range got {
		switch v := v.(type) {
		case string:
			if v == "" || !utf8.ValidString(v) {
				t.Fatalf("%s stored as %q", id, v)
			}
		case []string:
			if len(v) == 0 {
				t.Fatalf("%s stored as an empty list", id)
			}
		case map[string]string, int64:
		default:
			t.Fatalf("%s stored as %T", id, v)
		}
	}
}

// FuzzParse feeds arbitrary definitions to Parse and what it accepts to
// Check: neither may panic, and every problem must say something.
func FuzzParse(f *testing.F) {
	valid, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(valid)
	for _, seed := range []string{
		"", "slug: ab\n", "slug: [\n", "---\n---\n", "a: &a [*a]\n", "questions: [{id: a, type: grid}]\n",
		`{"slug": "ab", "version": 1, "questions": [{"id": "a", "show_if": {"question": "a", "any_of": []}}]}`,
		"questions:\n  - {id: a, type: single, show_if: {question: b}}\n  - {id: b, type: multi}\nindicators: [{id: i, question: a, count: [x]}]\n",
	} {
		f.Add([]byte(seed))
	}
	c := NewChecker()
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err != nil {
			if s != nil {
				t.Fatal("survey returned with an error")
			}
			return
		}
		for _, p := range c.Check(s) {
			if p.Code == "" || p.Message == "" {
				t.Fatalf("bad problem %+v", p)
			}
		}
	})
}
