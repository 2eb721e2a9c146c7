package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"medborgardialog/export"
	"medborgardialog/followup"
	"medborgardialog/handlers"
	"medborgardialog/models"
)

const exportUsage = `usage: medborgardialog export lagesbild --survey SLUG --out FILE [--lang sv|en]
       [--area A] [--school S] [--grade G] [--gender G] [--age N]   (at most two)
Figures come per publication and per wave, not per date, session or
response language: there are no such filters.
`

// exportCmd writes the lägesbild workbook of a survey to a file, with a
// progress bar on stderr for large surveys.
func exportCmd(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "lagesbild" {
		fmt.Fprint(stderr, exportUsage)
		return 2
	}
	fs := flag.NewFlagSet("export lagesbild", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f models.ResponseFilter
	slug := fs.String("survey", "", "survey slug")
	out := fs.String("out", "", "the .xlsx file to write")
	lang := fs.String("lang", "sv", "workbook language: sv or en")
	fs.StringVar(&f.Area, "area", "", "only this area (the session's, else the pupil's own answer)")
	fs.StringVar(&f.School, "school", "", "only this school (the session's)")
	fs.StringVar(&f.Grade, "grade", "", "only this grade (the session's, else the pupil's own answer)")
	fs.StringVar(&f.Gender, "gender", "", "only this gender (the pupil's own answer)")
	fs.StringVar(&f.Age, "age", "", "only this age (the pupil's own answer)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *slug == "" || *out == "" || (*lang != "sv" && *lang != "en") {
		fmt.Fprint(stderr, exportUsage)
		return 2
	}
	cfg, err := LoadConfig(getenv, nil)
	if err != nil {
		fmt.Fprintf(stderr, "medborgardialog: configuration: %v\n", err)
		return 2
	}
	ctx := context.Background()
	st, closeDB, err := openDatabase(ctx, cfg, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err != nil {
		fmt.Fprintf(stderr, "medborgardialog: %v\n", err)
		return 1
	}
	defer closeDB()
	if err := ensureRecordKeys(ctx, st, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))); err != nil {
		fmt.Fprintf(stderr, "export: %v\n", err)
		return 1
	}
	sv, err := st.Survey(ctx, *slug)
	if err != nil {
		fmt.Fprintf(stderr, "export: %v\n", err)
		return 1
	}
	places, err := st.Places(ctx)
	if models.ErrorCode(err) == models.ErrNotFound {
		places, err = nil, nil
	}
	if err != nil {
		fmt.Fprintf(stderr, "export: %v\n", err)
		return 1
	}
	// The whole series, for the Uppföljning sheet.
	fc, err := followup.Gather(ctx, st, sv)
	if err != nil {
		fmt.Fprintf(stderr, "export: %v\n", err)
		return 1
	}
	// A one-off command reads each wave once: counting from a scan gives
	// the figures the service counts from its in-memory copy. The bar
	// covers every wave, and the survey once more for its free text.
	total, err := st.CountSurveyResponses(ctx, sv.Slug)
	for _, w := range fc.Chain[:len(fc.Chain)-1] {
		if err != nil {
			break
		}
		var n int64
		n, err = st.CountSurveyResponses(ctx, w.Slug)
		total += n
	}
	if err != nil {
		fmt.Fprintf(stderr, "export: %v\n", err)
		return 1
	}
	if len(export.FiltersOf(f)) == 0 {
		total *= 2 // counted, then read for free text (an estimate with earlier waves)
	}
	// Excluded sessions, summed by reason, for the Metod sheet.
	sums, err := st.Exclusions(ctx, sv.Slug)
	if err != nil {
		fmt.Fprintf(stderr, "export: %v\n", err)
		return 1
	}
	exclusions := make([]export.Exclusion, len(sums))
	for i, e := range sums {
		exclusions[i] = export.Exclusion{Reason: e.Reason, Sessions: e.Sessions, Responses: e.Responses}
	}
	// Written beside the target and renamed at the end, so a failure never
	// leaves half a workbook under the name asked for.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".lagesbild-*.xlsx")
	if err != nil {
		fmt.Fprintf(stderr, "export: %v\n", err)
		return 1
	}
	defer os.Remove(tmp.Name())
	bar := newProgress(stderr, "lägesbild", int(total))
	f.Survey = sv.Slug
	read := &readCounter{Source: st, progress: bar.set}
	res, err := export.WriteLagesbild(ctx, export.Scan(read), export.TextsOf(read), export.Request{
		Survey: sv, Earlier: fc.Chain[:len(fc.Chain)-1], Outside: fc.Outside, Plan: fc.Plan, Followup: true,
		Filter: f, MinCell: cfg.MinCell, Places: places, Exclusions: exclusions,
	}, tmp, export.Workbook{Lang: *lang, Version: handlers.Version, Now: time.Now()})
	if err == nil {
		err = tmp.Chmod(0o640)
	}
	if err == nil {
		err = tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), *out)
	}
	if err != nil {
		fmt.Fprintf(stderr, "\nexport: %v\n", err)
		return 1
	}
	bar.done()
	fmt.Fprintf(stdout, "%s: %d responses (%s)\n", *out, res.N, sv.Slug)
	return 0
}

// readCounter tells progress how many responses were read through it,
// by the waves read at the same time together.
type readCounter struct {
	export.Source
	mu       sync.Mutex
	n        int
	progress func(int)
}

func (rc *readCounter) EachResponse(ctx context.Context, f models.ResponseFilter, fn func(*models.Response) error) error {
	return rc.Source.EachResponse(ctx, f, func(r *models.Response) error {
		rc.mu.Lock()
		if rc.n++; rc.n%1000 == 0 {
			rc.progress(rc.n)
		}
		rc.mu.Unlock()
		return fn(r)
	})
}
