package demo

import (
	"encoding/json"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/surveys"
)

// TestAnswersPassTheAnswerChecker: demo data must be data the service
// itself would have accepted, or the lägesbild it shows is a fiction.
func TestAnswersPassTheAnswerChecker(t *testing.T) {
	builtin, err := surveys.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, sv := range builtin {
		g := NewGenerator(sv, 42)
		from := time.Date(2023, 2, 1, 0, 0, 0, 0, time.UTC)
		for i := range 500 {
			sess, place := g.Session(from, from.AddDate(0, 6, 0))
			r := g.Response(sess, place)
			raw := make(map[string]json.RawMessage, len(r.Answers))
			for k, v := range r.Answers {
				b, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				raw[k] = b
			}
			if _, problems := surveys.CheckAnswers(sv, raw, "sv"); len(problems) > 0 {
				t.Fatalf("%s response %d refused: %+v", sv.Slug, i, problems)
			}
			if r.School == "" || r.Session != sess.Code || r.Day < "2023-02-01" || r.Day > "2023-08-01" {
				t.Fatalf("response %d: %+v", i, r)
			}
		}
	}
}

func TestSameSeedSameData(t *testing.T) {
	builtin, _ := surveys.Builtin()
	a, b := NewGenerator(builtin[0], 7), NewGenerator(builtin[0], 7)
	for range 50 {
		x, _ := json.Marshal(a.Answers(0.3))
		y, _ := json.Marshal(b.Answers(0.3))
		if string(x) != string(y) {
			t.Fatal("the same seed gave different answers")
		}
	}
}

// TestRiskShiftsAnswers: a troubled place answers "unsafe" more often, so
// breakdowns and the comparison wave show something.
func TestRiskShiftsAnswers(t *testing.T) {
	builtin, _ := surveys.Builtin()
	var sv *models.Survey
	for _, s := range builtin {
		if s.Slug == "ungdomsdialog-2023" {
			sv = s
		}
	}
	unsafe := func(risk float64) int {
		g := NewGenerator(sv, 1)
		n := 0
		for range 2000 {
			if v := g.Answers(risk)["trygg_kvall"]; v == "ganska_otrygg" || v == "mycket_otrygg" {
				n++
			}
		}
		return n
	}
	if calm, troubled := unsafe(0.1), unsafe(0.6); troubled <= calm {
		t.Fatalf("unsafe answers: %d at low risk, %d at high", calm, troubled)
	}
}
