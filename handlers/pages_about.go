package handlers

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/web"
)

// DefaultOrganisations are the public actors behind the survey when the
// deployment names none: the two that sign Sandviken's medborgarlöfte.
var DefaultOrganisations = []string{"Polisen, lokalpolisområde Gästrikland", "Sandvikens kommun"}

// Public routes of the pages that say who runs the service.
const (
	privacyPath       = "/integritet"
	accessibilityPath = "/tillganglighet"
)

// footerView is the footer of every public page: who is behind the
// survey, and links to how answers are protected and to the
// accessibility statement (which DOS-lagen wants reachable from every
// page). The organisations are configured by their Swedish names, and
// marked as Swedish on pages in other languages.
type footerView struct {
	Organisations string
	Privacy       string
	Accessibility string
}

func (s *Server) footer(lang string) *footerView {
	return &footerView{
		Organisations: strings.Join(s.cfg.Organisations, " · "),
		Privacy:       privacyPath + "?lang=" + lang,
		Accessibility: accessibilityPath + "?lang=" + lang,
	}
}

// contactView is whom to ask: an address a link can be made of, or a
// plain text.
type contactView struct {
	Text, URL string
}

func (s *Server) contact() contactView {
	c := strings.TrimSpace(s.cfg.Contact)
	switch {
	case c == "":
		return contactView{Text: strings.Join(s.cfg.Organisations, ", ")}
	case strings.HasPrefix(c, "https://") || strings.HasPrefix(c, "http://"):
		return contactView{Text: strings.TrimPrefix(strings.TrimPrefix(c, "https://"), "http://"), URL: c}
	case strings.Contains(c, "@") && !strings.ContainsAny(c, " \t"):
		return contactView{Text: c, URL: "mailto:" + c}
	}
	return contactView{Text: c}
}

// privacyView is "Så skyddar vi dina svar", for young people.
type privacyView struct {
	Assets  assetURLs
	MinCell int
	// TextKept and ResponsesKept are the retention periods in words
	// ("12 månader", "5 år").
	TextKept, ResponsesKept string
	Contact                 contactView
}

func (s *Server) privacyPage(c *gin.Context) {
	lang := requestLang(c)
	months, years := s.cfg.RetentionTextMonths, s.cfg.RetentionResponseYears
	if months <= 0 {
		months = 12
	}
	if years <= 0 {
		years = 5
	}
	v := privacyView{
		Assets:        s.static.urls,
		MinCell:       max(s.cfg.MinCell, 1),
		TextKept:      fmt.Sprintf(web.Plural(lang, "privacy.months", months), months),
		ResponsesKept: fmt.Sprintf(web.Plural(lang, "privacy.years", years), years),
		Contact:       s.contact(),
	}
	s.page(c, http.StatusOK, "privacy", pageData{Lang: lang, Title: web.T(lang, "privacy.title"), Data: v})
}

// statementView is the accessibility statement. It is Swedish whatever
// the visitor's language (DOS-lagen asks for Swedish); another language
// gets one line saying so, in that language.
type statementView struct {
	Assets   assetURLs
	St       *web.Statement
	Intro    string
	Status   string
	Dates    string
	Contact  contactView
	Visitor  string // the visitor's language when not Swedish
	Notice   string // the line in the visitor's language
	NoticeRL string // its direction
}

func (s *Server) accessibilityPage(c *gin.Context) {
	visitor := requestLang(c)
	st := s.statement
	org := strings.Join(s.cfg.Organisations, ", ")
	assessed, updated := st.Assessed, st.Updated
	if a := s.cfg.AccessibilityAssessed; a != "" {
		assessed = a
		if a > updated { // both are YYYY-MM-DD
			updated = a
		}
	}
	v := statementView{
		Assets:  s.static.urls,
		St:      st,
		Intro:   fmt.Sprintf(st.Text["intro"], org, st.Service),
		Status:  fmt.Sprintf(st.Text["status"], org, st.Service, st.Status),
		Dates:   fmt.Sprintf(st.Text["dates"], assessed, updated),
		Contact: s.contact(),
	}
	if visitor != models.DefaultLang {
		v.Visitor, v.Notice, v.NoticeRL = visitor, web.T(visitor, "a11y.swedish_only"), models.Dir(visitor)
	}
	// The page is Swedish, but its links keep the visitor's language.
	s.page(c, http.StatusOK, "accessibility", pageData{Lang: models.DefaultLang, Title: st.Text["title"], Data: v,
		Footer: s.footer(visitor)})
}
