package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"medborgardialog/export"
	"medborgardialog/followup"
	"medborgardialog/handlers"
	"medborgardialog/models"
	"medborgardialog/results"
)

const exportUsage = `usage: medborgardialog export lagesbild --survey SLUG --out FILE [--lang sv|en] [--publication N]
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
	pubN := fs.Int("publication", 0, "the publication to export; 0 is the latest")
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
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, closeDB, err := openDatabase(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "medborgardialog: %v\n", err)
		return 1
	}
	defer closeDB()
	if err := ensureRecordKeys(ctx, st, log); err != nil {
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
	// The figures of a publication, as the service shows them: the latest,
	// or --publication N.
	res := results.New(st, results.Options{Logger: log})
	defer res.Close()
	pub, err := res.Publication(ctx, sv.Slug, *pubN)
	if err != nil {
		fmt.Fprintf(stderr, "export: %v (publish it first, from the survey's page or POST /api/v1/admin/surveys/%s/publications)\n", err, sv.Slug)
		return 1
	}
	if pub.Version != sv.Version {
		if sv, err = st.SurveyVersion(ctx, sv.Slug, pub.Version); err != nil {
			fmt.Fprintf(stderr, "export: %v\n", err)
			return 1
		}
	}
	// Written beside the target and renamed at the end, so a failure never
	// leaves half a workbook under the name asked for.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".lagesbild-*.xlsx")
	if err != nil {
		fmt.Fprintf(stderr, "export: %v\n", err)
		return 1
	}
	defer os.Remove(tmp.Name())
	f.Survey = sv.Slug
	counter := res.Published(map[string]int{sv.Slug: pub.Number})
	out2, err := export.WriteLagesbild(ctx, counter, counter, export.Request{
		Survey: sv, Earlier: fc.Chain[:len(fc.Chain)-1], Outside: fc.Outside, Plan: fc.Plan, Followup: true,
		Filter: f, MinCell: cfg.MinCell, Places: places, Exclusions: export.ExclusionsOf(pub),
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
	fmt.Fprintf(stdout, "%s: %d responses (%s, publication %d of %s)\n", *out, out2.N, sv.Slug, pub.Number, pub.Day)
	return 0
}
