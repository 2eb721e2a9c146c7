package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"medborgardialog/export"
	"medborgardialog/followup"
	"medborgardialog/models"
	"medborgardialog/results"
	"medborgardialog/store"
	"medborgardialog/store/embedded"
)

// archivedSource starts the source of the figures a wave keeps when its
// responses are deleted.
const archivedSource = "Arkiverade siffror från "

// retentionReport counts what one run of the retention job deleted, per
// survey slug. Claimed is false when another run (another instance, or an
// earlier run the same day) had the day's claim and this one did nothing.
type retentionReport struct {
	Claimed   bool
	Text      map[string]int64 // free-text answers removed
	Responses map[string]int64 // whole responses deleted
	Archived  map[string]int   // indicator figures kept as outside figures
	Audit     int64            // audit entries deleted
}

func (r retentionReport) deleted() bool {
	return r.Audit > 0 || len(r.Text) > 0 || len(r.Responses) > 0
}

// runRetention enforces the retention rules as of now (docs/surveys.md,
// "Retention"). Several instances may call it at once: the first to insert
// the day's claim in the jobs collection does the work, the others return
// at once. Every step deletes by criteria and can be repeated, so a run
// cut short (a crash, a shutdown) leaves nothing half done that the next
// day's run does not finish. A survey not closed is never touched.
//
// Published figures follow: texts deleted from the responses are deleted
// from the publications that released them, and a survey whose responses
// are deleted keeps its latest publication's figures as archived figures
// and loses the frozen rows of every publication.
func runRetention(ctx context.Context, st *store.Store, res *results.Manager, cfg Config, now time.Time) (retentionReport, error) {
	rep := retentionReport{Text: map[string]int64{}, Responses: map[string]int64{}, Archived: map[string]int{}}
	host, _ := os.Hostname()
	holder := host + ":" + strconv.Itoa(os.Getpid())
	claimed, err := st.ClaimJob(ctx, "retention:"+now.UTC().Format(time.DateOnly), holder, now)
	if err != nil || !claimed {
		return rep, err
	}
	rep.Claimed = true
	if err := st.DeleteJobClaims(ctx, now.AddDate(0, 0, -30)); err != nil {
		return rep, err
	}
	rules := store.Retention{TextMonths: cfg.RetentionTextMonths, ResponseYears: cfg.RetentionResponseYears, AuditYears: cfg.RetentionAuditYears}
	closed, err := st.ClosedSurveys(ctx)
	if err != nil {
		return rep, err
	}
	for _, cs := range closed {
		cut, ok := rules.SurveyCutoffs(cs.Survey, cs.Closed)
		switch {
		case !ok || now.Before(cut.Text) && now.Before(cut.Responses):
			continue
		case !now.Before(cut.Responses):
			if err := retireResponses(ctx, st, res, cfg, cs.Survey, now, &rep); err != nil {
				return rep, err
			}
		default:
			if err := clearFreeText(ctx, st, res, cs.Survey.Slug, &rep); err != nil {
				return rep, err
			}
		}
	}
	if rules.AuditYears > 0 {
		if rep.Audit, err = st.DeleteAuditBefore(ctx, now.AddDate(-rules.AuditYears, 0, 0)); err != nil {
			return rep, err
		}
	}
	if !rep.deleted() {
		return rep, nil
	}
	return rep, st.InsertAudit(ctx, models.AuditEntry{At: now, Actor: models.AuditActorSystem, Action: models.AuditRetentionRun, Details: rep.details()})
}

func clearFreeText(ctx context.Context, st *store.Store, res *results.Manager, slug string, rep *retentionReport) error {
	ids, err := st.TextQuestions(ctx, slug)
	if err != nil {
		return err
	}
	if err := st.DeletePublishedTexts(ctx, slug); err != nil {
		return err
	}
	res.ForgetPublications(slug)
	n, err := st.ClearTextAnswers(ctx, slug, ids)
	if n > 0 {
		rep.Text[slug] = n
	}
	return err
}

