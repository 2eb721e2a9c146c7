package xlsform

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// richText reads a string item (si in the shared strings, is in a cell)
// the way excelize's xlsxSI.String does: the last t directly inside it,
// then the last t of each run r; phonetic runs (rPh) are not text. The
// text is kept as stored, with Excel's _xHHHH_ escapes. Once it has held
// more than limit bytes it is long, and no more of it is kept.
func (t *tokens) richText(limit int) (s string, long bool, err error) {
	var plain string
	var runs []string
	size := 0 // of plain and runs, kept as they change: a string may have many runs
	depth := len(t.stack)
	for {
		tok, err := t.next()
		if err != nil {
			return "", false, eofIsBroken(err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch {
			case long:
			case el.Name.Local == "r" && len(t.stack) == depth+1:
				runs = append(runs, "")
			case el.Name.Local != "t":
			case len(t.stack) == depth+1: // si > t
				v, l, err := t.text(limit)
				if err != nil {
					return "", false, err
				}
				size += len(v) - len(plain)
				plain, long = v, l
			case len(t.stack) == depth+2 && t.parent(1) == "r" && len(runs) > 0: // si > r > t
				v, l, err := t.text(limit)
				if err != nil {
					return "", false, err
				}
				size += len(v) - len(runs[len(runs)-1])
				runs[len(runs)-1], long = v, l
			}
			if long || size > limit {
				long, plain, runs = true, "", nil
			}
		case xml.EndElement:
			if len(t.stack) < depth {
				if long {
					return "", true, nil
				}
				return plain + strings.Join(runs, ""), false, nil
			}
		}
	}
}

// readSheet reads a worksheet's cells. Rows and cells are placed as
// excelize's row iterator places them: a row element with a number above
// the row being read starts that row, any other adds its cells to the
// row being read; a cell with a reference goes to its column, one without
// to the next. Only cells with a value count: an empty cell, however
// formatted and wherever it is, is skipped as before.
func (wb *workbook) readSheet(name, part string) ([][]string, error) {
	t, closePart, err := wb.open(part)
	if err != nil {
		return nil, err
	}
	defer closePart()
	var (
		rows      [][]string
		cells     []string // the row being read
		seek, cur int      // the row being read, and the number the last row element gave
		col       int      // the column of the last cell
		inRows    bool
	)
	flush := func() {
		if len(cells) > 0 {
			for len(rows) < seek-1 {
				rows = append(rows, nil)
			}
			rows = append(rows, cells)
		}
		cells = nil
	}
	for {
		tok, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if ee, ok := tok.(xml.EndElement); ok && ee.Name.Local == "sheetData" {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch {
		case se.Name.Local == "row":
			n := 0
			if v := attr(se, "r"); v != "" {
				if n, err = strconv.Atoi(v); err != nil {
					return nil, fmt.Errorf("row number %q: %w", v, err)
				}
			}
			if n != 0 {
				cur = n
			} else {
				cur++
			}
			if cur > seek || !inRows {
				flush()
				seek, col, inRows = max(cur, 1), 0, true
			}
		case se.Name.Local == "c" && inRows:
			col++
			if ref := attr(se, "r"); ref != "" {
				if col, err = refColumn(ref); err != nil {
					return nil, err
				}
			}
			at := max(col-1, len(cells)) // where excelize puts it
			v, err := wb.cell(t, se)
			if errors.Is(err, errCellTooLong) {
				return nil, &refusal{Problem{Sheet: name, Row: seek, Column: columnLetter(at), Code: CodeCellTooLong, Arg: itoa(maxCellBytes)}}
			}
			if err != nil {
				return nil, err
			}
			if v == "" {
				continue
			}
			switch {
			case seek > maxRows+1:
				return nil, &refusal{Problem{Sheet: name, Row: seek, Column: columnLetter(at), Code: CodeTooManyRows, Arg: itoa(maxRows)}}
			case at >= maxColumns:
				return nil, &refusal{Problem{Sheet: name, Row: seek, Column: columnLetter(at), Code: CodeTooManyColumns, Arg: itoa(maxColumns)}}
			}
			if wb.text += len(v); wb.text > maxTextBytes {
				return nil, &refusal{Problem{Sheet: name, Row: seek, Column: columnLetter(at), Code: CodeTooMuchText, Arg: itoa(maxTextBytes)}}
			}
			for len(cells) < at {
				cells = append(cells, "")
			}
			cells = append(cells, v)
		}
	}
	flush()
	return rows, nil
}

// errCellTooLong is a cell's text over maxCellBytes; readSheet names the
// cell.
var errCellTooLong = errors.New("cell too long")

// cell reads a c element to its end and gives its value as excelize's
// getValueFrom gives it with RawCellValue: a shared string by its index,
// an inline string, or else the stored value as written.
func (wb *workbook) cell(t *tokens, se xml.StartElement) (string, error) {
	typ := attr(se, "t")
	var v, inline string
	var vLong, inlineLong, hasInline bool
	depth := len(t.stack)
	for {
		tok, err := t.next()
		if err != nil {
			return "", eofIsBroken(err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if len(t.stack) != depth+1 {
				continue
			}
			switch el.Name.Local {
			case "v":
				if v, vLong, err = t.text(maxCellBytes); err != nil {
					return "", err
				}
			case "is":
				if inline, inlineLong, err = t.richText(maxCellBytes); err != nil {
					return "", err
				}
				hasInline = true
			}
		case xml.EndElement:
			if len(t.stack) >= depth {
				continue
			}
			switch {
			case typ == "s" && v != "":
				return wb.shared(v)
			case typ == "inlineStr" && hasInline:
				if inlineLong {
					return "", errCellTooLong
				}
				return bstrUnescape(inline), nil
			case vLong:
				return "", errCellTooLong
			}
			return v, nil
		}
	}
}

// shared is the shared string a cell's value points at. As in excelize,
// an index that is not a number means 0, and one outside the table an
// empty cell.
func (wb *workbook) shared(v string) (string, error) {
	if wb.sst == nil && wb.sstErr == nil {
		wb.sst, wb.sstErr = wb.readSharedStrings()
	}
	if wb.sstErr != nil {
		return "", wb.sstErr
	}
	i, _ := strconv.Atoi(strings.TrimSpace(v))
	if i < 0 || i >= len(wb.sst.items) {
		return "", nil
	}
	it := wb.sst.items[i]
	if it.n < 0 {
		return "", errCellTooLong
	}
	return wb.sst.text[it.off : it.off+int(it.n)], nil
}

// sharedStrings is the workbook's table of shared strings, each stored
// once in one string: a cell that uses one gets a slice of it, never a
// copy, however many cells use it.
type sharedStrings struct {
	text  string
	items []sharedString
}

// sharedString locates one string in text; n < 0 marks one longer than a
// cell may be, whose text is not kept.
type sharedString struct {
	off int
	n   int32
}

// readSharedStrings reads xl/sharedStrings.xml, where excelize reads it.
// It is bounded by the part's size, which precheck has bounded.
func (wb *workbook) readSharedStrings() (*sharedStrings, error) {
	var b strings.Builder
	var items []sharedString
	err := wb.scan("xl/sharedStrings.xml", func(t *tokens, se xml.StartElement, depth int) error {
		if se.Name.Local != "si" || depth != 2 {
			return nil
		}
		s, long, err := t.richText(maxCellBytes)
		if err != nil {
			return err
		}
		if long {
			items = append(items, sharedString{n: -1})
			return nil
		}
		s = bstrUnescape(s)
		items = append(items, sharedString{off: b.Len(), n: int32(len(s))})
		b.WriteString(s)
		return nil
	})
	if err != nil && !errors.Is(err, errNoPart) {
		return nil, fmt.Errorf("shared strings: %w", err)
	}
	return &sharedStrings{text: b.String(), items: items}, nil
}

// refColumn is the column number of a cell reference ("C12" → 3), read
// without building anything: a reference far beyond the limits costs no
// more than one inside them.
func refColumn(ref string) (int, error) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c == '$' && i == 0:
			continue
		case 'A' <= c && c <= 'Z':
			col = min(col*26+int(c-'A'+1), 1<<30)
			continue
		case 'a' <= c && c <= 'z':
			col = min(col*26+int(c-'a'+1), 1<<30)
			continue
		}
		break
	}
	rest := strings.TrimPrefix(ref[i:], "$")
	if col == 0 || rest == "" || strings.TrimLeft(rest, "0123456789") != "" || strings.TrimLeft(rest, "0") == "" {
		return 0, fmt.Errorf("cell reference %q is not valid", ref)
	}
	return col, nil
}

// bstrUnescape undoes Excel's _xHHHH_ escapes the way excelize's
// bstrUnmarshal does: _x005F_ is an underscore, an escape that is no
// character (half a surrogate pair) is dropped.
func bstrUnescape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if isHex4(s[i+2 : i+6]) {
				n, _ := strconv.ParseUint(s[i+2:i+6], 16, 32)
				if r := rune(n); r < 0xD800 || r > 0xDFFF {
					b.WriteRune(r)
				}
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func isHex4(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
