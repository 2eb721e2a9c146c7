package export

import (
	"strconv"
	"strings"

	"medborgardialog/disclosure"
	"medborgardialog/models"
)

// DimSchool is the breakdown by the school a session carries. Schools are
// never asked, so that a young person is not asked to narrow themselves
// down; only a field assistant's session says which school a class is.
const DimSchool = disclosure.DimSchool

// Dimensions lists the breakdowns in the order the lägesbild shows them
// (DESIGN §6: area, school, grade, gender, age): the dimensions of the
// query space, each a filter too, meaning the same people either way.
var Dimensions = disclosure.Dimensions

// group is one group of a breakdown with its block of counters.
type group struct {
	value string
	label models.Text
	// defined groups are options of the dimension question. They are
	// listed even when empty, so a hidden cell never tells that someone is
	// in it; groups only seen in the data are listed once someone is.
	defined bool
	unknown bool
	block   []int            // nil until the first respondent
	key     disclosure.Group // the record keys of its respondents
}

// breakdown splits respondents by one dimension. groups[0] is the implicit
// "not known" group (no session value and no answer to the dimension
// question): it is part of the total, so it takes part in suppression.
//
// The same rule decides who a filter on the dimension counts
// (groupFilter): a filter and a breakdown by one dimension always mean
// the same people.
type breakdown struct {
	name   string
	ql     *qLayout                      // the dimension question; nil if none
	sess   func(*models.Response) string // the session-carried value; nil if none
	groups []*group
	index  map[string]int // group value -> index in groups
	// vocab, when set, is every session value the deployment's catalogue
	// knows, with its label; any other session value counts as not known.
	vocab map[string]models.Text
}

func newBreakdowns(l *layout) []*breakdown {
	var out []*breakdown
	for _, name := range Dimensions {
		if b := newBreakdown(name, l); b != nil {
			out = append(out, b)
		}
	}
	return out
}

// newBreakdown is the breakdown by dimension name of the survey laid out
// in l, or nil when nothing can put a respondent in a group of it (no
// question of the dimension, no session value).
func newBreakdown(name string, l *layout) *breakdown {
	b := &breakdown{name: name, index: make(map[string]int)}
	b.groups = append(b.groups, &group{unknown: true})
	for i := range l.questions {
		ql := &l.questions[i]
		if ql.q.Dimension == name && (ql.kind == kindChoice || ql.kind == kindNumber) {
			b.ql = ql
			break
		}
	}
	switch name {
	case DimSchool:
		b.sess = func(r *models.Response) string { return r.School }
	case models.DimGrade:
		b.sess = func(r *models.Response) string { return r.Grade }
	case models.DimArea:
		b.sess = func(r *models.Response) string { return r.Area }
	}
	if b.ql == nil && b.sess == nil {
		return nil
	}
	if ql := b.ql; ql != nil {
		// Groups 1..nopt are the dimension question's options (or
		// number values), in order, so an answer finds its group by
		// index without a map lookup.
		for i := range ql.nopt {
			g := &group{}
			if ql.kind == kindNumber {
				g.value = strconv.FormatInt(ql.min+int64(i), 10)
			} else {
				o := ql.q.Options[i]
				g.value, g.label, g.defined = o.Value, o.Label, true
			}
			if _, dup := b.index[g.value]; !dup {
				b.index[g.value] = len(b.groups)
			}
			b.groups = append(b.groups, g)
		}
	}
	return b
}

// groupOf returns the group r belongs to. A value carried by the session
// takes precedence over the young person's own answer to the dimension
// question: the field assistant set it for the whole class, from the
// survey's own option values, so each pupil counts in exactly one group.
// With a catalogue (WithPlaces), a session value it does not know (a
// free-text value stored before there was one) counts as not known
// rather than as a group of its own; without one, such a value forms its
// own group.
func (b *breakdown) groupOf(r *models.Response) int {
	if b.sess != nil {
		if s := b.sess(r); s != "" {
			return b.sessionGroup(s)
		}
	}
	if b.ql == nil {
		return 0
	}
	return b.answerGroup(r.Answers[b.ql.q.ID])
}

// sessionGroup is the group of a response whose session carries the
// non-empty value s.
func (b *breakdown) sessionGroup(s string) int {
	if i, ok := b.index[s]; ok {
		return i
	}
	var label models.Text
	if b.vocab != nil {
		l, ok := b.vocab[s]
		if !ok {
			return 0
		}
		label = l
	}
	// A new value: the only allocation Add makes, once per value.
	b.index[strings.Clone(s)] = len(b.groups)
	b.groups = append(b.groups, &group{value: strings.Clone(s), label: label})
	return len(b.groups) - 1
}

// answerGroup is the group of a response whose session carries no value
// and whose answer to the dimension question is v.
func (b *breakdown) answerGroup(v any) int {
	if b.ql == nil {
		return 0
	}
	switch b.ql.kind {
	case kindChoice:
		if s, ok := answerString(v); ok {
			if i, ok := b.ql.option(s); ok {
				return 1 + i
			}
		}
	case kindNumber:
		if n, ok := answerInt(v); ok && n >= b.ql.min && n-b.ql.min < int64(b.ql.nopt) {
			return 1 + int(n-b.ql.min)
		}
	}
	return 0
}

// withPlaces gives the session-carried breakdowns the catalogue's
// vocabulary: school ids with their names, area values with their
// labels, and the grades the schools teach.
func withPlaces(dims []*breakdown, p *models.Places) {
	for _, b := range dims {
		if b.sess == nil {
			continue
		}
		v := map[string]models.Text{}
		switch b.name {
		case DimSchool:
			for _, sc := range p.Schools {
				v[sc.ID] = models.Text{models.LangSV: sc.Name}
			}
		case models.DimArea:
			for _, a := range p.Areas {
				v[a.Value] = a.Label
			}
		case models.DimGrade:
			for _, sc := range p.Schools {
				for _, g := range sc.Grades {
					v[g] = models.Text{models.LangSV: g}
				}
			}
		}
		b.vocab = v
	}
}
