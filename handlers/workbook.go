package handlers

import (
	"context"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/store"
)

// Version names the build in the workbook's Metod sheet.
const Version = "medborgardialog 0.1"

// lagesbildWorkbook sends the lägesbild as an .xlsx file, with the same
// filters, figures and suppression as the JSON results. The file is
// written to a temporary file first, so a failure halfway gives a clean
// error instead of half a download, and memory stays flat. It is an
// export (exportlimit.go): it holds a slot until the file is sent, stops
// when the client goes away and has a deadline.
func (s *Server) lagesbildWorkbook(c *gin.Context) {
	lang := staffLang(c)
	q, ok := s.lagesbildOrFail(c)
	if !ok {
		return
	}
	ctx, done, ok := s.startExport(c)
	if !ok {
		return
	}
	defer done() // deferred first, so the slot is given back after the file is removed
	started := time.Now()
	tmp, err := os.CreateTemp("", "lagesbild-*.xlsx")
	if err != nil {
		s.fail(c, err)
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	req, err := s.followupRequest(ctx, q)
	if err == nil {
		req.Exclusions, err = workbookExclusions(ctx, s.store, req.Survey.Slug)
	}
	if err != nil {
		s.failExport(c, ctx, err)
		return
	}
	_, err = export.WriteLagesbild(ctx, s.results, s.results, req, tmp, export.Workbook{Lang: lang, Version: Version, Now: time.Now().In(s.zone)})
	if err != nil {
		s.failExport(c, ctx, err)
		return
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.ObserveWorkbook(time.Since(started))
	s.audit(c, models.AuditExport, q.Survey.Slug, q.auditDetails())
	name := "lagesbild-" + q.Survey.Slug + "-" + time.Now().In(s.zone).Format(time.DateOnly) + ".xlsx"
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Length", strconv.FormatInt(size, 10))
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, tmp); err != nil {
		s.log.Warn("send workbook", "err", err)
	}
}

// workbookExclusions lists why responses to survey are excluded, for the
// workbook's Metod sheet.
func workbookExclusions(ctx context.Context, st *store.Store, survey string) ([]export.Exclusion, error) {
	sums, err := st.Exclusions(ctx, survey)
	if err != nil {
		return nil, err
	}
	out := make([]export.Exclusion, len(sums))
	for i, e := range sums {
		out[i] = export.Exclusion{Reason: e.Reason, Sessions: e.Sessions, Responses: e.Responses}
	}
	return out, nil
}
