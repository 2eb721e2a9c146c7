package xlsform

import (
	"reflect"
	"testing"

	"medborgardialog/models"
)

func ptr(n int64) *int64 { return &n }

// A form as a KoboToolbox user downloads it: meta rows, a section group,
// Kobo's own bookkeeping column, a constraint for the age and no columns
// of this service at all.
func koboForm(labelHeader string) book {
	return book{
		"survey": {
			{"type", "name", labelHeader, "hint::Svenska (sv)", "required", "relevant", "constraint", "appearance", "$kuid"},
			{"start", "start", "", "", "", "", "", "", "a1"},
			{"end", "end", "", "", "", "", "", "", "a2"},
			{"begin_group", "om_dig", "Om dig", "", "", "", "", "field-list", "a3"},
			{"select_one kon", "kon", "Vad stämmer bäst in på dig?", "", "", "", "", "", "a4"},
			{"integer", "alder", "Hur gammal är du?", "", "yes", "", ". >= 10 and . <= 20", "", "a5"},
			{"end_group", "", "", "", "", "", "", "", "a6"},
			{"select_one ja_nej", "utsatt", "Har du blivit utsatt för brott?", "", "", "", "", "", "a7"},
			{"select_multiple platser", "var", "Var hände det?", "Du kan välja flera.", "", "${utsatt} = 'ja'", "", "minimal", "a8"},
			{"text", "forslag", "Vad skulle göra det tryggare?", "", "", "", "", "multiline", "a9"},
		},
		"choices": {
			{"list_name", "name", labelHeader, "$autovalue"},
			{"kon", "tjej", "Tjej", "x"},
			{"kon", "kille", "Kille", "x"},
			{"kon", "annat", "Annat", "x"},
			{"ja_nej", "ja", "Ja", ""},
			{"ja_nej", "nej", "Nej", ""},
			{"platser", "skolan", "I skolan", ""},
			{"platser", "natet", "På nätet", ""},
			{"oanvand", "x", "Används inte", ""},
		},
		"settings": {
			{"form_title", "form_id", "version", "style"},
			{"Trygghet i Exempelby", "trygghet-exempelby", "3", "pages"},
		},
	}
}

func TestImportOrdinaryXLSForm(t *testing.T) {
	l := func(s string) models.Text { return models.Text{"sv": s} }
	want := &models.Survey{
		Slug:      "trygghet-exempelby",
		Version:   3,
		Status:    models.StatusDraft,
		Languages: []string{"sv"},
		Title:     l("Trygghet i Exempelby"),
		Questions: []models.Question{
			{ID: "kon", Type: models.TypeSingle, Text: l("Vad stämmer bäst in på dig?"), Options: []models.Option{
				{Value: "tjej", Label: l("Tjej")}, {Value: "kille", Label: l("Kille")}, {Value: "annat", Label: l("Annat")},
			}},
			{ID: "alder", Type: models.TypeNumber, Required: true, Text: l("Hur gammal är du?"), Min: ptr(10), Max: ptr(20)},
			{ID: "utsatt", Type: models.TypeSingle, Text: l("Har du blivit utsatt för brott?"), Options: []models.Option{
				{Value: "ja", Label: l("Ja")}, {Value: "nej", Label: l("Nej")},
			}},
			{ID: "var", Type: models.TypeMulti, Text: l("Var hände det?"), Help: l("Du kan välja flera."),
				ShowIf:  &models.ShowIf{Question: "utsatt", AnyOf: []string{"ja"}},
				Options: []models.Option{{Value: "skolan", Label: l("I skolan")}, {Value: "natet", Label: l("På nätet")}}},
			{ID: "forslag", Type: models.TypeText, Text: l("Vad skulle göra det tryggare?"), MaxLength: DefaultTextMaxLength},
		},
	}
	// Every spelling of the Swedish column that authors use.
	for _, header := range []string{"label::Svenska (sv)", "label::sv", "label::Swedish (sv)", "label::Swedish", "Label::svenska"} {
		t.Run(header, func(t *testing.T) {
			got, ps := readBytes(koboForm(header).bytes(t))
			if len(ps) > 0 {
				t.Fatalf("problems:%s", problemList(ps))
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got other than expected: %v", diff(got, want))
			}
		})
	}
}

// A plain label column is in default_language, or Swedish without one.
func TestImportPlainLabelColumn(t *testing.T) {
	b := koboForm("label")
	got, ps := readBytes(b.bytes(t))
	if len(ps) > 0 {
		t.Fatalf("problems:%s", problemList(ps))
	}
	if got.Questions[0].Text["sv"] != "Vad stämmer bäst in på dig?" {
		t.Errorf("plain label read as %v, want Swedish", got.Questions[0].Text)
	}

	b["settings"] = [][]string{{"form_title", "form_id", "default_language"}, {"Safety", "safety", "English (en)"}}
	_, ps = readBytes(b.bytes(t))
	if len(ps) != 1 || ps[0].Code != CodeNoSwedish {
		t.Fatalf("a form in English only: want the one no_swedish problem, got:%s", problemList(ps))
	}
}

// An English-only form gets one problem that says what to add, not one
// "needs text in sv" per text.
func TestImportEnglishOnly(t *testing.T) {
	got, ps := readBytes(koboForm("label::English (en)").bytes(t))
	if len(ps) != 1 {
		t.Fatalf("want exactly one problem, got:%s", problemList(ps))
	}
	p := ps[0]
	if p.Code != CodeNoSwedish || p.Sheet != "survey" || p.Row != 1 || p.Column != "label::Svenska (sv)" {
		t.Errorf("got %+v", p)
	}
	if got == nil || !reflect.DeepEqual(got.Languages, []string{"en"}) {
		t.Errorf("languages from the label columns: got %v", got.Languages)
	}
}

