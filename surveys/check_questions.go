package surveys

import (
	"fmt"

	"medborgardialog/models"
)

// checkQuestions checks each question's fields against its type, the
// uniqueness of ids and values, skip logic and dimensions.
func checkQuestions(ps *problems, s *models.Survey) {
	ids := newUniques(ps)
	dims := make(map[string]string, 4)
	for i := range s.Questions {
		q := &s.Questions[i]
		path := fmt.Sprintf("questions[%d]", i)
		ids.add(path+".id", q.ID)
		values := newUniques(ps)
		for j, o := range q.Options {
			values.add(fmt.Sprintf("%s.options[%d].value", path, j), o.Value)
		}
		rows := newUniques(ps)
		for j, r := range q.Rows {
			rows.add(fmt.Sprintf("%s.rows[%d].value", path, j), r.Value)
		}
		checkType(ps, path, q)
		if q.ShowIf != nil {
			checkShowIf(ps, path+".show_if", s, i)
		}
		if d := q.Dimension; d != "" {
			if first, ok := dims[d]; ok {
				ps.add(path+".dimension", models.CodeDuplicate, "check.dimension_twice", d, first)
			} else {
				dims[d] = path
			}
			switch q.Type {
			case models.TypeSingle, models.TypeScale, models.TypeNumber:
			default:
				ps.add(path+".dimension", models.CodeNotAllowed, "check.dimension_type")
			}
		}
	}
}

// checkType checks which optional fields a question of q.Type needs or
// must leave out.
func checkType(ps *problems, path string, q *models.Question) {
	if q.HasOptions() {
		if len(q.Options) < 2 {
			ps.add(path+".options", models.CodeRequired, "check.needs_options", q.Type)
		}
	} else if len(q.Options) > 0 {
		ps.add(path+".options", models.CodeNotAllowed, "check.no_options_here", q.Type)
	}
	if q.Type == models.TypeGrid {
		if len(q.Rows) == 0 {
			ps.add(path+".rows", models.CodeRequired, "check.grid_needs_row")
		}
	} else if len(q.Rows) > 0 {
		ps.add(path+".rows", models.CodeNotAllowed, "check.rows_only_grid")
	}
	if q.Type == models.TypeNumber {
		// A dimension is shown one value per column, so it needs a
		// range small enough to list; other number questions may leave
		// min and max out and take NumberMin to NumberMax.
		if q.Dimension != "" && q.Min == nil {
			ps.add(path+".min", models.CodeRequired, "check.dimension_needs_min")
		}
		if q.Dimension != "" && q.Max == nil {
			ps.add(path+".max", models.CodeRequired, "check.dimension_needs_max")
		}
		for _, b := range []struct {
			field string
			v     *int64
		}{{"min", q.Min}, {"max", q.Max}} {
			if b.v != nil && (*b.v < models.NumberMin || *b.v > models.NumberMax) {
				ps.add(path+"."+b.field, models.CodeOutOfRange, "check.number_range", models.NumberMin, models.NumberMax)
			}
		}
		if q.Min != nil && q.Max != nil && *q.Min > *q.Max {
			ps.add(path+".max", models.CodeInvalid, "check.max_below_min", *q.Min)
		}
	} else {
		if q.Min != nil {
			ps.add(path+".min", models.CodeNotAllowed, "check.min_only_number")
		}
		if q.Max != nil {
			ps.add(path+".max", models.CodeNotAllowed, "check.max_only_number")
		}
	}
	if q.Type == models.TypeText {
		if q.MaxLength == 0 {
			ps.add(path+".max_length", models.CodeRequired, "check.text_needs_max_length")
		}
	} else if q.MaxLength != 0 {
		ps.add(path+".max_length", models.CodeNotAllowed, "check.max_length_only_text")
	}
	if q.Type == models.TypeMulti {
		if q.MaxChoices > len(q.Options) {
			ps.add(path+".max_choices", models.CodeOutOfRange, "check.max_choices_options", len(q.Options))
		}
	} else if q.MaxChoices != 0 {
		ps.add(path+".max_choices", models.CodeNotAllowed, "check.max_choices_only_multi")
	}
}

// checkShowIf checks that the question at index i depends on an earlier
// question, so a form can be filled in from top to bottom.
func checkShowIf(ps *problems, path string, s *models.Survey, i int) {
	cond := s.Questions[i].ShowIf
	at := -1
	for j := range s.Questions {
		if s.Questions[j].ID == cond.Question {
			at = j
			break
		}
	}
	switch {
	case at < 0:
		ps.add(path+".question", models.CodeUnknownReference, "check.no_question", cond.Question)
		return
	case at >= i:
		ps.add(path+".question", models.CodeInvalid, "check.show_if_earlier", cond.Question)
		return
	}
	target := &s.Questions[at]
	switch target.Type {
	case models.TypeSingle, models.TypeMulti, models.TypeScale:
	default:
		ps.add(path+".question", models.CodeInvalid, "check.show_if_type", cond.Question, target.Type)
		return
	}
	for k, v := range cond.AnyOf {
		if _, ok := target.Option(v); !ok {
			ps.add(fmt.Sprintf("%s.any_of[%d]", path, k), models.CodeUnknownReference, "check.no_option", cond.Question, v)
		}
	}
}

// uniques reports values used more than once, at each later use.
type uniques struct {
	ps    *problems
	count map[string]int
}

func newUniques(ps *problems) uniques {
	return uniques{ps: ps, count: make(map[string]int)}
}

func (u uniques) add(path, value string) {
	if value == "" {
		return // reported as required by the field rules
	}
	u.count[value]++
	switch n := u.count[value]; {
	case n == 2:
		u.ps.add(path, models.CodeDuplicate, "check.used_twice", value)
	case n > 2:
		u.ps.add(path, models.CodeDuplicate, "check.used_times", value, n)
	}
}
