package xlsform

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"golang.org/x/net/html/charset"
)

// Limits on the cells read (issue 26). The checker allows 200 questions
// of at most 50 options each and a form has a few dozen columns, so a
// real form stays far inside them; Excel itself ends a cell at 32,767
// characters. They are enforced as each cell is met, before anything is
// built from it: a workbook of under 1 MB once made the old reader build
// rows of 16,384 cells, or copy one long shared string into every cell
// that used it, until it held gigabytes.
const (
	maxRows      = 5000     // rows below the header row
	maxColumns   = 200      // columns, A to GR
	maxCellBytes = 32 << 10 // one cell's text, as stored in the file
	// maxTextBytes bounds the text of all cells read. A shared string
	// counts at every cell that uses it: it is stored once, but each
	// use is a value the form is built from.
	maxTextBytes = 10 << 20
	// pollTokens is how many XML tokens are read between looks at the
	// context: often enough to stop within milliseconds, seldom enough
	// to cost nothing.
	pollTokens = 1 << 12
	// maxDepth bounds how deeply a part's elements may nest. A sheet
	// needs about ten levels; encoding/xml keeps a record for every open
	// one, so 2 million nested elements in a file of 428 KB cost 900 MB.
	maxDepth = 100
)

func errTooDeep(part string) error {
	return fmt.Errorf("%s: elements nested more than %d deep", part, maxDepth)
}

// Relationship types and namespaces, in the transitional and the strict
// spelling of the format.
const (
	relOfficeDocument       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	relOfficeDocumentStrict = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
	nsRelationships         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRelationshipsStrict   = "http://purl.oclc.org/ooxml/officeDocument/relationships"
)

// refusal ends the reading of a workbook: a cell beyond a limit, or the
// context ended. Its problem is the only one reported and no survey is
// built, so a hostile file costs no more than the cells before it.
type refusal struct{ p Problem }

func (r *refusal) Error() string { return r.p.String() }

// workbook reads the cells of an uploaded file straight from its zip
// parts with encoding/xml, as excelize's row iterator with RawCellValue
// reads them (the same values, in the same places), but with the limits
// above applied before a row is built, shared strings held once and the
// context honoured. excelize never sees an unchecked sheet.
type workbook struct {
	ctx   context.Context
	parts map[string]*zip.File // by name, spelt as excelize spells them
	// wbPath is the workbook part the package relationships name.
	wbPath string
	sst    *sharedStrings // read at the first cell that uses it
	sstErr error
	text   int // cell text read so far, towards maxTextBytes
}

// sheet is one sheet the form reads, as read.
type sheet struct {
	name string     // as written in the workbook
	rows [][]string // rows[i] is Excel's row i+1; an empty row is nil
	// err says why the sheet could not be read; it is reported on the
	// sheet, which is then read as if absent.
	err error
}

