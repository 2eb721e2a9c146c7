package handlers

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/surveys"
	"medborgardialog/web"
)

// The staff's survey page (admin only): the versions of one survey with
// their status and answers, downloads of each definition, and uploading a
// new one. An upload is checked first; with problems nothing is stored and
// the page lists them by sheet, row and column; without, it is kept as a
// draft (store.SurveyDraft) whose form can be previewed in every language
// before it is published under the versioning rule.

type staffSurveyAdminView struct {
	staffBase
	lang                string // the page's, for Summary
	Slug, Title, Status string
	Versions            []versionRow
	Problems            []string // a refused upload's, one line each
	Draft               *draftView
	Retention           *retentionView
	// Langs is each language's state for the newest version.
	Langs []langStatusRow
}

// retentionView says what the retention job will delete of the survey and
// when. Text and Responses are empty while nothing is scheduled; Note then
// says why.
type retentionView struct {
	Rules, Text, Responses, Note string
}

type versionRow struct {
	Version            int
	Status, Created, N string
	XLSX, YAML         string
	// ReplacedBy is the version that replaced this one; 0 for the newest,
	// the one young people get. An older version keeps the status it had
	// in the database, but only the newest is served, so showing "Öppen"
	// on two rows would say something untrue.
	ReplacedBy int
}

type draftView struct {
	ID, Summary, Effect string
	Langs               []langLink
	Notices             []string // what the import left out or changed
	Changes             *changesView
	NeedsTick           bool // a Publish without the tick came back here
}

// Summary is the top of a refused upload's page: how many problems,
// linked to their list beside the upload form.
func (v staffSurveyAdminView) Summary() []staffProblem {
	return []staffProblem{{Field: "upload-problems", Message: fmt.Sprintf(web.Plural(v.lang, "surveyadmin.problem_count", len(v.Problems)), len(v.Problems))}}
}

func (s *Server) staffSurveyAdmin(c *gin.Context) {
	s.renderSurveyAdmin(c, http.StatusOK, nil)
}

// renderSurveyAdmin shows the survey page; ?draft=ID adds that draft's
// preview links and Publish button, ?published=N says it was published.
func (s *Server) renderSurveyAdmin(c *gin.Context, status int, problems []string) {
	lang := staffLang(c)
	ctx := c.Request.Context()
	slug := c.Param("slug")
	if !models.ValidSlug(slug) {
		s.staffFail(c, models.Errorf(models.ErrNotFound, "%s", web.T(lang, "survey.not_found")))
		return
	}
	v := staffSurveyAdminView{staffBase: s.staffBase(c), Slug: slug, Title: slug, Problems: problems, lang: lang}
	versions, err := s.store.SurveyVersions(ctx, slug)
	if err != nil && models.ErrorCode(err) != models.ErrNotFound {
		s.staffFail(c, err)
		return
	}
	if len(versions) > 0 {
		sv, err := s.store.Survey(ctx, slug)
		if err != nil {
			s.staffFail(c, err)
			return
		}
		v.Title, v.Status = sv.Title.In(lang), sv.Status
		v.Langs = s.newLangStatus(sv, lang)
		if v.Retention, err = s.newRetentionView(c, sv, lang); err != nil {
			s.staffFail(c, err)
			return
		}
	}
	for i, ver := range versions { // newest first
		q := "?version=" + strconv.Itoa(ver.Version)
		replacedBy := 0
		if i > 0 {
			replacedBy = versions[i-1].Version
		}
		v.Versions = append(v.Versions, versionRow{
			Version: ver.Version, Status: ver.Status, ReplacedBy: replacedBy, Created: ver.CreatedAt.In(s.zone).Format("2006-01-02 15:04"),
			N:    formatInt(lang, int(ver.Responses)),
			XLSX: "/api/v1/admin/surveys/" + slug + "/definition.xlsx" + q,
			YAML: "/api/v1/admin/surveys/" + slug + "/definition.yaml" + q,
		})
	}
	if n, err := strconv.Atoi(c.Query("published")); err == nil && n > 0 {
		v.Flash = fmt.Sprintf(web.T(lang, "surveyadmin.published"), n)
	}
	if id := c.Query("draft"); id != "" && len(problems) == 0 {
		d, err := s.store.SurveyDraft(ctx, slug, id)
		if err != nil {
			s.staffFail(c, err)
			return
		}
		if v.Draft, err = s.newDraftView(c, d, versions, lang); err != nil {
			s.staffFail(c, err)
			return
		}
	}
	s.page(c, status, "staff_survey_admin", pageData{Lang: lang, Title: web.T(lang, "surveyadmin.title") + ": " + v.Title, Data: v})
}

