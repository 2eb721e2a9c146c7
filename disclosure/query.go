package disclosure

import (
	"strings"
	"time"

	"medborgardialog/models"
)

// MaxDimensions is how many of the dimensions below one figure may
// combine, counting filters and the breakdown together. "Skola A" by
// gender, or "Skola A, årskurs 8", is allowed; "Skola A, årskurs 8, by
// gender" is not. Each extra dimension multiplies the number of distinct
// groups an analyst can ask about, and with it the chance that two of them
// differ by a pupil or two whose noise could be averaged away.
const MaxDimensions = 2

// The dimensions a figure can be restricted by. Gender and age are only
// breakdowns; session, respondents' language and month only filters.
const (
	DimArea     = models.DimArea
	DimSchool   = "school"
	DimGrade    = models.DimGrade
	DimGender   = models.DimGender
	DimAge      = models.DimAge
	DimSession  = "session"
	DimLanguage = "response_lang"
	DimMonth    = "month"
)

// FilterDimensions lists the dimensions filter f restricts, in a fixed
// order. Any date restriction is the month dimension.
func FilterDimensions(f models.ResponseFilter) []string {
	var dims []string
	for _, d := range []struct {
		name string
		set  bool
	}{
		{DimArea, f.Area != ""}, {DimSchool, f.School != ""}, {DimGrade, f.Grade != ""},
		{DimSession, f.Session != ""}, {DimLanguage, f.ResponseLang != ""}, {DimMonth, f.From != "" || f.To != ""},
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
	CodeBadDate           = "bad_date"
)

func (e *QueryError) Error() string {
	if e.Code == CodeBadDate {
		return "disclosure: a date filter must be a day, YYYY-MM-DD"
	}
	return "disclosure: a figure may combine at most 2 of area, school, grade, gender, age, session, response language and month; asked for " + strings.Join(e.Dimensions, ", ")
}

// Query is a filter made ready for counting: dates snapped to whole
// months, checked against the query space.
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
	// Exact is whether the total number of responses may be shown as it is:
	// only for a whole survey with no filter, the one count every
	// participant could be told anyway.
	Exact bool
}

// Prepare snaps f's dates to whole calendar months (from to the first day
// of its month, to to the last) and checks it against the query space.
// Every view calls it before counting; export.Build calls it again, so
// nothing counts around it.
func Prepare(f models.ResponseFilter) (Query, error) {
	var err error
	if f.From, err = snap(f.From, false); err != nil {
		return Query{}, err
	}
	if f.To, err = snap(f.To, true); err != nil {
		return Query{}, err
	}
	dims := FilterDimensions(f)
	if len(dims) > MaxDimensions {
		return Query{}, &QueryError{Code: CodeTooManyDimensions, Dimensions: dims}
	}
	return Query{Filter: f, Breakdowns: len(dims) < MaxDimensions, FreeText: len(dims) == 0, Exact: len(dims) == 0}, nil
}

// snap moves a day to the first (or last) day of its month. A week-wide
// window could be slid a day at a time to single out the respondents of
// one day; month boundaries give every analyst the same few windows.
func snap(day string, end bool) (string, error) {
	if day == "" {
		return "", nil
	}
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return "", &QueryError{Code: CodeBadDate}
	}
	t = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	if end {
		t = t.AddDate(0, 1, -1)
	}
	return t.Format(time.DateOnly), nil
}
