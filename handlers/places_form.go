package handlers

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

// The catalogue as forms: a school at a time and an area at a time, for
// the coordinator who should not need YAML (issue 28). Each change is
// made to the stored catalogue and the whole is checked as the YAML page
// and the API check it, so every way in keeps the same rules.

// maxPlaceRetries is how often a change is made again on a newer copy of
// the catalogue when another change was stored meanwhile.
const maxPlaceRetries = 3

// changePlaces applies change to the stored catalogue and stores it when
// the whole catalogue has no problem. Another change stored meanwhile is
// not overwritten: change is applied again to the newer copy, so both
// stay. It returns the changed copy (for naming problems) and the
// checker's problems, in which case nothing was stored.
func (s *Server) changePlaces(c *gin.Context, what map[string]string, change func(p *models.Places) error) (*models.Places, []surveys.PlaceProblem, error) {
	ctx := c.Request.Context()
	for attempt := 0; ; attempt++ {
		p, version, err := s.store.PlacesVersion(ctx)
		if models.ErrorCode(err) == models.ErrNotFound {
			// A bare database: start from an empty catalogue.
			if err = s.store.EnsurePlaces(ctx, &models.Places{Areas: []models.Area{}, Schools: []models.School{}}); err == nil {
				p, version, err = s.store.PlacesVersion(ctx)
			}
		}
		if err != nil {
			return nil, nil, err
		}
		if err := change(p); err != nil {
			return p, nil, err
		}
		if ps := surveys.CheckPlaces(p); len(ps) > 0 {
			return p, ps, nil
		}
		err = s.store.ReplacePlaces(ctx, p, currentPrincipal(c).Name, version)
		if models.ErrorCode(err) == models.ErrConflict && attempt < maxPlaceRetries {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		details := map[string]string{"areas": itoa(len(p.Areas)), "schools": itoa(len(p.Schools))}
		for k, v := range what {
			details[k] = v
		}
		s.audit(c, models.AuditPlacesSave, "", details)
		return p, nil, nil
	}
}

// schoolForm is one school as typed into its form.
type schoolForm struct {
	ID     string // empty while adding
	Name   string
	Area   string
	Grades []string
	Active bool
}

type schoolFormView struct {
	staffBase
	Form     schoolForm
	Areas    []option
	Grades   []gradeChoice
	Problems []formProblem
}

// At is the message beside a field.
func (v schoolFormView) At(field string) string { return fieldMessage(v.Problems, field) }

// At is the message beside a field.
func (v placesView) At(field string) string { return fieldMessage(v.Problems, field) }

// TypedOr is what was typed into field, or else def.
func (v placesView) TypedOr(field, def string) string {
	if t, ok := v.Typed[field]; ok {
		return t
	}
	return def
}

func readSchoolForm(c *gin.Context) schoolForm {
	return schoolForm{
		Name:   strings.TrimSpace(c.PostForm("name")),
		Area:   strings.TrimSpace(c.PostForm("area")),
		Grades: c.PostFormArray("grades"),
		Active: c.PostForm("active") == "on",
	}
}

// staffNewSchool shows the form for a new school.
func (s *Server) staffNewSchool(c *gin.Context) {
	s.renderSchoolForm(c, http.StatusOK, schoolForm{Active: true}, nil)
}

// staffEditSchool shows a school's form.
func (s *Server) staffEditSchool(c *gin.Context) {
	p, err := s.places(c.Request.Context())
	if err != nil {
		s.staffFail(c, err)
		return
	}
	sc, ok := p.School(c.Param("id"))
	if !ok {
		s.staffFail(c, models.Errorf(models.ErrNotFound, "%s", web.T(staffLang(c), "places.form.no_school")))
		return
	}
	s.renderSchoolForm(c, http.StatusOK, schoolForm{ID: sc.ID, Name: sc.Name, Area: sc.Area, Grades: sc.Grades, Active: sc.Active}, nil)
}

func (s *Server) renderSchoolForm(c *gin.Context, status int, f schoolForm, problems []formProblem) {
	lang := staffLang(c)
	p, err := s.places(c.Request.Context())
	if err != nil {
		s.staffFail(c, err)
		return
	}
	grades, err := s.gradeChoices(c.Request.Context(), p, lang)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	for i := range grades {
		grades[i].Checked = slices.Contains(f.Grades, grades[i].Value)
	}
	v := schoolFormView{staffBase: s.staffBase(c), Form: f, Grades: grades, Problems: problems}
	if p != nil {
		for _, a := range p.Areas {
			v.Areas = append(v.Areas, option{a.Value, a.Label.In(lang)})
		}
	}
	title := web.T(lang, "places.form.new_school")
	if f.ID != "" {
		title = fmt.Sprintf(web.T(lang, "places.form.edit_school"), f.Name)
	}
	s.page(c, status, "staff_place_school", pageData{Lang: lang, Title: title, Data: v})
}

// staffAddSchool adds a school from its form. Its id, which sessions and
// responses store, is made from the name once and never changes.
func (s *Server) staffAddSchool(c *gin.Context) {
	f := readSchoolForm(c)
	var index int
	p, ps, err := s.changePlaces(c, map[string]string{"school": "+"}, func(p *models.Places) error {
		index = len(p.Schools)
		id := surveys.UniqueID(surveys.PlaceID(f.Name, '-', "skola"), '-', func(id string) bool { _, ok := p.School(id); return ok })
		p.Schools = append(p.Schools, models.School{ID: id, Name: f.Name, Area: f.Area, Grades: nonNil(f.Grades), Active: f.Active})
		return nil
	})
	s.afterSchool(c, f, p, index, ps, err)
}

// staffUpdateSchool saves a school's form: its name, area, grades and
// whether new sessions are offered it. A school is deactivated, never
// deleted: sessions and responses keep its id, and its name.
func (s *Server) staffUpdateSchool(c *gin.Context) {
	f := readSchoolForm(c)
	f.ID = c.Param("id")
	var index int
	p, ps, err := s.changePlaces(c, map[string]string{"school": f.ID}, func(p *models.Places) error {
		index = slices.IndexFunc(p.Schools, func(sc models.School) bool { return sc.ID == f.ID })
		if index < 0 {
			return models.Errorf(models.ErrNotFound, "%s", web.T(staffLang(c), "places.form.no_school"))
		}
		sc := &p.Schools[index]
		if sc.Area != f.Area {
			// The area is now the one chosen here, no longer a guess.
			sc.Unconfirmed = slices.DeleteFunc(sc.Unconfirmed, func(u string) bool { return u == "area" })
		}
		sc.Name, sc.Area, sc.Grades, sc.Active = f.Name, f.Area, nonNil(f.Grades), f.Active
		return nil
	})
	s.afterSchool(c, f, p, index, ps, err)
}

func (s *Server) afterSchool(c *gin.Context, f schoolForm, p *models.Places, index int, ps []surveys.PlaceProblem, err error) {
	switch {
	case err != nil:
		s.staffFail(c, err)
	case len(ps) > 0:
		s.renderSchoolForm(c, http.StatusUnprocessableEntity, f, schoolProblems(staffLang(c), p, index, f, ps))
	default:
		c.Redirect(http.StatusSeeOther, "/staff/places?saved=1&lang="+staffLang(c))
	}
}

// schoolProblems says the checker's problems in the school form's terms:
// at its fields, and in the summary with the school's place and name.
func schoolProblems(lang string, p *models.Places, index int, f schoolForm, ps []surveys.PlaceProblem) []formProblem {
	at := fmt.Sprintf("schools[%d]", index)
	var out []formProblem
	for _, pr := range ps {
		field, msg := "", messageWith(lang, "places."+pr.Code, pr.Arg)
		if rest, ok := strings.CutPrefix(pr.Path, at); ok && (rest == "" || rest[0] == '.') {
			switch {
			case rest == ".name" || rest == ".id":
				field = "school-name"
			case rest == ".area":
				field, msg = "school-area", web.T(lang, "places.form.area_unknown")
				if f.Area == "" {
					msg = web.T(lang, "places.form.area_required")
				}
			case strings.HasPrefix(rest, ".grades"):
				field, msg = "school-grades", web.T(lang, "places.form.grade_invalid")
			}
		}
		out = append(out, formProblem{Field: field, Message: msg, Text: placeProblemText(lang, p, pr.Path, msg)})
	}
	return out
}

// placeProblemText is a summary line: where, in words, and what.
func placeProblemText(lang string, p *models.Places, path, msg string) string {
	if path == "" {
		return msg
	}
	return placeProblemLabel(lang, p, path) + ": " + msg
}

// staffAddArea adds an area from the form under the areas table. Its
// value, which sessions, responses and the surveys' area question use,
// is made from the name; a survey's area question must offer it for
// pupils to pick it themselves.
func (s *Server) staffAddArea(c *gin.Context) {
	name, part := strings.TrimSpace(c.PostForm("name")), strings.TrimSpace(c.PostForm("part"))
	var index int
	p, ps, err := s.changePlaces(c, map[string]string{"area": "+"}, func(p *models.Places) error {
		index = len(p.Areas)
		value := surveys.UniqueID(surveys.PlaceID(name, '_', "omrade"), '_', func(v string) bool { _, ok := p.Area(v); return ok })
		p.Areas = append(p.Areas, models.Area{Value: value, Label: models.Text{models.LangSV: name}, Part: part})
		return nil
	})
	typed := map[string]string{"new-area-name": name, "new-area-part": part}
	s.afterArea(c, p, ps, err, typed, fmt.Sprintf("areas[%d]", index), map[string]string{".value": "new-area-name", ".label.sv": "new-area-name", ".part": "new-area-part"})
}

// staffRenameArea gives an area a new Swedish name. Its value stays, so
// sessions and responses keep counting in it.
func (s *Server) staffRenameArea(c *gin.Context) {
	value, name := c.Param("value"), strings.TrimSpace(c.PostForm("label"))
	var index int
	p, ps, err := s.changePlaces(c, map[string]string{"area": value}, func(p *models.Places) error {
		index = slices.IndexFunc(p.Areas, func(a models.Area) bool { return a.Value == value })
		if index < 0 {
			return models.Errorf(models.ErrNotFound, "%s", web.T(staffLang(c), "places.form.no_area"))
		}
		a := &p.Areas[index]
		label := models.Text{}
		for k, v := range a.Label {
			label[k] = v
		}
		label[models.LangSV] = name
		a.Label = label
		return nil
	})
	field := "area-" + value
	s.afterArea(c, p, ps, err, map[string]string{field: name}, fmt.Sprintf("areas[%d]", index), map[string]string{".label.sv": field})
}

func (s *Server) afterArea(c *gin.Context, p *models.Places, ps []surveys.PlaceProblem, err error, typed map[string]string, at string, fields map[string]string) {
	lang := staffLang(c)
	switch {
	case err != nil:
		s.staffFail(c, err)
	case len(ps) > 0:
		var out []formProblem
		for _, pr := range ps {
			msg := messageWith(lang, "places."+pr.Code, pr.Arg)
			var field string
			if rest, ok := strings.CutPrefix(pr.Path, at); ok {
				field = fields[rest]
			}
			out = append(out, formProblem{Field: field, Message: msg, Text: placeProblemText(lang, p, pr.Path, msg)})
		}
		// The tables show the stored catalogue, not the refused copy.
		stored, err := s.places(c.Request.Context())
		if err != nil {
			s.staffFail(c, err)
			return
		}
		s.renderPlaces(c, http.StatusUnprocessableEntity, stored, out, typed, false)
	default:
		c.Redirect(http.StatusSeeOther, "/staff/places?saved=1&lang="+lang)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
