package main

import (
	"bytes"
	"context"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"medborgardialog/demo"
	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/results"
	"medborgardialog/store"
	"medborgardialog/store/embedded"
	"medborgardialog/store/storetest"
)

const (
	closedWave = "ungdomsdialog-2022" // built in closed, closes_at below
	openWave   = "ungdomsdialog-2023" // built in open
)

var closedAt = time.Date(2022, 12, 16, 23, 59, 59, 0, time.UTC)

func retentionConfig() Config {
	return Config{MinCell: 5, RetentionTextMonths: 12, RetentionResponseYears: 5, RetentionAuditYears: 5, PublicationInterval: 28 * 24 * time.Hour}
}

// resultsOf is the in-memory results of st, as the service keeps them.
func resultsOf(t *testing.T, st *store.Store) *results.Manager {
	t.Helper()
	res := results.New(st, results.Options{TextDir: t.TempDir()})
	st.AddObserver(res)
	t.Cleanup(res.Close)
	return res
}

// retentionStore holds both built-in waves with synthetic responses.
func retentionStore(t *testing.T) *store.Store {
	t.Helper()
	st := storetest.New(t)
	ctx := context.Background()
	if err := ensureBuiltins(ctx, st); err != nil {
		t.Fatal(err)
	}
	waves, err := demoWaves(ctx, st, "", 120)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Fill(ctx, st, waves, 1, nil); err != nil {
		t.Fatal(err)
	}
	return st
}

func responsesOf(t *testing.T, st *store.Store, slug string) map[string]models.Response {
	t.Helper()
	rs, err := st.FindResponses(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]models.Response, len(rs))
	for _, r := range rs {
		out[r.SubmissionID] = r
	}
	return out
}

func countText(rs map[string]models.Response) int64 {
	var n int64
	for _, r := range rs {
		if _, ok := r.Answers["forslag"]; ok {
			n++
		}
	}
	return n
}