// newDraftView says what the draft is and what publishing it will do.
func (s *Server) newDraftView(c *gin.Context, d *store.SurveyDraft, versions []store.VersionSummary, lang string) (*draftView, error) {
	sv := &d.Survey
	dv := &draftView{ID: d.ID, Summary: fmt.Sprintf(web.Plural(lang, "surveyadmin.draft_ok", len(sv.Questions)), sv.Title.In(lang), len(sv.Questions), web.T(lang, "staff.status."+sv.Status))}
	switch {
	case len(versions) == 0:
		dv.Effect = web.T(lang, "surveyadmin.draft_creates")
	default:
		// Ask the responses themselves, as PublishSurvey will: the tally
		// is a figure to show, this decides what happens.
		newest := versions[0].Version
		answered, err := s.store.HasResponses(c.Request.Context(), d.Slug, newest)
		if err != nil {
			return nil, err
		}
		if answered {
			dv.Effect = fmt.Sprintf(web.T(lang, "surveyadmin.draft_next"), newest+1, newest)
		} else {
			dv.Effect = fmt.Sprintf(web.T(lang, "surveyadmin.draft_replaces"), newest)
		}
	}
	for _, n := range d.Notices {
		text := n.SV
		if lang == models.LangEN {
			text = n.EN
		}
		dv.Notices = append(dv.Notices, text)
	}
	var err error
	if dv.Changes, err = s.draftChanges(c.Request.Context(), d, lang); err != nil {
		return nil, err
	}
	dv.NeedsTick = c.Query("tick") == "needed" && dv.Changes != nil && dv.Changes.Accept != ""
	base := "/staff/surveys/" + d.Slug + "/drafts/" + d.ID + "/preview?lang="
	for _, l := range surveyLangs(s.langs, sv) {
		dv.Langs = append(dv.Langs, langLink{Code: l, Name: models.Endonym(l), URL: base + l})
	}
	return dv, nil
}

// staffUploadSurvey checks an uploaded definition: an XLSForm workbook or
// YAML, as a file (multipart/form-data, field "file") or pasted (field
// "definition"). With problems the page lists them and nothing is kept;
// without, the definition becomes a draft and the page shows it.
func (s *Server) staffUploadSurvey(c *gin.Context) {
	lang := staffLang(c)
	slug := c.Param("slug")
	if !models.ValidSlug(slug) {
		s.staffFail(c, models.Errorf(models.ErrNotFound, "%s", web.T(lang, "survey.not_found")))
		return
	}
	data, name, err := uploadedDefinition(c)
	switch {
	case tooLarge(err):
		s.renderSurveyAdmin(c, http.StatusRequestEntityTooLarge, []string{web.T(lang, "error.too_large")})
		return
	case err != nil:
		s.renderSurveyAdmin(c, http.StatusUnprocessableEntity, []string{web.T(lang, "error.bad_body")})
		return
	case len(bytes.TrimSpace(data)) == 0:
		s.renderSurveyAdmin(c, http.StatusUnprocessableEntity, []string{web.T(lang, "surveyadmin.no_file")})
		return
	}
	sv, problems, notices, err := s.checkUpload(c.Request.Context(), data, name, slug, lang)
	if err != nil {
		s.failWorkbook(c, err)
		return
	}
	if len(problems) > 0 {
		s.renderSurveyAdmin(c, http.StatusUnprocessableEntity, problems)
		return
	}
	d, err := s.store.InsertSurveyDraft(c.Request.Context(), sv, currentPrincipal(c).Name, notices...)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/surveys/"+slug+"/admin?draft="+d.ID+"#draft")
}

