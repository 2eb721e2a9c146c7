package export

import (
	"context"
	"fmt"
	"io"
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
	Filter   models.ResponseFilter
	MinCell  int       // the service's configured min_cell; the survey may raise it
	Texts    Collector // when set, gets every response too (free text for the workbook)
	// Progress, when set, is called every 1000 responses with the count
	// so far (the CLI draws a progress bar with it).
	Progress func(n int)
}

// Build counts the survey's responses in one pass over src (constant
// memory), applies disclosure control and, when a baseline wave is given,
// compares the indicators with the same filters applied to it. The filter
// passes disclosure.Prepare first: dates snap to whole months, a filter
// outside the query space is refused (a *disclosure.QueryError), and
// breakdowns, free text and an exact total are only given where the query
// space allows them.
func Build(ctx context.Context, src Source, req Request) (*Results, error) {
	q, err := prepare(req.Filter)
	if err != nil {
		return nil, err
	}
	if !q.FreeText {
		req.Texts = nil
	}
	mc := EffectiveMinCell(req.Survey, req.MinCell)
	res, err := tallySurvey(ctx, src, req.Survey, q, mc, req.Texts, req.Progress)
	if err != nil {
		return nil, err
	}
	if req.Baseline != nil {
		bq := q
		bq.Filter.Survey = req.Baseline.Slug
		base, err := tallySurvey(ctx, src, req.Baseline, bq, EffectiveMinCell(req.Baseline, req.MinCell), nil, nil)
		if err != nil {
			return nil, err
		}
		Compare(res, base)
	}
	return res, nil
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

// Collector is anything else that wants each response of the pass.
type Collector interface {
	Add(r *models.Response)
}

func tallySurvey(ctx context.Context, src Source, sv *models.Survey, q disclosure.Query, mc int, texts Collector, progress func(int)) (*Results, error) {
	t := NewTally(sv)
	if !q.Breakdowns {
		t.WithoutBreakdowns()
	}
	if q.Exact {
		t.WithExactTotal()
	}
	f := q.Filter
	f.Survey = sv.Slug
	err := src.EachResponse(ctx, f, func(r *models.Response) error {
		t.Add(r)
		if texts != nil {
			texts.Add(r)
		}
		if progress != nil && t.N()%1000 == 0 {
			progress(t.N())
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("export: count %s: %w", sv.Slug, err)
	}
	if progress != nil {
		progress(t.N())
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

// WriteLagesbild counts the figures and collects the free text in one pass
// over src, then writes the workbook to w. Memory stays flat however many
// responses there are: counts live in the Tally, texts in temporary files.
func WriteLagesbild(ctx context.Context, src Source, req Request, w io.Writer, wb Workbook) (*Results, error) {
	q, err := prepare(req.Filter)
	if err != nil {
		return nil, err
	}
	req.Filter = q.Filter
	var texts *TextSpool
	if q.FreeText {
		if texts, err = NewTextSpool(req.Survey, wb.TempDir); err != nil {
			return nil, err
		}
		defer texts.Close()
		req.Texts = texts
	}
	res, err := Build(ctx, src, req)
	if err != nil {
		return nil, err
	}
	err = WriteWorkbook(w, WorkbookInput{
		Survey: req.Survey, Results: res, Filters: FiltersOf(req.Filter), Lang: wb.Lang,
		Generated: wb.Now, Version: wb.Version, Texts: texts, TextsFiltered: !q.FreeText,
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// FiltersOf lists the filters that were set, for the Översikt and Metod
// sheets.
func FiltersOf(f models.ResponseFilter) []Filter {
	var out []Filter
	for _, kv := range [][2]string{{"from", f.From}, {"to", f.To}, {"area", f.Area}, {"school", f.School},
		{"grade", f.Grade}, {"session", f.Session}, {"response_lang", f.ResponseLang}} {
		if kv[1] != "" {
			out = append(out, Filter{Name: kv[0], Value: kv[1]})
		}
	}
	return out
}
