package export

import (
	"math/rand/v2"
	"strconv"

	"medborgardialog/models"
)

func ptr[T any](v T) *T { return &v }

func opts(values ...string) []models.Option {
	out := make([]models.Option, len(values))
	for i, v := range values {
		ex := false
		if v[0] == '!' { // "!vet_inte": an option marked exclude
			v, ex = v[1:], true
		}
		out[i] = models.Option{Value: v, Label: models.Text{"sv": "L " + v}, Exclude: ex}
	}
	return out
}

// testSurvey has one question of every kind the Tally treats differently.
func testSurvey() *models.Survey {
	return &models.Survey{
		Slug: "test-2024", Version: 2, Wave: "2024",
		Questions: []models.Question{
			{ID: "kon", Type: models.TypeSingle, Dimension: models.DimGender, Options: opts("tjej", "kille", "annat", "!vill_inte_svara")},
			{ID: "alder", Type: models.TypeNumber, Dimension: models.DimAge, Min: ptr[int64](12), Max: ptr[int64](19)},
			{ID: "arskurs", Type: models.TypeSingle, Dimension: models.DimGrade, Options: opts("ak7", "ak8", "ak9")},
			{ID: "omrade", Type: models.TypeSingle, Dimension: models.DimArea, Options: opts("norr", "soder", "!vill_inte_svara")},
			{ID: "trygg", Type: models.TypeScale, Options: opts("mycket_trygg", "ganska_trygg", "ganska_otrygg", "mycket_otrygg", "!gar_inte_ut", "!vet_inte")},
			{ID: "platser", Type: models.TypeGrid, Options: opts("trygg", "otrygg", "!vet_inte"),
				Rows: []models.Row{{Value: "skolan"}, {Value: "centrum"}, {Value: "bussen"}}},
			{ID: "var", Type: models.TypeMulti, Options: opts("skolan", "natet", "ute", "!vill_inte")},
			{ID: "timmar", Type: models.TypeNumber, Min: ptr[int64](0), Max: ptr[int64](24)},
			{ID: "forslag", Type: models.TypeText},
		},
		Indicators: []models.Indicator{
			// vet_inte is left out because its option is marked exclude,
			// gar_inte_ut because the indicator says so (it is marked too).
			{ID: "otrygg", Question: "trygg", Count: []string{"ganska_otrygg", "mycket_otrygg"}, Exclude: []string{"gar_inte_ut"}, Better: models.BetterLower},
			{ID: "otrygg_centrum", Question: "platser", Row: "centrum", Count: []string{"otrygg"}, Better: models.BetterLower},
			// Counting an option marked exclude: it counts, in both parts.
			{ID: "vet_inte", Question: "trygg", Count: []string{"vet_inte"}, Better: models.BetterLower},
			{ID: "trygg_alls", Question: "trygg", Count: []string{"mycket_trygg", "ganska_trygg"}, Exclude: []string{"mycket_otrygg"}, Better: models.BetterHigher},
			// Broken references must not break the rest.
			{ID: "trasig", Question: "finns_inte", Count: []string{"ja"}, Better: models.BetterLower},
			{ID: "fel_rad", Question: "platser", Row: "finns_inte", Count: []string{"trygg"}, Better: models.BetterLower},
		},
	}
}

// A case is one generated response: the stored shape the Tally reads, and
// the canonical answers that a correct reading must arrive at. Junk that
// must be ignored (unknown options, wrong types, unknown rows, repeats) is
// only in the stored shape.
type genCase struct {
	resp  *models.Response
	canon map[string]any // string, []string (distinct), map[string]string, int64
}

func pick[T any](rng *rand.Rand, xs ...T) T { return xs[rng.IntN(len(xs))] }

func optionValues(q *models.Question) []string {
	var vs []string
	for _, o := range q.Options {
		vs = append(vs, o.Value)
	}
	return vs
}

