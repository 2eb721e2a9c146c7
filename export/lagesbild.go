package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"time"

	"medborgardialog/disclosure"
	"medborgardialog/models"
)

// Source gives responses one at a time; the store's cursor is one.
type Source interface {
	EachResponse(ctx context.Context, f models.ResponseFilter, fn func(*models.Response) error) error
}

// Request says which lägesbild to build.
type Request struct {
	Survey   *models.Survey
	Baseline *models.Survey // the compare_with wave, or nil
	// Followup asks for the whole series as well (BuildSeries), and the
	// Uppföljning sheet in the workbook. Earlier are the series' earlier
	// waves, oldest first (followup.Chain less its last); the last of them
	// is then the baseline and Baseline is not used. Outside are the
	// outside figures loaded for the series, Plan the promise's plan.
	Followup bool
	Earlier  []*models.Survey
	Outside  []models.OutsideFigure
	Plan     *models.Plan
	// Places is the deployment's catalogue: session values it does not
	// know count as not known, and schools are named. Nil keeps every
	// session value as a group of its own.
	Places *models.Places
	// Filter names at most two groups of area, school, grade, gender and
	// age (disclosure.Prepare); a session is no filter of figures.
	Filter models.ResponseFilter
	// Class, when set, is the join code of the one session a class's
	// release counts (disclosure.ClassQuery, export.ClassRelease): Filter
	// then names no group, and there is no breakdown, baseline or series.
	Class   string
	MinCell int // the service's configured min_cell; the survey may raise it
	// Exclusions go to the workbook's Metod sheet as they are; src
	// already leaves the excluded responses out.
	Exclusions []Exclusion
	// Publication names the publication counted from, for the workbook.
	Publication string
}

// Build counts the survey's responses with c, applies disclosure control
// and, when a baseline wave is given,
// compares the indicators with the same filters applied to it. The filter
// passes disclosure.Prepare first: a filter outside the query space is
// refused (a *disclosure.QueryError), and breakdowns, free text and an
// exact total are only given where the query space allows them. A class's
// release (req.Class) counts through disclosure.ClassQuery instead.
func Build(ctx context.Context, c Counter, req Request) (*Results, error) {
	req.Followup = false
	res, _, err := build(ctx, c, req)
	return res, err
}

// BuildSeries is Build for the latest wave of a series (req.Survey, with
// req.Earlier before it) that also counts every earlier wave through the
// same query space and disclosure control, and
// assembles the series: every indicator across all waves, with outside
// figures among them and breaks marked.
func BuildSeries(ctx context.Context, c Counter, req Request) (*Results, *models.Series, error) {
	req.Followup = true
	return build(ctx, c, req)
}

func build(ctx context.Context, c Counter, req Request) (*Results, *models.Series, error) {
	q, err := prepareRequest(req)
	if err != nil {
		return nil, nil, err
	}
	waves := []*models.Survey{req.Baseline}
	if req.Followup {
		waves = req.Earlier
	}
	waves = slices.DeleteFunc(slices.Clone(waves), func(sv *models.Survey) bool { return sv == nil })
	// The survey itself first, so that its error is the one reported.
	counted, err := tallyWaves(ctx, c, append([]*models.Survey{req.Survey}, waves...), q, req)
	if err != nil {
		return nil, nil, err
	}
	res, results := counted[0], counted[1:]
	if n := len(results); n > 0 {
		Compare(res, results[n-1])
		markBreaks(res, req.Survey, waves[len(waves)-1])
	}
	if !req.Followup {
		return res, nil, nil
	}
	chain := append(slices.Clone(req.Earlier), req.Survey)
	return res, SeriesOf(chain, append(results, res), req.Outside, len(FiltersOf(q.Filter)) > 0), nil
}

// prepare is disclosure.Prepare with its refusal as an invalid-input
// error, which every caller shows as such (422, or the CLI's message).
func prepare(f models.ResponseFilter) (disclosure.Query, error) {
	q, err := disclosure.Prepare(f)
	if err != nil {
		return q, &models.Error{Code: models.ErrInvalid, Message: err.Error(), Cause: err}
	}
	return q, nil
}

// prepareRequest is the query req counts through: a class's own release
// (Class), which stands alone, or the lägesbild's filter.
func prepareRequest(req Request) (disclosure.Query, error) {
	if req.Class == "" {
		return prepare(req.Filter)
	}
	if len(disclosure.FilterDimensions(req.Filter)) > 0 || req.Filter.Session != "" || req.Followup || req.Baseline != nil {
		return disclosure.Query{}, models.Errorf(models.ErrInternal, "a class release of %s counts its session alone", req.Class)
	}
	return disclosure.ClassQuery(req.Survey.Slug, req.Class), nil
}

