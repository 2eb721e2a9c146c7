package handlers

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/web"
)

// Staff errors stay in the staff layout: the navigation, the account and
// a summary of what went wrong at the top, focused when the page loads,
// never the young people's error page with its quick-exit button. A
// form that can be shown again with what was typed does so itself and
// uses the same summary (the "errorsummary" template).

// staffProblem is one line of an error summary; Field, if set, is the id
// of the form field it is about, which the line links to.
type staffProblem struct {
	Field, Message string
}

type staffErrorView struct {
	staffBase
	Problems []staffProblem
	Back     string   // the page the user came from, where that is known
	Can      []string // a refused role: what it may do
}

// staffFail shows err as a staff page; internal causes are logged once.
func (s *Server) staffFail(c *gin.Context, err error) {
	if s.failLoading(c, err) || s.clientGone(c, err) {
		return
	}
	code := models.ErrorCode(err)
	lang := staffLang(c)
	msg := web.T(lang, "error."+code)
	switch code {
	case models.ErrInternal, models.ErrUnavailable:
		s.log.Error("staff page", "route", c.FullPath(), "err", err)
	default:
		if e, ok := err.(*models.Error); ok {
			msg = e.Message
		}
	}
	if code == models.ErrUnavailable {
		c.Header("Retry-After", "5")
	}
	v := staffErrorView{staffBase: s.staffBase(c), Back: staffBack(c)}
	s.page(c, statusOf(code), "staff_error", pageData{Lang: lang, Title: msg, Data: v})
}

// staffRefuse answers a signed-in staff member who may not do what was
// asked (a role without the right, a form gone stale) in the staff
// layout; a refused role is told what it may do instead.
func (s *Server) staffRefuse(c *gin.Context, status int, key string) {
	lang := staffLang(c)
	v := staffErrorView{staffBase: s.staffBase(c), Back: staffBack(c)}
	if v.User != nil && key == "error.forbidden" {
		for _, k := range []string{"1", "2", "3", "4"} {
			if line := web.TOr(lang, "staff.can."+v.User.Role+"."+k, ""); line != "" {
				v.Can = append(v.Can, line)
			}
		}
	}
	s.page(c, status, "staff_error", pageData{Lang: lang, Title: web.T(lang, key), Data: v})
	c.Abort()
}

// staffBack is the page a failed request came from, as far as the route
// tells: the form's page for a post, nothing for a page itself (the
// staff home is always offered).
func staffBack(c *gin.Context) string {
	if c.Request.Method == http.MethodGet {
		return ""
	}
	if next := c.PostForm("next"); next != "" {
		return safeNext(next)
	}
	p := c.Request.URL.Path
	switch route := c.FullPath(); {
	case strings.HasSuffix(route, "/feedback"):
		return strings.TrimSuffix(p, "/feedback") + "/followup#feedback"
	case strings.HasSuffix(route, "/drafts"):
		return strings.TrimSuffix(p, "/drafts") + "/admin"
	case strings.HasSuffix(route, "/drafts/:id/publish"):
		return "/staff/surveys/" + c.Param("slug") + "/admin"
	case strings.HasPrefix(route, "/staff/users/"):
		return "/staff/users"
	case strings.HasPrefix(route, "/staff/promises/"):
		return "/staff/promises/" + c.Param("id")
	case route == "/staff/surveys/:slug/open", route == "/staff/surveys/:slug/close":
		return "/staff"
	case route == "/staff/sessions", route == "/staff/places", route == "/staff/users", route == "/staff/password":
		return p // the form is on the page it posts to
	}
	if i := strings.LastIndexByte(p, '/'); i > 0 && strings.HasPrefix(p, "/staff") {
		return p[:i]
	}
	return ""
}
