package xlsform

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"medborgardialog/models"
	"medborgardialog/surveys"
)

// Reader imports XLSForm workbooks. The zero value is ready to use; keep
// one with a Checker to avoid building the checker's rules per upload.
type Reader struct {
	// MaxSize is the largest file accepted, in bytes; 0 means
	// DefaultMaxSize.
	MaxSize int64
	// Checker checks the definition read; nil makes one per call.
	Checker *surveys.Checker
}

// Read imports a workbook with the default limits. See Reader.Read.
func Read(ctx context.Context, r io.ReaderAt, size int64) (*models.Survey, []Problem) {
	var rd Reader
	return rd.Read(ctx, r, size)
}

// Read imports a survey definition from an XLSForm workbook of size
// bytes. It lists every problem found, by sheet, row and column, including
// those of the definition checker (surveys.Checker), so the definition is
// fit to store exactly when the list is empty.
//
// A file that is too large, not an .xlsx, a zip bomb, or holds macros or
// formulas is refused before any cell is read; one with a cell beyond the
// limits of workbook.go (rows, columns, text) is refused at that cell; and
// when ctx ends the reading stops with CodeInterrupted. The survey is then
// nil and the one problem says why. Otherwise the survey is what could be
// read, for a preview beside the problems; it is not fit to store while
// there are problems.
func (rd *Reader) Read(ctx context.Context, r io.ReaderAt, size int64) (*models.Survey, []Problem) {
	sv, ps, _ := rd.ReadAll(ctx, r, size)
	return sv, ps
}

// ReadAll is Read that also returns the notices: what the import left out
// or changed to read a form written elsewhere (a language the service does
// not offer, a form_id made into a slug). Notices never stop a file; the
// upload preview shows them so the author knows.
func (rd *Reader) ReadAll(ctx context.Context, r io.ReaderAt, size int64) (*models.Survey, []Problem, []Problem) {
	sv, all := rd.read(ctx, r, size)
	var ps, notices []Problem
	for _, p := range all {
		if isNotice(p.Code) {
			notices = append(notices, p)
		} else {
			ps = append(ps, p)
		}
	}
	return sv, capProblems(mergeRepeats(ps)), notices
}

func (rd *Reader) read(ctx context.Context, r io.ReaderAt, size int64) (sv *models.Survey, ps []Problem) {
	defer func() {
		// The workbook is hostile input; a malformed one is refused,
		// never a crash of the request.
		if v := recover(); v != nil {
			sv, ps = nil, []Problem{{Code: CodeUnreadable, Arg: fmt.Sprint(v)}}
		}
	}()
	maxSize := rd.MaxSize
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	if ps := precheck(ctx, r, size, maxSize); len(ps) > 0 {
		sortProblems(ps)
		return nil, ps
	}
	// Every sheet the form uses is read before anything is built from
	// any of them, so a cell beyond a limit refuses the file at once.
	sheets, err := readSheets(ctx, r, size)
	if err != nil {
		var stop *refusal
		if errors.As(err, &stop) {
			return nil, []Problem{stop.p}
		}
		return nil, []Problem{{Code: CodeUnreadable, Arg: err.Error()}}
	}

	sv = &models.Survey{}
	o := newOrigins()
	defLang := defaultLanguage(sheets[sheetSettings], &ps)
	st := readSettings(readTable(sheets[sheetSettings], settingsSpec, defLang, &ps), sv, o, &ps)
	choices := readTable(sheets[sheetChoices], choicesSpec, defLang, &ps)
	lists := readChoices(choices, &ps)
	survey := readTable(sheets[sheetSurvey], surveySpec, defLang, &ps)
	noSwedish := false
	if survey == nil {
		ps = append(ps, Problem{Code: CodeMissingSheet, Arg: sheetSurvey})
	} else {
		o.set("questions", origin{sheet: survey.sheet}) // "needs at least one", "at most 200"
		sr := readSurvey(survey, choices, lists, sv, o, &ps)
		if sr.usesChoices && choices == nil {
			ps = append(ps, Problem{Code: CodeMissingSheet, Arg: sheetChoices})
		}
		labels := survey.langs("label")
		if !st.languagesSet {
			sv.Languages = labels
			if len(labels) == 0 {
				sv.Languages = []string{defLang}
			}
			o.set("languages", origin{sheet: survey.sheet, row: 1, column: "label"})
		}
		if !slices.Contains(labels, models.LangSV) {
			noSwedish = true
			ps = append(ps, Problem{Sheet: survey.sheet, Row: 1, Column: survey.textHeader("label", models.LangSV), Code: CodeNoSwedish})
		}
	}
	for _, extra := range []struct {
		name string
		spec sheetSpec
		read func(*table, *models.Survey, *origins)
	}{{sheetIndicators, indicatorsSpec, readIndicators}, {sheetHelp, helpSpec, readHelp}} {
		if t := readTable(sheets[extra.name], extra.spec, defLang, &ps); t != nil {
			o.set(extra.name, origin{sheet: t.sheet})
			extra.read(t, sv, o)
		}
	}
	readPromise(readTable(sheets[sheetPromise], promiseSpec, defLang, &ps), sv, o, &ps)
	readTranslations(readTable(sheets[sheetTranslations], translationsSpec, defLang, &ps), sv, o)

	c := rd.Checker
	if c == nil {
		c = surveys.NewChecker()
	}
	checked := c.Check(sv)
	if noSwedish {
		// One problem says it for every text: without the column, each
		// text would be reported as lacking Swedish.
		checked = slices.DeleteFunc(checked, func(p models.Problem) bool {
			return p.Code == models.CodeMissingTranslation || (p.Path == "languages" && p.Code == models.CodeRequired)
		})
	}
	ps = append(ps, o.fromChecker(checked)...)
	sortProblems(ps)
	return sv, ps
}

// readSheets reads the sheets a form uses, in the order problems are
// listed in.
func readSheets(ctx context.Context, r io.ReaderAt, size int64) (map[string]*sheet, error) {
	wb, err := openWorkbook(ctx, r, size)
	if err != nil {
		return nil, err
	}
	return wb.readSheets(sheetSettings, sheetChoices, sheetSurvey, sheetIndicators, sheetHelp, sheetPromise, sheetTranslations)
}
