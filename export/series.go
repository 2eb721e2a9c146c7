package export

import (
	"math"

	"medborgardialog/followup"
	"medborgardialog/models"
)

// SeriesOf assembles a series from each wave's results (in the order of
// chain) and the outside figures. Own figures are taken as disclosure
// control left them: a hidden figure stays hidden. Outside figures are
// left out when filtered, since they describe everyone and cannot be
// filtered.
func SeriesOf(chain []*models.Survey, results []*Results, outside []models.OutsideFigure, filtered bool) *models.Series {
	latest := chain[len(chain)-1]
	s := &models.Series{Survey: latest.Slug, Indicators: []models.SeriesIndicator{}}
	if filtered && len(outside) > 0 {
		s.OutsideLeftOut, outside = true, nil
	}
	bySlug := make(map[string]int, len(chain))
	for i, sv := range chain {
		bySlug[sv.Slug] = i
	}
	// A wave whose own figures are all hidden but which has published or
	// archived figures under the same label (its responses deleted by
	// retention, say) is shown by those figures alone, not twice.
	for _, w := range followup.Waves(chain, outside) {
		if !w.Outside && results[bySlug[w.Survey]].Hidden && hasOutsideWave(outside, w.Wave) {
			continue
		}
		s.Waves = append(s.Waves, w)
	}
	// The newest wording of each indicator names it; dropped ones follow.
	rev := make([]*models.Survey, len(chain))
	for i, sv := range chain {
		rev[len(chain)-1-i] = sv
	}
	for _, id := range followup.Known(rev...) {
		si := models.SeriesIndicator{ID: id, Points: []models.SeriesPoint{}, Changes: []models.SeriesChange{}}
		var pts []point
		defined := false
		for _, w := range s.Waves {
			var p point
			var ok bool
			if w.Outside {
				p, ok = outsidePoint(w, id, outside)
			} else {
				i := bySlug[w.Survey]
				p, ok = ownPoint(chain[i], results[i], id)
				if ok { // the newest wave's label and direction win
					si.Label, si.Better, defined = p.label, p.better, true
				}
			}
			if ok {
				pts = append(pts, p)
			}
		}
		if !defined {
			continue // only outside figures: no definition says what it is
		}
		for j := range pts {
			if j > 0 {
				pts[j].Break = breakBetween(pts[j-1], pts[j], id)
			}
			si.Points = append(si.Points, pts[j].SeriesPoint)
		}
		si.Changes, si.Overall = changes(pts, id, si.Better)
		s.Indicators = append(s.Indicators, si)
	}
	return s
}

func hasOutsideWave(outside []models.OutsideFigure, wave string) bool {
	for _, f := range outside {
		if f.Wave == wave {
			return true
		}
	}
	return false
}

// point is a SeriesPoint with what the comparison needs.
type point struct {
	models.SeriesPoint
	sv       *models.Survey // nil for an outside figure
	count, n int
	noise    float64
	label    models.Text
	better   string
	visible  bool
}

func ownPoint(sv *models.Survey, r *Results, id string) (point, bool) {
	for _, ind := range r.Indicators {
		if ind.ID != id {
			continue
		}
		p := point{SeriesPoint: models.SeriesPoint{Wave: followup.WaveName(sv), Survey: sv.Slug},
			sv: sv, label: ind.Label, better: ind.Better, noise: r.noise}
		if r.Hidden || ind.Hidden {
			p.Hidden, p.NBelow = true, r.MinCell
			return p, true
		}
		n, share, lo, hi := ind.N, ind.Share.Share, ind.CILow, ind.CIHigh
		p.N, p.Share, p.CILow, p.CIHigh = &n, &share, &lo, &hi
		p.count, p.n, p.visible = ind.Count, ind.N, true
		return p, true
	}
	return point{}, false
}

func outsidePoint(w models.SeriesWave, id string, outside []models.OutsideFigure) (point, bool) {
	for _, f := range outside {
		if f.Indicator != id || f.Wave != w.Wave || f.Source != w.Source {
			continue
		}
		n, share, lo, hi := f.N, f.Share, f.CILow, f.CIHigh
		count := int(math.Round(share * float64(n)))
		if lo == 0 && hi == 0 {
			lo, hi = Wilson(count, n)
		}
		p := point{SeriesPoint: models.SeriesPoint{Wave: f.Wave, Source: f.Source, Outside: true,
			N: &n, Share: &share, CILow: &lo, CIHigh: &hi}, count: count, n: n, visible: true}
		return p, true
	}
	return point{}, false
}

// breakBetween says why two neighbouring points cannot be compared: a
// changed definition between two own waves, or an outside figure on
// either side, whose questions and method are someone else's.
func breakBetween(a, b point, id string) *models.Break {
	if a.Outside || b.Outside {
		return &models.Break{Changed: []string{models.BreakSource}}
	}
	if changed := followup.Breaks(a.sv, b.sv, id); len(changed) > 0 {
		return &models.Break{Changed: changed}
	}
	return nil
}

// changes compares each shown point with the shown point before it, and
// the first own wave with the latest. A change across a break is never
// called clear: the two figures measure different things.
func changes(pts []point, id, better string) ([]models.SeriesChange, *models.SeriesChange) {
	out := []models.SeriesChange{}
	prev := -1
	for j := range pts {
		if !pts[j].visible {
			continue
		}
		if prev >= 0 {
			broken := false
			for k := prev + 1; k <= j; k++ {
				broken = broken || pts[k].Break != nil
			}
			out = append(out, change(pts[prev], pts[j], broken, better))
		}
		prev = j
	}
	first, last := -1, -1
	for j := range pts {
		if pts[j].visible && !pts[j].Outside {
			if first < 0 {
				first = j
			}
			last = j
		}
	}
	if first < 0 || first == last {
		return out, nil
	}
	overall := change(pts[first], pts[last], len(followup.Breaks(pts[first].sv, pts[last].sv, id)) > 0, better)
	return out, &overall
}

func change(a, b point, broken bool, better string) models.SeriesChange {
	ch := CompareSharesNoisy(b.count, b.n, a.count, a.n, max(a.noise, b.noise))
	sc := models.SeriesChange{From: a.Wave, To: b.Wave, DiffPP: ch.DiffPP, Break: broken, Direction: "unclear"}
	if !broken {
		sc.Significant = ch.Significant
		sc.Direction = direction(ch, better)
	}
	return sc
}
