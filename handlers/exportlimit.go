package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/web"
)

// An export (the workbook, the results as JSON, the series) reads every
// response of the survey: 20,000 take about 8 s, 100,000 about 48 s (see
// docs/BENCHMARKS.md). A few at once would starve the submissions, so they
// take a slot: one per user, maxExports in all.
const (
	maxExportsPerUser = 1
	maxExports        = 2
	// exportRetryAfter is what a refused export is told to wait, in
	// seconds: about as long as a workbook of 20,000 responses takes.
	exportRetryAfter = 10
	// exportDeadline bounds counting and writing an export. The
	// http.Server's WriteTimeout (60 s, cmd/medborgardialog/app.go) ends
	// the whole response anyway; stopping a little before it leaves time
	// to send the file, or a clear error instead of a cut connection.
	exportDeadline = 50 * time.Second
	// statusClientGone is logged for an export whose client went away
	// before it was done (the status nginx uses); nobody receives it.
	statusClientGone = 499
)

// exportLimiter counts the exports running, per user and in all.
type exportLimiter struct {
	perUser, total int

	mu      sync.Mutex
	running int
	byUser  map[string]int
}

func newExportLimiter(perUser, total int) *exportLimiter {
	return &exportLimiter{perUser: perUser, total: total, byUser: map[string]int{}}
}

// acquire takes a slot for user. It says which limit refused it, or
// returns the function that gives the slot back (safe to call twice).
func (l *exportLimiter) acquire(user string) (release func(), refused string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.byUser[user] >= l.perUser:
		return nil, "export.busy_user"
	case l.running >= l.total:
		return nil, "export.busy"
	}
	l.running++
	l.byUser[user]++
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.running--
			if l.byUser[user]--; l.byUser[user] <= 0 {
				delete(l.byUser, user)
			}
		})
	}, ""
}

// exportSlot takes an export slot for the signed-in user, or answers 429
// with Retry-After and returns false. The caller defers release, so the
// slot is given back however the export ends. Without a limiter (s.exports
// nil) every export may run.
func (s *Server) exportSlot(c *gin.Context) (release func(), ok bool) {
	if s.exports == nil {
		return func() {}, true
	}
	user := ""
	if p := currentPrincipal(c); p != nil {
		user = p.Name
	}
	release, refused := s.exports.acquire(user)
	if refused != "" {
		c.Header("Retry-After", strconv.Itoa(exportRetryAfter))
		if !isAPI(c) {
			s.staffFail(c, models.Errorf(models.ErrRateLimited, "%s", web.T(staffLang(c), refused)))
			return nil, false
		}
		c.AbortWithStatusJSON(http.StatusTooManyRequests, errorBody{Error: errorDetail{
			Code: models.ErrRateLimited, Message: web.T(staffLang(c), refused),
		}})
		return nil, false
	}
	return release, true
}

// startExport takes an export slot (exportSlot) and gives the context the
// export runs in (exportContext); done cancels it and gives the slot back.
// When it returns false the request has been answered.
func (s *Server) startExport(c *gin.Context) (ctx context.Context, done func(), ok bool) {
	release, ok := s.exportSlot(c)
	if !ok {
		return nil, nil, false
	}
	ctx, cancel := exportContext(c)
	return ctx, func() { cancel(); release() }, true
}

// exportContext is the context an export runs in: the request's, so it
// ends when the client goes away, with the export deadline.
func exportContext(c *gin.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(c.Request.Context(), exportDeadline)
}

// failExport answers an export that did not finish. A client that has gone
// gets nothing (its request is logged with statusClientGone); an export
// that ran out of time says so in the user's language; anything else is
// answered as usual.
func (s *Server) failExport(c *gin.Context, ctx context.Context, err error) {
	switch {
	case c.Request.Context().Err() != nil:
		s.log.Info("export abandoned: the client went away", "route", c.FullPath())
		c.AbortWithStatus(statusClientGone)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		s.log.Warn("export stopped at its deadline", "route", c.FullPath(), "deadline", exportDeadline)
		c.AbortWithStatusJSON(http.StatusServiceUnavailable, errorBody{Error: errorDetail{
			Code: models.ErrUnavailable, Message: fmt.Sprintf(web.T(staffLang(c), "export.too_slow"), int(exportDeadline.Seconds())),
		}})
	default:
		s.fail(c, err)
	}
}
