// Package demo makes realistic synthetic responses, so a newcomer sees a
// real lägesbild at once and benchmarks have data of the right shape. The
// answers follow each survey's own definition (options, skip logic,
// limits); schools and areas differ a little, so breakdowns show something.
package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"medborgardialog/models"
	"medborgardialog/redact"
)

// Place is where a field session was held: a school of the built-in
// places catalogue, its area, and the grades it teaches.
type Place struct {
	School, Area string
	Grades       []string
	Risk         float64 // 0 calm … 1 troubled: shifts answers towards the later options
}

// Places are sessions at the built-in catalogue's schools; the risk is
// made up, not a statistic about any of them.
var Places = []Place{
	{"norrsatraskolan", "norrsatra", compulsory, 0.55},
	{"bjorksatraskolan", "bjorksatra", compulsory, 0.45},
	{"murgardsskolan", "centrum", compulsory, 0.35},
	{"hedangsskolan", "centrum", compulsory, 0.3},
	{"osterfarnebo-skola", "osterfarnebo", compulsory, 0.1},
	{"goranssonska-skolan", "centrum", []string{"gy1", "gy2", "gy3"}, 0.25},
}

var compulsory = []string{"ak7", "ak8", "ak9"}

var suggestions = []string{
	"Mer ljus i Stadsparken på kvällen.",
	"Fler vuxna ute på helgerna.",
	"Fritidsgården borde ha öppet längre.",
	"Poliser som pratar med oss, inte bara kör förbi.",
	"Tryggare vid Resecentrum, det är stökigt där.",
	"Någon att prata med i skolan som har tid.",
	"Fler aktiviteter som är gratis.",
	"Ring mig om ni vill veta mer 070-123 45 67",
	"Mindre langning vid skolan.",
	"Bättre belysning på gångvägen hem.",
}

// Generator draws responses for one survey.
type Generator struct {
	sv  *models.Survey
	rng *rand.Rand
	// worstFirst marks questions whose first options are the troubled
	// answers ("Stämmer mycket bra" to "I worry about crime").
	worstFirst map[string]bool
}

// NewGenerator draws from a fixed seed, so the same call gives the same data.
func NewGenerator(sv *models.Survey, seed uint64) *Generator {
	g := &Generator{sv: sv, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), worstFirst: map[string]bool{}}
	// The indicators say which answers are the troubled ones: where a
	// "lower is better" indicator counts a question's early options, or a
	// "higher is better" one its late options, those come first.
	for _, ind := range sv.Indicators {
		q, ok := sv.Question(ind.Question)
		if !ok || len(ind.Count) == 0 {
			continue
		}
		// Where do the counted answers sit among the ordinary options?
		counted := map[string]bool{}
		for _, v := range ind.Count {
			counted[v] = true
		}
		var sum, hits, n float64
		for _, o := range q.Options {
			if o.Exclude {
				continue
			}
			if counted[o.Value] {
				sum += n
				hits++
			}
			n++
		}
		if hits == 0 {
			continue
		}
		early := sum/hits < (n-1)/2
		g.worstFirst[q.ID] = early == (ind.Better == models.BetterLower)
	}
	return g
}

// Session makes a closed session at a random place, day and grade.
func (g *Generator) Session(from, to time.Time) (*models.Session, Place) {
	p := Places[g.rng.IntN(len(Places))]
	day := from.Add(time.Duration(g.rng.Int64N(int64(to.Sub(from)) + 1)))
	start := time.Date(day.Year(), day.Month(), day.Day(), 8+g.rng.IntN(7), 0, 0, 0, time.UTC)
	closed := start.Add(50 * time.Minute)
	return &models.Session{
		Survey: g.sv.Slug, School: p.School, Grade: p.Grades[g.rng.IntN(len(p.Grades))], Area: p.Area,
		Present: 18 + g.rng.IntN(12), CreatedBy: "demo", CreatedAt: start, ClosesAt: start.Add(90 * time.Minute), ClosedAt: &closed,
	}, p
}

