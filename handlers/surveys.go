package handlers

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/web"
)

// openSurvey loads the newest version of slug and checks that it takes
// answers now. Drafts and unknown slugs are not found alike, so a draft's
// existence does not leak; a closed survey says so plainly.
func (s *Server) openSurvey(c *gin.Context, slug string) (*models.Survey, error) {
	lang := requestLang(c)
	if !models.ValidSlug(slug) {
		return nil, &models.Error{Code: models.ErrNotFound, Message: web.T(lang, "survey.not_found")}
	}
	sv, err := s.surveyDefs.get(c.Request.Context(), slug)
	if models.ErrorCode(err) == models.ErrNotFound {
		return nil, &models.Error{Code: models.ErrNotFound, Message: web.T(lang, "survey.not_found")}
	}
	if err != nil {
		return nil, err
	}
	now := time.Now()
	switch {
	case sv.Status == models.StatusDraft:
		return nil, &models.Error{Code: models.ErrNotFound, Message: web.T(lang, "survey.not_found")}
	case sv.Status == models.StatusClosed, sv.ClosesAt != nil && now.After(*sv.ClosesAt):
		return nil, &models.Error{Code: models.ErrClosed, Message: web.T(lang, "survey.closed")}
	case sv.OpensAt != nil && now.Before(*sv.OpensAt):
		return nil, &models.Error{Code: models.ErrClosed, Message: web.T(lang, "survey.not_yet_open")}
	}
	return sv, nil
}

// surveyDefinition serves an open survey's definition to the answer page
// and to other clients.
func (s *Server) surveyDefinition(c *gin.Context) {
	sv, err := s.openSurvey(c, c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sv)
}
