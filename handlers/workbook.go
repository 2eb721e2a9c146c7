package handlers

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/web"
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
	name := workbookName(q, lang)
	// Both forms: filename for old clients, filename* (RFC 6266) for the
	// rest; the name is ASCII either way.
	c.Header("Content-Disposition", `attachment; filename="`+name+`"; filename*=UTF-8''`+url.PathEscape(name))
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Length", strconv.FormatInt(size, 10))
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, tmp); err != nil {
		s.log.Warn("send workbook", "err", err)
	}
}

// workbookName names the file after the survey, the publication and the
// filters, in words folded to ASCII, so two downloads of different views
// never share a name and the name says what is in the file:
// lagesbild-ungdomsdialog-2023-publicering-2-skola-murgardsskolan.xlsx.
func workbookName(q *lagesbildQuery, lang string) string {
	name := "lagesbild-" + q.Survey.Slug + "-publicering-" + strconv.Itoa(q.View.Pub.Number)
	for _, f := range export.FiltersOf(q.Filter) {
		name += "-" + asciiSlug(web.T(lang, "dash.dim."+f.Name)) + "-" + asciiSlug(filterValueLabel(q, f.Name, f.Value, lang))
	}
	return name + ".xlsx"
}

// filterValueLabel names a filter's value as the pages do: the survey's
// option, else the catalogue's name, else the value itself.
func filterValueLabel(q *lagesbildQuery, dim, v, lang string) string {
	if dq := surveys.DimensionQuestion(q.Survey, dim); dq != nil {
		if o, ok := dq.Option(v); ok && o.Label.In(lang) != "" {
			return o.Label.In(lang)
		}
	}
	if label, ok := placeLabel(q.Places, dim, v, lang); ok && label != "" {
		return label
	}
	return v
}

// asciiSlug is v in lower-case ASCII letters and digits joined by dashes,
// at most 40 characters (models.Slugify): "Murgårdsskolan" is
// "murgardsskolan". Letters of other scripts are left out; what is left
// of nothing is "x".
func asciiSlug(v string) string {
	if s := models.Slugify(v, '-', 40); s != "" {
		return s
	}
	return "x"
}
