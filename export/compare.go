package export

import (
	"medborgardialog/followup"
	"medborgardialog/models"
)

// Compare attaches to each indicator of current the same indicator of
// baseline (the compare_with wave, counted with the same filters), with
// the change between them. An indicator is compared only when both waves
// show it: a hidden figure on either side gives no comparison, because a
// change computed from a hidden figure would reveal it. Indicators are
// matched by id, which survey authors keep stable across waves. Compare
// changes current and leaves baseline alone; a nil baseline does nothing.
func Compare(current, baseline *Results) {
	if current == nil || baseline == nil {
		return
	}
	current.ComparedWith = &Baseline{Survey: baseline.Survey, Wave: baseline.Wave, N: baseline.N}
	byID := make(map[string]*IndicatorResult, len(baseline.Indicators))
	for i := range baseline.Indicators {
		byID[baseline.Indicators[i].ID] = &baseline.Indicators[i]
	}
	for i := range current.Indicators {
		cur := &current.Indicators[i]
		cur.Baseline, cur.Change = nil, nil
		base, ok := byID[cur.ID]
		if !ok || base.Hidden || cur.Hidden || baseline.Hidden || current.Hidden {
			continue
		}
		b := base.Share
		ch := CompareSharesNoisy(cur.Count, cur.N, b.Count, b.N, max(current.noise, baseline.noise))
		ch.Direction = direction(ch, cur.Better)
		cur.Baseline, cur.Change = &b, &ch
	}
}

// direction reads a change as good or bad news. Only a statistically
// clear change gets a direction; anything else is "unclear", so a
// steering group is not told a random wobble is progress.
func direction(ch Change, better string) string {
	if !ch.Significant || ch.DiffPP == 0 {
		return "unclear"
	}
	up := ch.DiffPP > 0
	if up == (better == models.BetterHigher) {
		return "better"
	}
	return "worse"
}

// markBreaks takes back the verdict on every change of an indicator whose
// question, options, count or exclude changed between the baseline and
// the current definition: the two figures measure different things.
func markBreaks(res *Results, current, baseline *models.Survey) {
	for i := range res.Indicators {
		ch := res.Indicators[i].Change
		if ch == nil {
			continue
		}
		if b := followup.Breaks(baseline, current, res.Indicators[i].ID); len(b) > 0 {
			ch.Break, ch.Significant, ch.Direction = b, false, "unclear"
		}
	}
}
