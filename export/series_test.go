package export

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"medborgardialog/models"
)

// seriesWaves makes three waves of the class survey: 2021 (unsafe 60 of
// 100), 2022 (50 of 100) and 2023 (30 of 100), and an outside figure.
func seriesWaves(t *testing.T) ([]*models.Survey, []*Results) {
	t.Helper()
	var chain []*models.Survey
	var results []*Results
	for i, unsafe := range []int{60, 50, 30} {
		sv := classSurvey()
		sv.Wave = []string{"2021", "2022", "2023"}[i]
		sv.Slug = "klass-" + sv.Wave
		if i > 0 {
			sv.CompareWith = chain[i-1].Slug
		}
		people := append(repeat(unsafe, [2]string{"tjej", "nej"}), repeat(100-unsafe, [2]string{"kille", "ja"})...)
		chain = append(chain, sv)
		results = append(results, class(sv, people...).Results(5))
	}
	return chain, results
}

func TestSeriesShowsEveryWaveWithChanges(t *testing.T) {
	chain, results := seriesWaves(t)
	outside := []models.OutsideFigure{{Indicator: "otrygg", Wave: "2019", Share: 0.7, N: 400, Source: "LUPP 2019"}}
	s := SeriesOf(chain, results, outside, false)

	var waves []string
	for _, w := range s.Waves {
		waves = append(waves, w.Wave+":"+w.Survey+w.Source)
	}
	if want := []string{"2019:LUPP 2019", "2021:klass-2021", "2022:klass-2022", "2023:klass-2023"}; !slices.Equal(waves, want) {
		t.Fatalf("waves %v, want %v", waves, want)
	}
	if len(s.Indicators) != 1 {
		t.Fatalf("indicators %+v", s.Indicators)
	}
	ind := s.Indicators[0]
	if len(ind.Points) != 4 {
		t.Fatalf("points %+v", ind.Points)
	}
	out := ind.Points[0]
	if !out.Outside || out.Source != "LUPP 2019" || *out.N != 400 || *out.Share != 0.7 || *out.CILow >= 0.7 || *out.CIHigh <= 0.7 {
		t.Fatalf("outside point %+v: want its own figures with a computed interval", out)
	}
	if b := ind.Points[1].Break; b == nil || !slices.Equal(b.Changed, []string{models.BreakSource}) {
		t.Fatalf("the first own wave after an outside figure: break %+v", b)
	}
	for _, p := range ind.Points[2:] {
		if p.Break != nil {
			t.Fatalf("unexpected break at %s: %+v", p.Wave, p.Break)
		}
	}
	if *ind.Points[3].Share != 0.3 || *ind.Points[3].N != 100 {
		t.Fatalf("latest wave %+v", ind.Points[3])
	}
	// outside→2021 is never judged; 2021→2022 (−10 pp at n=100) is not
	// clear; 2022→2023 (−20 pp) is, and fewer unsafe is better.
	if len(ind.Changes) != 3 {
		t.Fatalf("changes %+v", ind.Changes)
	}
	if c := ind.Changes[0]; !c.Break || c.Significant || c.Direction != "unclear" {
		t.Errorf("change from an outside figure judged: %+v", c)
	}
	if c := ind.Changes[1]; c.Significant || !near(c.DiffPP, -10, 1e-9) {
		t.Errorf("2021→2022: %+v", c)
	}
	if c := ind.Changes[2]; !c.Significant || c.Direction != "better" || !near(c.DiffPP, -20, 1e-9) {
		t.Errorf("2022→2023: %+v", c)
	}
	// The overall change runs between the service's own first and latest.
	if o := ind.Overall; o == nil || o.From != "2021" || o.To != "2023" || !o.Significant || !near(o.DiffPP, -30, 1e-9) {
		t.Errorf("overall %+v", o)
	}
}

