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
			ps.add(path+".question", models.CodeUnknownReference, "there is no question %q", ind.Question)
			continue
		}
		switch q.Type {
		case models.TypeGrid:
			if ind.Row == "" {
				ps.add(path+".row", models.CodeRequired, "an indicator on grid question %q needs a row", q.ID)
			} else if _, ok := q.Row(ind.Row); !ok {
				ps.add(path+".row", models.CodeUnknownReference, "question %q has no row %q", q.ID, ind.Row)
			}
		case models.TypeSingle, models.TypeScale:
			if ind.Row != "" {
				ps.add(path+".row", models.CodeNotAllowed, "only indicators on grid questions have a row")
			}
		default:
			ps.add(path+".question", models.CodeInvalid, "must be a single, scale or grid question; %q is %s", q.ID, q.Type)
			continue
		}
		counted := make(map[string]bool, len(ind.Count))
		for k, v := range ind.Count {
			if _, ok := q.Option(v); !ok {
				ps.add(fmt.Sprintf("%s.count[%d]", path, k), models.CodeUnknownReference, "question %q has no option %q", q.ID, v)
			}
			counted[v] = true
		}
		for k, v := range ind.Exclude {
			p := fmt.Sprintf("%s.exclude[%d]", path, k)
			if _, ok := q.Option(v); !ok {
				ps.add(p, models.CodeUnknownReference, "question %q has no option %q", q.ID, v)
			}
			if counted[v] {
				ps.add(p, models.CodeInvalid, "%q is also in count; an answer cannot both count and be left out", v)
			}
		}
	}
}
