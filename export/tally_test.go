package export

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"medborgardialog/models"
)

// The naive count below is the documented behaviour written again as
// plainly as possible, from the canonical answers the generator recorded
// rather than from the stored shapes, so it shares no code with the Tally.

func naiveGroup(c genCase, dim string) string {
	r := c.resp
	s := func(id string) string { v, _ := c.canon[id].(string); return v }
	switch dim {
	case DimSchool:
		return r.School
	case models.DimGrade:
		if r.Grade != "" {
			return r.Grade
		}
		return s("arskurs")
	case models.DimArea:
		if r.Area != "" {
			return r.Area
		}
		return s("omrade")
	case models.DimGender:
		return s("kon")
	case models.DimAge:
		if n, ok := c.canon["alder"].(int64); ok {
			return strconv.FormatInt(n, 10)
		}
	}
	return ""
}

type naiveDist struct {
	n, valid int
	counts   map[string]int
}

func naiveDistOf(cases []genCase, q *models.Question, row string, in func(genCase) bool) naiveDist {
	d := naiveDist{counts: map[string]int{}}
	excluded := func(v string) bool { o, _ := q.Option(v); return o != nil && o.Exclude }
	for _, c := range cases {
		if !in(c) {
			continue
		}
		switch v := c.canon[q.ID].(type) {
		case string:
			if q.Type == models.TypeText {
				d.n++
				continue
			}
			d.n++
			d.counts[v]++
			if !excluded(v) {
				d.valid++
			}
		case []string:
			d.n++
			valid := false
			for _, s := range v {
				d.counts[s]++
				valid = valid || !excluded(s)
			}
			if valid {
				d.valid++
			}
		case map[string]string:
			if row == "" {
				d.n++ // answered some row
				continue
			}
			if s, ok := v[row]; ok {
				d.n++
				d.counts[s]++
				if !excluded(s) {
					d.valid++
				}
			}
		case int64:
			d.n++
			d.valid++
			d.counts[strconv.FormatInt(v, 10)]++
		}
	}
	return d
}

func naiveIndicator(cases []genCase, sv *models.Survey, ind *models.Indicator, in func(genCase) bool) (n, count int) {
	q, ok := sv.Question(ind.Question)
	if !ok || q.Type == models.TypeGrid && !slices.ContainsFunc(q.Rows, func(r models.Row) bool { return r.Value == ind.Row }) {
		return 0, 0
	}
	for _, c := range cases {
		if !in(c) {
			continue
		}
		var v string
		switch a := c.canon[q.ID].(type) {
		case string:
			v = a
		case map[string]string:
			v = a[ind.Row]
		}
		if v == "" {
			continue
		}
		o, _ := q.Option(v)
		switch {
		case slices.Contains(ind.Count, v):
			n++
			count++
		case slices.Contains(ind.Exclude, v), o != nil && o.Exclude:
		default:
			n++
		}
	}
	return n, count
}

func all(genCase) bool { return true }

func inGroup(dim string, g Group) func(genCase) bool {
	return func(c genCase) bool { return naiveGroup(c, dim) == g.Value }
}

func checkDist(t *testing.T, what string, got Distribution, want naiveDist, q *models.Question) {
	t.Helper()
	if want.n == 0 {
		if !got.Hidden || got.N != 0 || got.Options != nil {
			t.Errorf("%s: nobody answered, want hidden and no numbers, got %+v", what, got)
		}
		return
	}
	if got.Hidden || got.N != want.n || got.Valid != want.valid {
		t.Errorf("%s: n %d valid %d hidden %v, want n %d valid %d", what, got.N, got.Valid, got.Hidden, want.n, want.valid)
	}
	sum := 0
	for _, o := range got.Options {
		sum += o.Count
		if o.Count != want.counts[o.Value] {
			t.Errorf("%s: option %s count %d, want %d", what, o.Value, o.Count, want.counts[o.Value])
		}
		base := want.valid
		if o.Exclude {
			base = want.n
		}
		if base > 0 && math.Abs(o.Share-float64(o.Count)/float64(base)) > 1e-12 {
			t.Errorf("%s: option %s share %v, want %d/%d", what, o.Value, o.Share, o.Count, base)
		}
		if opt, ok := q.Option(o.Value); ok && opt.Exclude != o.Exclude {
			t.Errorf("%s: option %s exclude %v", what, o.Value, o.Exclude)
		}
	}
	wantSum := 0
	for _, c := range want.counts {
		wantSum += c
	}
	if sum != wantSum {
		t.Errorf("%s: options sum to %d, want %d (an option is missing)", what, sum, wantSum)
	}
}

