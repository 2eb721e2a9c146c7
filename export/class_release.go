package export

import (
	"math"

	"medborgardialog/models"
)

// DefaultClassMinCell is the fewest respondents a class release shows
// figures for when the service sets nothing else (DESIGN §5).
const DefaultClassMinCell = 10

// ClassReleaseRequest is what a class release is made from.
type ClassReleaseRequest struct {
	Results *Results       // the session's figures, from Build
	Survey  *models.Survey // the definition the Results were counted with
	// Respondents is the true number of responses of the session. It
	// decides whether figures are shown and is never part of the release.
	Respondents    int
	MinRespondents int    // max(min_cell, class_min), the threshold
	Day            string // the day of the release, YYYY-MM-DD
}

// ClassRelease turns a session's Results into its one release: perturbed
// shares rounded to whole tens of percent, of the ordinary closed
// questions and the indicators over them, with no count and no n. The
// shares of a question whose options are parts of one whole add up to
// exactly 100 % (releasedQuestion); an indicator is one share, rounded on
// its own.
//
// Left out: questions marked sensitive and every question whose show_if
// leads, directly or through other questions, to a sensitive one (its
// share would tell that somebody answered yes); indicators over any of
// those; dimension questions (gender, age, grade, area); number and free
// text questions; and every figure disclosure control hid. Below
// MinRespondents nothing is shown, and the release says only that.
func ClassRelease(req ClassReleaseRequest) *models.ClassRelease {
	rel := &models.ClassRelease{
		Survey: req.Survey.Slug, ReleasedAt: req.Day, MinRespondents: req.MinRespondents,
		Indicators: []models.ReleasedShare{}, Questions: []models.ReleasedQuestion{},
	}
	res := req.Results
	if res == nil || res.Hidden || req.Respondents < req.MinRespondents {
		return rel
	}
	rel.Shown = true
	ok := releasableQuestions(req.Survey)
	for _, ind := range res.Indicators {
		if !ok[ind.Question] || ind.Hidden {
			continue
		}
		rel.Indicators = append(rel.Indicators, models.ReleasedShare{ID: ind.ID, Label: ind.Label, ShareTens: ShareTens(ind.Share.Share)})
	}
	for _, q := range res.Questions {
		if !ok[q.ID] {
			continue
		}
		multi := q.Type == models.TypeMulti
		if q.Type == models.TypeGrid {
			for _, row := range q.Rows {
				if rq, shown := releasedQuestion(q, row.Distribution, multi); shown {
					rq.Row, rq.RowLabel = row.Value, row.Label
					rel.Questions = append(rel.Questions, rq)
				}
			}
			continue
		}
		if rq, shown := releasedQuestion(q, q.Distribution, multi); shown {
			rel.Questions = append(rel.Questions, rq)
		}
	}
	return rel
}

// releasedQuestion is one question (or grid row) of the release. The
// options of a single or scale question or a grid row are parts of one
// whole: their perturbed counts are rounded together (wholeTens), or said
// in words when that cannot show every chosen option above 0 %. A
// multi-choice option, and an option marked exclude, is a share on its
// own (partTens); the exclude option's is of everyone who answered, as in
// the Distribution. A whole with no count above 0 is left out.
func releasedQuestion(q QuestionResult, d Distribution, multi bool) (models.ReleasedQuestion, bool) {
	if d.Hidden || len(d.Options) == 0 {
		return models.ReleasedQuestion{}, false
	}
	rq := models.ReleasedQuestion{ID: q.ID, Text: q.Text, Multi: multi, Whole: !multi, Options: make([]models.ReleasedOption, 0, len(d.Options))}
	var parts []int // the counts of the whole, in option order
	for _, o := range d.Options {
		rq.Options = append(rq.Options, models.ReleasedOption{Value: o.Value, Label: o.Label, Exclude: o.Exclude})
		if !multi && !o.Exclude {
			parts = append(parts, o.Count)
		}
	}
	total := 0
	for _, c := range parts {
		total += c
	}
	if !multi && total == 0 {
		// Nobody gave an answer that counts (all said "vet inte"), or the
		// one or two who did were perturbed to 0: there is no whole to
		// show, and bars all at 0 % beside "40 % svarade vet inte" would
		// say something untrue.
		return models.ReleasedQuestion{}, false
	}
	tens, ok := wholeTens(parts)
	part := 0
	for i, o := range d.Options {
		ro := &rq.Options[i]
		switch {
		case o.Exclude:
			ro.ShareTens = new(partTens(o.Count, d.N))
		case multi:
			ro.ShareTens = new(partTens(o.Count, d.Valid))
		case ok:
			ro.ShareTens = new(tens[part])
			part++
		default:
			ro.Word = shareWord(o.Count, total)
		}
	}
	return rq, true
}

// ShareTens rounds a share in [0, 1] to whole tens of percent: 0, 10, …,
// 100. Halves round up; the tiny offset keeps a share such as 0.35, which
// a float holds as 0.34999…, on the side it is written.
func ShareTens(share float64) int {
	if math.IsNaN(share) || share <= 0 {
		return 0
	}
	if share >= 1 {
		return 100
	}
	return int(math.Floor(share*10+0.5+1e-9)) * 10
}

// releasableQuestions names the questions of sv a class release may
// show: single, multi, scale and grid questions that are no dimension,
// not sensitive and not shown only after an answer to a sensitive
// question, however many show_if steps away.
func releasableQuestions(sv *models.Survey) map[string]bool {
	byID := make(map[string]*models.Question, len(sv.Questions))
	for i := range sv.Questions {
		byID[sv.Questions[i].ID] = &sv.Questions[i]
	}
	// touchesSensitive follows show_if up the chain; seen stops a cycle,
	// which the checker refuses but a stored definition must not hang on.
	touchesSensitive := func(q *models.Question) bool {
		seen := map[string]bool{}
		for q != nil && !seen[q.ID] {
			if q.Sensitive {
				return true
			}
			seen[q.ID] = true
			if q.ShowIf == nil {
				return false
			}
			next, ok := byID[q.ShowIf.Question]
			if !ok {
				return true // a condition on an unknown question: assume the worst
			}
			q = next
		}
		return q != nil // a cycle: assume the worst
	}
	ok := make(map[string]bool, len(sv.Questions))
	for _, q := range byID {
		switch q.Type {
		case models.TypeSingle, models.TypeMulti, models.TypeScale, models.TypeGrid:
		default:
			continue
		}
		if q.Dimension == "" && !touchesSensitive(q) {
			ok[q.ID] = true
		}
	}
	return ok
}