func retentionEntries(t *testing.T, st *store.Store) []models.AuditEntry {
	t.Helper()
	all, err := st.Audit(context.Background(), store.MaxAuditPage, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var out []models.AuditEntry
	for _, e := range all {
		if e.Action == models.AuditRetentionRun {
			out = append(out, e)
		}
	}
	return out
}

func TestRetentionRemovesFreeTextAfterItsPeriod(t *testing.T) {
	st := retentionStore(t)
	ctx := context.Background()
	before, openBefore := responsesOf(t, st, closedWave), responsesOf(t, st, openWave)
	texts := countText(before)
	if texts == 0 {
		t.Fatal("the demo data has no free text to delete")
	}

	t.Run("not yet", func(t *testing.T) {
		rep, err := runRetention(ctx, st, resultsOf(t, st), retentionConfig(), closedAt.AddDate(0, 11, 0))
		if err != nil || !rep.Claimed || rep.deleted() {
			t.Fatalf("report %+v, %v; want nothing deleted", rep, err)
		}
	})

	now := closedAt.AddDate(0, 13, 0)
	t.Run("after 12 months", func(t *testing.T) {
		rep, err := runRetention(ctx, st, resultsOf(t, st), retentionConfig(), now)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Text[closedWave] != texts || len(rep.Text) != 1 || len(rep.Responses) != 0 {
			t.Fatalf("report %+v, want %d free-text answers of %s", rep, texts, closedWave)
		}
		after := responsesOf(t, st, closedWave)
		if len(after) != len(before) {
			t.Fatalf("%d responses left of %d", len(after), len(before))
		}
		for id, r := range before {
			delete(r.Answers, "forslag")
			if !reflect.DeepEqual(after[id].Answers, r.Answers) {
				t.Fatalf("response %s: answers %v, want %v", id, after[id].Answers, r.Answers)
			}
		}
		if got := responsesOf(t, st, openWave); countText(got) != countText(openBefore) || len(got) != len(openBefore) {
			t.Error("the open survey was touched")
		}
		entries := retentionEntries(t, st)
		if len(entries) != 1 || entries[0].Actor != models.AuditActorSystem ||
			entries[0].Details[closedWave+"_text"] != strconv.FormatInt(texts, 10) {
			t.Fatalf("audit %+v", entries)
		}
	})

	t.Run("again the same day", func(t *testing.T) {
		rep, err := runRetention(ctx, st, resultsOf(t, st), retentionConfig(), now.Add(-time.Hour))
		if err != nil || rep.Claimed {
			t.Fatalf("report %+v, %v; want the day's claim taken", rep, err)
		}
	})

	t.Run("again the next day", func(t *testing.T) {
		rep, err := runRetention(ctx, st, resultsOf(t, st), retentionConfig(), now.AddDate(0, 0, 1))
		if err != nil || !rep.Claimed || rep.deleted() {
			t.Fatalf("report %+v, %v; want nothing more deleted", rep, err)
		}
		if n := len(retentionEntries(t, st)); n != 1 {
			t.Errorf("%d retention entries, want still 1", n)
		}
	})
}

func TestRetentionDeletesResponsesAndKeepsTheirFigures(t *testing.T) {
	st := retentionStore(t)
	ctx := context.Background()
	cfg := retentionConfig()
	sv, err := st.Survey(ctx, closedWave)
	if err != nil {
		t.Fatal(err)
	}
	res, err := export.Build(ctx, resultsOf(t, st), export.Request{Survey: sv, Filter: models.ResponseFilter{Survey: closedWave}, MinCell: cfg.MinCell})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]export.IndicatorResult{}
	for _, ind := range res.Indicators {
		if !ind.Hidden {
			want[ind.ID] = ind
		}
	}
	if len(want) == 0 {
		t.Fatal("no indicator is shown before deletion")
	}
	n, openN := len(responsesOf(t, st, closedWave)), len(responsesOf(t, st, openWave))

	now := closedAt.AddDate(6, 0, 0)
	old, recent := now.AddDate(-6, 0, 0), now.AddDate(-4, 0, 0)
	for _, at := range []time.Time{old, recent} {
		if err := st.InsertAudit(ctx, models.AuditEntry{At: at, Actor: "fatima", Action: models.AuditExport, Survey: closedWave}); err != nil {
			t.Fatal(err)
		}
	}

	rep, err := runRetention(ctx, st, resultsOf(t, st), cfg, now)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Responses[closedWave] != int64(n) || len(rep.Responses) != 1 || rep.Audit != 1 {
		t.Fatalf("report %+v, want %d responses of %s and 1 audit entry", rep, n, closedWave)
	}
	if got := len(responsesOf(t, st, closedWave)); got != 0 {
		t.Errorf("%d responses left", got)
	}
	if got := len(responsesOf(t, st, openWave)); got != openN {
		t.Errorf("open survey has %d responses, want %d", got, openN)
	}
	checkFigures := func(t *testing.T) {
		t.Helper()
		figs, err := st.OutsideFigures(ctx, []string{closedWave})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]models.OutsideFigure{}
		for _, f := range figs {
			if _, dup := got[f.Indicator]; dup {
				t.Errorf("indicator %s archived twice", f.Indicator)
			}
			got[f.Indicator] = f
		}
		if !reflect.DeepEqual(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
			t.Fatalf("archived indicators %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
		}
		for id, w := range want {
			f := got[id]
			if f.N != w.N || f.Share != w.Share.Share || f.CILow != w.CILow || f.CIHigh != w.CIHigh || f.Wave != "2022" || f.Source == "" {
				t.Errorf("%s: archived %+v, results %+v", id, f, w.Share)
			}
		}
	}
	checkFigures(t)

	entries, err := st.Audit(ctx, store.MaxAuditPage, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var sawOld, sawRecent bool
	for _, e := range entries {
		sawOld = sawOld || e.At.Equal(old)
		sawRecent = sawRecent || e.At.Equal(recent)
	}
	if sawOld || !sawRecent {
		t.Errorf("old entry kept %v, recent entry kept %v; want false, true", sawOld, sawRecent)
	}

	t.Run("again", func(t *testing.T) {
		rep, err := runRetention(ctx, st, resultsOf(t, st), cfg, now.AddDate(0, 0, 1))
		if err != nil || rep.deleted() {
			t.Fatalf("report %+v, %v; want nothing more", rep, err)
		}
		checkFigures(t)
	})
}

func TestRetentionRunsOncePerDayAcrossInstances(t *testing.T) {
	st := retentionStore(t)
	texts := countText(responsesOf(t, st, closedWave))
	now := closedAt.AddDate(0, 13, 0)
	var wg sync.WaitGroup
	reps := make([]retentionReport, 4)
	errs := make([]error, len(reps))
	for i := range reps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reps[i], errs[i] = runRetention(context.Background(), st, resultsOf(t, st), retentionConfig(), now)
		}()
	}
	wg.Wait()
	claimed := 0
	for i, rep := range reps {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if rep.Claimed {
			claimed++
			if rep.Text[closedWave] != texts {
				t.Errorf("the winner removed %d free-text answers, want %d", rep.Text[closedWave], texts)
			}
		} else if rep.deleted() {
			t.Errorf("a run without the claim deleted %+v", rep)
		}
	}
	if claimed != 1 {
		t.Fatalf("%d runs did the work, want 1", claimed)
	}
	if n := len(retentionEntries(t, st)); n != 1 {
		t.Errorf("%d retention entries, want 1", n)
	}
}

