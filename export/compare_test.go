package export

import (
	"testing"

	"medborgardialog/models"
)

func TestCompare(t *testing.T) {
	sv := classSurvey()
	sv.Indicators = append(sv.Indicators,
		models.Indicator{ID: "trygg_andel", Question: "trygg", Count: []string{"ja"}, Better: models.BetterHigher},
		models.Indicator{ID: "bara_nu", Question: "trygg", Count: []string{"ja"}, Better: models.BetterHigher})
	base := *sv
	base.Slug, base.Wave = "klass-2022", "2022"
	base.Indicators = sv.Indicators[:2]

	// Current: 40 of 100 feel unsafe; baseline: 60 of 100.
	current := class(sv, append(repeat(40, [2]string{"tjej", "nej"}), repeat(60, [2]string{"kille", "ja"})...)...).Results(5)
	baseline := class(&base, append(repeat(60, [2]string{"tjej", "nej"}), repeat(40, [2]string{"kille", "ja"})...)...).Results(5)
	Compare(current, baseline)

	if cw := current.ComparedWith; cw == nil || cw.Survey != "klass-2022" || cw.Wave != "2022" || cw.N != 100 {
		t.Errorf("compared with %+v", cw)
	}
	unsafe := current.Indicators[0]
	if unsafe.Baseline == nil || unsafe.Baseline.Count != 60 || unsafe.Baseline.N != 100 {
		t.Fatalf("baseline %+v", unsafe.Baseline)
	}
	if ch := unsafe.Change; ch == nil || !near(ch.DiffPP, -20, 1e-9) || !ch.Significant || ch.Overlap || ch.Direction != "better" {
		t.Errorf("fewer unsafe: %+v, want better", ch)
	}
	if ch := current.Indicators[1].Change; ch == nil || ch.Direction != "better" || !near(ch.DiffPP, 20, 1e-9) {
		t.Errorf("more safe: %+v, want better", ch)
	}
	if ind := current.Indicators[2]; ind.Baseline != nil || ind.Change != nil {
		t.Errorf("indicator missing from the baseline compared: %+v", ind)
	}
	// The baseline is left alone.
	if baseline.Indicators[0].Change != nil || baseline.ComparedWith != nil {
		t.Errorf("baseline changed")
	}

	// A hidden baseline gives no comparison.
	small := class(&base, repeat(3, [2]string{"tjej", "nej"})...).Results(5)
	Compare(current, small)
	if current.Indicators[0].Change != nil || current.Indicators[0].Baseline != nil {
		t.Errorf("compared with a hidden baseline: %+v", current.Indicators[0])
	}
	Compare(current, nil)
	Compare(nil, baseline)
}

func TestDirection(t *testing.T) {
	tests := []struct {
		name   string
		ch     Change
		better string
		want   string
	}{
		{"clear rise, higher is better", Change{DiffPP: 5, Significant: true}, models.BetterHigher, "better"},
		{"clear rise, lower is better", Change{DiffPP: 5, Significant: true}, models.BetterLower, "worse"},
		{"clear fall, lower is better", Change{DiffPP: -5, Significant: true}, models.BetterLower, "better"},
		{"clear fall, higher is better", Change{DiffPP: -5, Significant: true}, models.BetterHigher, "worse"},
		{"unclear", Change{DiffPP: 5}, models.BetterHigher, "unclear"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := direction(tt.ch, tt.better); got != tt.want {
				t.Errorf("direction = %q, want %q", got, tt.want)
			}
		})
	}
}
