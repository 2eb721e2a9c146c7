package surveys

import (
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
)

func TestCheckValid(t *testing.T) {
	if ps := Check(validSurvey(t)); len(ps) > 0 {
		t.Fatalf("valid.yaml has problems: %+v", ps)
	}
}

// Question indexes in valid.yaml: 0 kon single (gender), 1 alder number
// (age), 2 trygg_kvall scale, 3 varfor multi (show_if), 4 platser grid,
// 5 ovrigt text.
func TestCheckFails(t *testing.T) {
	type S = models.Survey
	tests := []struct {
		name   string
		mutate func(s *S)
		path   string
		code   string
	}{
		{"slug with capitals", func(s *S) { s.Slug = "Bad-Slug" }, "slug", models.CodeInvalid},
		{"slug one letter", func(s *S) { s.Slug = "a" }, "slug", models.CodeInvalid},
		{"slug missing", func(s *S) { s.Slug = "" }, "slug", models.CodeRequired},
		{"question id pattern", func(s *S) { s.Questions[0].ID = "Kön" }, "questions[0].id", models.CodeInvalid},
		{"question id too long", func(s *S) { s.Questions[0].ID = strings.Repeat("a", 41) }, "questions[0].id", models.CodeInvalid},
		{"option value pattern", func(s *S) { s.Questions[0].Options[1].Value = "kille!" }, "questions[0].options[1].value", models.CodeInvalid},
		{"row value pattern", func(s *S) { s.Questions[4].Rows[0].Value = "1skolan" }, "questions[4].rows[0].value", models.CodeInvalid},
		{"indicator id pattern", func(s *S) { s.Indicators[0].ID = "otrygg-kvall" }, "indicators[0].id", models.CodeInvalid},
		{"question id twice", func(s *S) { s.Questions[5].ID = "kon" }, "questions[5].id", models.CodeDuplicate},
		{"option value twice", func(s *S) { s.Questions[0].Options[1].Value = "tjej" }, "questions[0].options[1].value", models.CodeDuplicate},
		{"row value twice", func(s *S) { s.Questions[4].Rows[1].Value = "skolan" }, "questions[4].rows[1].value", models.CodeDuplicate},
		{"indicator id twice", func(s *S) { s.Indicators[1].ID = "otrygg_kvall" }, "indicators[1].id", models.CodeDuplicate},
		{"title without sv", func(s *S) { delete(s.Title, "sv") }, "title", models.CodeMissingTranslation},
		{"title missing", func(s *S) { s.Title = nil }, "title", models.CodeMissingTranslation},
		{"row label blank sv", func(s *S) { s.Questions[4].Rows[1].Label["sv"] = "  " }, "questions[4].rows[1].label", models.CodeMissingTranslation},
		{"help text without sv", func(s *S) { delete(s.Questions[5].Help, "sv") }, "questions[5].help", models.CodeMissingTranslation},
		{"indicator label without sv", func(s *S) { delete(s.Indicators[0].Label, "sv") }, "indicators[0].label", models.CodeMissingTranslation},
		{"promise name missing", func(s *S) { s.Promise.Name = nil }, "promise.name", models.CodeMissingTranslation},
		{"help for missing", func(s *S) { s.Help[0].For = nil }, "help[0].for", models.CodeMissingTranslation},
		{"languages without sv", func(s *S) { s.Languages = []string{"en", "ar"} }, "languages", models.CodeRequired},
		{"languages missing", func(s *S) { s.Languages = nil }, "languages", models.CodeRequired},
		{"unknown language", func(s *S) { s.Languages = append(s.Languages, "de") }, "languages[3]", models.CodeInvalid},
		{"language twice", func(s *S) { s.Languages = append(s.Languages, "en") }, "languages[3]", models.CodeDuplicate},
		{"status unknown", func(s *S) { s.Status = "published" }, "status", models.CodeInvalid},
		{"version zero", func(s *S) { s.Version = 0 }, "version", models.CodeOutOfRange},
		{"closes before opens", func(s *S) { s.ClosesAt = ptr(s.OpensAt.Add(-time.Hour)) }, "closes_at", models.CodeInvalid},
		{"closes when opens", func(s *S) { s.ClosesAt = ptr(*s.OpensAt) }, "closes_at", models.CodeInvalid},
		{"type unknown", func(s *S) { s.Questions[0].Type = "slider" }, "questions[0].type", models.CodeInvalid},
		{"single with one option", func(s *S) { s.Questions[0].Options = s.Questions[0].Options[:1] }, "questions[0].options", models.CodeRequired},
		{"grid without options", func(s *S) { s.Questions[4].Options = nil }, "questions[4].options", models.CodeRequired},
		{"grid without rows", func(s *S) { s.Questions[4].Rows = nil }, "questions[4].rows", models.CodeRequired},
		{"rows on single", func(s *S) { s.Questions[0].Rows = s.Questions[4].Rows }, "questions[0].rows", models.CodeNotAllowed},
		{"options on number", func(s *S) { s.Questions[1].Options = s.Questions[0].Options }, "questions[1].options", models.CodeNotAllowed},
		{"options on text", func(s *S) { s.Questions[5].Options = s.Questions[0].Options }, "questions[5].options", models.CodeNotAllowed},
		{"number without min", func(s *S) { s.Questions[1].Min = nil }, "questions[1].min", models.CodeRequired},
		{"number without max", func(s *S) { s.Questions[1].Max = nil }, "questions[1].max", models.CodeRequired},
		{"number min above max", func(s *S) { s.Questions[1].Min = ptr[int64](30) }, "questions[1].max", models.CodeInvalid},
		{"number min below the documented range", func(s *S) { s.Questions[1].Min = ptr(models.NumberMin - 1) }, "questions[1].min", models.CodeOutOfRange},
		{"number max above the documented range", func(s *S) { s.Questions[1].Max = ptr(models.NumberMax + 1) }, "questions[1].max", models.CodeOutOfRange},
		{"min on text", func(s *S) { s.Questions[5].Min = ptr[int64](1) }, "questions[5].min", models.CodeNotAllowed},
		{"max on scale", func(s *S) { s.Questions[2].Max = ptr[int64](1) }, "questions[2].max", models.CodeNotAllowed},
		{"text without max_length", func(s *S) { s.Questions[5].MaxLength = 0 }, "questions[5].max_length", models.CodeRequired},
		{"text max_length too big", func(s *S) { s.Questions[5].MaxLength = 5001 }, "questions[5].max_length", models.CodeOutOfRange},
		{"text max_length negative", func(s *S) { s.Questions[5].MaxLength = -1 }, "questions[5].max_length", models.CodeOutOfRange},
		{"max_length on single", func(s *S) { s.Questions[0].MaxLength = 10 }, "questions[0].max_length", models.CodeNotAllowed},
		{"max_choices above options", func(s *S) { s.Questions[3].MaxChoices = 4 }, "questions[3].max_choices", models.CodeOutOfRange},
		{"max_choices negative", func(s *S) { s.Questions[3].MaxChoices = -1 }, "questions[3].max_choices", models.CodeOutOfRange},
		{"max_choices on single", func(s *S) { s.Questions[0].MaxChoices = 1 }, "questions[0].max_choices", models.CodeNotAllowed},
		{"show_if unknown question", func(s *S) { s.Questions[3].ShowIf.Question = "nope" }, "questions[3].show_if.question", models.CodeUnknownReference},
		{"show_if later question", func(s *S) { s.Questions[3].ShowIf.Question = "platser" }, "questions[3].show_if.question", models.CodeInvalid},
		{"show_if itself", func(s *S) { s.Questions[3].ShowIf.Question = "varfor" }, "questions[3].show_if.question", models.CodeInvalid},
		{"show_if on number", func(s *S) {
			s.Questions[3].ShowIf = &models.ShowIf{Question: "alder", AnyOf: []string{"tio"}}
		}, "questions[3].show_if.question", models.CodeInvalid},
		{"show_if unknown value", func(s *S) { s.Questions[3].ShowIf.AnyOf[1] = "livrädd" }, "questions[3].show_if.any_of[1]", models.CodeUnknownReference},
		{"show_if any_of empty", func(s *S) { s.Questions[3].ShowIf.AnyOf = []string{} }, "questions[3].show_if.any_of", models.CodeOutOfRange},
		{"show_if any_of missing", func(s *S) { s.Questions[3].ShowIf.AnyOf = nil }, "questions[3].show_if.any_of", models.CodeRequired},
		{"dimension twice", func(s *S) { s.Questions[2].Dimension = "gender" }, "questions[2].dimension", models.CodeDuplicate},
		{"dimension on multi", func(s *S) { s.Questions[3].Dimension = "area" }, "questions[3].dimension", models.CodeNotAllowed},
		{"dimension unknown", func(s *S) { s.Questions[2].Dimension = "school" }, "questions[2].dimension", models.CodeInvalid},
		{"indicator unknown question", func(s *S) { s.Indicators[0].Question = "nope" }, "indicators[0].question", models.CodeUnknownReference},
		{"indicator on multi", func(s *S) { s.Indicators[0].Question = "varfor" }, "indicators[0].question", models.CodeInvalid},
		{"indicator on grid without row", func(s *S) { s.Indicators[1].Row = "" }, "indicators[1].row", models.CodeRequired},
		{"indicator unknown row", func(s *S) { s.Indicators[1].Row = "bussen" }, "indicators[1].row", models.CodeUnknownReference},
		{"indicator row on scale", func(s *S) { s.Indicators[0].Row = "skolan" }, "indicators[0].row", models.CodeNotAllowed},
		{"indicator count missing", func(s *S) { s.Indicators[0].Count = nil }, "indicators[0].count", models.CodeRequired},
		{"indicator count empty", func(s *S) { s.Indicators[0].Count = []string{} }, "indicators[0].count", models.CodeOutOfRange},
		{"indicator count value pattern", func(s *S) { s.Indicators[0].Count[0] = "rädd" }, "indicators[0].count[0]", models.CodeInvalid},
		{"indicator count not an option", func(s *S) { s.Indicators[0].Count[0] = "radd" }, "indicators[0].count[0]", models.CodeUnknownReference},
		{"indicator exclude not an option", func(s *S) { s.Indicators[0].Exclude[0] = "vet_inte" }, "indicators[0].exclude[0]", models.CodeUnknownReference},
		{"indicator exclude also counted", func(s *S) { s.Indicators[0].Exclude[0] = "mycket_otrygg" }, "indicators[0].exclude[0]", models.CodeInvalid},
		{"indicator better unknown", func(s *S) { s.Indicators[0].Better = "worse" }, "indicators[0].better", models.CodeInvalid},
		{"help without name", func(s *S) { s.Help[0].Name = "" }, "help[0].name", models.CodeRequired},
		{"help web over http", func(s *S) { s.Help[0].Web = "http://www.bris.se" }, "help[0].web", models.CodeInvalid},
		{"help web not a URL", func(s *S) { s.Help[0].Web = "bris.se" }, "help[0].web", models.CodeInvalid},
		{"min_cell below 3", func(s *S) { s.MinCell = 2 }, "min_cell", models.CodeOutOfRange},
		{"compare_with own slug", func(s *S) { s.CompareWith = s.Slug }, "compare_with", models.CodeInvalid},
		{"compare_with bad slug", func(s *S) { s.CompareWith = "Förra året" }, "compare_with", models.CodeInvalid},
		{"text in an unknown language", func(s *S) { s.Title["$where"] = "x" }, "title.$where", models.CodeInvalid},
		{"NUL in title", func(s *S) { s.Title["en"] = "Safety\x00" }, "title.en", models.CodeInvalid},
		{"escape in option label", func(s *S) { s.Questions[0].Options[0].Label["sv"] = "\x1b[31mTjej" }, "questions[0].options[0].label.sv", models.CodeInvalid},
		{"NUL in partner", func(s *S) { s.Promise.Partners[0] = "Polisen\x00" }, "promise.partners[0]", models.CodeInvalid},
		{"NUL in help name", func(s *S) { s.Help[0].Name = "Bris\x00" }, "help[0].name", models.CodeInvalid},
		{"text too long", func(s *S) { s.Intro["ar"] = strings.Repeat("ب", 5001) }, "intro.ar", models.CodeOutOfRange},
		{"promise date malformed", func(s *S) { s.Promise.From = "2022-1-1" }, "promise.from", models.CodeInvalid},
		{"promise ends before it starts", func(s *S) { s.Promise.To = "2021-12-31" }, "promise.to", models.CodeInvalid},
		{"no questions", func(s *S) { s.Questions = []models.Question{} }, "questions", models.CodeOutOfRange},
		{"too many questions", func(s *S) {
			s.Questions = make([]models.Question, 201)
		}, "questions", models.CodeOutOfRange},
		{"too many options", func(s *S) {
			s.Questions[0].Options = make([]models.Option, 51)
		}, "questions[0].options", models.CodeOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSurvey(t)
			tt.mutate(s)
			ps := Check(s)
			if !hasProblem(ps, tt.path, tt.code) {
				t.Fatalf("want %s at %q, got %+v", tt.code, tt.path, ps)
			}
			for _, p := range ps {
				if p.Message == "" {
					t.Errorf("problem without message: %+v", p)
				}
			}
		})
	}
}