func TestSeriesMarksABreakAndDoesNotJudgeAcrossIt(t *testing.T) {
	chain, results := seriesWaves(t)
	changed := *chain[1]
	changed.Questions = slices.Clone(changed.Questions)
	changed.Questions[1].Text = models.Text{"sv": "Känner du dig trygg i skolan?"}
	chain[1] = &changed
	s := SeriesOf(chain, results, nil, false)
	ind := s.Indicators[0]
	if b := ind.Points[1].Break; b == nil || !slices.Equal(b.Changed, []string{models.BreakText}) {
		t.Fatalf("2022: break %+v", b)
	}
	if b := ind.Points[2].Break; b == nil {
		t.Fatalf("2023 changed the text back: that is a break too")
	}
	for _, c := range ind.Changes {
		if c.Significant || !c.Break || c.Direction != "unclear" {
			t.Errorf("a change across a break was judged: %+v", c)
		}
	}
	// First and latest ask the same question, so that change stands.
	if o := ind.Overall; o == nil || o.Break || !o.Significant {
		t.Errorf("overall %+v", o)
	}
}

func TestSeriesKeepsHiddenFiguresHidden(t *testing.T) {
	chain, results := seriesWaves(t)
	small := class(chain[1], repeat(3, [2]string{"tjej", "nej"})...).Results(5)
	results[1] = small
	s := SeriesOf(chain, results, nil, false)
	p := s.Indicators[0].Points[1]
	if !p.Hidden || p.N != nil || p.Share != nil || p.CILow != nil || p.NBelow != 5 {
		t.Fatalf("hidden point %+v", p)
	}
	b, _ := json.Marshal(p)
	if !strings.Contains(string(b), `"n":null`) || !strings.Contains(string(b), `"share":null`) {
		t.Fatalf("hidden point as JSON: %s", b)
	}
	// The change skips the hidden wave: 2021 → 2023.
	if c := s.Indicators[0].Changes; len(c) != 1 || c[0].From != "2021" || c[0].To != "2023" {
		t.Fatalf("changes %+v", c)
	}
}

func TestFilteredSeriesLeavesOutsideFiguresOut(t *testing.T) {
	chain, results := seriesWaves(t)
	outside := []models.OutsideFigure{{Indicator: "otrygg", Wave: "2019", Share: 0.7, N: 400, Source: "LUPP 2019"}}
	s := SeriesOf(chain, results, outside, true)
	if !s.OutsideLeftOut || len(s.Waves) != 3 || s.Indicators[0].Points[0].Outside {
		t.Fatalf("filtered series %+v", s)
	}
}

func TestCompareWithABrokenBaselineIsNotJudged(t *testing.T) {
	chain, results := seriesWaves(t)
	changed := *chain[1]
	changed.Indicators = []models.Indicator{{ID: "otrygg", Question: "trygg", Count: []string{"nej", "ja"}, Better: models.BetterLower}}
	Compare(results[2], results[1])
	if !results[2].Indicators[0].Change.Significant {
		t.Fatal("the fixture's change should be clear before the break")
	}
	markBreaks(results[2], chain[2], &changed)
	ch := results[2].Indicators[0].Change
	if ch.Significant || ch.Direction != "unclear" || !slices.Equal(ch.Break, []string{models.BreakCount}) {
		t.Fatalf("change across a break: %+v", ch)
	}
}

func TestAnArchivedWaveIsShownOnceByItsArchivedFigures(t *testing.T) {
	chain, results := seriesWaves(t)
	// 2021's responses are gone: its own figures are hidden, and retention
	// kept them as outside figures under the same wave label.
	results[0] = class(chain[0]).Results(5)
	archived := []models.OutsideFigure{{Indicator: "otrygg", Wave: "2021", Share: 0.6, N: 100, Source: "Arkiverade siffror från klass-2021"}}
	s := SeriesOf(chain, results, archived, false)
	var waves []string
	for _, w := range s.Waves {
		waves = append(waves, w.Wave+":"+w.Survey+w.Source)
	}
	if want := []string{"2021:Arkiverade siffror från klass-2021", "2022:klass-2022", "2023:klass-2023"}; !slices.Equal(waves, want) {
		t.Fatalf("waves %v, want %v", waves, want)
	}
	if p := s.Indicators[0].Points; len(p) != 3 || !p[0].Outside || *p[0].N != 100 {
		t.Fatalf("points %s", mustJSON(p))
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
