package export

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
	"medborgardialog/surveys"
	"medborgardialog/surveys/xlsform"
)

// The places catalogue as an Excel workbook (issue 28): a coordinator
// exports it, edits the rows in Excel and imports it again. Headers and
// sheet names are Swedish words, areas and grades are named as staff name
// them; only the Id columns carry the stable values sessions store, so a
// school can be renamed without becoming another school.
const (
	PlacesSchoolsSheet = "Skolor"
	PlacesAreasSheet   = "Områden"
)

// Column headers.
const (
	colID          = "Id"
	colName        = "Namn"
	colArea        = "Område"
	colGrades      = "Årskurser"
	colActive      = "Aktiv"
	colPart        = "Kommundel"
	colUnconfirmed = "Ej bekräftat"
)

// nameColumn is the header of an area's name in lang: "Namn" for
// Swedish, "Namn (en)" for the others.
func nameColumn(lang string) string {
	if lang == models.LangSV {
		return colName
	}
	return colName + " (" + lang + ")"
}

// unconfirmedWords names the fields listed under unconfirmed.
var unconfirmedWords = map[string]string{"area": "område", "part": "kommundel", "name": "namn", "grades": "årskurser", "label": "namn", "active": "aktiv"}

// PlacesGrade is a grade a school can teach, as the sheet names it.
type PlacesGrade struct{ Value, Label string }