// Response makes one young person's answers within sess.
func (g *Generator) Response(sess *models.Session, place Place) *models.Response {
	r := &models.Response{
		Survey: g.sv.Slug, Version: g.sv.Version, SubmissionID: g.uuid(),
		Session: sess.Code, School: sess.School, Grade: sess.Grade, Area: sess.Area,
		Lang: g.pick([]string{"sv", "sv", "sv", "sv", "sv", "sv", "sv", "en", "ar"}),
		Day:  sess.CreatedAt.Format(time.DateOnly), Answers: g.Answers(place.Risk),
	}
	for _, q := range g.sv.Questions {
		if text, ok := r.Answers[q.ID].(string); ok && q.Type == models.TypeText {
			if clean, changed := redact.Scrub(text); changed {
				r.Answers[q.ID], r.Redacted = clean, true
			}
		}
	}
	return r
}

// Answers draws a normalized answer set (as the answer checker returns it),
// skipping about one question in ten as real respondents do.
func (g *Generator) Answers(risk float64) map[string]any {
	out := make(map[string]any)
	for i := range g.sv.Questions {
		q := &g.sv.Questions[i]
		if !g.shown(q, out) || g.rng.Float64() < 0.08 {
			continue
		}
		switch q.Type {
		case models.TypeSingle, models.TypeScale:
			out[q.ID] = g.option(q, risk)
		case models.TypeMulti:
			if v := g.multi(q, risk); len(v) > 0 {
				out[q.ID] = v
			}
		case models.TypeGrid:
			rows := make(map[string]string, len(q.Rows))
			for _, row := range q.Rows {
				rows[row.Value] = g.option(q, risk*g.rowRisk(row.Value))
			}
			out[q.ID] = rows
		case models.TypeNumber:
			lo, hi := int64(0), int64(100)
			if q.Min != nil {
				lo = *q.Min
			}
			if q.Max != nil {
				hi = *q.Max
			}
			out[q.ID] = lo + g.rng.Int64N(hi-lo+1)
		case models.TypeText:
			if g.rng.Float64() < 0.2 {
				out[q.ID] = g.pick(suggestions)
			}
		}
	}
	return out
}

// rowRisk makes some places of a grid feel less safe than others, as the
// earlier dialogues found (Stadsparken, Resecentrum).
func (g *Generator) rowRisk(row string) float64 {
	switch row {
	case "centrum", "resecentrum":
		return 1.6
	case "skolan", "dar_jag_bor":
		return 0.6
	}
	return 1
}

func (g *Generator) shown(q *models.Question, answered map[string]any) bool {
	if q.ShowIf == nil {
		return true
	}
	switch v := answered[q.ShowIf.Question].(type) {
	case string:
		for _, a := range q.ShowIf.AnyOf {
			if a == v {
				return true
			}
		}
	case []string:
		for _, x := range v {
			for _, a := range q.ShowIf.AnyOf {
				if a == x {
					return true
				}
			}
		}
	}
	return false
}

// option picks an option: the first ones (usually the calm answers) are
// likelier, more so where risk is low; "vet inte"-style options get a
// small, fixed share.
func (g *Generator) option(q *models.Question, risk float64) string {
	weights := make([]float64, len(q.Options))
	var total float64
	n := 0
	for _, o := range q.Options {
		if !o.Exclude {
			n++
		}
	}
	k := 0
	for i, o := range q.Options {
		if o.Exclude {
			weights[i] = 0.04
		} else {
			// A falling curve whose slope flattens with risk.
			pos := float64(k) / float64(max(n-1, 1))
			if g.worstFirst[q.ID] {
				pos = 1 - pos
			}
			weights[i] = 1/(1+pos*6*(1.2-min(risk, 1))) + 0.02
			k++
		}
		total += weights[i]
	}
	x := g.rng.Float64() * total
	for i, w := range weights {
		if x -= w; x < 0 {
			return q.Options[i].Value
		}
	}
	return q.Options[len(q.Options)-1].Value
}

func (g *Generator) multi(q *models.Question, risk float64) []string {
	limit := q.MaxChoices
	if limit == 0 {
		limit = len(q.Options)
	}
	var out []string
	for _, o := range q.Options {
		if len(out) < limit && g.rng.Float64() < 0.25+risk*0.2 {
			out = append(out, o.Value)
		}
	}
	return out
}

func (g *Generator) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// uuid draws a version-4 UUID from the generator's own source, so demo
// data is reproducible.
func (g *Generator) uuid() string {
	var b [16]byte
	for i := range b {
		b[i] = byte(g.rng.Uint32())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
