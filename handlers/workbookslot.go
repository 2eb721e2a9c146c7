package handlers

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/models"
	"medborgardialog/web"
)

// An uploaded workbook is hostile input, often written by an outside
// partner (issue 26). The reader's limits keep one to about a second and
// tens of megabytes at worst; reading them one at a time keeps several
// at once from adding up, and a deadline stops one the limits missed.
const (
	// workbookWait is how long an upload waits for the one being read
	// before it is told to try again: a real form reads in well under
	// a second.
	workbookWait = 2 * time.Second
	// workbookDeadline ends the reading of one workbook.
	workbookDeadline = 30 * time.Second
	// workbookRetryAfter is the Retry-After of a refused upload, in
	// seconds.
	workbookRetryAfter = 5
)

// workbookSlot lets one uploaded workbook be read at a time, in this
// process.
type workbookSlot struct {
	ch   chan struct{}
	wait time.Duration // how long a second upload waits; tests shorten it
}

func newWorkbookSlot() *workbookSlot {
	return &workbookSlot{ch: make(chan struct{}, 1), wait: workbookWait}
}

// errClientGone is the reading of a workbook stopped because its
// request ended: nobody is there to answer.
var errClientGone = errors.New("handlers: the client went away during the workbook upload")

// take waits for the slot, briefly. The error is a 429 with a message
// in lang, or errClientGone.
func (w *workbookSlot) take(ctx context.Context, lang string) (release func(), err error) {
	timer := time.NewTimer(w.wait)
	defer timer.Stop()
	select {
	case w.ch <- struct{}{}:
		return func() { <-w.ch }, nil
	case <-timer.C:
		return nil, models.Errorf(models.ErrRateLimited, "%s", web.T(lang, "surveyadmin.workbook_busy"))
	case <-ctx.Done():
		return nil, errClientGone
	}
}

// failWorkbook answers an upload whose workbook was not read: 429 with
// Retry-After while another is being read, and nothing (logged as
// statusClientGone) to a client that has gone.
func (s *Server) failWorkbook(c *gin.Context, err error) {
	if errors.Is(err, errClientGone) {
		s.log.Info("workbook upload abandoned: the client went away", "route", c.FullPath())
		c.AbortWithStatus(statusClientGone)
		return
	}
	c.Header("Retry-After", strconv.Itoa(workbookRetryAfter))
	if isAPI(c) {
		s.fail(c, err)
		return
	}
	s.staffFail(c, err)
}
