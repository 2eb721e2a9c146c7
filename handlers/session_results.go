package handlers

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/web"
)

// sessionResults counts a session's responses in one pass over a cursor.
// Everything comes back through disclosure control: below the survey's
// min_cell the Results are hidden and carry no figure at all.
func (s *Server) sessionResults(ctx context.Context, sess *models.Session) (*export.Results, *models.Survey, error) {
	sv, err := s.store.Survey(ctx, sess.Survey)
	if err != nil {
		return nil, nil, err
	}
	res, err := export.Build(ctx, s.store, export.Request{
		Survey: sv, Filter: models.ResponseFilter{Survey: sv.Slug, Session: sess.Code}, MinCell: s.cfg.MinCell,
	})
	return res, sv, err
}

// adminSessionResults is the class's results as JSON. Below min_cell it
// says the results are hidden and gives the count needed, nothing else.
func (s *Server) adminSessionResults(c *gin.Context) {
	sess, err := s.sessionFor(c, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	res, _, err := s.sessionResults(c.Request.Context(), sess)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, models.AuditResultsView, sess.Survey, map[string]string{"session": sess.Code})
	if res.Hidden {
		n, err := s.store.CountSessionResponses(c.Request.Context(), sess.Code)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{
			"code": sess.Code, "survey": sess.Survey, "n": n, "min_cell": res.MinCell, "hidden": true,
			"message": web.T(staffLang(c), "session.results_hidden"),
		})
		return
	}
	c.JSON(http.StatusOK, gin.H{"code": sess.Code, "results": res})
}
