package handlers

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"gopkg.in/yaml.v3"

	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

// places is the catalogue sessions pick from, or nil when none is stored
// (start-up stores the built-in one, so only a bare database has none).
func (s *Server) places(ctx context.Context) (*models.Places, error) {
	p, err := s.store.Places(ctx)
	if models.ErrorCode(err) == models.ErrNotFound {
		return nil, nil
	}
	return p, err
}

// getPlaces is the catalogue as JSON, or as YAML with ?format=yaml (the
// file admins edit and load back).
func (s *Server) getPlaces(c *gin.Context) {
	p, err := s.places(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if p == nil {
		p = &models.Places{Areas: []models.Area{}, Schools: []models.School{}}
	}
	if c.Query("format") == "yaml" {
		out, err := yaml.Marshal(p)
		if err != nil {
			s.fail(c, fmt.Errorf("places: %w", err))
			return
		}
		c.Header("Content-Disposition", `attachment; filename="places.yaml"`)
		c.Data(http.StatusOK, "application/yaml; charset=utf-8", out)
		return
	}
	c.JSON(http.StatusOK, p)
}

// putPlaces replaces the catalogue from JSON or YAML, listing every
// problem; nothing is stored unless it has none.
func (s *Server) putPlaces(c *gin.Context) {
	body, ok := s.readBody(c)
	if !ok {
		return
	}
	p, problems := s.checkPlaces(staffLang(c), body)
	if len(problems) > 0 {
		invalid(c, web.T(staffLang(c), "places.problems"), problems)
		return
	}
	if err := s.savePlaces(c, p); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, p)
}

// checkPlaces reads and checks a catalogue, with every problem said in
// the staff member's language.
func (s *Server) checkPlaces(lang string, body []byte) (*models.Places, []fieldProblem) {
	p, err := surveys.ParsePlaces(body)
	if msg, ok := yamlLimitMessage(lang, err); ok {
		return nil, []fieldProblem{{Code: models.CodeOutOfRange, Message: msg}}
	}
	if err != nil {
		return nil, []fieldProblem{{Code: models.CodeSyntax, Message: fmt.Sprintf(web.T(lang, "places.syntax"), err.Error())}}
	}
	var out []fieldProblem
	for _, pr := range surveys.CheckPlaces(p) {
		out = append(out, fieldProblem{Field: pr.Path, Code: pr.Code, Message: messageWith(lang, "places."+pr.Code, pr.Arg)})
	}
	if p.Areas == nil {
		p.Areas = []models.Area{}
	}
	if p.Schools == nil {
		p.Schools = []models.School{}
	}
	return p, out
}

func (s *Server) savePlaces(c *gin.Context, p *models.Places) error {
	if err := s.store.PutPlaces(c.Request.Context(), p, currentPrincipal(c).Name); err != nil {
		return err
	}
	s.audit(c, models.AuditPlacesSave, "", map[string]string{"areas": itoa(len(p.Areas)), "schools": itoa(len(p.Schools))})
	return nil
}
