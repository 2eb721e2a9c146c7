package handlers

import (
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gin-gonic/gin"

	"medborgardialog/export"
	"medborgardialog/models"
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
	if err != nil {
		s.failExport(c, ctx, err)
		return
	}
	req.Exclusions = export.ExclusionsOf(q.View.Pub)
	req.Publication = s.publicationName(lang, q.View.Pub)
	_, err = export.WriteLagesbild(ctx, q.View.Counter, q.View.Counter, req, tmp, export.Workbook{Lang: lang, Version: Version, Now: time.Now().In(s.zone)})
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
	name := workbookName(q)
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Length", strconv.FormatInt(size, 10))
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, tmp); err != nil {
		s.log.Warn("send workbook", "err", err)
	}
}

// workbookName names the file after the survey, the publication and the
// filters, so two downloads of different views never share a name.
func workbookName(q *lagesbildQuery) string {
	name := "lagesbild-" + q.Survey.Slug + "-publicering-" + strconv.Itoa(q.View.Pub.Number)
	for _, f := range export.FiltersOf(q.Filter) {
		name += "-" + safeNamePart(f.Value)
	}
	return name + ".xlsx"
}

// safeNamePart keeps letters, digits and dashes of v for a file name.
func safeNamePart(v string) string {
	var b strings.Builder
	for _, r := range v {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
		if b.Len() >= 40 {
			break
		}
	}
	return strings.Trim(b.String(), "_")
}
