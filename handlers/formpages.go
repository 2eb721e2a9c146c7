package handlers

import (
	"bytes"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"medborgardialog/models"
)

// formPages keeps the blank answer form as rendered, per definition,
// language and session, with a placeholder where each request's fresh
// submission id goes. Rendering the form (two dozen questions through
// html/template, by reflection) took about 60% of the CPU the route
// cost (docs/BENCHMARKS.md, public routes), and every pupil of a class
// loads the same form. A page is kept with the very definition it was
// rendered from (the definition cache's pointer), so a definition read
// again (every few seconds, or at once after a change here) renders
// again, and nothing stale is served. At most maxFormPages are kept;
// beyond that all are dropped and rendered again as asked for.
type formPages struct {
	placeholder []byte // a UUID no request is given
	mu          sync.Mutex
	m           map[formPageKey]formPage
}

type formPageKey struct {
	slug, lang string
	code       string // the session's join code; "" outside a session
}

type formPage struct {
	sv   *models.Survey // rendered from
	html []byte
}

// maxFormPages bounds the kept forms (about 30 KB each): a handful of
// languages for each survey and open session.
const maxFormPages = 512

func newFormPages() *formPages {
	return &formPages{placeholder: []byte(uuid.NewString()), m: make(map[formPageKey]formPage)}
}

// formPage answers with sv's blank form in lang, within sess if not nil,
// carrying a fresh submission id.
func (s *Server) formPage(c *gin.Context, sv *models.Survey, lang string, sess *models.Session) {
	key := formPageKey{slug: sv.Slug, lang: lang}
	if sess != nil {
		key.code = sess.Code
	}
	fp := s.forms
	fp.mu.Lock()
	kept := fp.m[key]
	fp.mu.Unlock()
	page := kept.html
	if kept.sv != sv {
		v := s.sessionFormView(sv, lang, string(fp.placeholder), nil, nil, sessionAnswers(sv, sess))
		if sess != nil {
			bindSession(&v, sess, lang)
			for i := range v.Langs {
				v.Langs[i].URL = joinPath(sess.Code, v.Langs[i].Code)
			}
		}
		var ok bool
		if page, ok = s.render("survey", pageData{Lang: lang, Title: v.Title, Data: v, Kiosk: sess != nil && sess.Kiosk}); !ok {
			c.AbortWithStatus(http.StatusInternalServerError)
			return
		}
		fp.mu.Lock()
		if len(fp.m) >= maxFormPages {
			clear(fp.m)
		}
		fp.m[key] = formPage{sv: sv, html: page}
		fp.mu.Unlock()
	}
	s.writePage(c, http.StatusOK, bytes.ReplaceAll(page, fp.placeholder, []byte(uuid.NewString())))
}
