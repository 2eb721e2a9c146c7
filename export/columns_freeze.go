package export

import (
	"bufio"
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"io"
	"slices"

	"medborgardialog/models"
)

// A publication (DESIGN §5) counts from frozen columns: the rows of the
// live copy that counted when it was made, copied once and never written
// again. Freeze makes them; WriteFrozen and ReadFrozen keep them in the
// database, so that a publication's figures are the same after a restart,
// on another instance and after a restore, byte for byte.

// Freeze copies the rows of c that count (not excluded) into new columns
// that nothing else writes to. The rows are put in the order of their
// record keys, which are random: the order a live copy holds is the order
// answers arrived, and a frozen copy is kept for years. kept lists, for
// each row of the frozen copy, the row of c it came from; excluded is how
// many rows were left out.
//
// Dictionaries are built anew from the rows kept, so a value only an
// excluded session carried (a school's name, say) is not in them.
func (c *Columns) Freeze() (frozen *Columns, kept []int32, excluded int) {
	s := c.snapshot(models.ResponseFilter{})
	for i := range s.n {
		if s.flags[i]&flagExcluded == 0 {
			kept = append(kept, int32(i))
		}
	}
	slices.SortStableFunc(kept, func(a, b int32) int {
		ka, kb := s.rk[a], s.rk[b]
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return 0
	})
	f := &Columns{survey: c.survey, text: c.text, closed: c.closed, answers: map[string]*valColumn{}}
	f.n = len(kept)
	f.rk = make([]uint32, len(kept))
	f.flags = make([]uint8, len(kept))
	for row, old := range kept {
		f.rk[row] = s.rk[old]
	}
	for d := range s.dims {
		src := s.dims[d]
		for row, old := range kept {
			if code := src.codes.get(int(old)); code != 0 {
				f.dims[d].codes.set(row, f.dims[d].code(src.vals[code-1]))
			}
		}
	}
	for id, src := range s.answers {
		var col *valColumn
		for row, old := range kept {
			if code := src.codes.get(int(old)); code != 0 {
				if col == nil {
					col = f.column(id)
				}
				col.put(row, src.vals[code-1])
			}
		}
	}
	return f, kept, s.n - len(kept)
}

// frozenColumns is how frozen columns are written: gob, gzipped. Every
// code column is written as it is kept; values are tagged with their Go
// type, which the answer helpers tell apart.
type frozenColumns struct {
	Survey       string
	Text, Closed []string
	N            int
	RK           []uint32
	Dims         []frozenStrings
	Answers      map[string]frozenValues
}

type frozenStrings struct {
	Codes []uint32
	Vals  []string
}

type frozenValues struct {
	Codes []uint32
	Vals  []frozenValue
}

// frozenValue is one decoded answer value. Kind says which field holds it.
type frozenValue struct {
	Kind uint8
	S    string
	I    int64
	F    float64
	L    []frozenValue
	Z    []string
}

const (
	fvString uint8 = iota + 1
	fvInt32
	fvInt64
	fvInt
	fvFloat
	fvBool
	fvList
	fvStrings
	fvDocument
)

func freezeValue(v any) (frozenValue, error) {
	switch x := v.(type) {
	case string:
		return frozenValue{Kind: fvString, S: x}, nil
	case int32:
		return frozenValue{Kind: fvInt32, I: int64(x)}, nil
	case int64:
		return frozenValue{Kind: fvInt64, I: x}, nil
	case int:
		return frozenValue{Kind: fvInt, I: int64(x)}, nil
	case float64:
		return frozenValue{Kind: fvFloat, F: x}, nil
	case bool:
		fv := frozenValue{Kind: fvBool}
		if x {
			fv.I = 1
		}
		return fv, nil
	case document:
		return frozenValue{Kind: fvDocument}, nil
	case []string:
		return frozenValue{Kind: fvStrings, Z: x}, nil
	case []any:
		fv := frozenValue{Kind: fvList, L: make([]frozenValue, len(x))}
		for i, e := range x {
			var err error
			if fv.L[i], err = freezeValue(e); err != nil {
				return fv, err
			}
		}
		return fv, nil
	}
	return frozenValue{}, fmt.Errorf("export: an answer of type %T cannot be frozen", v)
}

