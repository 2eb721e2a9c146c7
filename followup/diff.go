package followup

import (
	"slices"

	"medborgardialog/models"
)

// Changes is what publishing a new version of a survey does to it,
// compared with the version in use: the questions added, removed and
// reworded, the options changed, and the indicators whose figures would
// no longer be comparable. Wording is compared in Swedish, as Breaks
// does: a fixed translation changes nothing respondents answered.
type Changes struct {
	Added, Removed, Reworded []QuestionChange
	Options                  []OptionChange
	Indicators               []IndicatorChange
}

// QuestionChange is one question, with its Swedish wording before and
// after (Old is empty for an added question, New for a removed one).
type QuestionChange struct {
	ID, Old, New string
	TypeChanged  bool
}

// OptionChange lists one question's option changes, by Swedish label.
type OptionChange struct {
	Question        string
	QuestionText    string
	Added, Removed  []string
	Relabelled      [][2]string // old, new
	ValuesReordered bool
	ExcludeChanged  []string // labels whose exclude mark changed
}

// IndicatorChange is an indicator the new version breaks: Breaks are the
// models.Break* codes (the same as the follow-up's), or Gone when the new
// version drops it.
type IndicatorChange struct {
	ID, Label string
	Breaks    []string
	Gone      bool
}

// Empty reports whether nothing respondents see or figures count changed.
func (c Changes) Empty() bool {
	return len(c.Added)+len(c.Removed)+len(c.Reworded)+len(c.Options)+len(c.Indicators) == 0
}

// Breaking reports whether some indicator would stop being comparable.
func (c Changes) Breaking() bool { return len(c.Indicators) > 0 }

// Compare lists what next changes against current. A survey with no
// version yet (current nil) changes nothing that exists.
func Compare(current, next *models.Survey) Changes {
	var c Changes
	if current == nil || next == nil {
		return c
	}
	sv := func(t models.Text) string { return t.In(models.LangSV) }
	for _, q := range next.Questions {
		old, ok := current.Question(q.ID)
		if !ok {
			c.Added = append(c.Added, QuestionChange{ID: q.ID, New: sv(q.Text)})
			continue
		}
		if sv(old.Text) != sv(q.Text) || old.Type != q.Type {
			c.Reworded = append(c.Reworded, QuestionChange{ID: q.ID, Old: sv(old.Text), New: sv(q.Text), TypeChanged: old.Type != q.Type})
		}
		if oc, changed := compareOptions(old, &q); changed {
			c.Options = append(c.Options, oc)
		}
	}
	for _, q := range current.Questions {
		if _, ok := next.Question(q.ID); !ok {
			c.Removed = append(c.Removed, QuestionChange{ID: q.ID, Old: sv(q.Text)})
		}
	}
	for _, ind := range current.Indicators {
		label := sv(ind.Label)
		if _, _, ok := indicator(next, ind.ID); !ok {
			c.Indicators = append(c.Indicators, IndicatorChange{ID: ind.ID, Label: label, Gone: true})
			continue
		}
		if b := Breaks(current, next, ind.ID); len(b) > 0 {
			c.Indicators = append(c.Indicators, IndicatorChange{ID: ind.ID, Label: label, Breaks: b})
		}
	}
	return c
}

func compareOptions(old, q *models.Question) (OptionChange, bool) {
	sv := func(t models.Text) string { return t.In(models.LangSV) }
	oc := OptionChange{Question: q.ID, QuestionText: sv(q.Text)}
	for _, o := range q.Options {
		prev, ok := old.Option(o.Value)
		switch {
		case !ok:
			oc.Added = append(oc.Added, sv(o.Label))
		case sv(prev.Label) != sv(o.Label):
			oc.Relabelled = append(oc.Relabelled, [2]string{sv(prev.Label), sv(o.Label)})
		case prev.Exclude != o.Exclude:
			oc.ExcludeChanged = append(oc.ExcludeChanged, sv(o.Label))
		}
	}
	for _, o := range old.Options {
		if _, ok := q.Option(o.Value); !ok {
			oc.Removed = append(oc.Removed, sv(o.Label))
		}
	}
	values := func(os []models.Option) []string {
		out := make([]string, 0, len(os))
		for _, o := range os {
			out = append(out, o.Value)
		}
		return out
	}
	a, b := values(old.Options), values(q.Options)
	oc.ValuesReordered = sameSet(a, b) && !slices.Equal(a, b)
	changed := len(oc.Added)+len(oc.Removed)+len(oc.Relabelled)+len(oc.ExcludeChanged) > 0 || oc.ValuesReordered
	return oc, changed
}
