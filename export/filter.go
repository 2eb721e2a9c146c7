package export

import (
	"medborgardialog/disclosure"
	"medborgardialog/models"
)

// A filter on a dimension counts exactly the people the breakdown by that
// dimension puts in the group of the filter's value: "area=storvik" is
// the group "Storvik" of the breakdown by area, whether a session carried
// that area or, without a session value, the young person answered it.
// Otherwise one label would name two groups, and their difference could
// be a pupil or two.

// groupFilter is the groups a filter names, one per dimension it sets; a
// response counts when it is in every one of them.
type groupFilter []groupDim

// groupDim is the group of one breakdown whose value is want. b is nil
// when the survey has nothing that could put anyone in a group of the
// dimension: then nobody is in it.
type groupDim struct {
	b    *breakdown
	want string
}

// filterOf reads f's dimensions with the breakdown rule of t's survey
// and catalogue (WithPlaces). Its breakdowns are its own: reading a
// response with it changes nothing in t.
func (t *Tally) filterOf(f models.ResponseFilter) groupFilter {
	var gf groupFilter
	for _, d := range []struct{ name, want string }{
		{disclosure.DimArea, f.Area}, {disclosure.DimSchool, f.School}, {disclosure.DimGrade, f.Grade},
		{disclosure.DimGender, f.Gender}, {disclosure.DimAge, f.Age},
	} {
		if d.want == "" {
			continue
		}
		b := newBreakdown(d.name, t.lay)
		if b != nil && t.places != nil {
			withPlaces([]*breakdown{b}, t.places)
		}
		gf = append(gf, groupDim{b: b, want: d.want})
	}
	return gf
}

// has says whether r is in every group of the filter.
func (gf groupFilter) has(r *models.Response) bool {
	for _, d := range gf {
		if d.b == nil || !d.is(d.b.groupOf(r)) {
			return false
		}
	}
	return true
}

// is says whether group i of the breakdown is the one wanted. The group
// of those whose dimension is not known is never one a filter names.
func (d groupDim) is(i int) bool {
	g := d.b.groups[i]
	return !g.unknown && g.value == d.want
}

// stored is the part of f the database reads by: the survey, and the one
// session of a class's release. The groups of f are read from each
// response by the breakdown rule (groupFilter), which the database cannot
// express.
func stored(f models.ResponseFilter) models.ResponseFilter {
	return models.ResponseFilter{Survey: f.Survey, Session: f.Session}
}
