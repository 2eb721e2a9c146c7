package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"medborgardialog/models"
	"medborgardialog/surveys"
)

const surveyUsage = `usage:
  medborgardialog survey check FILE...    list every problem of each definition; exit 1 if any
  medborgardialog survey import FILE...   check, then store each definition in the configured database
`

func surveyCmd(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) < 2 || (args[0] != "check" && args[0] != "import") {
		fmt.Fprint(stderr, surveyUsage)
		return 2
	}
	checker := surveys.NewChecker()
	var (
		loaded []*loadedSurvey
		bad    bool
	)
	for _, file := range args[1:] {
		data, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintf(stdout, "%s: %v\n", file, err)
			bad = true
			continue
		}
		sv, problems, _ := checker.Load(data)
		for _, p := range problems {
			if p.Path == "" {
				fmt.Fprintf(stdout, "%s: %s\n", file, p.Message)
			} else {
				fmt.Fprintf(stdout, "%s: %s: %s\n", file, p.Path, p.Message)
			}
		}
		if len(problems) > 0 {
			bad = true
			continue
		}
		if args[0] == "check" {
			fmt.Fprintf(stdout, "%s: ok (%s version %d, %d questions)\n", file, sv.Slug, sv.Version, len(sv.Questions))
		}
		loaded = append(loaded, &loadedSurvey{file: file, survey: sv})
	}
	if bad {
		return 1
	}
	if args[0] == "check" {
		return 0
	}
	return importSurveys(loaded, getenv, stdout, stderr)
}

type loadedSurvey struct {
	file   string
	survey *models.Survey
}

// importSurveys stores checked definitions under the versioning rule. With
// the embedded engine it opens the data directory itself, so the server
// must not be running on the same directory at the time.
func importSurveys(list []*loadedSurvey, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := LoadConfig(getenv, nil)
	if err != nil {
		fmt.Fprintf(stderr, "medborgardialog: configuration: %v\n", err)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, closeDB, err := openDatabase(ctx, cfg, log)
	if err != nil {
		fmt.Fprintf(stderr, "medborgardialog: %v\n", err)
		return 1
	}
	defer closeDB()
	for _, l := range list {
		res, err := st.PublishSurvey(ctx, l.survey)
		if err == nil && l.survey.Promise != nil && l.survey.Promise.ID != "" {
			err = st.EnsurePromise(ctx, *l.survey.Promise)
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", l.file, err)
			return 1
		}
		what := "new version"
		switch {
		case res.Created:
			what = "created"
		case res.Replaced:
			what = "replaced (no answers yet)"
		}
		fmt.Fprintf(stdout, "%s: %s version %d %s, status %s\n", l.file, res.Slug, res.Version, what, res.Status)
	}
	return 0
}