func (fv frozenValue) value() (any, error) {
	switch fv.Kind {
	case fvString:
		return fv.S, nil
	case fvInt32:
		return int32(fv.I), nil
	case fvInt64:
		return fv.I, nil
	case fvInt:
		return int(fv.I), nil
	case fvFloat:
		return fv.F, nil
	case fvBool:
		return fv.I == 1, nil
	case fvDocument:
		return document{}, nil
	case fvStrings:
		if fv.Z == nil {
			return []string{}, nil
		}
		return fv.Z, nil
	case fvList:
		out := make([]any, len(fv.L))
		for i, e := range fv.L {
			var err error
			if out[i], err = e.value(); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("export: frozen value of unknown kind %d", fv.Kind)
}

func (cc *codeColumn) all(n int) []uint32 {
	out := make([]uint32, n)
	for i := range n {
		out[i] = cc.get(i)
	}
	return out
}

// WriteFrozen writes c, which Freeze made, to w.
func (c *Columns) WriteFrozen(w io.Writer) error {
	fc, err := c.form()
	if err != nil {
		return fmt.Errorf("export: write frozen columns: %w", err)
	}
	zw := gzip.NewWriter(w)
	if err := gob.NewEncoder(zw).Encode(&fc); err != nil {
		return fmt.Errorf("export: write frozen columns: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("export: write frozen columns: %w", err)
	}
	return nil
}

// form is c as gob writes it: every row's record key, places and answer
// codes, and the dictionaries. Marks and ids are not in it.
func (c *Columns) form() (frozenColumns, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	fc := frozenColumns{Survey: c.survey, N: c.n, RK: c.rk[:c.n], Answers: make(map[string]frozenValues, len(c.answers))}
	for id := range c.text {
		fc.Text = append(fc.Text, id)
	}
	for id := range c.closed {
		fc.Closed = append(fc.Closed, id)
	}
	slices.Sort(fc.Text)
	slices.Sort(fc.Closed)
	for d := range c.dims {
		fc.Dims = append(fc.Dims, frozenStrings{Codes: c.dims[d].codes.all(c.n), Vals: c.dims[d].vals})
	}
	for id, col := range c.answers {
		fv := frozenValues{Codes: col.codes.all(c.n), Vals: make([]frozenValue, len(col.vals))}
		for i, v := range col.vals {
			var err error
			if fv.Vals[i], err = freezeValue(v); err != nil {
				return frozenColumns{}, fmt.Errorf("%w (question %s)", err, id)
			}
		}
		fc.Answers[id] = fv
	}
	return fc, nil
}

// ReadFrozen reads columns WriteFrozen wrote. They are only ever counted
// from.
func ReadFrozen(r io.Reader) (*Columns, error) {
	zr, err := gzip.NewReader(bufio.NewReader(r))
	if err != nil {
		return nil, fmt.Errorf("export: read frozen columns: %w", err)
	}
	var fc frozenColumns
	if err := gob.NewDecoder(zr).Decode(&fc); err != nil {
		return nil, fmt.Errorf("export: read frozen columns: %w", err)
	}
	c, err := fromForm(fc)
	if err != nil {
		return nil, fmt.Errorf("export: read frozen columns: %w", err)
	}
	return c, nil
}

// fromForm rebuilds columns from their form, checking every code: the
// form was read from outside the process.
func fromForm(fc frozenColumns) (*Columns, error) {
	if len(fc.RK) != fc.N || len(fc.Dims) != numDims {
		return nil, fmt.Errorf("%d rows, %d keys, %d places", fc.N, len(fc.RK), len(fc.Dims))
	}
	c := NewColumns(fc.Survey, fc.Text, fc.Closed)
	c.n, c.rk, c.flags = fc.N, fc.RK, make([]uint8, fc.N)
	if c.rk == nil {
		c.rk = []uint32{}
	}
	for d, fs := range fc.Dims {
		if len(fs.Codes) != fc.N {
			return nil, fmt.Errorf("place column %d has %d rows of %d", d, len(fs.Codes), fc.N)
		}
		col := &c.dims[d]
		for _, v := range fs.Vals {
			col.code(v)
		}
		if len(col.vals) != len(fs.Vals) {
			return nil, fmt.Errorf("place column %d repeats a value", d)
		}
		for row, code := range fs.Codes {
			if int(code) > len(col.vals) {
				return nil, fmt.Errorf("code %d past %d values", code, len(col.vals))
			}
			col.codes.set(row, code)
		}
	}
	for id, fv := range fc.Answers {
		if len(fv.Codes) != fc.N {
			return nil, fmt.Errorf("%s has %d rows of %d", id, len(fv.Codes), fc.N)
		}
		col := c.column(id)
		for _, v := range fv.Vals {
			val, err := v.value()
			if err != nil {
				return nil, err
			}
			// Values are distinct as written, so each gets the code it had.
			col.code(val)
		}
		if len(col.vals) != len(fv.Vals) {
			return nil, fmt.Errorf("%s repeats a value", id)
		}
		for row, code := range fv.Codes {
			if int(code) > len(col.vals) {
				return nil, fmt.Errorf("code %d past %d values", code, len(col.vals))
			}
			col.codes.set(row, code)
		}
	}
	return c, nil
}

// Origin names where the response at row came from, for the rule that new
// free texts are released only from several places at once: its session,
// else the area its writer gave in answer to the question areaQuestion,
// else "" (the open link, from anywhere).
func (c *Columns) Origin(row int, areaQuestion string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if row < 0 || row >= c.n {
		return ""
	}
	if code := c.dims[dimSession].codes.get(row); code != 0 {
		return "session:" + c.dims[dimSession].vals[code-1]
	}
	if col := c.answers[areaQuestion]; col != nil && areaQuestion != "" {
		if code := col.codes.get(row); code != 0 {
			if s, ok := col.vals[code-1].(string); ok {
				return "area:" + s
			}
		}
	}
	return ""
}
