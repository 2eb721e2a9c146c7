package handlers

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"gopkg.in/yaml.v3"

	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

// placesView is the catalogue page: schools and areas in tables, with
// forms for admins to add and rename areas (schools have their own form,
// staff_place_school), the Excel sheet, and a link to the YAML page.
type placesView struct {
	staffBase
	Areas    []placeArea
	Schools  []placeSchool
	Problems []formProblem
	// Typed keeps what was typed into the area forms when a save was
	// refused, by field id.
	Typed map[string]string
	Saved bool
}

type placeArea struct {
	Value, Label, Part string
	Unconfirmed        bool
}

type placeSchool struct {
	ID, Name, Area, Grades string
	Active, Unconfirmed    bool
}

// formProblem is one problem of a places form: the id of the field it is
// about (for the summary's link and the message beside the field), the
// message, and Text, the summary's line, which names the item and field
// ("Skola 8, Göranssonska skolan, område: Välj ett område.").
type formProblem struct {
	Field, Message, Text string
}

// fieldMessage is the message shown beside field, if any.
func fieldMessage(ps []formProblem, field string) string {
	var out []string
	for _, p := range ps {
		if p.Field == field {
			out = append(out, p.Message)
		}
	}
	return strings.Join(out, " ")
}

// staffPlaces shows the catalogue.
func (s *Server) staffPlaces(c *gin.Context) {
	p, err := s.places(c.Request.Context())
	if err != nil {
		s.staffFail(c, err)
		return
	}
	s.renderPlaces(c, http.StatusOK, p, nil, nil, c.Query("saved") == "1")
}

func (s *Server) renderPlaces(c *gin.Context, status int, p *models.Places, problems []formProblem, typed map[string]string, saved bool) {
	lang := staffLang(c)
	v := placesView{staffBase: s.staffBase(c), Problems: problems, Typed: typed, Saved: saved}
	if p != nil {
		grades, err := s.gradeChoices(c.Request.Context(), p, lang)
		if err != nil {
			s.staffFail(c, err)
			return
		}
		for _, a := range p.Areas {
			v.Areas = append(v.Areas, placeArea{Value: a.Value, Label: a.Label.In(lang), Part: a.Part, Unconfirmed: len(a.Unconfirmed) > 0})
		}
		for _, sc := range p.Schools {
			area := sc.Area
			if a, ok := p.Area(sc.Area); ok {
				area = a.Label.In(lang)
			}
			var names []string
			for _, g := range sc.Grades {
				names = append(names, gradeLabel(grades, g))
			}
			v.Schools = append(v.Schools, placeSchool{ID: sc.ID, Name: sc.Name, Area: area, Grades: strings.Join(names, ", "),
				Active: sc.Active, Unconfirmed: len(sc.Unconfirmed) > 0})
		}
	}
	s.page(c, status, "staff_places", pageData{Lang: lang, Title: web.T(lang, "places.title"), Data: v})
}

// placesYAMLView is the expert's page: the whole catalogue as YAML.
type placesYAMLView struct {
	staffBase
	YAML     string
	Problems []fieldProblem
}

// staffPlacesYAML shows the catalogue as YAML, the same file the API
// takes, for those who would rather edit many places at once as text.
func (s *Server) staffPlacesYAML(c *gin.Context) {
	p, err := s.places(c.Request.Context())
	if err != nil {
		s.staffFail(c, err)
		return
	}
	if p == nil {
		p = &models.Places{Areas: []models.Area{}, Schools: []models.School{}}
	}
	out, err := yaml.Marshal(p)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	s.renderPlacesYAML(c, http.StatusOK, string(out), nil)
}

func (s *Server) renderPlacesYAML(c *gin.Context, status int, text string, problems []fieldProblem) {
	lang := staffLang(c)
	v := placesYAMLView{staffBase: s.staffBase(c), YAML: text, Problems: problems}
	s.page(c, status, "staff_places_yaml", pageData{Lang: lang, Title: web.T(lang, "places.yaml.title"), Data: v})
}

// staffSavePlaces stores the catalogue from the YAML page, or shows the
// page again with every problem and the text as typed.
func (s *Server) staffSavePlaces(c *gin.Context) {
	text := c.PostForm("yaml")
	lang := staffLang(c)
	p, problems := s.checkPlaces(lang, []byte(text))
	if len(problems) > 0 {
		for i := range problems {
			if problems[i].Field != "" {
				problems[i].Label = placeProblemLabel(lang, p, problems[i].Field)
			}
		}
		s.renderPlacesYAML(c, http.StatusUnprocessableEntity, text, problems)
		return
	}
	if err := s.savePlaces(c, p); err != nil {
		s.staffFail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/places?saved=1&lang="+lang)
}

// gradeChoice is one grade a school can teach, as a checkbox.
type gradeChoice struct {
	Value, Label string
	Checked      bool
}

// gradeChoices is the grade catalogue: the school years the surveys'
// grade questions offer (not "annat", which is an answer, not a class;
// surveys.IsSchoolYear), named
// as the newest survey names them, then any grade a school already has
// that no survey offers, so editing that school does not drop it.
func (s *Server) gradeChoices(ctx context.Context, p *models.Places, lang string) ([]gradeChoice, error) {
	summaries, err := s.store.Surveys(ctx)
	if err != nil {
		return nil, err
	}
	var out []gradeChoice
	seen := map[string]bool{}
	for i := len(summaries) - 1; i >= 0; i-- {
		sv, err := s.store.Survey(ctx, summaries[i].Slug)
		if err != nil {
			return nil, err
		}
		q := surveys.DimensionQuestion(sv, models.DimGrade)
		if q == nil {
			continue
		}
		for _, o := range q.Options {
			if !o.Exclude && surveys.IsSchoolYear(o.Value) && !seen[o.Value] {
				seen[o.Value] = true
				out = append(out, gradeChoice{Value: o.Value, Label: o.Label.In(lang)})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b gradeChoice) int { return gradeOrder(a.Value) - gradeOrder(b.Value) })
	if p != nil {
		for _, sc := range p.Schools {
			for _, g := range sc.Grades {
				if !seen[g] {
					seen[g] = true
					out = append(out, gradeChoice{Value: g, Label: g})
				}
			}
		}
	}
	return out, nil
}

// gradeOrder keeps compulsory school before upper secondary whatever
// order the surveys were made in.
func gradeOrder(v string) int {
	if strings.HasPrefix(v, "gy") {
		return 1
	}
	return 0
}

// gradeLabel names a grade from the catalogue, or gives its value.
func gradeLabel(grades []gradeChoice, v string) string {
	for _, g := range grades {
		if g.Value == v {
			return g.Label
		}
	}
	return v
}