func openWorkbook(ctx context.Context, r io.ReaderAt, size int64) (*workbook, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, err
	}
	wb := newWorkbook(ctx, zr)
	err = wb.relations("_rels/.rels", func(r relation) error {
		if wb.wbPath == "" && (r.typ == relOfficeDocument || r.typ == relOfficeDocumentStrict) {
			wb.wbPath = strings.TrimPrefix(r.target, "/")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return wb, nil
}

// newWorkbook indexes a zip's parts.
func newWorkbook(ctx context.Context, zr *zip.Reader) *workbook {
	wb := &workbook{ctx: ctx, parts: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		name := strings.ReplaceAll(f.Name, `\`, "/")
		switch strings.ToLower(name) {
		case "[content_types].xml":
			name = "[Content_Types].xml"
		case "xl/sharedstrings.xml":
			name = "xl/sharedStrings.xml"
		}
		wb.parts[name] = f
	}
	return wb
}

// tooManySheets refuses a workbook that lists more sheets than a file may
// have parts: no form needs them, and each would cost time.
func tooManySheets() *refusal {
	return &refusal{Problem{Code: CodeTooManyParts, Arg: strconv.Itoa(maxParts)}}
}

// sheetEntry reads a sheet element of the workbook: its name and the id
// of its relationship.
func sheetEntry(se xml.StartElement) (name, id string) {
	for _, a := range se.Attr {
		switch {
		case a.Name.Space == "" && a.Name.Local == "name":
			name = a.Value
		case (a.Name.Space == nsRelationships || a.Name.Space == nsRelationshipsStrict) && a.Name.Local == "id":
			id = a.Value
		}
	}
	return name, id
}

// readSheets reads the sheets named, in order, each found as findSheet
// finds it; an absent sheet has no entry. A refusal stops it.
func (wb *workbook) readSheets(names ...string) (map[string]*sheet, error) {
	refs, err := wb.sheetRefs(names)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*sheet, len(names))
	for _, name := range names {
		ref, ok := refs[name]
		if !ok {
			continue
		}
		s := &sheet{name: ref.name}
		if ref.part == "" {
			s.err = fmt.Errorf("sheet %s does not exist", ref.name)
		} else {
			s.rows, s.err = wb.readSheet(ref.name, ref.part)
		}
		var stop *refusal
		if errors.As(s.err, &stop) {
			return nil, stop
		}
		out[name] = s
	}
	return out, nil
}

// sheetRef is a sheet of the workbook: its name as written, and its part
// ("" when the workbook names a sheet the file does not hold).
type sheetRef struct{ name, part string }

// sheetRefs finds the sheets named the way authors expect: case and
// surrounding spaces do not matter, and the first sheet that matches is
// the one read. Only those are kept, however many sheets a file lists.
func (wb *workbook) sheetRefs(names []string) (map[string]sheetRef, error) {
	found := map[string]sheetRef{}
	ids := map[string]string{} // wanted name → relationship id
	if wb.wbPath == "" {
		return found, nil
	}
	n := 0
	err := wb.scan(wb.wbPath, func(t *tokens, se xml.StartElement, depth int) error {
		if se.Name.Local != "sheet" || depth != 3 || t.parent(1) != "sheets" {
			return nil
		}
		if n++; n > maxParts {
			return tooManySheets()
		}
		name, id := sheetEntry(se)
		for _, want := range names {
			if _, ok := found[want]; !ok && strings.EqualFold(strings.TrimSpace(name), want) {
				found[want] = sheetRef{name: name}
				ids[want] = id
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errNoPart) {
		return nil, err
	}
	dir := path.Dir(wb.wbPath)
	relsPath := strings.TrimPrefix(dir+"/_rels/"+path.Base(wb.wbPath)+".rels", "/")
	if dir == "." {
		relsPath = "_rels/" + path.Base(wb.wbPath) + ".rels"
	}
	// The last relationship with the id that names a part wins, as in
	// excelize.
	parts := map[string]string{} // id → part
	for _, id := range ids {
		parts[id] = ""
	}
	err = wb.relations(relsPath, func(r relation) error {
		if _, ok := parts[r.id]; !ok {
			return nil
		}
		p := path.Clean(dir + "/" + r.target)
		if strings.HasPrefix(r.target, "/") {
			p = path.Clean(r.target)
		}
		if p = strings.TrimPrefix(p, "/"); wb.parts[p] != nil {
			parts[r.id] = p
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for want, ref := range found {
		ref.part = parts[ids[want]]
		found[want] = ref
	}
	return found, nil
}

type relation struct{ id, typ, target string }

// relations calls each with the relations of a relationships part, in
// order, until it returns an error. A part that is absent has none.
func (wb *workbook) relations(name string, each func(relation) error) error {
	err := wb.scan(name, func(_ *tokens, se xml.StartElement, depth int) error {
		if se.Name.Local != "Relationship" || depth != 2 {
			return nil
		}
		var r relation
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "Id":
				r.id = a.Value
			case "Type":
				r.typ = a.Value
			case "Target":
				r.target = a.Value
			}
		}
		return each(r)
	})
	if errors.Is(err, errNoPart) {
		err = nil
	}
	return err
}

// scan calls fn with each start element of a part and its depth (the
// root is 1).
func (wb *workbook) scan(name string, fn func(t *tokens, se xml.StartElement, depth int) error) error {
	t, closePart, err := wb.open(name)
	if err != nil {
		return err
	}
	defer closePart()
	for {
		tok, err := t.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if se, ok := tok.(xml.StartElement); ok {
			if err := fn(t, se, len(t.stack)); err != nil {
				return err
			}
		}
	}
}

// open starts reading a part as XML tokens.
func (wb *workbook) open(name string) (*tokens, func(), error) {
	f := wb.parts[name]
	if f == nil {
		return nil, nil, errNoPart
	}
	if err := wb.ctx.Err(); err != nil {
		return nil, nil, interrupted()
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	dec := xml.NewDecoder(rc)
	dec.CharsetReader = charset.NewReaderLabel // as excelize reads parts
	return &tokens{ctx: wb.ctx, dec: dec, part: name}, func() { rc.Close() }, nil
}

func interrupted() *refusal { return &refusal{Problem{Code: CodeInterrupted}} }

// tokens reads a part's XML, looking at the context now and then, and
// keeps the names of the open elements.
type tokens struct {
	ctx   context.Context
	dec   *xml.Decoder
	part  string
	n     int
	stack []string
}

func (t *tokens) next() (xml.Token, error) {
	if t.n++; t.n%pollTokens == 0 && t.ctx.Err() != nil {
		return nil, interrupted()
	}
	tok, err := t.dec.Token()
	if err != nil {
		if err != io.EOF {
			err = fmt.Errorf("%s: %w", t.part, err)
		}
		return nil, err
	}
	switch el := tok.(type) {
	case xml.StartElement:
		if len(t.stack) >= maxDepth {
			return nil, errTooDeep(t.part)
		}
		t.stack = append(t.stack, el.Name.Local)
	case xml.EndElement:
		t.stack = t.stack[:len(t.stack)-1] // Token has checked that it matches
	}
	return tok, nil
}

// parent is the name of the element up levels above the one just started.
func (t *tokens) parent(up int) string {
	if i := len(t.stack) - 1 - up; i >= 0 {
		return t.stack[i]
	}
	return ""
}

// text gathers the character data directly inside the element just
// started, up to its end, as encoding/xml gathers a ",chardata" field.
// Beyond limit bytes it stops keeping text and reports long.
func (t *tokens) text(limit int) (s string, long bool, err error) {
	var b []byte
	depth := len(t.stack)
	for {
		tok, err := t.next()
		if err != nil {
			return "", false, eofIsBroken(err)
		}
		switch el := tok.(type) {
		case xml.CharData:
			if len(t.stack) == depth && !long {
				if len(b)+len(el) > limit {
					long, b = true, nil
				} else {
					b = append(b, el...)
				}
			}
		case xml.EndElement:
			if len(t.stack) < depth {
				return string(b), long, nil
			}
		}
	}
}

// eofIsBroken turns an end of file inside an element into an error.
func eofIsBroken(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