// tallyWaves counts each of the surveys through q, the waves at the same
// time: counting from memory is work for the processor alone, and a view
// with its comparison wave then takes the time of one wave on two cores.
func tallyWaves(ctx context.Context, c Counter, svs []*models.Survey, q disclosure.Query, req Request) ([]*Results, error) {
	out := make([]*Results, len(svs))
	errs := make([]error, len(svs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, sv := range svs {
		wq := q
		wq.Filter.Survey = sv.Slug
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i], errs[i] = tallySurvey(ctx, c, sv, wq, EffectiveMinCell(sv, req.MinCell), req.Places)
		})
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

func tallySurvey(ctx context.Context, c Counter, sv *models.Survey, q disclosure.Query, mc int, places *models.Places) (*Results, error) {
	t := NewTally(sv).WithPlaces(places)
	if !q.Breakdowns {
		t.WithoutBreakdowns()
	}
	if q.Exact {
		t.WithExactTotal()
	}
	f := q.Filter
	f.Survey = sv.Slug
	if err := c.Count(ctx, t, f); err != nil {
		return nil, fmt.Errorf("export: count %s: %w", sv.Slug, err)
	}
	return t.Results(mc), nil
}

// Workbook says how to write a lägesbild workbook.
type Workbook struct {
	Lang    string // "sv" or "en"
	Version string
	TempDir string // where free text is spooled; "" means the system's
	Now     time.Time
}

// WriteLagesbild counts the figures with c and, where free text may be
// released, reads it from texts, then writes the workbook to w. Memory
// stays flat however many responses there are: texts are spooled to
// temporary files, never held.
func WriteLagesbild(ctx context.Context, c Counter, texts TextSource, req Request, w io.Writer, wb Workbook) (*Results, error) {
	q, err := prepareRequest(req)
	if err != nil {
		return nil, err
	}
	var spool *TextSpool
	if q.FreeText {
		if spool, err = spoolTexts(ctx, texts, req, wb.TempDir); err != nil {
			return nil, err
		}
		defer spool.Close()
	}
	res, series, err := build(ctx, c, req)
	if err != nil {
		return nil, err
	}
	var fu *Followup
	if series != nil {
		fu = &Followup{Series: series, Plan: req.Plan}
	}
	err = WriteWorkbook(w, WorkbookInput{
		Survey: req.Survey, Results: res, Filters: FiltersOf(req.Filter), Lang: wb.Lang,
		Generated: wb.Now, Version: wb.Version, Texts: spool, TextsFiltered: !q.FreeText, Followup: fu,
		Exclusions: req.Exclusions, Publication: req.Publication, Schools: schoolNames(req.Places),
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// schoolNames are the names of the schools in places, active or not: a
// free text may name a school that has closed since.
func schoolNames(places *models.Places) []string {
	if places == nil {
		return nil
	}
	names := make([]string, 0, len(places.Schools))
	for _, s := range places.Schools {
		names = append(names, s.Name)
	}
	return names
}

// spoolTexts reads the free text of the survey into a TextSpool: the one
// part of the workbook the in-memory columns do not hold.
func spoolTexts(ctx context.Context, src TextSource, req Request, dir string) (*TextSpool, error) {
	spool, err := NewTextSpool(req.Survey, dir)
	if err != nil {
		return nil, err
	}
	if err := src.EachText(ctx, req.Survey.Slug, spool.AddText); err != nil {
		spool.Close()
		return nil, fmt.Errorf("export: read free text of %s: %w", req.Survey.Slug, err)
	}
	return spool, nil
}

// FiltersOf lists the filters that were set, for the Översikt and Metod
// sheets, links and the audit log: the dimensions of the query space, by
// their names (disclosure.Dimensions).
func FiltersOf(f models.ResponseFilter) []Filter {
	var out []Filter
	for _, kv := range [][2]string{{disclosure.DimArea, f.Area}, {disclosure.DimSchool, f.School},
		{disclosure.DimGrade, f.Grade}, {disclosure.DimGender, f.Gender}, {disclosure.DimAge, f.Age}} {
		if kv[1] != "" {
			out = append(out, Filter{Name: kv[0], Value: kv[1]})
		}
	}
	return out
}
