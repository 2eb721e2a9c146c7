package handlers

import (
	"context"
	"fmt"
	"strings"

	"medborgardialog/followup"
	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/web"
)

// changesView is what publishing a draft would change, in words, beside
// the draft's Publish button: a coordinator who rewords a key question in
// Excel sees, before publishing, that its indicator's comparison breaks
// and what would keep it.
type changesView struct {
	Against                  int // the version compared with
	Empty                    bool
	Added, Removed, Reworded []changedQuestion
	Options                  []changedOptions
	Indicators               []brokenIndicator
	// Accept is the tick's label when some indicator breaks: publishing
	// then needs it ticked (staffPublishDraft).
	Accept string
}

type changedQuestion struct {
	ID, Old, New string
	TypeChanged  bool
}

type changedOptions struct {
	ID, Text string
	Changes  []string
}

type brokenIndicator struct {
	Label, Why, Advice string
}

// compareDraft compares d with the version in use; current is nil when
// the survey has no version yet, and then nothing changes.
func (s *Server) compareDraft(ctx context.Context, d *store.SurveyDraft) (current *models.Survey, ch followup.Changes, err error) {
	current, err = s.store.Survey(ctx, d.Slug)
	if models.ErrorCode(err) == models.ErrNotFound {
		return nil, followup.Changes{}, nil
	}
	if err != nil {
		return nil, followup.Changes{}, err
	}
	return current, followup.Compare(current, &d.Survey), nil
}

// draftChanges words compareDraft for the draft's page; nil when the
// survey has no version yet.
func (s *Server) draftChanges(ctx context.Context, d *store.SurveyDraft, lang string) (*changesView, error) {
	current, ch, err := s.compareDraft(ctx, d)
	if err != nil || current == nil {
		return nil, err
	}
	v := &changesView{Against: current.Version, Empty: ch.Empty()}
	for _, q := range ch.Added {
		v.Added = append(v.Added, changedQuestion(q))
	}
	for _, q := range ch.Removed {
		v.Removed = append(v.Removed, changedQuestion(q))
	}
	for _, q := range ch.Reworded {
		v.Reworded = append(v.Reworded, changedQuestion(q))
	}
	t := func(key string) string { return web.T(lang, "surveyadmin.changes."+key) }
	for _, o := range ch.Options {
		co := changedOptions{ID: o.Question, Text: o.QuestionText}
		for _, l := range o.Added {
			co.Changes = append(co.Changes, fmt.Sprintf(t("opt_added"), l))
		}
		for _, l := range o.Removed {
			co.Changes = append(co.Changes, fmt.Sprintf(t("opt_removed"), l))
		}
		for _, p := range o.Relabelled {
			co.Changes = append(co.Changes, fmt.Sprintf(t("opt_relabelled"), p[0], p[1]))
		}
		for _, l := range o.ExcludeChanged {
			co.Changes = append(co.Changes, fmt.Sprintf(t("opt_exclude"), l))
		}
		if o.ValuesReordered {
			co.Changes = append(co.Changes, t("opt_reordered"))
		}
		v.Options = append(v.Options, co)
	}
	var names []string
	for _, ind := range ch.Indicators {
		bi := brokenIndicator{Label: ind.Label}
		if ind.Gone {
			bi.Why, bi.Advice = t("gone"), t("advice.gone")
		} else {
			why := make([]string, 0, len(ind.Breaks))
			for _, b := range ind.Breaks {
				why = append(why, web.T(lang, "followup.break."+b))
			}
			bi.Why = strings.Join(why, ", ")
			// The first break is the one to undo first: the question
			// before its wording, its wording before its options.
			bi.Advice = t("advice." + ind.Breaks[0])
		}
		v.Indicators = append(v.Indicators, bi)
		names = append(names, ind.Label)
	}
	if len(names) > 0 {
		v.Accept = fmt.Sprintf(t("accept"), strings.Join(names, ", "))
	}
	return v, nil
}
