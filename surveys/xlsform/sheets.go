package xlsform

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// ReadSheets reads the named sheets of an uploaded workbook as rows of
// cell text (rows[i] is Excel's row i+1), for other sheets than a form's:
// the places catalogue (issue 28). It is the same hostile-file reading
// as Read: the file is refused before any cell is read when it is too
// large (maxSize; 0 means DefaultMaxSize), not an .xlsx, a zip bomb, or
// holds macros or formulas, and at the first cell beyond the limits of
// workbook.go; a sheet is found by name ignoring case and spaces. The
// result holds the sheets found, by the name asked for; on a refusal it
// is nil and the one problem says why.
func ReadSheets(ctx context.Context, r io.ReaderAt, size, maxSize int64, names ...string) (rows map[string][][]string, ps []Problem) {
	defer func() {
		// A malformed workbook is refused, never a crash of the request.
		if v := recover(); v != nil {
			rows, ps = nil, []Problem{{Code: CodeUnreadable, Arg: fmt.Sprint(v)}}
		}
	}()
	if maxSize <= 0 {
		maxSize = DefaultMaxSize
	}
	if ps := precheck(ctx, r, size, maxSize); len(ps) > 0 {
		sortProblems(ps)
		return nil, ps
	}
	wb, err := openWorkbook(ctx, r, size)
	if err != nil {
		return nil, []Problem{{Code: CodeUnreadable, Arg: err.Error()}}
	}
	sheets, err := wb.readSheets(names...)
	if err != nil {
		var stop *refusal
		if errors.As(err, &stop) {
			return nil, []Problem{stop.p}
		}
		return nil, []Problem{{Code: CodeUnreadable, Arg: err.Error()}}
	}
	rows = make(map[string][][]string, len(sheets))
	for name, s := range sheets {
		if s.err != nil {
			return nil, []Problem{{Sheet: s.name, Code: CodeUnreadable, Arg: s.err.Error()}}
		}
		rows[name] = s.rows
	}
	return rows, nil
}
