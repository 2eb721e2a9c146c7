package xlsform

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Limits on an upload. A survey workbook is a few tens of kilobytes; these
// leave room for that many times over and stop a crafted zip from costing
// memory or time before a single cell is read.
const (
	// DefaultMaxSize is the largest file Read accepts when the caller
	// passes no limit of its own.
	DefaultMaxSize = 5 << 20
	maxParts       = 1000
	maxUnpacked    = 50 << 20
	maxRatio       = 20
	// ratioFloor spares small files the ratio test: the fixed parts of
	// any workbook (styles, theme) compress well, and a bomb is only a
	// bomb when it is large.
	ratioFloor = 1 << 20
)

// oleMagic starts an OLE compound file: an old .xls, or an .xlsx that is
// encrypted with a password.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// precheck looks at the file as a zip, without excelize, and refuses what
// must never be opened: files over the size limit, zip bombs, macros and
// formulas. The declared sizes it checks are enforced by archive/zip when
// a part is read (a part that inflates past its declared size is an
// error), and the workbook reader reads through archive/zip too.
func precheck(ctx context.Context, r io.ReaderAt, size, maxSize int64) []Problem {
	if ctx.Err() != nil {
		return []Problem{{Code: CodeInterrupted}}
	}
	if size > maxSize {
		return []Problem{{Code: CodeTooLarge, Arg: strconv.FormatInt(maxSize, 10)}}
	}
	head := make([]byte, len(oleMagic))
	if _, err := r.ReadAt(head, 0); err == nil && bytes.Equal(head, oleMagic) {
		return []Problem{{Code: CodeProtected}}
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return []Problem{{Code: CodeNotXLSX}}
	}
	if len(zr.File) > maxParts {
		return []Problem{{Code: CodeTooManyParts, Arg: strconv.Itoa(maxParts)}}
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > maxUnpacked || total > maxUnpacked {
			return []Problem{{Code: CodeUnpackedTooLarge, Arg: strconv.Itoa(maxUnpacked)}}
		}
	}
	if total > ratioFloor && total > maxRatio*uint64(max(size, 1)) {
		return []Problem{{Code: CodeCompressionRatio, Arg: strconv.Itoa(maxRatio)}}
	}
	if hasMacros(zr) {
		return []Problem{{Code: CodeMacros}}
	}
	return formulaCells(ctx, zr)
}

// hasMacros finds VBA projects, Excel 4 macro sheets and the
// macro-enabled content types, whatever the parts are called: by name,
// by content type ([Content_Types].xml) and by relationship type (any
// _rels part), so a VBA project under another name is found too.
func hasMacros(zr *zip.Reader) bool {
	names := make(map[string]bool, len(zr.File)) // "/" + lower-case part name
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		if path.Base(name) == "vbaproject.bin" || strings.HasPrefix(name, "xl/macrosheets/") {
			return true
		}
		if !strings.HasSuffix(name, "/") {
			names["/"+strings.TrimPrefix(name, "/")] = true
		}
	}
	for _, f := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		switch {
		case name == "[content_types].xml":
			data, err := readPart(f)
			if err != nil {
				continue
			}
			low := bytes.ToLower(data)
			if bytes.Contains(low, []byte("macroenabled")) || bytes.Contains(low, []byte("macrosheet")) ||
				macroContentTypes(data, names) {
				return true
			}
		case path.Ext(name) == ".rels" && path.Base(path.Dir(name)) == "_rels":
			if macroRelations(f) {
				return true
			}
		}
	}
	return false
}

// macroType reports whether a content type is that of a part holding or
// signing macros: a VBA project (application/vnd.ms-office.vbaProject)
// and its signatures, an Excel 4 macro sheet, or a macro-enabled
// workbook, template or add-in.
func macroType(ct string) bool {
	ct = strings.ToLower(strings.TrimSpace(ct))
	return strings.HasPrefix(ct, "application/vnd.ms-office.vbaproject") ||
		strings.Contains(ct, "macroenabled") || strings.Contains(ct, "macrosheet")
}

// macroContentTypes reads [Content_Types].xml: an Override that gives
// any part a macro type is a macro, and so is a Default that gives one
// to an extension some part has, unless an Override gives that part
// another type. A Default alone is not: excelize declares the VBA type
// for .bin in every file it saves, with no .bin part in it.
func macroContentTypes(data []byte, names map[string]bool) bool {
	dec := xml.NewDecoder(bytes.NewReader(data))
	macroExt := map[string]bool{}
	other := map[string]bool{} // parts an Override types otherwise
	for depth := 0; depth <= maxDepth; {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if _, ok := tok.(xml.EndElement); ok {
			depth--
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		depth++
		ct := attr(se, "ContentType")
		switch se.Name.Local {
		case "Override":
			part := strings.ToLower(attr(se, "PartName"))
			if macroType(ct) {
				return true
			}
			if names[part] {
				other[part] = true
			}
		case "Default":
			if macroType(ct) {
				macroExt[strings.ToLower(attr(se, "Extension"))] = true
			}
		}
	}
	for name := range names {
		if ext := path.Ext(name); ext != "" && macroExt[ext[1:]] && !other[name] {
			return true
		}
	}
	return false
}

// macroRelations reports whether a relationships part points at a VBA
// project, its signature or an Excel 4 macro sheet, whatever the target
// is called.
func macroRelations(f *zip.File) bool {
	rc, err := f.Open()
	if err != nil {
		return false
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, maxUnpacked))
	for depth := 0; depth <= maxDepth; {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Relationship" {
			typ := strings.ToLower(attr(se, "Type"))
			if strings.Contains(typ, "/vbaproject") || strings.HasSuffix(typ, "macrosheet") {
				return true
			}
		}
	}
	return false // nested too deep to be relationships; the reader refuses it if it needs it
}

func readPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, maxUnpacked))
}

// formulaCells lists every cell that holds a formula, on any sheet. It
// reads the sheets' XML itself, so that a formula whose cached value is
// empty is found too. When ctx ends it says so instead.
func formulaCells(ctx context.Context, zr *zip.Reader) []Problem {
	names, err := sheetParts(ctx, zr)
	var stop *refusal
	if errors.As(err, &stop) {
		return []Problem{stop.p}
	}
	var ps []Problem
	more := 0
	for _, f := range zr.File {
		sheet, ok := names[f.Name]
		if !ok {
			if !strings.HasPrefix(f.Name, "xl/worksheets/") || !strings.HasSuffix(f.Name, ".xml") {
				continue
			}
			sheet = f.Name
		}
		err = scanFormulas(ctx, f, func(ref string) {
			if len(ps) >= maxProblems {
				more++
				return
			}
			p := Problem{Sheet: sheet, Code: CodeFormula}
			if col, row, err := excelize.SplitCellName(ref); err == nil {
				p.Row, p.Column = row, col
			}
			ps = append(ps, p)
		})
		switch {
		case errors.As(err, &stop):
			return []Problem{stop.p}
		case err != nil:
			return []Problem{{Sheet: sheet, Code: CodeUnreadable, Arg: err.Error()}}
		}
	}
	if more > 0 {
		ps = append(ps, Problem{Code: CodeTooManyProblems, Arg: strconv.Itoa(more)})
	}
	return ps
}

// scanFormulas calls found with the reference of each cell that has an f
// element. Cells may leave out their reference, so positions are counted
// the way the format defines them. It stops when ctx ends (a refusal)
// and at elements nested deeper than maxDepth, which no sheet needs and
// which would cost the decoder memory for each level.
func scanFormulas(ctx context.Context, f *zip.File, found func(ref string)) error {
	rc, err := f.Open()
	if err != nil {
		return nil // a part that cannot be read is the workbook reader's to report
	}
	defer rc.Close()
	dec := xml.NewDecoder(io.LimitReader(rc, maxUnpacked))
	row, col, depth := 0, 0, 0
	ref, inCell := "", false
	for n := 1; ; n++ {
		if n%pollTokens == 0 && ctx.Err() != nil {
			return interrupted()
		}
		tok, err := dec.Token()
		if err != nil {
			return nil // a broken sheet is the workbook reader's to report
		}
		if ee, ok := tok.(xml.EndElement); ok {
			depth--
			if ee.Name.Local == "c" {
				inCell = false
			}
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if depth++; depth > maxDepth {
			return errTooDeep(f.Name)
		}
		switch se.Name.Local {
		case "row":
			row++
			if v := attr(se, "r"); v != "" {
				if n, err := strconv.Atoi(v); err == nil {
					row = n
				}
			}
			col = 0
		case "c":
			inCell = true
			col++
			ref = attr(se, "r")
			if ref != "" {
				if c, r, err := excelize.CellNameToCoordinates(ref); err == nil {
					col, row = c, r
				}
			} else if name, err := excelize.CoordinatesToCellName(max(col, 1), max(row, 1)); err == nil {
				ref = name
			}
		case "f":
			// Only a cell's own formula: data validations keep theirs in
			// other elements (x14 lists use an xm:f outside any cell).
			if inCell {
				found(ref)
			}
		}
	}
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// sheetParts maps worksheet part names to the sheet names the author sees,
// from the workbook and its relationships; nil when they cannot be read.
// A workbook that lists more sheets or relationships than a file may have
// parts is refused.
func sheetParts(ctx context.Context, zr *zip.Reader) (map[string]string, error) {
	wb := newWorkbook(ctx, zr)
	type entry struct{ name, id string }
	var sheets []entry
	err := wb.scan("xl/workbook.xml", func(t *tokens, se xml.StartElement, depth int) error {
		if se.Name.Local != "sheet" || depth != 3 || t.parent(1) != "sheets" {
			return nil
		}
		if len(sheets) == maxParts {
			return tooManySheets()
		}
		name, id := sheetEntry(se)
		sheets = append(sheets, entry{name, id})
		return nil
	})
	var stop *refusal
	if errors.As(err, &stop) {
		return nil, stop
	}
	if err != nil {
		return nil, nil
	}
	targets := map[string]string{}
	err = wb.relations("xl/_rels/workbook.xml.rels", func(r relation) error {
		if len(targets) == maxParts {
			return tooManySheets()
		}
		t := r.target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.id] = t
		return nil
	})
	if errors.As(err, &stop) {
		return nil, stop
	}
	if err != nil {
		return nil, nil
	}
	out := make(map[string]string, len(sheets))
	for _, s := range sheets {
		if t, ok := targets[s.id]; ok {
			out[t] = s.name
		}
	}
	return out, nil
}

var errNoPart = errors.New("no such part")
