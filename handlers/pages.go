package handlers

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/web"
)

// pageData is what every page template gets; pages add their own fields
// through Data.
type pageData struct {
	Lang  string
	Title string
	Data  any
	// Staff pages have no quick-exit button: that is for young people.
	Staff bool
	// Footer is on every public page (pages_about.go); render fills it
	// in the page's language unless the page chose its own.
	Footer *footerView
	// Kiosk keeps the footer to one short line on a shared tablet.
	Kiosk bool
}

// page renders a full HTML page. It renders into a buffer first so a
// template error becomes a clean 500 instead of half a page.
func (s *Server) page(c *gin.Context, status int, name string, d pageData) {
	if d.Lang == "" {
		d.Lang = requestLang(c)
	}
	body, ok := s.render(name, d)
	if !ok {
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	s.writePage(c, status, body)
}

// render executes page name with d; a failure is logged here.
func (s *Server) render(name string, d pageData) ([]byte, bool) {
	d.Staff = strings.HasPrefix(name, "staff_") || name == "login"
	if !d.Staff && d.Footer == nil {
		d.Footer = s.footer(d.Lang)
	}
	t, ok := s.pages[name]
	if !ok {
		s.log.Error("missing page template", slog.String("page", name))
		return nil, false
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", d); err != nil {
		s.log.Error("render page", slog.String("page", name), slog.Any("err", err))
		return nil, false
	}
	return buf.Bytes(), true
}

// writePage sends a rendered page; no page is kept by any cache.
func (s *Server) writePage(c *gin.Context, status int, body []byte) {
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", body)
}

// homeView is the start page: the open surveys and the join-code field.
type homeView struct {
	Assets assetURLs
	// Langs switches the page's language; the choice goes on, as ?lang=,
	// through every link and the join form.
	Langs   []langLink
	Surveys []homeSurvey
	// Code is a join code that was refused, shown again in its field with
	// CodeError, the reason in the page's language.
	Code, CodeError string
	// Feedback links to the pages "Det här hände med era svar" that are
	// on, for open and closed surveys alike.
	Feedback []homeSurvey
}

type homeSurvey struct {
	Title, URL string
}

func (s *Server) home(c *gin.Context) {
	s.homePage(c, requestLang(c), http.StatusOK, "", "")
}

// homePage renders the start page with status; a refused join code comes
// back in its field with the reason beside it (codeErr), so nobody who
// mistyped meets a dead end.
func (s *Server) homePage(c *gin.Context, lang string, status int, code, codeErr string) {
	list, err := s.surveys(c.Request.Context())
	if err != nil {
		s.noticePage(c, err)
		return
	}
	on, err := s.feedback.enabled(c.Request.Context(), s.store.FeedbackEnabled)
	if err != nil {
		s.noticePage(c, err)
		return
	}
	v := homeView{Assets: s.static.urls, Langs: homeLangs(c, lang), Code: code, CodeError: codeErr}
	for _, sv := range list.all {
		if sv.Status == models.StatusOpen {
			v.Surveys = append(v.Surveys, homeSurvey{Title: sv.Title.In(lang), URL: "/surveys/" + sv.Slug + "?lang=" + lang})
		}
		if on[sv.Slug] && sv.Status != models.StatusDraft {
			v.Feedback = append(v.Feedback, homeSurvey{Title: fmt.Sprintf(web.T(lang, "feedback.link"), sv.Title.In(lang)), URL: feedbackPath(sv.Slug, lang)})
		}
	}
	title := web.T(lang, "home.title")
	if codeErr != "" {
		// A reader of the tab or a screen reader hears the problem first.
		title = codeErr + " – " + title
	}
	s.page(c, status, "home", pageData{Lang: lang, Title: title, Data: v})
}

// homeLangs is the start page's language switch: every language young
// people are offered here, lättläst among them, each named in its own
// script. Its links go to "/" itself, since the page also answers /s when
// a code is refused.
func homeLangs(c *gin.Context, lang string) []langLink {
	out := langSwitch(enabledLangs(c).Codes(), lang)
	for i := range out {
		out[i].URL = "/?lang=" + out[i].Code
	}
	return out
}
