package xlsform

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"medborgardialog/models"
)

// Problem is one thing wrong with an uploaded workbook, located where the
// author can find it in Excel: the sheet, the row as Excel numbers it and
// the column's header (or its letter where no header applies). A problem
// about the whole file has no sheet; one the checker found that cannot be
// traced to a cell keeps the definition path in Path instead.
type Problem struct {
	Sheet  string `json:"sheet,omitempty"`
	Row    int    `json:"row,omitempty"`
	Column string `json:"column,omitempty"`
	Code   string `json:"code"`
	// Arg is the detail the message names: the unsupported type, the
	// expression, the language, a limit. For problems found by the
	// definition checker it is the checker's own (English) message.
	Arg string `json:"arg,omitempty"`
	// Path is the definition path (questions[3].options[1].value) of a
	// problem found by the definition checker, kept even when it was
	// traced to a cell.
	Path string `json:"path,omitempty"`
	// argSV is Arg in Swedish, for a problem of the definition checker,
	// whose Arg is its English message.
	argSV string
	// alsoSV and alsoEN list, in each language, the other places the same
	// problem was found (mergeRepeats): one cause is reported once.
	alsoSV, alsoEN string
}

// Location says where the problem is, in lang (sv or en; anything else
// gives Swedish): "Blad survey, rad 14, kolumn relevant". It is empty for
// a problem with the whole file.
func (p Problem) Location(lang string) string {
	en := lang == "en"
	var s string
	if p.Sheet != "" {
		s = pick(en, "Sheet ", "Blad ") + p.Sheet
	}
	if p.Row > 0 {
		s = joinLoc(s, pick(en, "row ", "rad ")+fmt.Sprint(p.Row))
	}
	if p.Column != "" {
		s = joinLoc(s, pick(en, "column ", "kolumn ")+p.Column)
	}
	if s == "" && p.Path != "" {
		s = pick(en, "Definition, field ", "Definitionen, fält ") + p.Path
	}
	return s
}

// Text is the location and the message in one line, the way a list of
// problems shows them: "Blad survey, rad 14, kolumn relevant: …".
func (p Problem) Text(lang string) string {
	msg := p.Message(lang)
	if also := pick(lang == "en", p.alsoEN, p.alsoSV); also != "" {
		msg += pick(lang == "en", " The same also at: ", " Samma sak också här: ") + also + "."
	}
	if loc := p.Location(lang); loc != "" {
		return loc + ": " + msg
	}
	return msg
}

// String is the English Text, for logs and test failures.
func (p Problem) String() string { return p.Text("en") }

func pick(en bool, english, swedish string) string {
	if en {
		return english
	}
	return swedish
}

func joinLoc(a, b string) string {
	if a == "" {
		return b
	}
	return a + ", " + b
}

// sheetRank orders problems the way the workbook is read, so a list of
// them reads from the top of the file down.
var sheetRank = map[string]int{
	"": 0, sheetSettings: 1, sheetSurvey: 2, sheetChoices: 3,
	sheetIndicators: 4, sheetHelp: 5, sheetPromise: 6, sheetTranslations: 7,
}

func sortProblems(ps []Problem) {
	rank := func(p Problem) int {
		if p.Sheet == "" && p.Path != "" {
			return 100 // untraced definition problems last
		}
		if r, ok := sheetRank[strings.ToLower(strings.TrimSpace(p.Sheet))]; ok {
			return r
		}
		return 50
	}
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Row, b.Row))
	})
}

// maxProblems caps the list: a hostile or badly broken file must not make
// the reply as large as the file.
const maxProblems = 300

// mergeRepeats reports one cause once. Two questions sharing a list make
// the same problem at the same choices cell: it is kept once. A misspelt
// choice name referred to from a relevant, an indicator's count and its
// exclude, or a list that is missing and used by four questions, makes
// the same problem at each place that refers to it; the author fixes it
// once, so the first keeps its place and names the others. Other problems
// with the same words (a missing translation, say) are different causes
// at different texts, and each is kept. ps is sorted, so the first is the
// one highest in the file.
func mergeRepeats(ps []Problem) []Problem {
	type cause struct{ code, arg, argSV string }
	type place struct {
		cause
		sheet, column string
		row           int
	}
	first := map[cause]int{}
	seen := map[place]bool{}
	others := map[int][]Problem{}
	out := ps[:0:0]
	for _, p := range ps {
		c := cause{p.Code, p.Arg, p.argSV}
		at := place{c, p.Sheet, p.Column, p.Row}
		if seen[at] && p.Sheet != "" {
			continue
		}
		seen[at] = true
		if i, ok := first[c]; ok && isReference(p.Code) {
			others[i] = append(others[i], p)
			continue
		}
		first[c] = len(out)
		out = append(out, p)
	}
	for i, more := range others {
		sv, en := make([]string, 0, len(more)), make([]string, 0, len(more))
		for _, p := range more {
			sv = append(sv, p.Location(models.LangSV))
			en = append(en, p.Location(models.LangEN))
		}
		out[i].alsoSV, out[i].alsoEN = strings.Join(sv, "; "), strings.Join(en, "; ")
	}
	return out
}

// isReference reports whether problems of code name something that is
// missing, so that the same words at two places have one cause.
func isReference(code string) bool {
	return code == CodeUnknownList || code == CodeCheckPrefix+models.CodeUnknownReference
}

func capProblems(ps []Problem) []Problem {
	return models.CapProblems(ps, maxProblems, func(left int) Problem {
		return Problem{Code: CodeTooManyProblems, Arg: fmt.Sprint(left)}
	})
}
