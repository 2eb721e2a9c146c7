package xlsform

import (
	"fmt"
	"io"
	"slices"

	"github.com/xuri/excelize/v2"

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
func Read(r io.ReaderAt, size int64) (*models.Survey, []Problem) {
	var rd Reader
	return rd.Read(r, size)
}

// Read imports a survey definition from an XLSForm workbook of size
// bytes. It lists every problem found, by sheet, row and column, including
// those of the definition checker (surveys.Checker), so the definition is
// fit to store exactly when the list is empty.
//
// A file that is too large, not an .xlsx, a zip bomb, or holds macros or
// formulas is refused before any cell is read: the survey is then nil.
// Otherwise the survey is what could be read, for a preview beside the
// problems; it is not fit to store while there are problems.
func (rd *Reader) Read(r io.ReaderAt, size int64) (sv *models.Survey, ps []Problem) {
	defer func() {
		// The workbook is hostile input parsed by a large library; a
		// malformed one is refused, never a crash of the request.
		if v := recover(); v != nil {
			sv, ps = nil, []Problem{{Code: CodeUnreadable, Arg: fmt.Sprint(v)}}
		}
	}()
	maxSize := rd.MaxSize
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	if ps := precheck(r, size, maxSize); len(ps) > 0 {
		sortProblems(ps)
		return nil, ps
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit:    maxUnpacked,
		UnzipXMLSizeLimit: maxUnpacked, // keeps every sheet in memory: no spill files
	})
	if err != nil {
		return nil, []Problem{{Code: CodeUnreadable, Arg: err.Error()}}
	}
	defer f.Close()

	sv = &models.Survey{}
	o := newOrigins()
	defLang := defaultLanguage(f, &ps)
	st := readSettings(readTable(f, sheetSettings, settingsSpec, defLang, &ps), sv, o, &ps)
	choices := readTable(f, sheetChoices, choicesSpec, defLang, &ps)
	lists := readChoices(choices, &ps)
	survey := readTable(f, sheetSurvey, surveySpec, defLang, &ps)
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
		if t := readTable(f, extra.name, extra.spec, defLang, &ps); t != nil {
			o.set(extra.name, origin{sheet: t.sheet})
			extra.read(t, sv, o)
		}
	}
	readPromise(readTable(f, sheetPromise, promiseSpec, defLang, &ps), sv, o, &ps)

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
	return sv, capProblems(ps)
}
