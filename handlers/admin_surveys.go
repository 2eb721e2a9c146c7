package handlers

import (
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/web"
)

func (s *Server) adminListSurveys(c *gin.Context) {
	list, err := s.store.Surveys(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if list == nil {
		list = []store.SurveySummary{}
	}
	c.JSON(http.StatusOK, gin.H{"surveys": list})
}

// adminGetSurvey returns the newest version, or ?version=N.
func (s *Server) adminGetSurvey(c *gin.Context) {
	slug := c.Param("slug")
	if !models.ValidSlug(slug) {
		s.fail(c, models.Errorf(models.ErrNotFound, "%s", web.T(requestLang(c), "survey.not_found")))
		return
	}
	var (
		sv  *models.Survey
		err error
	)
	if v := c.Query("version"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 {
			s.fail(c, models.Errorf(models.ErrInvalid, "%s", web.T(requestLang(c), "survey.bad_version")))
			return
		}
		sv, err = s.store.SurveyVersion(c.Request.Context(), slug, n)
	} else {
		sv, err = s.store.Survey(c.Request.Context(), slug)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sv)
}

// adminCreateSurvey stores a new survey from a YAML or JSON definition.
func (s *Server) adminCreateSurvey(c *gin.Context) {
	sv, ok := s.readDefinition(c, "")
	if !ok {
		return
	}
	if _, err := s.store.Survey(c.Request.Context(), sv.Slug); err == nil {
		s.fail(c, models.Errorf(models.ErrConflict, "%s", web.T(requestLang(c), "survey.exists")))
		return
	} else if models.ErrorCode(err) != models.ErrNotFound {
		s.fail(c, err)
		return
	}
	s.surveyDefs.forget(sv.Slug)
	if err := s.store.InsertSurvey(c.Request.Context(), sv); err != nil {
		s.fail(c, err)
		return
	}
	if !s.ensurePromise(c, sv) {
		return
	}
	s.audit(c, models.AuditSurveySave, sv.Slug, map[string]string{"version": strconv.Itoa(sv.Version), "created": "true"})
	c.Header("Location", "/api/v1/admin/surveys/"+sv.Slug)
	c.JSON(http.StatusCreated, gin.H{"slug": sv.Slug, "version": sv.Version, "status": sv.Status, "created": true})
}

// adminPutSurvey stores a definition for slug: a new survey, the same
// unanswered version changed, or a new version when the current one has
// answers.
func (s *Server) adminPutSurvey(c *gin.Context) {
	sv, ok := s.readDefinition(c, c.Param("slug"))
	if !ok {
		return
	}
	res, err := s.store.PublishSurvey(c.Request.Context(), sv)
	s.surveyDefs.forget(sv.Slug)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !s.ensurePromise(c, sv) {
		return
	}
	s.audit(c, models.AuditSurveySave, res.Slug, map[string]string{"version": strconv.Itoa(res.Version), "replaced": strconv.FormatBool(res.Replaced)})
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
	}
	c.JSON(status, res)
}

// readDefinition reads and checks the body. On any problem it answers 422
// with every problem listed and returns false.
func (s *Server) readDefinition(c *gin.Context, slug string) (*models.Survey, bool) {
	lang := requestLang(c)
	body, err := io.ReadAll(c.Request.Body)
	if err != nil {
		if tooLarge(err) {
			s.abort(c, http.StatusRequestEntityTooLarge, models.ErrTooLarge, "error.too_large")
		} else {
			s.abort(c, http.StatusBadRequest, "bad_request", "error.bad_body")
		}
		return nil, false
	}
	sv, problems, _ := s.checker.Load(body)
	if sv != nil && slug != "" && sv.Slug != slug {
		problems = append(problems, models.Problem{Path: "slug", Code: models.CodeInvalid, Message: "the slug in the definition must be " + strconv.Quote(slug) + ", as in the address"})
	}
	if len(problems) > 0 {
		invalid(c, web.T(lang, "survey.definition_problems"), problems)
		return nil, false
	}
	return sv, true
}

func (s *Server) adminOpenSurvey(c *gin.Context)  { s.setSurveyStatus(c, models.StatusOpen) }
func (s *Server) adminCloseSurvey(c *gin.Context) { s.setSurveyStatus(c, models.StatusClosed) }

func (s *Server) setSurveyStatus(c *gin.Context, status string) {
	slug := c.Param("slug")
	if !models.ValidSlug(slug) {
		s.fail(c, models.Errorf(models.ErrNotFound, "%s", web.T(requestLang(c), "survey.not_found")))
		return
	}
	sv, err := s.store.SetSurveyStatus(c.Request.Context(), slug, status)
	s.surveyDefs.forget(slug)
	if err != nil {
		s.fail(c, err)
		return
	}
	action := models.AuditSurveyOpen
	if status == models.StatusClosed {
		action = models.AuditSurveyClose
	}
	s.audit(c, action, slug, map[string]string{"version": strconv.Itoa(sv.Version)})
	c.JSON(http.StatusOK, gin.H{"slug": sv.Slug, "version": sv.Version, "status": sv.Status})
}

// ensurePromise creates the promise a survey names, so its action plan can
// be written as soon as the survey exists.
func (s *Server) ensurePromise(c *gin.Context, sv *models.Survey) bool {
	if sv.Promise == nil || sv.Promise.ID == "" {
		return true
	}
	if err := s.store.EnsurePromise(c.Request.Context(), *sv.Promise); err != nil {
		s.fail(c, err)
		return false
	}
	return true
}
