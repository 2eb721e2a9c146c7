package surveys

import (
	"fmt"

	"medborgardialog/models"
)

// checkIndicators checks that each indicator counts answers that can
// actually be given.
func checkIndicators(ps *problems, s *models.Survey) {
	ids := newUniques(ps)
	for i, ind := range s.Indicators {
		path := fmt.Sprintf("indicators[%d]", i)
		ids.add(path+".id", ind.ID)
		if ind.Question == "" {
			continue
		}
		q, ok := s.Question(ind.Question)
		if !ok {
			ps.add(path+".question", models.CodeUnknownReference, "check.no_question", ind.Question)
			continue
		}
		switch q.Type {
		case models.TypeGrid:
			if ind.Row == "" {
				ps.add(path+".row", models.CodeRequired, "check.indicator_needs_row", q.ID)
			} else if _, ok := q.Row(ind.Row); !ok {
				ps.add(path+".row", models.CodeUnknownReference, "check.no_row", q.ID, ind.Row)
			}
		case models.TypeSingle, models.TypeScale:
			if ind.Row != "" {
				ps.add(path+".row", models.CodeNotAllowed, "check.row_only_grid")
			}
		default:
			ps.add(path+".question", models.CodeInvalid, "check.indicator_question_type", q.ID, q.Type)
			continue
		}
		counted := make(map[string]bool, len(ind.Count))
		for k, v := range ind.Count {
			if _, ok := q.Option(v); !ok {
				ps.add(fmt.Sprintf("%s.count[%d]", path, k), models.CodeUnknownReference, "check.no_option", q.ID, v)
			}
			counted[v] = true
		}
		for k, v := range ind.Exclude {
			p := fmt.Sprintf("%s.exclude[%d]", path, k)
			if _, ok := q.Option(v); !ok {
				ps.add(p, models.CodeUnknownReference, "check.no_option", q.ID, v)
			}
			if counted[v] {
				ps.add(p, models.CodeInvalid, "check.count_and_exclude", v)
			}
		}
	}
}
