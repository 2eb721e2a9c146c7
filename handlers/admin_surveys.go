package handlers

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"gopkg.in/yaml.v3"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/surveys/xlsform"
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
	sv, ok := s.requestedSurvey(c)
	if !ok {
		return
	}
	// The live count of responses, exact: it says how many answered and
	// nothing about what (figures come from publications).
	n, err := s.store.CountSurveyResponses(c.Request.Context(), sv.Slug)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, struct {
		*models.Survey
		Responses int64 `json:"responses"`
	}{sv, n})
}

// requestedSurvey loads the survey the address names: the newest version,
// or ?version=N. On any problem it answers and returns false.
func (s *Server) requestedSurvey(c *gin.Context) (*models.Survey, bool) {
	slug := c.Param("slug")
	if !models.ValidSlug(slug) {
		s.fail(c, models.Errorf(models.ErrNotFound, "%s", web.T(requestLang(c), "survey.not_found")))
		return nil, false
	}
	var (
		sv  *models.Survey
		err error
	)
	if v := c.Query("version"); v != "" {
		n, convErr := strconv.Atoi(v)
		if convErr != nil || n < 1 {
			s.fail(c, models.Errorf(models.ErrInvalid, "%s", web.T(requestLang(c), "survey.bad_version")))
			return nil, false
		}
		sv, err = s.store.SurveyVersion(c.Request.Context(), slug, n)
	} else {
		sv, err = s.store.Survey(c.Request.Context(), slug)
	}
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return sv, true
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

// readDefinition reads and checks the body: YAML or JSON, or an XLSForm
// workbook when its media type says so. On any problem it answers 422
// with every problem listed and returns false.
func (s *Server) readDefinition(c *gin.Context, slug string) (*models.Survey, bool) {
	lang := requestLang(c)
	body, ok := s.readBody(c)
	if !ok {
		return nil, false
	}
	if c.ContentType() == xlsxType {
		lang = staffLang(c)
		sv, problems, err := s.readWorkbook(c.Request.Context(), body, slug, lang)
		if err != nil {
			s.failWorkbook(c, err)
			return nil, false
		}
		if len(problems) > 0 {
			invalid(c, web.T(lang, "survey.definition_problems"), problems)
			return nil, false
		}
		return sv, true
	}
	sv, problems, err := s.checker.Load(body)
	if msg, ok := yamlLimitMessage(lang, err); ok {
		problems = []models.Problem{{Code: models.CodeOutOfRange, Message: msg}}
	}
	if sv != nil && slug != "" && sv.Slug != slug {
		problems = append(problems, models.Problem{Path: "slug", Code: models.CodeInvalid, Message: "the slug in the definition must be " + strconv.Quote(slug) + ", as in the address"})
	}
	if len(problems) > 0 {
		invalid(c, web.T(lang, "survey.definition_problems"), problems)
		return nil, false
	}
	return sv, true
}

// xlsxType is the media type of an Excel workbook, the XLSForm upload and
// download.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sheetProblem is a workbook problem in the API's field-problem shape,
// with the sheet, row and column where the author finds it besides.
// Field is "sheet!columnrow" ("survey!relevant14"), or the definition
// path of a problem that names no cell.
type sheetProblem struct {
	Field   string `json:"field"`
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func newSheetProblem(p xlsform.Problem, lang string) sheetProblem {
	field := p.Path
	if p.Sheet != "" {
		field = p.Sheet
		if p.Column != "" || p.Row > 0 {
			field += "!" + p.Column
			if p.Row > 0 {
				field += strconv.Itoa(p.Row)
			}
		}
	}
	return sheetProblem{Field: field, Sheet: p.Sheet, Row: p.Row, Column: p.Column, Code: p.Code, Message: p.Text(lang)}
}

// readWorkbook imports an XLSForm workbook and lists its problems in
// lang. A slug other than want (when given) is a problem of settings'
// form_id. One workbook is read at a time, under workbookDeadline
// (workbookslot.go); the error says that another is being read, or that
// ctx, the request's, ended.
func (s *Server) readWorkbook(ctx context.Context, data []byte, want, lang string) (*models.Survey, []sheetProblem, error) {
	sv, ps, _, err := s.readWorkbookNotices(ctx, data, want, lang)
	return sv, ps, err
}

// readWorkbookNotices is readWorkbook that also returns the import's
// notices (xlsform.Reader.ReadAll), in both staff languages.
func (s *Server) readWorkbookNotices(ctx context.Context, data []byte, want, lang string) (*models.Survey, []sheetProblem, []store.DraftNotice, error) {
	release, err := s.workbooks.take(ctx, lang)
	if err != nil {
		return nil, nil, nil, err
	}
	defer release()
	readCtx, cancel := context.WithTimeout(ctx, workbookDeadline)
	defer cancel()
	rd := xlsform.Reader{MaxSize: s.cfg.StaffBodyMax, Checker: s.checker}
	sv, ps, ns := rd.ReadAll(readCtx, bytes.NewReader(data), int64(len(data)))
	if ctx.Err() != nil {
		return nil, nil, nil, errClientGone
	}
	var notices []store.DraftNotice
	for _, n := range ns {
		notices = append(notices, store.DraftNotice{SV: n.Text(models.LangSV), EN: n.Text(models.LangEN)})
	}
	out := make([]sheetProblem, 0, len(ps))
	for _, p := range ps {
		out = append(out, newSheetProblem(p, lang))
	}
	if len(out) == 0 && want != "" && sv.Slug != want {
		p := newSheetProblem(xlsform.Problem{Sheet: "settings", Row: 2, Column: "form_id", Code: models.CodeInvalid}, lang)
		p.Message = xlsform.Problem{Sheet: "settings", Row: 2, Column: "form_id"}.Location(lang) + ": " +
			fmt.Sprintf(web.T(lang, "surveyadmin.slug_mismatch"), sv.Slug, want)
		out = append(out, p)
	}
	if len(out) > 0 {
		return nil, out, nil, nil
	}
	return sv, nil, notices, nil
}

// adminSurveyWorkbook is the definition as an XLSForm workbook.
func (s *Server) adminSurveyWorkbook(c *gin.Context) {
	sv, ok := s.requestedSurvey(c)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := xlsform.Write(&buf, sv); err != nil {
		s.fail(c, models.Errorf(models.ErrInternal, "write %s as XLSForm: %v", sv.Slug, err))
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d.xlsx"`, sv.Slug, sv.Version))
	c.Data(http.StatusOK, xlsxType, buf.Bytes())
}

// adminSurveyYAML is the definition as YAML, the form surveys/builtin
// holds; surveys.Parse reads it back as the same definition.
func (s *Server) adminSurveyYAML(c *gin.Context) {
	sv, ok := s.requestedSurvey(c)
	if !ok {
		return
	}
	out, err := definitionYAML(sv)
	if err != nil {
		s.fail(c, models.Errorf(models.ErrInternal, "write %s as YAML: %v", sv.Slug, err))
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d.yaml"`, sv.Slug, sv.Version))
	c.Data(http.StatusOK, "application/yaml; charset=utf-8", out)
}

func definitionYAML(sv *models.Survey) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(sv); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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
	body := gin.H{"slug": sv.Slug, "version": sv.Version, "status": sv.Status}
	if status == models.StatusClosed {
		// Closing publishes the figures, unless the last publication was
		// too recent: then the daily job does on the first day allowed.
		body["publication"] = nil
		if p := s.publishOnClose(c, sv); p != nil {
			body["publication"] = p.Number
		}
	}
	c.JSON(http.StatusOK, body)
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