// The passing side of the rules: edge values that must be accepted.
func TestCheckPasses(t *testing.T) {
	type S = models.Survey
	tests := []struct {
		name   string
		mutate func(s *S)
	}{
		{"only Swedish", func(s *S) {
			s.Languages = []string{"sv"}
			delete(s.Title, "en")
			delete(s.Questions[0].Options[0].Label, "ar")
		}},
		{"languages in another order", func(s *S) { s.Languages = []string{"ar", "sv", "en"} }},
		{"no optional fields", func(s *S) {
			s.OpensAt, s.ClosesAt, s.MinCell, s.Wave, s.CompareWith = nil, nil, 0, "", ""
			s.Intro, s.Outro, s.Promise, s.Indicators, s.Help = nil, nil, nil, nil, nil
			s.Questions[5].Help = nil
		}},
		{"only opens_at", func(s *S) { s.ClosesAt = nil }},
		{"min_cell 3", func(s *S) { s.MinCell = 3 }},
		{"number with min equal to max", func(s *S) { s.Questions[1].Min = ptr[int64](20) }},
		// Forms from other tools rarely bound a count; only a dimension,
		// shown one value per column, needs min and max.
		{"number without bounds", func(s *S) {
			s.Questions[1].Dimension, s.Questions[1].Min, s.Questions[1].Max = "", nil, nil
		}},
		{"option values as XLSForm names them", func(s *S) {
			s.Questions[0].Options[0].Value, s.Questions[0].Options[1].Value = "1", "n1-c.x"
		}},
		// A translation may be incomplete: the survey is then not offered
		// in that language (MissingTexts), which is not the checker's to refuse.
		{"question text without en", func(s *S) { delete(s.Questions[2].Text, "en") }},
		{"option label without ar", func(s *S) { delete(s.Questions[0].Options[2].Label, "ar") }},
		{"intro without ar", func(s *S) { delete(s.Intro, "ar") }},
		{"promise focus without en", func(s *S) { delete(s.Promise.Focus[0], "en") }},
		{"number with negative bounds", func(s *S) { s.Questions[1].Min, s.Questions[1].Max = ptr[int64](-5), ptr[int64](0) }},
		{"max_choices equal to options", func(s *S) { s.Questions[3].MaxChoices = 3 }},
		{"multi without max_choices", func(s *S) { s.Questions[3].MaxChoices = 0 }},
		{"max_length 5000", func(s *S) { s.Questions[5].MaxLength = 5000 }},
		{"show_if on a multi", func(s *S) {
			s.Questions[5].ShowIf = &models.ShowIf{Question: "varfor", AnyOf: []string{"droger"}}
		}},
		{"dimension on number", func(s *S) { s.Questions[1].Dimension = "grade"; s.Questions[0].Dimension = "age" }},
		{"indicator without exclude", func(s *S) { s.Indicators[0].Exclude = nil }},
		{"indicator better higher", func(s *S) { s.Indicators[0].Better = "higher" }},
		{"help without web", func(s *S) { s.Help[0].Web = "" }},
		{"line breaks in texts", func(s *S) { s.Intro["sv"] = "Hej!\r\n\tVälkommen." }},
		{"a 5000-character Arabic text", func(s *S) { s.Intro["ar"] = strings.Repeat("ب", 5000) }},
		{"200 questions", func(s *S) {
			for i := len(s.Questions); i < 200; i++ {
				q := s.Questions[5]
				q.ID = "fritext_" + strings.Repeat("x", i%30) + string(rune('a'+i%26)) + string(rune('a'+i/26))
				s.Questions = append(s.Questions, q)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSurvey(t)
			tt.mutate(s)
			if ps := Check(s); len(ps) > 0 {
				t.Fatalf("want no problems, got %+v", ps)
			}
		})
	}
}

func TestCheckReportsEveryProblem(t *testing.T) {
	def := `
slug: Fel
version: 1
status: open
languages: [sv, en]
title: {en: "Title"}
questions:
  - id: svar
    type: single
    text: {sv: "Fråga", en: "Question"}
    options:
      - {value: ja, label: {sv: "Ja", en: "Yes"}}
      - {value: ja, label: {sv: "Nej", en: "No"}}
  - id: antal
    type: number
    min: 5
    max: 1
    text: {sv: "Antal", en: "Number"}
indicators:
  - id: andel
    label: {sv: "Andel", en: "Share"}
    question: saknas
    count: [ja]
    better: lower
`
	_, ps, err := Load([]byte(def))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ path, code string }{
		{"slug", models.CodeInvalid},
		{"title", models.CodeMissingTranslation},
		{"questions[0].options[1].value", models.CodeDuplicate},
		{"questions[1].max", models.CodeInvalid},
		{"indicators[0].question", models.CodeUnknownReference},
	}
	for _, w := range want {
		if !hasProblem(ps, w.path, w.code) {
			t.Errorf("missing %s at %q", w.code, w.path)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("want exactly %d problems, got %d: %+v", len(want), len(ps), ps)
	}
	for _, p := range ps {
		if p.Path == "questions[0].options[1].value" && p.Message != `"ja" is used twice` {
			t.Errorf("duplicate message = %q", p.Message)
		}
	}
}

func TestCheckNil(t *testing.T) {
	if ps := Check(nil); len(ps) != 1 {
		t.Fatalf("want one problem, got %+v", ps)
	}
}