// retireResponses keeps the survey's whole-survey indicator figures, as
// disclosure control shows them in its results, as outside figures of its
// wave, then deletes its responses. Archiving first means an interruption
// in between loses nothing; archiving again replaces the same figures.
// Once the responses are gone there is nothing to count and the archived
// figures stay as they are.
func retireResponses(ctx context.Context, st *store.Store, pubs *results.Manager, cfg Config, sv *models.Survey, now time.Time, rep *retentionReport) error {
	// The figures kept are the latest publication's: the ones shown. A
	// survey never published (the publication job failed all along) is
	// published first, so its figures are not lost.
	pub, err := pubs.Publication(ctx, sv.Slug, 0)
	if models.ErrorCode(err) == models.ErrNotPublished {
		pub, err = pubs.Publish(ctx, results.PublishRequest{Survey: sv, By: models.AuditActorSystem, Final: true, Now: now,
			Interval: cfg.PublicationInterval, Wait: 10 * time.Minute})
	}
	if err != nil {
		return fmt.Errorf("retention: publication of %s: %w", sv.Slug, err)
	}
	if pub.Version != sv.Version {
		if sv, err = st.SurveyVersion(ctx, sv.Slug, pub.Version); err != nil {
			return err
		}
	}
	res, err := export.Build(ctx, pubs.Published(map[string]int{sv.Slug: pub.Number}), export.Request{Survey: sv, Filter: models.ResponseFilter{Survey: sv.Slug}, MinCell: cfg.MinCell})
	if err != nil {
		return fmt.Errorf("retention: results of %s: %w", sv.Slug, err)
	}
	wave := followup.WaveName(sv)
	var figs []models.OutsideFigure
	if !res.Hidden {
		source := archivedSource + sv.Slug + ", beräknade " + now.UTC().Format(time.DateOnly)
		for _, ind := range res.Indicators {
			if ind.Hidden || ind.N == 0 {
				continue
			}
			figs = append(figs, models.OutsideFigure{Indicator: ind.ID, Wave: wave, Share: ind.Share.Share, N: ind.N,
				Source: source, CILow: ind.CILow, CIHigh: ind.CIHigh})
		}
	}
	if len(figs) > 0 {
		if err := st.DeleteArchivedFigures(ctx, sv.Slug, wave, archivedSource+sv.Slug+","); err != nil {
			return err
		}
		if err := st.PutOutside(ctx, sv.Slug, models.AuditActorSystem, figs); err != nil {
			return err
		}
		rep.Archived[sv.Slug] = len(figs)
	}
	if err := st.RetirePublications(ctx, sv.Slug); err != nil {
		return err
	}
	pubs.ForgetPublications(sv.Slug)
	n, err := st.DeleteSurveyResponses(ctx, sv.Slug)
	if n > 0 {
		rep.Responses[sv.Slug] = n
	}
	return err
}

// details are the audit entry's counts: keys are plain names, as the
// store requires.
func (r retentionReport) details() map[string]string {
	d := map[string]string{}
	for slug, n := range r.Text {
		d[slug+"_text"] = strconv.FormatInt(n, 10)
	}
	for slug, n := range r.Responses {
		d[slug+"_responses"] = strconv.FormatInt(n, 10)
	}
	for slug, n := range r.Archived {
		d[slug+"_archived"] = strconv.Itoa(n)
	}
	if r.Audit > 0 {
		d["audit"] = strconv.FormatInt(r.Audit, 10)
	}
	return d
}

// retention runs the retention job once, as of now. Errors are logged;
// the next day's run finishes what a failed one left.
func (a *App) retention(ctx context.Context, now time.Time) {
	ctx, cancel := context.WithTimeout(ctx, time.Hour)
	defer cancel()
	rep, err := runRetention(ctx, a.store, a.results, a.cfg, now)
	switch {
	case err != nil:
		a.log.Warn("retention", "err", err)
	case rep.deleted():
		a.log.Info("retention", "text", rep.Text, "responses", rep.Responses, "audit", rep.Audit)
	}
	if len(rep.Responses) > 0 && a.engine != nil {
		a.compactEngineFile(ctx)
	}
}

// compactEngineFile gives the pages of deleted responses back to the file
// system. Without it a survey's worth of them would stay in the embedded
// engine's file, as free pages for new answers to fill; the text and
// audit entries retention deletes free too little to bother. MongoDB
// reuses freed space by itself.
func (a *App) compactEngineFile(ctx context.Context) {
	c, err := embedded.Compact(ctx, a.cfg.DataDir, a.cfg.DB)
	if err != nil {
		a.log.Warn("retention: compact the database file", "err", err)
		return
	}
	a.log.Info("retention: compacted the database file", "free_before", c.FreeBefore, "free_after", c.FreeAfter,
		"rewritten", c.Rewritten, "took", c.Took.Round(time.Millisecond))
}
