package export

import (
	"context"

	"medborgardialog/models"
)

// Counter adds the responses matching a filter to a Tally: those of the
// filter's survey and session (if any), not excluded, in every group the
// filter names, read by the breakdown rule of the Tally's survey and
// catalogue (so a filter and a breakdown mean the same people). The
// service counts from its in-memory columns (package results); Scan
// counts by reading every response from the database, which is what the
// columns are tested against and what a one-off count without them uses.
type Counter interface {
	Count(ctx context.Context, t *Tally, f models.ResponseFilter) error
}

// Scan is a Counter that reads each response of the survey (or session)
// from src and adds those in the filter's groups.
func Scan(src Source) Counter { return scan{src} }

type scan struct{ src Source }

func (s scan) Count(ctx context.Context, t *Tally, f models.ResponseFilter) error {
	gf := t.filterOf(f)
	return s.src.EachResponse(ctx, stored(f), func(r *models.Response) error {
		if gf.has(r) {
			t.Add(r)
		}
		return nil
	})
}

// TextSource gives the free text of the counted responses to a survey
// (its excluded ones left out): each answer to each question that was
// free text in some version, as stored. The service reads it from the
// log its in-memory copy keeps beside it (package results); TextsOf reads
// it from the database.
type TextSource interface {
	EachText(ctx context.Context, survey string, fn func(question string, answer any)) error
}

// TextsOf is a TextSource that reads every response of the survey from
// src.
func TextsOf(src Source) TextSource { return scanTexts{src} }

type scanTexts struct{ src Source }

func (s scanTexts) EachText(ctx context.Context, survey string, fn func(question string, answer any)) error {
	return s.src.EachResponse(ctx, models.ResponseFilter{Survey: survey}, func(r *models.Response) error {
		for id, v := range r.Answers {
			fn(id, v)
		}
		return nil
	})
}

// Count makes Columns a Counter for its own survey.
func (c *Columns) Count(_ context.Context, t *Tally, f models.ResponseFilter) error {
	if f.Survey != c.survey {
		return models.Errorf(models.ErrInternal, "columns of %s asked for %s", c.survey, f.Survey)
	}
	c.count(t, f)
	return nil
}
