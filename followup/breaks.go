package followup

import (
	"slices"

	"medborgardialog/models"
)

// Breaks lists what changed in indicator id between an earlier and a later
// wave, as models.Break* codes in a fixed order: the question (or grid
// row) it counts, that question's Swedish wording, its options, the
// values that count and those left out. Any of these makes the two
// figures measure different things, so a change between them is not
// judged. Translations are left out of the comparison: fixing an English
// label does not change what Swedish respondents answered.
//
// An indicator missing from either wave gives nil: there is nothing to
// compare, which the series shows as a missing point rather than a break.
func Breaks(earlier, later *models.Survey, id string) []string {
	a, qa, ok1 := indicator(earlier, id)
	b, qb, ok2 := indicator(later, id)
	if !ok1 || !ok2 {
		return nil
	}
	var changed []string
	if a.Question != b.Question || a.Row != b.Row || qa.Type != qb.Type {
		changed = append(changed, models.BreakQuestion)
	}
	if wording(qa, a.Row) != wording(qb, b.Row) {
		changed = append(changed, models.BreakText)
	}
	if !slices.EqualFunc(qa.Options, qb.Options, func(x, y models.Option) bool {
		return x.Value == y.Value && x.Label.In(models.LangSV) == y.Label.In(models.LangSV)
	}) {
		changed = append(changed, models.BreakOptions)
	}
	if !sameSet(a.Count, b.Count) {
		changed = append(changed, models.BreakCount)
	}
	if !sameSet(excluded(a, qa), excluded(b, qb)) {
		changed = append(changed, models.BreakExclude)
	}
	return changed
}

func indicator(sv *models.Survey, id string) (*models.Indicator, *models.Question, bool) {
	if sv == nil {
		return nil, nil, false
	}
	for i := range sv.Indicators {
		if sv.Indicators[i].ID == id {
			q, ok := sv.Question(sv.Indicators[i].Question)
			return &sv.Indicators[i], q, ok
		}
	}
	return nil, nil, false
}

// wording is the Swedish text a respondent read: the question, and for a
// grid also the row.
func wording(q *models.Question, row string) string {
	w := q.Text.In(models.LangSV)
	if r, ok := q.Row(row); ok {
		w += "\x00" + r.Label.In(models.LangSV)
	}
	return w
}

// excluded is every value left out of the indicator's denominator: those
// it names and the options marked exclude.
func excluded(ind *models.Indicator, q *models.Question) []string {
	out := slices.Clone(ind.Exclude)
	for _, o := range q.Options {
		if o.Exclude {
			out = append(out, o.Value)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