func generate(sv *models.Survey, n int, seed uint64) []genCase {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]genCase, n)
	for i := range out {
		r := &models.Response{Survey: sv.Slug, Version: sv.Version, Answers: map[string]any{"extra": "ignored"}}
		canon := map[string]any{}
		if rng.IntN(10) < 4 {
			r.Session = pick(rng, "ABC234", "XYZ789", "KLM456")
			r.School = pick(rng, "Skola A", "Skola B", "Skola 10", "")
			r.Grade = pick(rng, "ak8", "8", "", "")
			r.Area = pick(rng, "norr", "Storvik", "")
		}
		for qi := range sv.Questions {
			q := &sv.Questions[qi]
			if rng.IntN(10) == 0 {
				continue // not answered
			}
			switch q.Type {
			case models.TypeSingle, models.TypeScale:
				switch rng.IntN(20) {
				case 0:
					r.Answers[q.ID] = "no_such_option"
				case 1:
					r.Answers[q.ID] = int32(2)
				case 2:
					r.Answers[q.ID] = ""
				default:
					v := pick(rng, optionValues(q)...)
					r.Answers[q.ID] = v
					canon[q.ID] = v
				}
			case models.TypeMulti:
				var stored []string
				seen := map[string]bool{}
				var chosen []string
				for _, v := range optionValues(q) {
					if rng.IntN(3) == 0 {
						stored = append(stored, v)
						if rng.IntN(4) == 0 {
							stored = append(stored, v) // a repeat counts once
						}
						if !seen[v] {
							seen[v] = true
							chosen = append(chosen, v)
						}
					}
				}
				if rng.IntN(6) == 0 {
					stored = append(stored, "no_such_option")
				}
				if len(chosen) > 0 {
					canon[q.ID] = chosen
				}
				switch rng.IntN(3) {
				case 0:
					r.Answers[q.ID] = stored
				case 1:
					a := make([]any, 0, len(stored)+1)
					for _, s := range stored {
						a = append(a, s)
					}
					r.Answers[q.ID] = append(a, 42) // a non-string is skipped
				default:
					a := make(bsonA, 0, len(stored))
					for _, s := range stored {
						a = append(a, s)
					}
					r.Answers[q.ID] = a
				}
			case models.TypeGrid:
				rows := map[string]string{}
				stored := map[string]any{}
				for _, row := range q.Rows {
					switch rng.IntN(8) {
					case 0: // row skipped
					case 1:
						stored[row.Value] = "no_such_option"
					default:
						v := pick(rng, optionValues(q)...)
						rows[row.Value] = v
						stored[row.Value] = v
					}
				}
				stored["no_such_row"] = "trygg"
				if len(rows) > 0 {
					canon[q.ID] = rows
				}
				switch rng.IntN(4) {
				case 0:
					ss := map[string]string{}
					for k, v := range stored {
						ss[k] = v.(string)
					}
					r.Answers[q.ID] = ss
				case 1:
					r.Answers[q.ID] = stored
				case 2:
					r.Answers[q.ID] = bsonM(stored)
				default:
					var d bsonD
					for _, row := range q.Rows {
						if v, ok := stored[row.Value]; ok {
							d = append(d, bsonE{row.Value, v})
						}
					}
					r.Answers[q.ID] = append(d, bsonE{"no_such_row", "trygg"})
				}
			case models.TypeNumber:
				n := *q.Min - 1 + int64(rng.IntN(int(*q.Max-*q.Min)+3)) // one either side of the range
				if q.Dimension == "" || n >= *q.Min && n <= *q.Max {
					canon[q.ID] = n
				}
				switch rng.IntN(5) {
				case 0:
					r.Answers[q.ID] = int32(n)
				case 1:
					r.Answers[q.ID] = int(n)
				case 2:
					r.Answers[q.ID] = float64(n)
				case 3:
					r.Answers[q.ID] = strconv.FormatInt(n, 10) // not a number answer
					delete(canon, q.ID)
				default:
					r.Answers[q.ID] = n
				}
			case models.TypeText:
				switch rng.IntN(4) {
				case 0:
					r.Answers[q.ID] = "   "
				case 1:
					r.Answers[q.ID] = 12
				default:
					r.Answers[q.ID] = "mer ljus i parken"
					canon[q.ID] = "mer ljus i parken"
				}
			}
		}
		out[i] = genCase{resp: r, canon: canon}
	}
	return out
}
