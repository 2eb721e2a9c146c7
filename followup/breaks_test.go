package followup

import (
	"context"
	"slices"
	"testing"

	"medborgardialog/models"
	"medborgardialog/surveys"
)

func builtins(t *testing.T) (earlier, later *models.Survey) {
	t.Helper()
	defs, err := surveys.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, sv := range defs {
		switch sv.Slug {
		case "ungdomsdialog-2022":
			earlier = sv
		case "ungdomsdialog-2023":
			later = sv
		}
	}
	if earlier == nil || later == nil {
		t.Fatal("the built-in waves are missing")
	}
	return earlier, later
}

// clone copies a survey deeply enough to change one question or indicator.
func clone(sv *models.Survey) *models.Survey {
	c := *sv
	c.Questions = slices.Clone(sv.Questions)
	for i := range c.Questions {
		c.Questions[i].Options = slices.Clone(c.Questions[i].Options)
		c.Questions[i].Text = models.Text{}
		for k, v := range sv.Questions[i].Text {
			c.Questions[i].Text[k] = v
		}
	}
	c.Indicators = slices.Clone(sv.Indicators)
	for i := range c.Indicators {
		c.Indicators[i].Count = slices.Clone(c.Indicators[i].Count)
		c.Indicators[i].Exclude = slices.Clone(c.Indicators[i].Exclude)
	}
	return &c
}

func TestTheBuiltInWavesCompareWithoutBreaks(t *testing.T) {
	earlier, later := builtins(t)
	for _, ind := range later.Indicators {
		if b := Breaks(earlier, later, ind.ID); len(b) > 0 {
			t.Errorf("%s: unexpected break %v between the built-in waves", ind.ID, b)
		}
	}
}

func TestBreaksSayWhatChanged(t *testing.T) {
	earlier, _ := builtins(t)
	cases := []struct {
		name   string
		change func(sv *models.Survey)
		want   []string
	}{
		{"wording", func(sv *models.Survey) {
			q, _ := sv.Question("trygg_kvall")
			q.Text[models.LangSV] = "Hur trygg känner du dig?"
		}, []string{models.BreakText}},
		{"english only", func(sv *models.Survey) { q, _ := sv.Question("trygg_kvall"); q.Text[models.LangEN] = "Changed" }, nil},
		{"option label", func(sv *models.Survey) {
			q, _ := sv.Question("trygg_kvall")
			q.Options[0].Label = models.Text{models.LangSV: "Helt trygg"}
		}, []string{models.BreakOptions}},
		{"count", func(sv *models.Survey) { sv.Indicators[0].Count = sv.Indicators[0].Count[:1] }, []string{models.BreakCount}},
		{"count order is no change", func(sv *models.Survey) { slices.Reverse(sv.Indicators[0].Count) }, nil},
		// The options already say exclude: naming them again changes nothing.
		{"exclude named twice", func(sv *models.Survey) { sv.Indicators[0].Exclude = nil }, nil},
		{"exclude", func(sv *models.Survey) { sv.Indicators[0].Exclude = append(sv.Indicators[0].Exclude, "ganska_trygg") }, []string{models.BreakExclude}},
		{"question", func(sv *models.Survey) { sv.Indicators[0].Question = "trygg_skolan" },
			[]string{models.BreakQuestion, models.BreakText, models.BreakOptions, models.BreakExclude}},
	}
	if earlier.Indicators[0].ID != "otrygg_kvall" {
		t.Fatalf("the first built-in indicator is %s; the cases assume otrygg_kvall", earlier.Indicators[0].ID)
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			later := clone(earlier)
			tc.change(later)
			got := Breaks(earlier, later, "otrygg_kvall")
			if !slices.Equal(got, tc.want) {
				t.Fatalf("Breaks = %v, want %v", got, tc.want)
			}
		})
	}
	if b := Breaks(earlier, earlier, "no_such_indicator"); b != nil {
		t.Fatalf("a missing indicator gave %v, want nil", b)
	}
}

func TestChainFollowsCompareWithOldestFirstAndStopsAtLoops(t *testing.T) {
	mk := func(slug, prev string) *models.Survey { return &models.Survey{Slug: slug, CompareWith: prev} }
	defs := map[string]*models.Survey{
		"w2020": mk("w2020", "gone"), "w2022": mk("w2022", "w2020"), "w2023": mk("w2023", "w2022"),
		"loop-a": mk("loop-a", "loop-b"), "loop-b": mk("loop-b", "loop-a"),
	}
	find := func(_ context.Context, slug string) (*models.Survey, error) {
		if sv, ok := defs[slug]; ok {
			return sv, nil
		}
		return nil, models.Errorf(models.ErrNotFound, "no %s", slug)
	}
	chain, err := Chain(context.Background(), defs["w2023"], find)
	if err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, sv := range chain {
		slugs = append(slugs, sv.Slug)
	}
	if !slices.Equal(slugs, []string{"w2020", "w2022", "w2023"}) {
		t.Fatalf("chain = %v", slugs)
	}
	chain, err = Chain(context.Background(), defs["loop-a"], find)
	if err != nil || len(chain) != 2 {
		t.Fatalf("a loop gave %d waves, %v", len(chain), err)
	}
}

func TestWavesPlaceOutsideFiguresByYear(t *testing.T) {
	chain := []*models.Survey{{Slug: "a", Wave: "2022"}, {Slug: "b", Wave: "2023"}}
	outside := []models.OutsideFigure{
		{Indicator: "x", Wave: "2024", Source: "Polisen"},
		{Indicator: "x", Wave: "2019", Source: "LUPP"},
		{Indicator: "y", Wave: "2019", Source: "LUPP"},
		{Indicator: "x", Wave: "2022", Source: "Polisen"},
	}
	var got []string
	for _, w := range Waves(chain, outside) {
		got = append(got, w.Wave+"/"+w.Survey+w.Source)
	}
	want := []string{"2019/LUPP", "2022/a", "2022/Polisen", "2023/b", "2024/Polisen"}
	if !slices.Equal(got, want) {
		t.Fatalf("waves = %v, want %v", got, want)
	}
}
