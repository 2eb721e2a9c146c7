package handlers

import (
	"fmt"
	"maps"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/web"
)

// What cannot be undone is confirmed on a page of its own: closing or
// reopening a survey, making a publication, publishing a new version of
// a survey. The page (GET, or a post without the confirmation field)
// says in plain words what will happen and has the one button that does
// it; a post without confirm=yes is never performed, so a stray click,
// an old bookmark or a form without JavaScript always lands on the
// question first.

// confirmField is the field the confirmation page's button sends.
const confirmField = "confirm"

// confirmSent is whether the form carries the confirmation page's answer:
// the surveys', publications' and sessions' confirmation steps all ask it.
func confirmSent(c *gin.Context) bool { return c.PostForm(confirmField) == "yes" }

type surveyConfirmView struct {
	staffBase
	Lines    []string // what will happen
	Action   string   // where the button posts
	Hidden   []option // fields sent along (Value is the name, Label the value)
	Button   string
	Cancel   string
	Note     *noteField // a publication's note, editable on the page
	Problems []staffProblem
}

type noteField struct {
	Value, Error string
	Limit        int
}

func (s *Server) renderConfirm(c *gin.Context, status int, title string, v surveyConfirmView) {
	s.page(c, status, "staff_confirm", pageData{Lang: staffLang(c), Title: title, Data: v})
}

// staffSurveyOr404 is the survey in the path, or a staff page saying it
// is not there.
func (s *Server) staffSurveyOr404(c *gin.Context) (*models.Survey, bool) {
	lang := staffLang(c)
	notFound := models.Errorf(models.ErrNotFound, "%s", web.T(lang, "survey.not_found"))
	if !models.ValidSlug(c.Param("slug")) {
		s.staffFail(c, notFound)
		return nil, false
	}
	sv, err := s.store.Survey(c.Request.Context(), c.Param("slug"))
	if models.ErrorCode(err) == models.ErrNotFound {
		err = notFound
	}
	if err != nil {
		s.staffFail(c, err)
		return nil, false
	}
	return sv, true
}

func (s *Server) staffConfirmOpen(c *gin.Context)  { s.confirmStatus(c, models.StatusOpen) }
func (s *Server) staffConfirmClose(c *gin.Context) { s.confirmStatus(c, models.StatusClosed) }

// confirmStatus asks before a survey is closed or opened again.
func (s *Server) confirmStatus(c *gin.Context, status string) {
	sv, ok := s.staffSurveyOr404(c)
	if !ok {
		return
	}
	lang := staffLang(c)
	n, err := s.store.CountSurveyResponses(c.Request.Context(), sv.Slug)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	title := sv.Title.In(lang)
	next := c.Query("next")
	if c.Request.Method == http.MethodPost {
		next = c.PostForm("next")
	}
	v := surveyConfirmView{staffBase: s.staffBase(c), Cancel: safeNext(next), Hidden: []option{{Value: "next", Label: safeNext(next)}}}
	answers := fmt.Sprintf(web.Plural(lang, "confirm.answers", int(n)), formatInt(lang, int(n)))
	var q string
	if status == models.StatusClosed {
		q = fmt.Sprintf(web.T(lang, "confirm.close.title"), title)
		v.Action = "/staff/surveys/" + sv.Slug + "/close"
		v.Button = web.T(lang, "confirm.close.button")
		v.Lines = []string{web.T(lang, "confirm.close.stop"), answers, web.T(lang, "confirm.close.final"), web.T(lang, "confirm.close.reopen")}
	} else {
		q = fmt.Sprintf(web.T(lang, "confirm.open.title"), title)
		v.Action = "/staff/surveys/" + sv.Slug + "/open"
		v.Button = web.T(lang, "confirm.open.button")
		v.Lines = []string{web.T(lang, "confirm.open.start"), answers}
		if sv.Wave != "" {
			v.Lines = append(v.Lines, fmt.Sprintf(web.T(lang, "confirm.open.wave"), sv.Wave))
		}
	}
	s.renderConfirm(c, http.StatusOK, q, v)
}

// confirmPublication asks before a publication is made; a note that
// cannot be used shows the page again with it, and the problem at the
// top and at the field.
func (s *Server) confirmPublication(c *gin.Context, sv *models.Survey, note string, problem *fieldProblem) {
	lang := staffLang(c)
	ctx := c.Request.Context()
	list, err := s.results.Publications(ctx, sv.Slug)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	n, err := s.store.CountSurveyResponses(ctx, sv.Slug)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	number := 1
	if len(list) > 0 {
		number = list[len(list)-1].Number + 1
	}
	v := surveyConfirmView{staffBase: s.staffBase(c), Action: "/staff/surveys/" + sv.Slug + "/publications",
		Cancel: "/staff/surveys/" + sv.Slug, Button: web.T(lang, "confirm.pub.button"),
		Note: &noteField{Value: note, Limit: maxNote}}
	kind := web.T(lang, "confirm.pub.interim")
	if sv.Status == models.StatusClosed {
		kind = web.T(lang, "confirm.pub.final")
	}
	v.Lines = []string{
		fmt.Sprintf(web.Plural(lang, "confirm.pub.count", int(n)), formatInt(lang, int(n))),
		kind,
		fmt.Sprintf(web.T(lang, "confirm.pub.fixed"), s.intervalDays()),
	}
	status := http.StatusOK
	if problem != nil {
		status = http.StatusUnprocessableEntity
		v.Note.Error = problem.Message
		v.Problems = []staffProblem{{Field: "pub-note", Message: problem.Message}}
	}
	s.renderConfirm(c, status, fmt.Sprintf(web.T(lang, "confirm.pub.title"), number, sv.Title.In(lang)), v)
}

// staffConfirmPublication is the publication's confirmation page.
func (s *Server) staffConfirmPublication(c *gin.Context) {
	sv, ok := s.staffSurveyOr404(c)
	if !ok {
		return
	}
	s.confirmPublication(c, sv, c.Query("note"), nil)
}

// staffConfirmDraft asks before a draft becomes the survey's definition,
// saying which version it becomes.
func (s *Server) staffConfirmDraft(c *gin.Context) {
	lang := staffLang(c)
	ctx := c.Request.Context()
	slug := c.Param("slug")
	d, err := s.store.SurveyDraft(ctx, slug, c.Param("id"))
	if err != nil {
		s.staffFail(c, err)
		return
	}
	versions, err := s.store.SurveyVersions(ctx, slug)
	if err != nil && models.ErrorCode(err) != models.ErrNotFound {
		s.staffFail(c, err)
		return
	}
	dv, err := s.newDraftView(c, d, versions, lang)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	back := "/staff/surveys/" + slug + "/admin?draft=" + d.ID + "#draft"
	v := surveyConfirmView{staffBase: s.staffBase(c), Action: "/staff/surveys/" + slug + "/drafts/" + d.ID + "/publish",
		Cancel: back, Button: web.T(lang, "surveyadmin.publish"),
		Lines: []string{dv.Summary, dv.Effect, web.T(lang, "confirm.draft.now")}}
	if c.Request.Method == http.MethodPost {
		// What the draft's form sent (a tick that accepts a change, say)
		// goes along with the confirmation.
		for _, k := range slices.Sorted(maps.Keys(c.Request.PostForm)) {
			if k != "csrf" && k != confirmField {
				for _, val := range c.Request.PostForm[k] {
					v.Hidden = append(v.Hidden, option{Value: k, Label: val})
				}
			}
		}
	}
	s.renderConfirm(c, http.StatusOK, fmt.Sprintf(web.T(lang, "confirm.draft.title"), d.Survey.Title.In(lang)), v)
}
