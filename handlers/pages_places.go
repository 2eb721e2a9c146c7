package handlers

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"gopkg.in/yaml.v3"

	"medborgardialog/models"
	"medborgardialog/web"
)

type placesView struct {
	staffBase
	Areas    []placeArea
	Schools  []placeSchool
	YAML     string
	Problems []fieldProblem
	Saved    bool
}

type placeArea struct {
	Value, Label, Part string
	Unconfirmed        bool
}

type placeSchool struct {
	ID, Name, Area, Grades string
	Active, Unconfirmed    bool
}

// staffPlaces shows the catalogue and lets an admin edit it as YAML: the
// same file the API takes, so one format serves both.
func (s *Server) staffPlaces(c *gin.Context) {
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
	s.renderPlaces(c, http.StatusOK, p, string(out), nil, c.Query("saved") == "1")
}

func (s *Server) renderPlaces(c *gin.Context, status int, p *models.Places, text string, problems []fieldProblem, saved bool) {
	lang := staffLang(c)
	v := placesView{staffBase: s.staffBase(c), YAML: text, Problems: problems, Saved: saved}
	if p != nil {
		for _, a := range p.Areas {
			v.Areas = append(v.Areas, placeArea{Value: a.Value, Label: a.Label.In(lang), Part: a.Part, Unconfirmed: len(a.Unconfirmed) > 0})
		}
		for _, sc := range p.Schools {
			area := sc.Area
			if a, ok := p.Area(sc.Area); ok {
				area = a.Label.In(lang)
			}
			v.Schools = append(v.Schools, placeSchool{ID: sc.ID, Name: sc.Name, Area: area, Grades: web.Grades(lang, sc.Grades),
				Active: sc.Active, Unconfirmed: len(sc.Unconfirmed) > 0})
		}
	}
	s.page(c, status, "staff_places", pageData{Lang: lang, Title: web.T(lang, "places.title"), Data: v})
}

// staffSavePlaces stores the catalogue from the form's YAML, or shows the
// form again with every problem and the text as typed.
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
		current, err := s.places(c.Request.Context())
		if err != nil {
			s.staffFail(c, err)
			return
		}
		s.renderPlaces(c, http.StatusUnprocessableEntity, current, text, problems, false)
		return
	}
	if err := s.savePlaces(c, p); err != nil {
		s.staffFail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/places?saved=1&lang="+staffLang(c))
}
