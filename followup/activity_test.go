package followup

import (
	"slices"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/surveys"
)

func goodInput() models.ActivityInput {
	return models.ActivityInput{Problem: "Otrygghet vid Resecentrum", Activity: "Fler vuxna på kvällarna",
		Partner: "Sandvikens kommun", Start: "2023-01-01", End: "2023-12-31", Status: models.ActivityPlanned,
		Indicators: []string{"otrygg_kvall"}, Youth: models.Text{"sv": "Fler vuxna finns vid Resecentrum på kvällen."}}
}

func TestAGoodActivityPasses(t *testing.T) {
	in := goodInput()
	if ps := CheckActivity(&in, known); len(ps) > 0 {
		t.Fatalf("problems: %v", ps)
	}
}

func TestEveryActivityProblemIsListed(t *testing.T) {
	in := goodInput()
	in.Problem = " "
	in.Partner = strings.Repeat("x", 201)
	in.Start, in.End = "2023-05-01", "2023-01-01"
	in.Status, in.OnTrack = "klar", "blue"
	in.Indicators = []string{"snusar", "snusar", "nope"}
	in.Youth = models.Text{"de": "Hallo", "sv": "rad ett\nrad två"}
	var got []string
	for _, p := range CheckActivity(&in, known) {
		got = append(got, p.Field+":"+p.Code)
	}
	want := []string{"end:end_before_start", "indicators:duplicate", "indicators:unknown_indicator",
		"on_track:not_allowed", "partner:too_long", "problem:required", "status:not_allowed",
		"youth:bad_language", "youth.sv:control_characters"}
	if !slices.Equal(got, want) {
		t.Fatalf("problems\n got %v\nwant %v", got, want)
	}
	in = goodInput()
	in.Start = "1 maj"
	if ps := CheckActivity(&in, known); len(ps) != 1 || ps[0].Field != "start" || ps[0].Code != CodeBadDate {
		t.Fatalf("a bad date: %v", ps)
	}
}

// The youth line is shown on the public feedback page: U+202E there would
// turn the police's words around, so no activity text may hold a format
// character, save the joiners that scripts need (issue 26).
func TestInvisibleCharactersAreRefusedInActivityTexts(t *testing.T) {
	in := goodInput()
	in.Youth = models.Text{"sv": "Vi har satt upp \u202emrala", "ar": "می\u200cخواهم"}
	in.Partner = "Pol\u200bisen"
	in.Notes = "rad ett\nrad två \u2067isolerad\u2069"
	var got []string
	for _, p := range CheckActivity(&in, known) {
		got = append(got, p.Field+":"+p.Code)
	}
	want := []string{"notes:control_characters", "partner:control_characters", "youth.sv:control_characters"}
	if !slices.Equal(got, want) {
		t.Fatalf("problems\n got %v\nwant %v", got, want)
	}
	figs, ps := ParseOutside([]byte("indicator,wave,share,n,source\notrygg_kvall,2019,0.18,612,\"LUPP\u202e 2019\"\n"), true, known)
	if len(figs) != 0 || len(ps) != 1 || ps[0].Field != "source" || ps[0].Code != CodeControl {
		t.Fatalf("an outside source with U+202E: %v %v", figs, ps)
	}
}

func TestHistoryKeepsEveryChangeOfStatus(t *testing.T) {
	t0 := time.Date(2023, 1, 2, 9, 0, 0, 0, time.UTC)
	a := NewActivity("p", goodInput(), "greta", t0)
	if a.Rev != 1 || len(a.History) != 1 || a.History[0].Status != models.ActivityPlanned || !ValidActivityID(a.ID) {
		t.Fatalf("new activity: %+v", a)
	}
	in := goodInput()
	in.Notes = "Startmöte hållet"
	Apply(a, in, "anders", t0.Add(time.Hour))
	if a.Rev != 2 || len(a.History) != 1 || a.UpdatedBy != "anders" {
		t.Fatalf("a note changed the history: %+v", a.History)
	}
	in.Status, in.OnTrack = models.ActivityOngoing, models.OnTrackYellow
	Apply(a, in, "anders", t0.Add(48*time.Hour))
	if h := a.History[len(a.History)-1]; len(a.History) != 2 || h.Status != models.ActivityOngoing || h.OnTrack != models.OnTrackYellow || h.By != "anders" {
		t.Fatalf("history: %+v", a.History)
	}
	for i := 0; i < maxHistory+10; i++ {
		in.OnTrack = models.OnTrackMarks[i%3]
		Apply(a, in, "x", t0)
	}
	if len(a.History) != maxHistory {
		t.Fatalf("history grew to %d", len(a.History))
	}
}

func TestNewActivityIDsDiffer(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		id := newActivityID()
		if seen[id] || !ValidActivityID(id) {
			t.Fatalf("id %q repeated or invalid", id)
		}
		seen[id] = true
	}
}

func TestTheBuiltInPlanLinksRealIndicators(t *testing.T) {
	defs, err := surveys.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	plans, err := Builtins(Known(defs...), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) != 1 || plans[0].Promise != "sandviken-2022-2023" || len(plans[0].Activities) != 4 {
		t.Fatalf("plans: %+v", plans)
	}
	for _, sv := range defs {
		if sv.Promise == nil || sv.Promise.ID != plans[0].Promise {
			t.Errorf("%s does not name the built-in promise", sv.Slug)
		}
	}
	for _, a := range plans[0].Activities {
		if a.Status != models.ActivityOngoing || len(a.Indicators) == 0 {
			t.Errorf("%s: status %s, %d indicators", a.ID, a.Status, len(a.Indicators))
		}
		for _, lang := range []string{"sv", "en", "ar"} {
			if a.Youth[lang] == "" || len([]rune(a.Youth[lang])) > maxYouth {
				t.Errorf("%s: youth text in %s: %q", a.ID, lang, a.Youth[lang])
			}
		}
	}
}
