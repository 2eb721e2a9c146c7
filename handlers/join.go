package handlers

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"medborgardialog/models"
	"medborgardialog/web"
)

// joinPath is a session's own address, which the QR code points at.
func joinPath(code, lang string) string { return "/s/" + code + "?lang=" + lang }

// join opens the session's survey with the session bound: school, grade
// and area come from the session, never from the young person. An
// unknown, expired or closed code gets a friendly page, and a client that
// keeps trying wrong codes is slowed down so codes cannot be enumerated.
func (s *Server) join(c *gin.Context) {
	lang := requestLang(c)
	now := time.Now()
	key := c.ClientIP()
	if wait := s.joinFails.blocked(key, now); wait > 0 {
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		s.noticePage(c, &models.Error{Code: models.ErrRateLimited, Message: web.T(lang, "join.slow_down")})
		return
	}
	code := models.NormalizeJoinCode(c.Param("code"))
	var sess *models.Session
	var err error
	if code == "" {
		err = models.Errorf(models.ErrNotFound, "%s", web.T(lang, "join.unknown"))
	} else if sess, err = s.store.Session(c.Request.Context(), code); models.ErrorCode(err) == models.ErrNotFound {
		err = models.Errorf(models.ErrNotFound, "%s", web.T(lang, "join.unknown"))
	}
	if models.ErrorCode(err) == models.ErrNotFound {
		s.joinFails.allow(key, now)
		s.noticePage(c, err)
		return
	}
	if err != nil {
		s.noticePage(c, err)
		return
	}
	if !sess.Open(now) {
		s.noticePage(c, models.Errorf(models.ErrClosed, "%s", web.T(lang, "session.closed")))
		return
	}
	sv, err := s.openSurvey(c, sess.Survey)
	if err != nil {
		s.noticePage(c, err)
		return
	}
	if c.Query("klar") != "" {
		s.page(c, http.StatusOK, "thanks", pageData{Lang: lang, Title: web.T(lang, "thanks.title"), Data: s.newThanksView(c.Request.Context(), sv, lang, sess)})
		return
	}
	v := s.newFormView(sv, lang, uuid.NewString(), nil, nil)
	bindSession(&v, sess, lang)
	for i := range v.Langs {
		v.Langs[i].URL = joinPath(sess.Code, v.Langs[i].Code)
	}
	s.page(c, http.StatusOK, "survey", pageData{Lang: lang, Title: v.Title, Data: v})
}

// bindSession makes the form answer within sess.
func bindSession(v *formView, sess *models.Session, lang string) {
	if sess == nil {
		return
	}
	v.Session = sess.Code
	v.Done = "/s/" + sess.Code + "?klar=1"
	if sess.Kiosk {
		v.Kiosk = joinPath(sess.Code, lang)
	}
}

// joinByCode takes the code typed on the start page to the session.
func (s *Server) joinByCode(c *gin.Context) {
	code := models.NormalizeJoinCode(c.Query("code"))
	if code == "" {
		lang := requestLang(c)
		s.joinFails.allow(c.ClientIP(), time.Now())
		s.noticePage(c, models.Errorf(models.ErrNotFound, "%s", web.T(lang, "join.unknown")))
		return
	}
	c.Redirect(http.StatusSeeOther, joinPath(code, requestLang(c)))
}
