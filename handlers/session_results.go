package handlers

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/web"
)

// A class's results are one release (DESIGN §5): computed once, when the
// facilitator closes the session and chooses to show them, stored in the
// session and shown as stored from then on. Nothing about the answers is
// shown before that, so no two figures of one class can be subtracted.

// sessionResultsBody is the JSON of a session's results, before and after
// its release.
type sessionResultsBody struct {
	Code     string               `json:"code"`
	Released bool                 `json:"released"`
	Message  string               `json:"message,omitempty"`
	Release  *models.ClassRelease `json:"release,omitempty"`
}

// classMin is the fewest respondents a class release of sv shows figures
// for: the class threshold, never below the survey's min_cell.
func (s *Server) classMin(sv *models.Survey) int {
	cm := s.cfg.ClassMinCell
	if cm <= 0 {
		cm = export.DefaultClassMinCell
	}
	return max(cm, export.EffectiveMinCell(sv, s.cfg.MinCell))
}

// countingCounter keeps the true number of responses counted for a
// release, so the threshold is checked exactly against the very responses
// the figures come from (the figures' own n is perturbed).
type countingCounter struct {
	export.Counter
	n int
}

func (cc *countingCounter) Count(ctx context.Context, t *export.Tally, f models.ResponseFilter) error {
	err := cc.Counter.Count(ctx, t, f)
	cc.n = t.N()
	return err
}

// releaseSession closes the session in the path if it is open and stores
// its class results, unless it has some already. It returns the session
// with the release as stored: of two racing releases, the first stored.
func (s *Server) releaseSession(c *gin.Context) (*models.Session, error) {
	sess, err := s.sessionFor(c, false)
	if err != nil {
		return nil, err
	}
	if sess.Release != nil {
		s.audit(c, models.AuditResultsView, sess.Survey, map[string]string{"session": sess.Code})
		return sess, nil
	}
	ctx := c.Request.Context()
	// Closed first, so no answer arrives while the figures are counted;
	// dropped from the join codes' cache right after the write.
	code := sess.Code
	sess, err = s.store.CloseSession(ctx, code, time.Now())
	s.forgetSession(code)
	if err != nil {
		return nil, err
	}
	sv, err := s.store.Survey(ctx, sess.Survey)
	if err != nil {
		return nil, err
	}
	counted := &countingCounter{Counter: s.results}
	res, err := export.Build(ctx, counted, export.Request{
		Survey: sv, Filter: models.ResponseFilter{Survey: sv.Slug}, Class: sess.Code, MinCell: s.cfg.MinCell,
	})
	if err != nil {
		return nil, err
	}
	rel := export.ClassRelease(export.ClassReleaseRequest{
		Results: res, Survey: sv, Respondents: counted.n, MinRespondents: s.classMin(sv),
		Day: time.Now().In(s.zone).Format(time.DateOnly),
	})
	sess, stored, err := s.store.ReleaseSession(ctx, sess.Code, rel)
	if err != nil {
		return nil, err
	}
	if sess.Release == nil {
		return nil, models.Errorf(models.ErrInternal, "session %s: release not stored", sess.Code)
	}
	action, details := models.AuditResultsView, map[string]string{"session": sess.Code}
	if stored { // else a concurrent release got there first
		action, details["shown"] = models.AuditSessionRelease, strconv.FormatBool(sess.Release.Shown)
	}
	s.audit(c, action, sess.Survey, details)
	return sess, nil
}

// resultsBody is what a session's results say in lang.
func resultsBody(sess *models.Session, lang string) sessionResultsBody {
	b := sessionResultsBody{Code: sess.Code, Released: sess.Release != nil, Release: sess.Release}
	switch {
	case sess.Release == nil:
		b.Message = web.T(lang, "session.not_released")
	case !sess.Release.Shown:
		b.Message = tooFew(sess.Release, lang)
	}
	return b
}

func tooFew(rel *models.ClassRelease, lang string) string {
	return fmt.Sprintf(web.T(lang, "session.too_few"), intIn(lang, rel.MinRespondents))
}

// adminReleaseSession is POST …/sessions/{code}/release: close and show.
// Asking again gives the same release.
func (s *Server) adminReleaseSession(c *gin.Context) {
	sess, err := s.releaseSession(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, resultsBody(sess, staffLang(c)))
}

// adminSessionResults is the class's release as stored, or, before the
// release, only that there is none yet.
func (s *Server) adminSessionResults(c *gin.Context) {
	sess, err := s.sessionFor(c, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	if sess.Release != nil {
		s.audit(c, models.AuditResultsView, sess.Survey, map[string]string{"session": sess.Code})
	}
	c.JSON(http.StatusOK, resultsBody(sess, staffLang(c)))
}
