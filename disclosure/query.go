package disclosure

import (
	"strings"

	"medborgardialog/models"
)

// MaxDimensions is how many of the dimensions below one figure may
// combine, counting filters and the breakdown together. "Skola A" by
// gender, or "Skola A, årskurs 8", is allowed; "Skola A, årskurs 8, by
// gender" is not. Each extra dimension multiplies the number of distinct
// groups an analyst can ask about, and with it the chance that two of them
// differ by a pupil or two whose noise could be averaged away.
const MaxDimensions = 2

// The dimensions a figure can be restricted by, each as a filter and as a
// breakdown, and meaning the same people either way (export's breakdown
// rule): area and grade are the session's value, else the young person's
// own answer to the survey's question of that dimension; school is the
// session's value only (schools are never asked); gender and age are the
// young person's own answer.
//
// There is no date, session or answering-language dimension: figures come
// per publication and per wave, and the number answering in each
// language is given once, for the whole survey. Each of those would be
// one more way of cutting a class into groups whose differences are one
// or two pupils.
const (
	DimArea   = models.DimArea
	DimSchool = "school"
	DimGrade  = models.DimGrade
	DimGender = models.DimGender
	DimAge    = models.DimAge
)

// Dimensions lists every dimension of a figure, in the order filters and
// breakdowns are shown (DESIGN §6).
var Dimensions = []string{DimArea, DimSchool, DimGrade, DimGender, DimAge}

// FilterDimensions lists the dimensions filter f restricts, in the order
// of Dimensions.
func FilterDimensions(f models.ResponseFilter) []string {
	var dims []string
	for _, d := range []struct {
		name string
		set  bool
	}{
		{DimArea, f.Area != ""}, {DimSchool, f.School != ""}, {DimGrade, f.Grade != ""},
		{DimGender, f.Gender != ""}, {DimAge, f.Age != ""},
	} {
		if d.set {
			dims = append(dims, d.name)
		}
	}
	return dims
}

// QueryError is a filter outside the query space. Dimensions are the ones
// it combined; Message is in English for logs and the CLI, and handlers
// say it in the user's language from Code.
type QueryError struct {
	Code       string
	Dimensions []string
}

// Codes of QueryError.
const (
	CodeTooManyDimensions = "too_many_dimensions"
	// CodeNotAFilter is a restriction that is no dimension of a figure:
	// one session (only a class's own release counts one, ClassQuery).
	CodeNotAFilter = "not_a_filter"
)

func (e *QueryError) Error() string {
	if e.Code == CodeNotAFilter {
		return "disclosure: figures come per publication and per wave, not per date, session or answering language; asked for " + strings.Join(e.Dimensions, ", ")
	}
	return "disclosure: a figure may combine at most 2 of area, school, grade, gender and age; asked for " + strings.Join(e.Dimensions, ", ")
}

// Query is a filter made ready for counting, checked against the query
// space.
type Query struct {
	Filter models.ResponseFilter
	// Breakdowns is whether the figures may be broken down by one more
	// dimension: only while the filter uses fewer than MaxDimensions.
	Breakdowns bool
	// FreeText is whether free text may be released: only for a whole
	// survey, with no filter, grouped by question. A text is one person's
	// words, so the difference of two filtered sets of texts is the texts
	// of the few respondents in between, verbatim; no noise can hide that.
	FreeText bool
	// Exact is whether the whole survey is counted with no filter: its
	// total number of responses may be shown as it is, the one count every
	// participant could be told anyway, and so may the once-per-survey
	// figures (sessions, respondents per answering language, perturbed).
	Exact bool
}

// Prepare checks f against the query space. Every view calls it before
// counting; export.Build calls it again, so nothing counts around it.
func Prepare(f models.ResponseFilter) (Query, error) {
	if f.Session != "" {
		return Query{}, &QueryError{Code: CodeNotAFilter, Dimensions: []string{"session"}}
	}
	dims := FilterDimensions(f)
	if len(dims) > MaxDimensions {
		return Query{}, &QueryError{Code: CodeTooManyDimensions, Dimensions: dims}
	}
	return Query{Filter: f, Breakdowns: len(dims) < MaxDimensions, FreeText: len(dims) == 0, Exact: len(dims) == 0}, nil
}

// ClassQuery is the count behind a class's one release (DESIGN §5): the
// responses of one session of survey, with no breakdown, no free text and
// no exact total. It is no figure of the lägesbild: the release shows only
// perturbed shares rounded to tens of percent, once, frozen, and only for
// a class of at least the class threshold.
func ClassQuery(survey, session string) Query {
	return Query{Filter: models.ResponseFilter{Survey: survey, Session: session}}
}
