package export

import (
	"math/rand/v2"
	"testing"
)

// keyed gives every generated response a record key, as the store does.
func keyed(cases []genCase, seed uint64) []genCase {
	rng := rand.New(rand.NewPCG(seed, 1))
	for _, c := range cases {
		c.resp.RecordKey = rng.Uint32()
	}
	return cases
}

// TestResultsArePerturbed: every count the Results show differs from the
// true count by at most 3, is never 1 or 2, a true 0 stays 0, and most
// figures really are moved; only an exact total stays as it is.
func TestResultsArePerturbed(t *testing.T) {
	sv := testSurvey()
	cases := keyed(generate(sv, 800, 11), 12)
	exact, noisy := exactTally(NewTally(sv)), NewTally(sv)
	for _, c := range cases {
		exact.Add(c.resp)
		noisy.Add(c.resp)
	}
	want, got := exact.Results(5), noisy.Results(5)
	figures, moved := 0, 0
	check := func(what string, truth, shown int) {
		t.Helper()
		figures++
		switch {
		case truth == 0 && shown != 0:
			t.Errorf("%s: 0 shown as %d", what, shown)
		case shown == 1 || shown == 2:
			t.Errorf("%s: shown as %d", what, shown)
		case shown-truth > 3 || truth-shown > 3:
			// A count is capped at the total it is part of, which moves
			// by at most 3 too; anything further is wrong.
			t.Errorf("%s: %d shown as %d", what, truth, shown)
		}
		if truth != shown {
			moved++
		}
	}
	dist := func(what string, w, g Distribution) {
		if w.Hidden || g.Hidden {
			return
		}
		check(what+" n", w.N, g.N)
		for i := range w.Options {
			check(what+" "+w.Options[i].Value, w.Options[i].Count, g.Options[i].Count)
		}
	}
	check("n", want.N, got.N)
	for i, q := range want.Questions {
		dist(q.ID, q.Distribution, got.Questions[i].Distribution)
		for j, row := range q.Rows {
			dist(q.ID+"/"+row.Value, row.Distribution, got.Questions[i].Rows[j].Distribution)
		}
		for dim, groups := range q.By {
			for k, g := range groups {
				dist(q.ID+" by "+dim+" "+g.Value, g.Distribution, got.Questions[i].By[dim][k].Distribution)
			}
		}
	}
	for i, ind := range want.Indicators {
		if !ind.Hidden && !got.Indicators[i].Hidden {
			check(ind.ID+" base", ind.N, got.Indicators[i].N)
			check(ind.ID+" count", ind.Count, got.Indicators[i].Count)
		}
	}
	if figures < 200 || moved < figures/2 {
		t.Fatalf("%d of %d figures moved; the noise is not applied", moved, figures)
	}
	if ex := NewTally(sv).WithExactTotal(); true {
		for _, c := range cases {
			ex.Add(c.resp)
		}
		if n := ex.Results(5).N; n != len(cases) {
			t.Fatalf("exact total %d, want %d", n, len(cases))
		}
	}
}

// TestSameGroupSameFigure: a school's figures are the same whether the
// school is a filter (only its responses counted) or a group of the
// breakdown by school of everyone. Computing the same figure twice must
// never give two draws, or averaging them would strip the noise.
func TestSameGroupSameFigure(t *testing.T) {
	sv := testSurvey()
	cases := keyed(generate(sv, 1500, 21), 22)
	all := NewTally(sv)
	schools := map[string]*Tally{}
	for _, c := range cases {
		all.Add(c.resp)
		if s := c.resp.School; s != "" {
			if schools[s] == nil {
				schools[s] = NewTally(sv)
			}
			schools[s].Add(c.resp)
		}
	}
	res := all.Results(5)
	compared := 0
	for school, tally := range schools {
		one := tally.Results(5)
		for i, ind := range res.Indicators {
			for _, g := range ind.By[DimSchool] {
				if g.Value != school || g.Hidden || one.Indicators[i].Hidden {
					continue
				}
				compared++
				if g.Share != one.Indicators[i].Share {
					t.Errorf("%s, %s: %+v as a group, %+v as a filter", school, ind.ID, g.Share, one.Indicators[i].Share)
				}
			}
		}
		for i, q := range res.Questions {
			for _, g := range q.By[DimSchool] {
				if g.Value != school || g.Hidden || one.Questions[i].Hidden {
					continue
				}
				compared++
				w := one.Questions[i].Distribution
				if g.N != w.N || g.Valid != w.Valid || len(g.Options) != len(w.Options) {
					t.Errorf("%s, %s: n %d/%d as a group, %d/%d as a filter", school, q.ID, g.N, g.Valid, w.N, w.Valid)
					continue
				}
				for k := range w.Options {
					if g.Options[k].Count != w.Options[k].Count || g.Options[k].Share != w.Options[k].Share {
						t.Errorf("%s, %s=%s: %d as a group, %d as a filter", school, q.ID, w.Options[k].Value, g.Options[k].Count, w.Options[k].Count)
					}
				}
			}
		}
	}
	if compared < 20 {
		t.Fatalf("only %d figures compared", compared)
	}
}
