package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"medborgardialog/demo"
	"medborgardialog/models"
	"medborgardialog/results"
	"medborgardialog/store"
)

// publishDue makes the final publication of every closed survey that has
// none since it closed, as far as the publication interval allows: a
// survey that closed within the interval of its last publication is
// published on the first day allowed (DESIGN §5). Several instances may
// run it at once: a publication's number is unique, and the loser's
// conflict is no failure. It returns the surveys it published.
func publishDue(ctx context.Context, st *store.Store, res *results.Manager, cfg Config, now time.Time) ([]string, error) {
	closed, err := st.ClosedSurveys(ctx)
	if err != nil {
		return nil, err
	}
	zone, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		return nil, fmt.Errorf("time zone: %w", err)
	}
	var done []string
	var errs []error
	for _, cs := range closed {
		list, err := res.Publications(ctx, cs.Survey.Slug)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		closed := cs.Closed
		if !cs.ClosedByHand.IsZero() {
			closed = cs.ClosedByHand
		}
		if n := len(list); n > 0 {
			last := list[n-1]
			if last.Final && (!last.At.Before(closed) || closed.After(now)) {
				continue
			}
		}
		// A survey nobody answered has nothing to publish; publishing it
		// anyway would hold back the first real publication (demo data
		// added to a closed wave, answers restored) for a whole interval.
		if answered, err := st.CountSurveyResponses(ctx, cs.Survey.Slug); err != nil || answered == 0 {
			errs = append(errs, err)
			continue
		}
		p, err := res.Publish(ctx, results.PublishRequest{Survey: cs.Survey, By: models.AuditActorSystem, Final: true,
			Now: now, Interval: cfg.PublicationInterval, Zone: zone, Wait: 10 * time.Minute})
		var soon *results.TooSoonError
		switch {
		case err == nil:
			done = append(done, cs.Survey.Slug)
			auditErr := st.InsertAudit(ctx, models.AuditEntry{At: now, Actor: models.AuditActorSystem, Action: models.AuditPublish,
				Survey: cs.Survey.Slug, Details: map[string]string{"publication": fmt.Sprint(p.Number), "final": "true"}})
			errs = append(errs, auditErr)
		case errors.As(err, &soon), models.ErrorCode(err) == models.ErrConflict:
		default:
			errs = append(errs, fmt.Errorf("publish %s: %w", cs.Survey.Slug, err))
		}
	}
	return done, errors.Join(errs...)
}

// publishClosed runs publishDue once, as of now: a survey that closed is
// published within the hour of the job's runs, or on the first run of the
// first day the interval allows.
func (a *App) publishClosed(ctx context.Context, now time.Time) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Minute)
	defer cancel()
	done, err := publishDue(ctx, a.store, a.results, a.cfg, now)
	if err != nil {
		a.log.Warn("publications", "err", err)
	}
	if len(done) > 0 {
		a.log.Info("published closed surveys", "surveys", done)
	}
}

// publishDemo publishes the waves demo data was just added to, so that a
// newcomer sees figures at once. A wave published too recently is left
// as it is, and said so.
func publishDemo(ctx context.Context, res *results.Manager, waves []demo.Wave, cfg Config, log *slog.Logger) error {
	for _, w := range waves {
		_, err := res.Publish(ctx, results.PublishRequest{Survey: w.Survey, By: models.AuditActorSystem, Note: "demo",
			Final: w.Survey.Status == models.StatusClosed, Now: time.Now(), Interval: cfg.PublicationInterval, Wait: 10 * time.Minute})
		var soon *results.TooSoonError
		switch {
		case errors.As(err, &soon):
			log.Warn("demo: published recently; the new answers show from the next publication", "survey", w.Survey.Slug, "first_day", soon.FirstDay)
		case err != nil:
			return fmt.Errorf("publish %s: %w", w.Survey.Slug, err)
		}
	}
	return nil
}