// uploadedDefinition is the file of the form, or the pasted text.
func uploadedDefinition(c *gin.Context) (data []byte, name string, err error) {
	fh, err := c.FormFile("file")
	if err == nil {
		f, err := fh.Open()
		if err != nil {
			return nil, "", err
		}
		defer f.Close()
		data, err = io.ReadAll(f)
		return data, fh.Filename, err
	}
	if !errors.Is(err, http.ErrMissingFile) && !errors.Is(err, http.ErrNotMultipart) {
		return nil, "", err
	}
	return []byte(c.PostForm("definition")), "", nil
}

// checkUpload reads a workbook (by its name, or its zip signature) or
// YAML and lists every problem as a line: "Blad survey, rad 14, kolumn
// relevant: …" for a workbook, "path: …" for YAML. The error is
// readWorkbook's: the workbook was not read.
func (s *Server) checkUpload(ctx context.Context, data []byte, name, slug, lang string) (*models.Survey, []string, []store.DraftNotice, error) {
	var lines []string
	if strings.EqualFold(filepath.Ext(name), ".xlsx") || bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		sv, ps, notices, err := s.readWorkbookNotices(ctx, data, slug, lang)
		for _, p := range ps {
			lines = append(lines, p.Message)
		}
		return sv, lines, notices, err
	}
	sv, ps, err := s.checker.Load(data)
	if msg, ok := yamlLimitMessage(lang, err); ok {
		return nil, []string{msg}, nil, nil
	}
	for _, p := range ps {
		if p.Path == "" {
			lines = append(lines, surveys.Message(p, lang))
		} else {
			lines = append(lines, p.Path+": "+surveys.Message(p, lang))
		}
	}
	if len(ps) == 0 && sv.Slug != slug {
		lines = append(lines, "slug: "+fmt.Sprintf(web.T(lang, "surveyadmin.slug_mismatch"), sv.Slug, slug))
	}
	if len(lines) > 0 {
		return nil, lines, nil, nil
	}
	return sv, nil, nil, nil
}

// previewCSP is the preview's Content-Security-Policy: no script and no
// form may send anything, so an answer typed into a preview goes nowhere.
const previewCSP = "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'none'; form-action 'none'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'"

type previewView struct {
	formView
	StaffLang, Banner, Back, BackText string
}

// staffPreviewDraft shows a draft's form exactly as the public form
// renders it (the "survey" template's content), under a banner saying it
// is a preview, without the form's script and with a policy that lets no
// form be sent.
func (s *Server) staffPreviewDraft(c *gin.Context) {
	// ?lang= is the form's language here; the banner speaks the staff's.
	staff := models.LangSV
	if web.Negotiate(web.StaffLanguages, "", c.GetHeader("Accept-Language")) == models.LangEN {
		staff = models.LangEN
	}
	d, err := s.store.SurveyDraft(c.Request.Context(), c.Param("slug"), c.Param("id"))
	if err != nil {
		s.staffFail(c, err)
		return
	}
	lang := requestLang(c)
	lang = offeredLang(c, &d.Survey, lang)
	t, err := previewTemplate()
	if err != nil {
		s.staffFail(c, models.Errorf(models.ErrInternal, "preview template: %v", err))
		return
	}
	v := previewView{
		formView:  s.newFormView(&d.Survey, lang, uuid.NewString(), nil, nil),
		StaffLang: staff,
		Banner:    web.T(staff, "surveyadmin.preview_banner"),
		Back:      "/staff/surveys/" + d.Slug + "/admin?draft=" + d.ID + "#draft",
		BackText:  web.T(staff, "surveyadmin.preview_back"),
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "previewlayout", pageData{Lang: lang, Title: v.Title, Data: v, Staff: true}); err != nil {
		s.staffFail(c, models.Errorf(models.ErrInternal, "render preview: %v", err))
		return
	}
	c.Header("Content-Security-Policy", previewCSP)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}

var (
	previewOnce sync.Once
	previewTmpl *template.Template
	previewErr  error
)

