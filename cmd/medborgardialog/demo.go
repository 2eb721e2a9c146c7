package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"medborgardialog/demo"
	"medborgardialog/followup"
	"medborgardialog/models"
	"medborgardialog/results"
	"medborgardialog/store"
	"medborgardialog/surveys"
)

// demoCmd fills the configured database with synthetic responses:
//
//	medborgardialog demo --responses N [--survey SLUG]
func demoCmd(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("responses", 2000, "responses per survey")
	slug := fs.String("survey", "", "only this survey (default: both built-in waves)")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same data")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *n < 1 || *n > 1_000_000 {
		fmt.Fprintln(stderr, "demo: --responses must be from 1 to 1000000")
		return 2
	}
	cfg, err := LoadConfig(getenv, nil)
	if err != nil {
		fmt.Fprintf(stderr, "medborgardialog: configuration: %v\n", err)
		return 2
	}
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, closeDB, err := openDatabase(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "medborgardialog: %v\n", err)
		return 1
	}
	defer closeDB()
	if err := ensureBuiltins(ctx, st); err != nil {
		fmt.Fprintf(stderr, "medborgardialog: %v\n", err)
		return 1
	}
	waves, err := demoWaves(ctx, st, *slug, *n)
	if err != nil {
		fmt.Fprintf(stderr, "demo: %v\n", err)
		return 1
	}
	total := *n * len(waves)
	bar := newProgress(stderr, "demo", total)
	if err := demo.Fill(ctx, st, waves, *seed, bar.set); err != nil {
		fmt.Fprintf(stderr, "\ndemo: %v\n", err)
		return 1
	}
	bar.done()
	res := results.New(st, results.Options{Logger: log})
	defer res.Close()
	st.AddObserver(res)
	if err := publishDemo(ctx, res, waves, cfg, log); err != nil {
		fmt.Fprintf(stderr, "demo: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d synthetic responses added to %d survey(s) and published\n", total, len(waves))
	return 0
}

// ensureBuiltins adds the built-in surveys where they are missing.
func ensureBuiltins(ctx context.Context, st *store.Store) error {
	builtin, err := surveys.Builtin()
	if err != nil {
		return fmt.Errorf("built-in surveys: %w", err)
	}
	if _, err := st.EnsureSurveys(ctx, builtin); err != nil {
		return fmt.Errorf("built-in surveys: %w", err)
	}
	// The places catalogue, and the surveys' promise and its action plan,
	// seeded once: what staff have edited is never overwritten.
	places, err := surveys.BuiltinPlaces()
	if err != nil {
		return err
	}
	if err := st.EnsurePlaces(ctx, places); err != nil {
		return fmt.Errorf("built-in places: %w", err)
	}
	return followup.SeedBuiltins(ctx, st, builtin, time.Now().UTC())
}

// demoWaves picks the surveys to fill: one by slug, or every built-in wave.
func demoWaves(ctx context.Context, st *store.Store, slug string, n int) ([]demo.Wave, error) {
	var slugs []string
	if slug != "" {
		slugs = []string{slug}
	} else {
		builtin, err := surveys.Builtin()
		if err != nil {
			return nil, err
		}
		for _, sv := range builtin {
			slugs = append(slugs, sv.Slug)
		}
	}
	var waves []demo.Wave
	baselines := map[string]bool{}
	for _, s := range slugs {
		sv, err := st.Survey(ctx, s)
		if err != nil {
			return nil, err
		}
		from, to := wavePeriod(sv)
		waves = append(waves, demo.Wave{Survey: sv, From: from, To: to, Count: n})
		baselines[sv.CompareWith] = true
	}
	// The earlier wave was a little worse, so the comparison has a story.
	for i := range waves {
		if baselines[waves[i].Survey.Slug] {
			waves[i].Shift = 0.25
		}
	}
	return waves, nil
}

// wavePeriod is when a wave's sessions are spread: its own dates, else the
// school year of its wave label, else the last three months.
func wavePeriod(sv *models.Survey) (time.Time, time.Time) {
	if sv.OpensAt != nil && sv.ClosesAt != nil {
		return *sv.OpensAt, *sv.ClosesAt
	}
	if y, err := strconv.Atoi(sv.Wave); err == nil && y > 2000 && y < 2100 {
		return time.Date(y, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 11, 30, 0, 0, 0, 0, time.UTC)
	}
	now := time.Now().UTC()
	return now.AddDate(0, -3, 0), now
}
