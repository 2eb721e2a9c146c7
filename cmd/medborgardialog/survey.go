package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"gopkg.in/yaml.v3"

	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/surveys/xlsform"
)

const surveyUsage = `usage:
  medborgardialog survey check FILE...    list every problem of each definition; exit 1 if any
  medborgardialog survey import FILE...   check, then store each definition in the configured database
  medborgardialog survey export SLUG --out FILE [--format yaml|xlsx] [--version N]
                                          write a stored definition as YAML or an XLSForm workbook
A FILE ending in .xlsx is an XLSForm workbook; any other is YAML (or JSON).
`

func surveyCmd(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) >= 1 && args[0] == "export" {
		return surveyExport(args[1:], getenv, stdout, stderr)
	}
	if len(args) < 2 || (args[0] != "check" && args[0] != "import") {
		fmt.Fprint(stderr, surveyUsage)
		return 2
	}
	// Ctrl-C stops the reading of a workbook too, not only between files.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	checker := surveys.NewChecker()
	var (
		loaded []*loadedSurvey
		bad    bool
	)
	for _, file := range args[1:] {
		sv, problems, err := loadDefinition(ctx, checker, file)
		if err != nil {
			fmt.Fprintf(stdout, "%s: %v\n", file, err)
			bad = true
			continue
		}
		for _, p := range problems {
			fmt.Fprintf(stdout, "%s: %s\n", file, p)
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

// loadDefinition reads and checks one file: an XLSForm workbook when it
// ends in .xlsx, else YAML. Each problem is one line: "path: message" for
// YAML, "Sheet survey, row 14, column relevant: message" for a workbook.
func loadDefinition(ctx context.Context, checker *surveys.Checker, file string) (*models.Survey, []string, error) {
	var lines []string
	if strings.EqualFold(filepath.Ext(file), ".xlsx") {
		f, err := os.Open(file)
		if err != nil {
			return nil, nil, err
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil {
			return nil, nil, err
		}
		rd := xlsform.Reader{Checker: checker}
		sv, problems := rd.Read(ctx, f, info.Size())
		for _, p := range problems {
			lines = append(lines, p.Text("en"))
		}
		return sv, lines, nil
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, nil, err
	}
	sv, problems, _ := checker.Load(data)
	for _, p := range problems {
		if p.Path == "" {
			lines = append(lines, p.Message)
		} else {
			lines = append(lines, p.Path+": "+p.Message)
		}
	}
	return sv, lines, nil
}

type loadedSurvey struct {
	file   string
	survey *models.Survey
}

// importSurveys stores checked definitions under the versioning rule. With
// the embedded engine it opens the data directory itself, so the server
// must not be running on the same directory at the time.
func importSurveys(list []*loadedSurvey, getenv func(string) string, stdout, stderr io.Writer) int {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	st, closeDB, code := openConfigured(ctx, getenv, stderr)
	if st == nil {
		return code
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

// surveyExport writes a stored definition to a file, as YAML or as an
// XLSForm workbook, so it can be changed and imported again.
func surveyExport(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("survey export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "the file to write")
	format := fs.String("format", "", "yaml or xlsx; default from the --out file's extension")
	version := fs.Int("version", 0, "a stored version; default the newest")
	var slug string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		slug, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if slug == "" && fs.NArg() == 1 {
		slug = fs.Arg(0)
	} else if fs.NArg() > 0 {
		slug = ""
	}
	if *format == "" {
		*format = "yaml"
		if strings.EqualFold(filepath.Ext(*out), ".xlsx") {
			*format = "xlsx"
		}
	}
	if !models.ValidSlug(slug) || *out == "" || (*format != "yaml" && *format != "xlsx") || *version < 0 {
		fmt.Fprint(stderr, surveyUsage)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	st, closeDB, code := openConfigured(ctx, getenv, stderr)
	if st == nil {
		return code
	}
	defer closeDB()
	var (
		sv  *models.Survey
		err error
	)
	if *version > 0 {
		sv, err = st.SurveyVersion(ctx, slug, *version)
	} else {
		sv, err = st.Survey(ctx, slug)
	}
	if err != nil {
		fmt.Fprintf(stderr, "survey export: %v\n", err)
		return 1
	}
	var buf bytes.Buffer
	if *format == "xlsx" {
		err = xlsform.Write(&buf, sv)
	} else {
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err = enc.Encode(sv); err == nil {
			err = enc.Close()
		}
	}
	if err == nil {
		err = os.WriteFile(*out, buf.Bytes(), 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "survey export: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %s version %d as %s\n", *out, sv.Slug, sv.Version, *format)
	return 0
}
