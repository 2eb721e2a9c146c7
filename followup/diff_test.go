package followup

import (
	"slices"
	"testing"

	"medborgardialog/models"
)

func TestCompareSaysWhatANewVersionChanges(t *testing.T) {
	sv := func(s string) models.Text { return models.Text{"sv": s} }
	opts := func(labels ...string) []models.Option {
		var out []models.Option
		for i, l := range labels {
			out = append(out, models.Option{Value: string(rune('a' + i)), Label: sv(l)})
		}
		return out
	}
	current := &models.Survey{
		Questions: []models.Question{
			{ID: "trygg", Type: models.TypeSingle, Text: sv("Känner du dig trygg i skolan?"), Options: opts("Ja", "Nej")},
			{ID: "kvall", Type: models.TypeSingle, Text: sv("Ute på kvällen?"), Options: opts("Ja", "Nej", "Vet inte")},
			{ID: "bort", Type: models.TypeText, Text: sv("Något mer?")},
		},
		Indicators: []models.Indicator{
			{ID: "trygga", Label: sv("Trygga i skolan"), Question: "trygg", Count: []string{"a"}},
			{ID: "kvallar", Label: sv("Trygga på kvällen"), Question: "kvall", Count: []string{"a"}},
			{ID: "borta", Label: sv("Försvinner"), Question: "kvall", Count: []string{"b"}},
		},
	}
	next := &models.Survey{
		Questions: []models.Question{
			{ID: "trygg", Type: models.TypeSingle, Text: sv("Känner du dig trygg i skolan och på skolgården?"), Options: opts("Ja", "Nej")},
			{ID: "kvall", Type: models.TypeSingle, Text: sv("Ute på kvällen?"), Options: opts("Ja", "Nej", "Vill inte svara")},
			{ID: "ny", Type: models.TypeText, Text: sv("Ny fråga?")},
		},
		Indicators: current.Indicators[:2],
	}
	c := Compare(current, next)
	if len(c.Reworded) != 1 || c.Reworded[0].Old != "Känner du dig trygg i skolan?" || c.Reworded[0].New != "Känner du dig trygg i skolan och på skolgården?" {
		t.Errorf("reworded: %+v", c.Reworded)
	}
	if len(c.Added) != 1 || c.Added[0].ID != "ny" || len(c.Removed) != 1 || c.Removed[0].ID != "bort" {
		t.Errorf("added %+v, removed %+v", c.Added, c.Removed)
	}
	if len(c.Options) != 1 || c.Options[0].Question != "kvall" || len(c.Options[0].Relabelled) != 1 || c.Options[0].Relabelled[0] != [2]string{"Vet inte", "Vill inte svara"} {
		t.Errorf("options: %+v", c.Options)
	}
	byID := map[string]IndicatorChange{}
	for _, ind := range c.Indicators {
		byID[ind.ID] = ind
	}
	if b := byID["trygga"].Breaks; !slices.Equal(b, []string{models.BreakText}) {
		t.Errorf("trygga breaks %v, want the wording", b)
	}
	if b := byID["kvallar"].Breaks; !slices.Equal(b, []string{models.BreakOptions}) {
		t.Errorf("kvallar breaks %v, want the options", b)
	}
	if !byID["borta"].Gone {
		t.Errorf("the dropped indicator: %+v", byID["borta"])
	}
	if !c.Breaking() || c.Empty() {
		t.Error("a breaking change reads as harmless")
	}
	if same := Compare(current, current); !same.Empty() || same.Breaking() {
		t.Errorf("a version compared with itself changes: %+v", same)
	}
}
