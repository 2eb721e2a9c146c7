package export

import (
	"math/rand/v2"
	"os"
	"testing"

	"medborgardialog/models"
	"medborgardialog/surveys"
)

func builtinSurvey(tb testing.TB) *models.Survey {
	tb.Helper()
	data, err := os.ReadFile("../surveys/builtin/ungdomsdialog-2023.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	sv, err := surveys.Parse(data)
	if err != nil {
		tb.Fatal(err)
	}
	return sv
}

// driverShaped makes n responses to sv shaped the way mongo-driver v2
// decodes them (bson.A for multi, bson.D for grid, int64 numbers), spread
// over sessions, schools, grades and areas.
func driverShaped(sv *models.Survey, n int) []*models.Response {
	rng := rand.New(rand.NewPCG(42, 42))
	schools := []string{"Alléskolan", "Björksätraskolan", "Norrsätraskolan", "Murgårdsskolan", "Storviks skola", "Järbo skola", "Göranssonska skolan"}
	out := make([]*models.Response, n)
	for i := range out {
		r := &models.Response{Survey: sv.Slug, Version: sv.Version, Lang: "sv", Day: "2023-10-12", Answers: map[string]any{}}
		if rng.IntN(3) > 0 {
			r.Session = string(rune('A'+rng.IntN(26))) + "BC234"
			r.School = schools[rng.IntN(len(schools))]
			r.Grade = []string{"ak7", "ak8", "ak9"}[rng.IntN(3)]
		}
		for qi := range sv.Questions {
			q := &sv.Questions[qi]
			if rng.IntN(12) == 0 {
				continue
			}
			switch q.Type {
			case models.TypeSingle, models.TypeScale:
				r.Answers[q.ID] = q.Options[rng.IntN(len(q.Options))].Value
			case models.TypeMulti:
				var a bsonA
				for _, o := range q.Options {
					if rng.IntN(4) == 0 {
						a = append(a, o.Value)
					}
				}
				if len(a) > 0 {
					r.Answers[q.ID] = a
				}
			case models.TypeGrid:
				var d bsonD
				for _, row := range q.Rows {
					d = append(d, bsonE{row.Value, q.Options[rng.IntN(len(q.Options))].Value})
				}
				r.Answers[q.ID] = d
			case models.TypeNumber:
				r.Answers[q.ID] = *q.Min + int64(rng.IntN(int(*q.Max-*q.Min)+1))
			case models.TypeText:
				if rng.IntN(4) == 0 {
					r.Answers[q.ID] = "mer vuxna ute på kvällarna"
				}
			}
		}
		out[i] = r
	}
	return out
}

// TestAddDoesNotAllocate pins the constant-memory promise: once every
// session value has been seen, adding a response allocates nothing.
func TestAddDoesNotAllocate(t *testing.T) {
	sv := builtinSurvey(t)
	resps := driverShaped(sv, 500)
	tally := NewTally(sv)
	for _, r := range resps {
		tally.Add(r)
	}
	i := 0
	allocs := testing.AllocsPerRun(2000, func() {
		tally.Add(resps[i%len(resps)])
		i++
	})
	if allocs != 0 {
		t.Errorf("Add allocates %.2f times per response, want 0", allocs)
	}
}

// BenchmarkTally measures the engine alone on the built-in survey: Add is
// one response, 100k a whole lägesbild of 100,000 responses from a fresh
// Tally to disclosure-controlled Results.
func BenchmarkTally(b *testing.B) {
	sv := builtinSurvey(b)
	resps := driverShaped(sv, 1000)
	b.Run("Add", func(b *testing.B) {
		tally := NewTally(sv)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			tally.Add(resps[i%len(resps)])
			i++
		}
	})
	b.Run("100k", func(b *testing.B) {
		const n = 100_000
		b.ReportAllocs()
		for b.Loop() {
			tally := NewTally(sv).WithExactTotal() // a whole survey, as the service counts it
			for i := range n {
				tally.Add(resps[i%len(resps)])
			}
			if res := tally.Results(5); res.N != n {
				b.Fatalf("n = %d", res.N)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/response")
	})
}