// Deleting a survey's responses gives their pages back on the embedded
// engine: the service's retention job shrinks the file in place, without
// a rewrite. Sizes are taken with the engine stopped, when SQLite has
// folded the WAL into the file.
func TestRetentionShrinksTheEngineFile(t *testing.T) {
	cfg := retentionConfig()
	cfg.DataDir, cfg.DB = t.TempDir(), "dialog"
	ctx := context.Background()
	var logged bytes.Buffer
	// The service's wiring of engine and store (App.start), without HTTP.
	start := func() *App {
		t.Helper()
		a := &App{cfg: cfg, log: slog.New(slog.NewTextHandler(&logged, nil))}
		var err error
		if a.engine, err = embedded.Start(ctx, cfg.DataDir, a.log); err != nil {
			t.Fatal(err)
		}
		if a.store, err = store.Open(ctx, a.engine.URI(), cfg.DB, storeOptions(a.engine)...); err != nil {
			t.Fatal(err)
		}
		a.results = resultsOf(t, a.store)
		return a
	}
	size := func() int64 {
		t.Helper()
		fi, err := os.Stat(filepath.Join(cfg.DataDir, cfg.DB+".sqlite"))
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}

	a := start()
	if err := ensureBuiltins(ctx, a.store); err != nil {
		t.Fatal(err)
	}
	waves, err := demoWaves(ctx, a.store, "", 600)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Fill(ctx, a.store, waves, 1, nil); err != nil {
		t.Fatal(err)
	}
	a.closeStorage(ctx)
	before := size()

	a = start()
	a.retention(ctx, closedAt.AddDate(6, 0, 0))
	if n := len(responsesOf(t, a.store, closedWave)); n != 0 {
		t.Fatalf("%d responses of %s left", n, closedWave)
	}
	a.closeStorage(ctx)
	after := size()
	t.Logf("file %d bytes before, %d after\n%s", before, after, logged.String())
	if !strings.Contains(logged.String(), "compacted the database file") || strings.Contains(logged.String(), "rewritten=true") {
		t.Fatal("retention did not compact the file in place")
	}
	// Half the responses went, and with them a little less than half
	// the file (the surveys, sessions and publications stay).
	if after > before*3/4 {
		t.Fatalf("file %d bytes after deleting half the responses, %d before", after, before)
	}
}
