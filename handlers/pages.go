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
}

// page renders a full HTML page. It renders into a buffer first so a
// template error becomes a clean 500 instead of half a page.
func (s *Server) page(c *gin.Context, status int, name string, d pageData) {
	if d.Lang == "" {
		d.Lang = requestLang(c)
	}
	d.Staff = strings.HasPrefix(name, "staff_") || name == "login"
	t, ok := s.pages[name]
	var buf bytes.Buffer
	if !ok {
		s.log.Error("missing page template", slog.String("page", name))
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout", d); err != nil {
		s.log.Error("render page", slog.String("page", name), slog.Any("err", err))
		c.AbortWithStatus(http.StatusInternalServerError)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// homeView is the start page: the open surveys and the join-code field.
type homeView struct {
	Assets  assetURLs
	Surveys []homeSurvey
	// Feedback links to the pages "Det här hände med era svar" that are
	// on, for open and closed surveys alike.
	Feedback []homeSurvey
}

type homeSurvey struct {
	Title, URL string
}

func (s *Server) home(c *gin.Context) {
	lang := requestLang(c)
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
	v := homeView{Assets: s.static.urls}
	for _, sv := range list.all {
		if sv.Status == models.StatusOpen {
			v.Surveys = append(v.Surveys, homeSurvey{Title: sv.Title.In(lang), URL: "/surveys/" + sv.Slug + "?lang=" + lang})
		}
		if on[sv.Slug] && sv.Status != models.StatusDraft {
			v.Feedback = append(v.Feedback, homeSurvey{Title: fmt.Sprintf(web.T(lang, "feedback.link"), sv.Title.In(lang)), URL: feedbackPath(sv.Slug, lang)})
		}
	}
	s.page(c, http.StatusOK, "home", pageData{Lang: lang, Title: web.T(lang, "home.title"), Data: v})
}