// WritePlaces writes the catalogue as a workbook of two sheets, Skolor
// and Områden, which ReadPlaces reads back to the same catalogue.
func WritePlaces(w io.Writer, p *models.Places, grades []PlacesGrade) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("export: places: %w", err)
	}
	write := func(sheet string, header []string, rows [][]string, widths []float64) error {
		for i, h := range header {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			if err := f.SetCellStr(sheet, cell, h); err != nil {
				return err
			}
			col, _ := excelize.ColumnNumberToName(i + 1)
			if err := f.SetColWidth(sheet, col, col, widths[min(i, len(widths)-1)]); err != nil {
				return err
			}
		}
		last, _ := excelize.CoordinatesToCellName(len(header), 1)
		if err := f.SetCellStyle(sheet, "A1", last, bold); err != nil {
			return err
		}
		for r, row := range rows {
			for i, v := range row {
				cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
				// Always text: a name starting with = is a name.
				if err := f.SetCellStr(sheet, cell, v); err != nil {
					return err
				}
			}
		}
		return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
	if err := f.SetSheetName("Sheet1", PlacesSchoolsSheet); err != nil {
		return fmt.Errorf("export: places: %w", err)
	}
	if _, err := f.NewSheet(PlacesAreasSheet); err != nil {
		return fmt.Errorf("export: places: %w", err)
	}
	var schools [][]string
	for _, sc := range p.Schools {
		area := sc.Area
		if a, ok := p.Area(sc.Area); ok {
			area = a.Label.In(models.LangSV)
		}
		var gs []string
		for _, g := range sc.Grades {
			gs = append(gs, gradeName(grades, g))
		}
		active := "nej"
		if sc.Active {
			active = "ja"
		}
		schools = append(schools, []string{sc.ID, sc.Name, area, strings.Join(gs, ", "), active, unconfirmedText(sc.Unconfirmed)})
	}
	header := []string{colID, colName, colArea, colGrades, colActive, colUnconfirmed}
	if err := write(PlacesSchoolsSheet, header, schools, []float64{24, 32, 28, 40, 8, 16}); err != nil {
		return fmt.Errorf("export: places: %w", err)
	}
	langs := models.Languages()
	header = []string{colID}
	for _, l := range langs {
		header = append(header, nameColumn(l))
	}
	header = append(header, colPart, colUnconfirmed)
	var areas [][]string
	for _, a := range p.Areas {
		row := []string{a.Value}
		for _, l := range langs {
			row = append(row, a.Label[l])
		}
		areas = append(areas, append(row, a.Part, unconfirmedText(a.Unconfirmed)))
	}
	if err := write(PlacesAreasSheet, header, areas, []float64{24, 28, 28, 28, 24, 16}); err != nil {
		return fmt.Errorf("export: places: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("export: places: %w", err)
	}
	return nil
}

func gradeName(grades []PlacesGrade, v string) string {
	for _, g := range grades {
		if g.Value == v {
			return g.Label
		}
	}
	return v
}

func unconfirmedText(fields []string) string {
	var out []string
	for _, f := range fields {
		if w, ok := unconfirmedWords[f]; ok {
			out = append(out, w)
		} else {
			out = append(out, f)
		}
	}
	return strings.Join(out, ", ")
}

// Codes of the problems only the sheet has; the others are the places
// checker's (surveys.CheckPlaces).
const (
	CodeMissingSheet  = "missing_sheet"  // Arg: the sheet
	CodeMissingColumn = "missing_column" // Arg: the header
	CodeUnknownArea   = "unknown_area"   // Arg: as written
	CodeUnknownGrade  = "unknown_grade"  // Arg: as written
	CodeYesNo         = "yes_no"         // Arg: as written
)

// PlacesProblem is one thing wrong with an imported catalogue sheet,
// where staff find it in Excel: sheet, row as Excel numbers it, column
// header. File is set instead when the whole file was refused.
type PlacesProblem struct {
	Sheet  string
	Row    int
	Column string
	Code   string
	Arg    string
	File   *xlsform.Problem
}

// ReadPlaces reads a catalogue workbook (WritePlaces's layout) over the
// catalogue current, with the hostile-file limits of xlsform.ReadSheets.
// A row with an Id the catalogue has changes that area or school; a row
// without one, or with a new one, adds one (an empty Id is made from the
// name); a school or area the file does not list stays as it is, since
// sessions and answers keep its id (deactivate a school instead). The
// result is checked as a whole (surveys.CheckPlaces) and every problem
// is located in the sheet; it is fit to store exactly when there is none.
func ReadPlaces(ctx context.Context, r io.ReaderAt, size, maxSize int64, current *models.Places, grades []PlacesGrade) (*models.Places, []PlacesProblem) {
	sheets, fps := xlsform.ReadSheets(ctx, r, size, maxSize, PlacesAreasSheet, PlacesSchoolsSheet)
	if len(fps) > 0 {
		var out []PlacesProblem
		for i := range fps {
			out = append(out, PlacesProblem{File: &fps[i]})
		}
		return nil, out
	}
	var ps []PlacesProblem
	for _, name := range []string{PlacesSchoolsSheet, PlacesAreasSheet} {
		if _, ok := sheets[name]; !ok {
			ps = append(ps, PlacesProblem{Code: CodeMissingSheet, Arg: name})
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	p := &models.Places{Areas: slices.Clone(current.Areas), Schools: slices.Clone(current.Schools)}
	areaRows, schoolRows := map[int]int{}, map[int]int{} // index in p → Excel row
	reported := map[string]bool{}                        // checker paths already said in the sheet's terms

	areas := newSheetTable(PlacesAreasSheet, sheets[PlacesAreasSheet], &ps, colName)
	for _, row := range areas.rows() {
		value := row.get(colID)
		if value == "" {
			value = surveys.UniqueID(surveys.PlaceID(row.get(colName), '_', "omrade"), '_', func(v string) bool { _, ok := p.Area(v); return ok })
		}
		i := slices.IndexFunc(p.Areas, func(a models.Area) bool { return a.Value == value })
		if i < 0 {
			p.Areas = append(p.Areas, models.Area{Value: value})
			i = len(p.Areas) - 1
		}
		a := &p.Areas[i]
		label := models.Text{}
		for _, l := range models.Languages() {
			if v := row.get(nameColumn(l)); v != "" {
				label[l] = v
			}
		}
		a.Label, a.Part, a.Unconfirmed = label, row.get(colPart), unconfirmedFields(row.get(colUnconfirmed), areaFields)
		areaRows[i] = row.n
	}

	schools := newSheetTable(PlacesSchoolsSheet, sheets[PlacesSchoolsSheet], &ps, colName, colArea)
	matchArea := surveys.AreaMatcher(p)
	gradeQ := &models.Question{}
	for _, g := range grades {
		gradeQ.Options = append(gradeQ.Options, models.Option{Value: g.Value, Label: models.Text{models.LangSV: g.Label}})
	}
	for _, row := range schools.rows() {
		id := row.get(colID)
		if id == "" {
			id = surveys.UniqueID(surveys.PlaceID(row.get(colName), '-', "skola"), '-', func(v string) bool { _, ok := p.School(v); return ok })
		}
		i := slices.IndexFunc(p.Schools, func(s models.School) bool { return s.ID == id })
		if i < 0 {
			p.Schools = append(p.Schools, models.School{ID: id, Active: true})
			i = len(p.Schools) - 1
		}
		sc := &p.Schools[i]
		at := fmt.Sprintf("schools[%d]", i)
		sc.Name = row.get(colName)
		sc.Area = row.get(colArea)
		if v, ok := matchArea(sc.Area); ok {
			sc.Area = v
		} else if sc.Area != "" {
			row.problem(colArea, CodeUnknownArea, sc.Area)
			reported[at+".area"] = true
		}
		sc.Grades = []string{}
		for g := range strings.FieldsFuncSeq(row.get(colGrades), func(r rune) bool { return r == ',' || r == ';' }) {
			g = strings.TrimSpace(g)
			if g == "" {
				continue
			}
			if v, ok := surveys.MatchGrade(gradeQ, g); ok {
				if !slices.Contains(sc.Grades, v) {
					sc.Grades = append(sc.Grades, v)
				}
			} else {
				row.problem(colGrades, CodeUnknownGrade, g)
			}
		}
		switch v := strings.ToLower(row.get(colActive)); v {
		case "ja", "j", "yes", "x", "1", "sant", "true", "":
			sc.Active = true
		case "nej", "n", "no", "0", "falskt", "false":
			sc.Active = false
		default:
			row.problem(colActive, CodeYesNo, row.get(colActive))
		}
		sc.Unconfirmed = unconfirmedFields(row.get(colUnconfirmed), schoolFields)
		schoolRows[i] = row.n
	}

	for _, pr := range surveys.CheckPlaces(p) {
		if reported[pr.Path] {
			continue
		}
		ps = append(ps, locate(pr, areaRows, schoolRows))
	}
	if len(ps) > 0 {
		return p, ps
	}
	return p, nil
}

// locate says where in the sheet a checker problem is.
func locate(pr surveys.PlaceProblem, areaRows, schoolRows map[int]int) PlacesProblem {
	out := PlacesProblem{Code: pr.Code, Arg: pr.Arg}
	var kind string
	var i int
	var field string
	if n, _ := fmt.Sscanf(pr.Path, "schools[%d]", &i); n == 1 {
		kind, out.Sheet, out.Row = "schools", PlacesSchoolsSheet, schoolRows[i]
	} else if n, _ := fmt.Sscanf(pr.Path, "areas[%d]", &i); n == 1 {
		kind, out.Sheet, out.Row = "areas", PlacesAreasSheet, areaRows[i]
	}
	if j := strings.Index(pr.Path, "]."); j >= 0 {
		field = pr.Path[j+2:]
	}
	switch {
	case field == "id" || field == "value":
		out.Column = colID
	case field == "name":
		out.Column = colName
	case field == "area":
		out.Column = colArea
	case strings.HasPrefix(field, "grades"):
		out.Column = colGrades
	case field == "part":
		out.Column = colPart
	case strings.HasPrefix(field, "label."):
		out.Column = nameColumn(strings.TrimPrefix(field, "label."))
	}
	if kind == "" {
		switch pr.Path {
		case "schools":
			out.Sheet = PlacesSchoolsSheet
		case "areas":
			out.Sheet = PlacesAreasSheet
		}
	}
	return out
}

// unconfirmedFields reads the Ej bekräftat column back to field names,
// by the words of the sheet (schoolFields or areaFields).
func unconfirmedFields(s string, fields map[string]string) []string {
	var out []string
	for f := range strings.SplitSeq(s, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if f == "" {
			continue
		}
		if k, ok := fields[f]; ok {
			f = k
		}
		out = append(out, f)
	}
	return out
}

// The words of the Ej bekräftat column, by sheet.
var (
	schoolFields = map[string]string{"område": "area", "namn": "name", "årskurser": "grades", "aktiv": "active"}
	areaFields   = map[string]string{"namn": "label", "kommundel": "part"}
)

// sheetTable is a sheet read by its header row.
type sheetTable struct {
	name string
	rs   [][]string
	cols map[string]int // header, lower case → index
	ps   *[]PlacesProblem
}

func newSheetTable(name string, rows [][]string, ps *[]PlacesProblem, required ...string) *sheetTable {
	t := &sheetTable{name: name, rs: rows, cols: map[string]int{}, ps: ps}
	if len(rows) > 0 {
		for i, h := range rows[0] {
			if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
				if _, ok := t.cols[h]; !ok {
					t.cols[h] = i
				}
			}
		}
	}
	for _, col := range required {
		if _, ok := t.cols[strings.ToLower(col)]; !ok {
			*ps = append(*ps, PlacesProblem{Sheet: name, Row: 1, Column: col, Code: CodeMissingColumn, Arg: col})
			t.rs = nil // nothing below a header without it can be read
		}
	}
	return t
}

// sheetRow is one row below the header, n as Excel numbers it.
type sheetRow struct {
	t     *sheetTable
	n     int
	cells []string
}

// rows are the rows below the header that hold anything.
func (t *sheetTable) rows() []sheetRow {
	var out []sheetRow
	for i := 1; i < len(t.rs); i++ {
		if slices.ContainsFunc(t.rs[i], func(c string) bool { return strings.TrimSpace(c) != "" }) {
			out = append(out, sheetRow{t: t, n: i + 1, cells: t.rs[i]})
		}
	}
	return out
}

func (r sheetRow) get(col string) string {
	i, ok := r.t.cols[strings.ToLower(col)]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

func (r sheetRow) problem(col, code, arg string) {
	*r.t.ps = append(*r.t.ps, PlacesProblem{Sheet: r.t.name, Row: r.n, Column: col, Code: code, Arg: arg})
}
