package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"medborgardialog/export"
	"medborgardialog/models"
	"medborgardialog/web"
)

// The catalogue as an Excel sheet (issue 28): exported, edited in Excel,
// imported with a preview of what changes, and stored only when the admin
// confirms. The upload is read like an XLSForm upload: one at a time,
// under a deadline, by the reader that refuses hostile files.

// placesGrades is the grade catalogue in the sheet's terms.
func (s *Server) placesGrades(ctx context.Context, p *models.Places) ([]export.PlacesGrade, error) {
	choices, err := s.gradeChoices(ctx, p, models.LangSV)
	if err != nil {
		return nil, err
	}
	out := make([]export.PlacesGrade, len(choices))
	for i, g := range choices {
		out[i] = export.PlacesGrade{Value: g.Value, Label: g.Label}
	}
	return out, nil
}

// staffPlacesSheet downloads the catalogue as a workbook.
func (s *Server) staffPlacesSheet(c *gin.Context) {
	ctx := c.Request.Context()
	p, err := s.places(ctx)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	if p == nil {
		p = &models.Places{}
	}
	grades, err := s.placesGrades(ctx, p)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := export.WritePlaces(&buf, p, grades); err != nil {
		s.staffFail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="platser.xlsx"`)
	c.Data(http.StatusOK, xlsxType, buf.Bytes())
}

type placesImportView struct {
	staffBase
	Problems []string
	Changes  []string
	// Catalogue and Version are what the confirmation stores: the
	// catalogue read, as JSON, and the version it was read over.
	Catalogue, Version string
	Unchanged          bool
}

func (s *Server) renderPlacesImport(c *gin.Context, status int, v placesImportView) {
	lang := staffLang(c)
	v.staffBase = s.staffBase(c)
	s.page(c, status, "staff_places_import", pageData{Lang: lang, Title: web.T(lang, "places.import.title"), Data: v})
}

// staffImportPlaces reads an uploaded catalogue workbook and shows what
// it would change, with a button to store it, or every problem in it;
// nothing is stored here.
func (s *Server) staffImportPlaces(c *gin.Context) {
	lang := staffLang(c)
	data, _, err := uploadedDefinition(c)
	switch {
	case tooLarge(err):
		s.staffFail(c, &models.Error{Code: models.ErrTooLarge, Message: web.T(lang, "error.too_large")})
		return
	case err != nil:
		s.staffFail(c, &models.Error{Code: models.ErrInvalid, Message: web.T(lang, "error.bad_body")})
		return
	case len(data) == 0:
		s.renderPlacesImport(c, http.StatusUnprocessableEntity, placesImportView{Problems: []string{web.T(lang, "places.import.no_file")}})
		return
	}
	ctx := c.Request.Context()
	current, version, err := s.store.PlacesVersion(ctx)
	if models.ErrorCode(err) == models.ErrNotFound {
		current, err = &models.Places{Areas: []models.Area{}, Schools: []models.School{}}, nil
	}
	if err != nil {
		s.staffFail(c, err)
		return
	}
	grades, err := s.placesGrades(ctx, current)
	if err != nil {
		s.staffFail(c, err)
		return
	}
	release, err := s.workbooks.take(ctx, lang)
	if err != nil {
		s.failWorkbook(c, err)
		return
	}
	readCtx, cancel := context.WithTimeout(ctx, workbookDeadline)
	p, ps := export.ReadPlaces(readCtx, bytes.NewReader(data), int64(len(data)), s.cfg.StaffBodyMax, current, grades)
	cancel()
	release()
	if ctx.Err() != nil {
		s.failWorkbook(c, errClientGone)
		return
	}
	if len(ps) > 0 {
		v := placesImportView{}
		for _, pr := range ps {
			v.Problems = append(v.Problems, sheetProblemText(lang, pr))
		}
		s.renderPlacesImport(c, http.StatusUnprocessableEntity, v)
		return
	}
	// JSON, which the YAML reader reads too: one line, so no browser
	// changes its whitespace in the hidden field.
	out, err := json.Marshal(p)
	if err != nil {
		s.staffFail(c, fmt.Errorf("places: %w", err))
		return
	}
	v := placesImportView{Changes: placeChanges(lang, current, p), Catalogue: string(out), Version: version.UTC().Format(time.RFC3339Nano)}
	v.Unchanged = len(v.Changes) == 0
	s.renderPlacesImport(c, http.StatusOK, v)
}

// staffApplyPlaces stores the catalogue the admin saw in the preview,
// unless the catalogue changed since: then the file must be read again,
// so nothing stored meanwhile is undone.
func (s *Server) staffApplyPlaces(c *gin.Context) {
	lang := staffLang(c)
	p, problems := s.checkPlaces(lang, []byte(c.PostForm("catalogue")))
	version, err := time.Parse(time.RFC3339Nano, c.PostForm("version"))
	if err != nil {
		problems = append(problems, fieldProblem{Message: web.T(lang, "places.import.changed")})
	}
	if len(problems) > 0 {
		v := placesImportView{}
		for _, pr := range problems {
			v.Problems = append(v.Problems, pr.Message)
		}
		s.renderPlacesImport(c, http.StatusUnprocessableEntity, v)
		return
	}
	err = s.store.ReplacePlaces(c.Request.Context(), p, currentPrincipal(c).Name, version)
	if models.ErrorCode(err) == models.ErrConflict {
		s.renderPlacesImport(c, http.StatusConflict, placesImportView{Problems: []string{web.T(lang, "places.import.changed")}})
		return
	}
	if err != nil {
		s.staffFail(c, err)
		return
	}
	s.audit(c, models.AuditPlacesSave, "", map[string]string{"areas": itoa(len(p.Areas)), "schools": itoa(len(p.Schools)), "via": "xlsx"})
	c.Redirect(http.StatusSeeOther, "/staff/places?saved=1&lang="+lang)
}

// sheetProblemText is a problem of the sheet as a line: where in Excel,
// then what ("Blad Skolor, rad 3, kolumn Område: …").
func sheetProblemText(lang string, p export.PlacesProblem) string {
	if p.File != nil {
		return p.File.Text(lang)
	}
	var msg string
	switch p.Code {
	case export.CodeMissingSheet, export.CodeMissingColumn, export.CodeUnknownArea, export.CodeUnknownGrade, export.CodeYesNo:
		msg = messageWith(lang, "places.sheet."+p.Code, p.Arg)
	case models.CodeUnknownReference:
		msg = web.T(lang, "places.sheet.area_required")
	default:
		msg = messageWith(lang, "places."+p.Code, p.Arg)
	}
	var where []string
	if p.Sheet != "" {
		where = append(where, fmt.Sprintf(web.T(lang, "places.sheet.sheet"), p.Sheet))
	}
	if p.Row > 0 {
		where = append(where, fmt.Sprintf(web.T(lang, "places.sheet.row"), p.Row))
	}
	if p.Column != "" {
		where = append(where, fmt.Sprintf(web.T(lang, "places.sheet.column"), p.Column))
	}
	if len(where) == 0 {
		return msg
	}
	return strings.Join(where, ", ") + ": " + msg
}

// placeChanges says what storing next over old would change, a line per
// area or school, in words.
func placeChanges(lang string, old, next *models.Places) []string {
	var out []string
	field := func(key string) string { return strings.ToLower(web.T(lang, key)) }
	for _, a := range next.Areas {
		was, ok := old.Area(a.Value)
		name := a.Label.In(lang)
		switch {
		case !ok:
			out = append(out, fmt.Sprintf(web.T(lang, "places.import.new_area"), name))
		default:
			var what []string
			if !maps.Equal(was.Label, a.Label) {
				what = append(what, field("places.field.name"))
			}
			if was.Part != a.Part {
				what = append(what, field("places.part"))
			}
			if !slices.Equal(was.Unconfirmed, a.Unconfirmed) {
				what = append(what, field("places.unconfirmed"))
			}
			if len(what) > 0 {
				out = append(out, fmt.Sprintf(web.T(lang, "places.import.changed_area"), name, strings.Join(what, ", ")))
			}
		}
	}
	for _, sc := range next.Schools {
		was, ok := old.School(sc.ID)
		switch {
		case !ok:
			out = append(out, fmt.Sprintf(web.T(lang, "places.import.new_school"), sc.Name))
		default:
			var what []string
			if was.Name != sc.Name {
				what = append(what, fmt.Sprintf(web.T(lang, "places.import.renamed"), was.Name))
			}
			if was.Area != sc.Area {
				what = append(what, field("places.field.area_of_school"))
			}
			if !slices.Equal(was.Grades, sc.Grades) {
				what = append(what, field("places.grades"))
			}
			if was.Active != sc.Active {
				if sc.Active {
					what = append(what, web.T(lang, "places.import.activated"))
				} else {
					what = append(what, web.T(lang, "places.import.deactivated"))
				}
			}
			if !slices.Equal(was.Unconfirmed, sc.Unconfirmed) {
				what = append(what, field("places.unconfirmed"))
			}
			if len(what) > 0 {
				out = append(out, fmt.Sprintf(web.T(lang, "places.import.changed_school"), sc.Name, strings.Join(what, ", ")))
			}
		}
	}
	return out
}