func TestImportServiceColumns(t *testing.T) {
	b := book{
		"survey": {
			{"type", "name", "label::Svenska (sv)", "label::English (en)", "dimension", "sensitive", "scale", "max_choices", "max_length", "min", "max"},
			{"note", "valkommen", "Välkommen!", "Welcome!"},
			{"select_one ja_nej", "kon", "Kön?", "Gender?", "gender"},
			{"select_one trygg", "trygg", "Trygg?", "Safe?", "", "TRUE", "yes"},
			{"select_multiple ja_nej", "flera", "Flera?", "Several?", "", "", "", "1"},
			{"text", "fritt", "Skriv", "Write", "", "", "", "", "200"},
			{"integer", "alder", "Ålder", "Age", "age", "", "", "", "", "10", "20"},
			{"note", "tack", "Tack!", "Thanks!"},
		},
		"choices": {
			{"list_name", "name", "label::Svenska (sv)", "label::English (en)", "exclude"},
			{"ja_nej", "ja", "Ja", "Yes"},
			{"ja_nej", "nej", "Nej", "No"},
			{"ja_nej", "vill_inte", "Vill inte svara", "Rather not say", "yes"},
			{"trygg", "trygg", "Trygg", "Safe"},
			{"trygg", "otrygg", "Otrygg", "Unsafe"},
		},
		"settings": {
			{"title::sv", "title::en", "form_id", "version", "status", "wave", "compare_with", "min_cell", "opens_at"},
			{"Titel", "Title", "enkat-2024", "2", "open", "2024", "enkat-2023", "10", "2024-01-09"},
		},
		"indicators": {
			{"id", "label::sv", "label::en", "question", "count", "exclude", "better"},
			{"otrygga", "Andel otrygga", "Share unsafe", "trygg", "otrygg", "", "lower"},
		},
		"help": {
			{"name", "phone", "web", "for::sv", "for::en"},
			{"Bris", "116 111", "https://www.bris.se", "För dig under 18.", "For you under 18."},
		},
		"promise": {
			{"id", "name::sv", "name::en", "partners", "from", "to", "focus::sv", "focus::en"},
			{"exempel-2024", "Löfte", "Promise", "Polisen, LPO Exempel", "2024-01-01", "2024-12-31", "Fokus ett", "Focus one"},
			{"", "", "", "Exempelby kommun", "", "", "Fokus två", "Focus two"},
		},
	}
	got, ps := readBytes(b.bytes(t))
	if len(ps) > 0 {
		t.Fatalf("problems:%s", problemList(ps))
	}
	q := func(id string) *models.Question {
		q, ok := got.Question(id)
		if !ok {
			t.Fatalf("no question %s", id)
		}
		return q
	}
	switch {
	case got.Intro["en"] != "Welcome!" || got.Outro["sv"] != "Tack!":
		t.Errorf("intro %v, outro %v", got.Intro, got.Outro)
	case q("kon").Dimension != "gender" || !q("kon").Options[2].Exclude:
		t.Errorf("kon: %+v", q("kon"))
	case q("trygg").Type != models.TypeScale || !q("trygg").Sensitive:
		t.Errorf("trygg: %+v", q("trygg"))
	case q("flera").MaxChoices != 1 || q("fritt").MaxLength != 200:
		t.Errorf("flera %d, fritt %d", q("flera").MaxChoices, q("fritt").MaxLength)
	case *q("alder").Min != 10 || *q("alder").Max != 20:
		t.Errorf("alder: %+v", q("alder"))
	case got.Status != "open" || got.Version != 2 || got.MinCell != 10 || got.Wave != "2024" || got.CompareWith != "enkat-2023":
		t.Errorf("settings: %+v", got)
	case got.OpensAt == nil || got.OpensAt.Format("2006-01-02T15:04") != "2024-01-09T00:00":
		t.Errorf("opens_at %v", got.OpensAt)
	case !reflect.DeepEqual(got.Languages, []string{"sv", "en"}):
		t.Errorf("languages %v", got.Languages)
	case len(got.Indicators) != 1 || !reflect.DeepEqual(got.Indicators[0].Count, []string{"otrygg"}) || got.Indicators[0].Exclude != nil:
		t.Errorf("indicators %+v", got.Indicators)
	case len(got.Help) != 1 || got.Help[0].Phone != "116 111" || got.Help[0].For["en"] != "For you under 18.":
		t.Errorf("help %+v", got.Help)
	case got.Promise == nil || !reflect.DeepEqual(got.Promise.Partners, []string{"Polisen, LPO Exempel", "Exempelby kommun"}) ||
		len(got.Promise.Focus) != 2 || got.Promise.Focus[1]["en"] != "Focus two" || got.Promise.To != "2024-12-31":
		t.Errorf("promise %+v", got.Promise)
	}
}

func TestEmptySurveySheet(t *testing.T) {
	b := book{"survey": {{"type", "name", "label"}}, "settings": {{"form_title", "form_id"}, {"T", "tom"}}}
	_, ps := readBytes(b.bytes(t))
	if len(ps) != 1 || ps[0].Sheet != "survey" || ps[0].Row != 0 || ps[0].Path != "questions" {
		t.Fatalf("got:%s", problemList(ps))
	}
}