// checkBy compares every group of every breakdown with the naive count and
// checks that the listed groups hold everyone who answered.
func checkBy[G any](t *testing.T, what string, by map[string][]G, dims []string, own string, total int,
	group func(G) (Group, int, bool), check func(string, G, func(genCase) bool)) {
	t.Helper()
	for _, dim := range dims {
		groups, ok := by[dim]
		if dim == own {
			if ok {
				t.Errorf("%s: broken down by its own dimension", what)
			}
			continue
		}
		if !ok {
			t.Errorf("%s: no breakdown by %s", what, dim)
			continue
		}
		sum := 0
		for _, g := range groups {
			grp, n, _ := group(g)
			sum += n
			check(what+" by "+dim+"="+grp.Value, g, inGroup(dim, grp))
		}
		if sum != total {
			t.Errorf("%s by %s: groups hold %d respondents, want %d", what, dim, sum, total)
		}
	}
}

func TestTallyCountsLikeANaiveLoop(t *testing.T) {
	sv := testSurvey()
	cases := generate(sv, 200, 1)
	tally := exactTally(NewTally(sv))
	for _, c := range cases {
		tally.Add(c.resp)
	}
	tally.Add(nil) // ignored
	if tally.N() != 200 {
		t.Fatalf("N = %d, want 200", tally.N())
	}
	res := tally.Results(1)
	if res.Hidden || res.N != 200 || res.MinCell != 1 || res.Survey != "test-2024" || res.Version != 2 || res.Wave != "2024" {
		t.Fatalf("header: %+v", res)
	}
	wantDims := []string{models.DimArea, DimSchool, models.DimGrade, models.DimGender, models.DimAge}
	if !slices.Equal(res.Dimensions, wantDims) {
		t.Fatalf("dimensions %v, want %v", res.Dimensions, wantDims)
	}
	if res.Sessions != 0 || res.Schools != 3 || res.Languages != nil {
		t.Errorf("sessions %d schools %d languages %v, want no sessions, 3 schools, no languages: this count could have had a filter", res.Sessions, res.Schools, res.Languages)
	}
	// Only a whole survey with no filter tells its sessions, and its
	// respondents per language (generated responses have none).
	whole := exactTally(NewTally(sv)).WithExactTotal()
	for _, c := range cases {
		whole.Add(c.resp)
	}
	if wr := whole.Results(1); wr.Sessions != 3 || wr.Schools != 3 || !reflect.DeepEqual(wr.Languages, []LanguageCount{{Lang: "", N: 200}}) {
		t.Errorf("whole survey: sessions %d schools %d languages %v, want 3, 3 and 200 without a language", wr.Sessions, wr.Schools, wr.Languages)
	}

	for _, qr := range res.Questions {
		q, _ := sv.Question(qr.ID)
		if qr.Type != q.Type || qr.Dimension != q.Dimension {
			t.Errorf("%s: type %q dimension %q", q.ID, qr.Type, qr.Dimension)
		}
		distBy := func(what string, d Distribution, by map[string][]GroupDistribution, row string) {
			want := naiveDistOf(cases, q, row, all)
			checkDist(t, what, d, want, q)
			checkBy(t, what, by, res.Dimensions, q.Dimension, want.n,
				func(g GroupDistribution) (Group, int, bool) { return g.Group, g.N, g.Hidden },
				func(what string, g GroupDistribution, in func(genCase) bool) {
					checkDist(t, what, g.Distribution, naiveDistOf(cases, q, row, in), q)
					if g.Options != nil && g.Options[0].Label != nil {
						t.Errorf("%s: group options carry labels", what)
					}
				})
		}
		switch q.Type {
		case models.TypeGrid:
			want := naiveDistOf(cases, q, "", all)
			if qr.N != want.n {
				t.Errorf("%s: answered any row %d, want %d", q.ID, qr.N, want.n)
			}
			if len(qr.Rows) != len(q.Rows) {
				t.Fatalf("%s: %d rows", q.ID, len(qr.Rows))
			}
			for i, rr := range qr.Rows {
				distBy(q.ID+"."+rr.Value, rr.Distribution, rr.By, q.Rows[i].Value)
			}
		case models.TypeText:
			if want := naiveDistOf(cases, q, "", all); qr.N != want.n || qr.By != nil || qr.Options != nil {
				t.Errorf("%s: %+v, want n %d only", q.ID, qr, want.n)
			}
		case models.TypeNumber:
			if q.Dimension == "" {
				if want := naiveDistOf(cases, q, "", all); qr.N != want.n || qr.Options != nil {
					t.Errorf("%s: %+v, want n %d only", q.ID, qr, want.n)
				}
				continue
			}
			distBy(q.ID, qr.Distribution, qr.By, "")
		default:
			distBy(q.ID, qr.Distribution, qr.By, "")
			if len(qr.Options) != len(q.Options) || qr.Options[0].Label["sv"] != "L "+q.Options[0].Value {
				t.Errorf("%s: options %+v", q.ID, qr.Options)
			}
		}
	}

	for i, ir := range res.Indicators {
		ind := &sv.Indicators[i]
		n, count := naiveIndicator(cases, sv, ind, all)
		checkShare(t, ind.ID, ir.Share, n, count)
		if ir.ID != ind.ID || ir.Better != ind.Better || ir.Question != ind.Question || ir.Row != ind.Row {
			t.Errorf("%s: header %+v", ind.ID, ir)
		}
		if n == 0 {
			continue
		}
		checkBy(t, ind.ID, ir.By, res.Dimensions, "", n,
			func(g GroupShare) (Group, int, bool) { return g.Group, g.N, g.Hidden },
			func(what string, g GroupShare, in func(genCase) bool) {
				n, count := naiveIndicator(cases, sv, ind, in)
				checkShare(t, what, g.Share, n, count)
			})
	}

	// Every option of a dimension question is listed as a group, even
	// when nobody chose it, and the unknown group comes last.
	gender := res.Questions[4].By[models.DimGender]
	var values []string
	for _, g := range gender {
		values = append(values, g.Value)
	}
	if want := []string{"tjej", "kille", "annat", "vill_inte_svara", ""}; !slices.Equal(values, want) || !gender[4].Unknown {
		t.Errorf("gender groups %q, want %q", values, want)
	}
	// Session schools are sorted naturally, after no defined options.
	values = values[:0]
	for _, g := range res.Questions[4].By[DimSchool] {
		values = append(values, g.Value)
	}
	if want := []string{"Skola 10", "Skola A", "Skola B", ""}; !slices.Equal(values, want) {
		t.Errorf("school groups %q, want %q", values, want)
	}
	// Session grade "8" is a group of its own; "ak8" from a session joins
	// the answered option's group.
	values = values[:0]
	for _, g := range res.Questions[4].By[models.DimGrade] {
		values = append(values, g.Value)
	}
	if want := []string{"ak7", "ak8", "ak9", "8", ""}; !slices.Equal(values, want) {
		t.Errorf("grade groups %q, want %q", values, want)
	}
}

func checkShare(t *testing.T, what string, got Share, n, count int) {
	t.Helper()
	if n == 0 {
		if !got.Hidden || got.N != 0 || got.Count != 0 || got.Share != 0 || got.CIHigh != 0 {
			t.Errorf("%s: nobody counted, want hidden and zero, got %+v", what, got)
		}
		return
	}
	lo, hi := Wilson(count, n)
	if got.Hidden || got.N != n || got.Count != count || got.Share != float64(count)/float64(n) || got.CILow != lo || got.CIHigh != hi {
		t.Errorf("%s: %+v, want %d of %d", what, got, count, n)
	}
}