// previewTemplate is the answer page's templates with the preview's own
// layout (web/templates/staff_survey_preview.html) added. It parses the
// pages afresh, once: a template that has been executed cannot take new
// definitions.
func previewTemplate() (*template.Template, error) {
	previewOnce.Do(func() {
		pages, err := web.Pages()
		if err != nil {
			previewErr = err
			return
		}
		layout := pages["staff_survey_preview"].Lookup("previewlayout")
		if layout == nil || pages["survey"] == nil {
			previewErr = fmt.Errorf("previewlayout or survey template missing")
			return
		}
		if _, previewErr = pages["survey"].AddParseTree("previewlayout", layout.Tree); previewErr == nil {
			previewTmpl = pages["survey"]
		}
	})
	return previewTmpl, previewErr
}

// staffPublishDraft stores a draft under the versioning rule, as PUT of
// the API does, and goes back to the survey page.
func (s *Server) staffPublishDraft(c *gin.Context) {
	ctx := c.Request.Context()
	slug := c.Param("slug")
	d, err := s.store.SurveyDraft(ctx, slug, c.Param("id"))
	if err != nil {
		s.staffFail(c, err)
		return
	}
	sv := &d.Survey
	// A draft that breaks an indicator's comparison is published only
	// with the tick that says so; without it the page shows the draft
	// again, the tick marked.
	if _, ch, err := s.compareDraft(ctx, d); err != nil {
		s.staffFail(c, err)
		return
	} else if ch.Breaking() && c.PostForm("accept_breaks") != "yes" {
		c.Redirect(http.StatusSeeOther, "/staff/surveys/"+slug+"/admin?draft="+d.ID+"&tick=needed#accept-breaks")
		return
	}
	if !confirmSent(c) {
		s.staffConfirmDraft(c) // asked first, done only from the confirmation page
		return
	}
	res, err := s.store.PublishSurvey(ctx, sv)
	s.surveyDefs.forget(slug)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	if sv.Promise != nil && sv.Promise.ID != "" {
		if err := s.store.EnsurePromise(ctx, *sv.Promise); err != nil {
			s.staffFail(c, err)
			return
		}
	}
	s.audit(c, models.AuditSurveySave, res.Slug, map[string]string{"version": strconv.Itoa(res.Version), "replaced": strconv.FormatBool(res.Replaced), "created": strconv.FormatBool(res.Created)})
	if err := s.store.DeleteSurveyDraft(ctx, d.ID); err != nil {
		s.log.Warn("delete published draft", "err", err) // it expires within a day anyway
	}
	c.Redirect(http.StatusSeeOther, "/staff/surveys/"+slug+"/admin?published="+strconv.Itoa(res.Version))
}

// newRetentionView applies the deployment's retention periods and the
// survey's own rules to the time it closed, as the retention job does.
func (s *Server) newRetentionView(c *gin.Context, sv *models.Survey, lang string) (*retentionView, error) {
	rules := store.Retention{TextMonths: cmp.Or(s.cfg.RetentionTextMonths, 12), ResponseYears: cmp.Or(s.cfg.RetentionResponseYears, 5)}
	if sv.Retention != nil {
		rules.TextMonths = cmp.Or(sv.Retention.FreeTextMonths, rules.TextMonths)
		rules.ResponseYears = cmp.Or(sv.Retention.ResponsesYears, rules.ResponseYears)
	}
	rv := &retentionView{Rules: fmt.Sprintf(web.T(lang, "surveyadmin.retention_rules"), rules.TextMonths, rules.ResponseYears)}
	if sv.Status != models.StatusClosed {
		rv.Note = web.T(lang, "surveyadmin.retention_open")
		return rv, nil
	}
	closed, err := s.store.SurveyClosed(c.Request.Context(), sv.Slug)
	if err != nil {
		return nil, err
	}
	cut, ok := rules.SurveyCutoffs(sv, closed)
	if !ok {
		rv.Note = web.T(lang, "surveyadmin.retention_none")
		return rv, nil
	}
	rv.Text = fmt.Sprintf(web.T(lang, "surveyadmin.retention_text"), cut.Text.In(s.zone).Format("2006-01-02"))
	rv.Responses = fmt.Sprintf(web.T(lang, "surveyadmin.retention_responses"), cut.Responses.In(s.zone).Format("2006-01-02"))
	return rv, nil
}
