package followup

import (
	"cmp"
	"slices"

	"medborgardialog/models"
)

// Waves orders the waves of a series: the service's own surveys in their
// compare_with order, and each outside wave (one per wave label and
// source) placed before the first own wave whose name sorts after its
// label. Wave labels start with a year, so "2019" lands before "2022"
// and "2023" after it; outside waves of the same label follow each other
// by source.
func Waves(chain []*models.Survey, outside []models.OutsideFigure) []models.SeriesWave {
	var ext []models.SeriesWave
	seen := map[[2]string]bool{}
	for _, f := range outside {
		k := [2]string{f.Wave, f.Source}
		if !seen[k] {
			seen[k] = true
			ext = append(ext, models.SeriesWave{Wave: f.Wave, Source: f.Source, Outside: true})
		}
	}
	slices.SortFunc(ext, func(a, b models.SeriesWave) int {
		return cmp.Or(cmp.Compare(a.Wave, b.Wave), cmp.Compare(a.Source, b.Source))
	})
	out := make([]models.SeriesWave, 0, len(chain)+len(ext))
	for _, sv := range chain {
		name := WaveName(sv)
		for len(ext) > 0 && ext[0].Wave < name {
			out, ext = append(out, ext[0]), ext[1:]
		}
		out = append(out, models.SeriesWave{Wave: name, Survey: sv.Slug, Version: sv.Version})
	}
	return append(out, ext...)
}

// Known lists the indicator ids of the series' surveys, in order of first
// appearance: the ids outside figures and activities can refer to.
func Known(surveys ...*models.Survey) []string {
	var ids []string
	for _, sv := range surveys {
		for _, ind := range sv.Indicators {
			if !slices.Contains(ids, ind.ID) {
				ids = append(ids, ind.ID)
			}
		}
	}
	return ids
}
