package export

import (
	"fmt"
	"hash/fnv"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"medborgardialog/models"
)

// Columns holds the responses to one survey in memory, column by column,
// so that counting a question over a filter touches only the columns it
// needs: the record key, the exclusion mark, the places, session and
// answering language a response carries, and every closed answer as a small integer (a code into the
// column's own dictionary of the distinct values stored). Free text is not
// kept: a free-text answer is kept only as "answered", which is all a
// figure counts of it. Counting from Columns gives the very figures, noise
// included, that counting the same responses from the database gives
// (Count).
//
// The values kept are exactly the decoded values the database returns, so
// a dictionary entry reads through the same answer helpers as a scanned
// response does: the Tally decides once per distinct value what it counts,
// instead of once per response.
//
// Columns is safe for concurrent use. Count reads a snapshot taken under a
// read lock: Append only writes past the rows a snapshot covers, and the
// rare changes to earlier rows (exclusion marks, cleared answers) replace
// the slice they change, so counting never holds up a submission.
type Columns struct {
	survey string
	// text names the questions whose answers are free text in some
	// version of the survey: they are kept as "answered" only. closed
	// names every other question the survey has had; an answer to a
	// question in neither is not kept, as no version can count it.
	text, closed map[string]bool

	mu      sync.RWMutex
	n       int
	rk      []uint32
	flags   []uint8
	dims    [numDims]strColumn
	answers map[string]*valColumn
	// ids holds a fingerprint of the id of every response kept, so the
	// copy can tell whether it holds a response the database has (Holds)
	// without a read. 64 bits: among a million responses the chance that
	// two share one is about 3 in 100 million, and such a clash only
	// delays a repair to the periodic count check.
	ids map[uint64]struct{}
}

// Row flags.
const flagExcluded uint8 = 1

// The places, session and language a response carries, in the order
// Columns keeps them. The day is not kept: no figure is counted by date.
const (
	dimSchool = iota
	dimGrade
	dimArea
	dimSession
	dimLang
	numDims
)

// textAnswered is how a free-text answer with some text in it is kept. It
// is a non-empty string, so it counts as answered, and it is no option
// value, so no closed question counts it as chosen.
const textAnswered = "\x00text"

// gridKey names the column of one row of a grid answer: an answer that is
// a document is kept field by field, each field in a column of its own,
// and its question's own column says only that a document was given.
func gridKey(question, row string) string { return question + "\x00" + row }

// document stands for an answer that was a document (a grid answer). The
// answer helpers read it as no answer, as they read a document for any
// question that is not a grid.
type document struct{}

// NewColumns prepares the columns of survey, whose versions' free-text
// questions are text and whose other questions are closed.
func NewColumns(survey string, text, closed []string) *Columns {
	c := &Columns{survey: survey, text: map[string]bool{}, closed: map[string]bool{}, answers: map[string]*valColumn{}, ids: map[uint64]struct{}{}}
	for _, id := range text {
		c.text[id] = true
	}
	for _, id := range closed {
		if !c.text[id] {
			c.closed[id] = true
		}
	}
	return c
}

// Emptied is a copy of c's make with no responses: c after every
// response was deleted.
func (c *Columns) Emptied() *Columns {
	return &Columns{survey: c.survey, text: c.text, closed: c.closed, answers: map[string]*valColumn{}, ids: map[uint64]struct{}{}}
}

// Survey is the slug of the survey whose responses these are.
func (c *Columns) Survey() string { return c.survey }

// Len is the number of responses kept, excluded ones included.
func (c *Columns) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.n
}

// Append keeps one stored response to the survey and returns its row. r
// must be as the store decodes it (mongo-driver's types); it is not kept.
// A response to another survey is ignored (row -1).
func (c *Columns) Append(r *models.Response) int {
	if r == nil || r.Survey != c.survey {
		return -1
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	row := c.n
	if c.ids != nil {
		c.ids[idFingerprint(r.ID)] = struct{}{}
	}
	c.rk = append(c.rk, r.RecordKey)
	var fl uint8
	if r.Excluded {
		fl |= flagExcluded
	}
	c.flags = append(c.flags, fl)
	for d, v := range [numDims]string{r.School, r.Grade, r.Area, r.Session, r.Lang} {
		c.dims[d].codes.set(row, c.dims[d].code(v))
	}
	for id, v := range r.Answers {
		if v == nil {
			continue
		}
		switch {
		case c.text[id]:
			if s, ok := answerString(v); ok && strings.TrimSpace(s) != "" {
				c.column(id).put(row, textAnswered)
			}
		case c.closed[id]:
			v = plain(v)
			if fields, ok := documentFields(v); ok {
				c.column(id).put(row, document{})
				for _, f := range fields {
					col := c.column(gridKey(id, f.key))
					if col.codes.get(row) == 0 { // the first field of a name wins, as in answerGrid
						col.put(row, plain(f.value))
					}
				}
				continue
			}
			c.column(id).put(row, v)
		}
	}
	c.n++
	return row
}

// Holds says whether a response with this id is kept. Frozen columns
// keep no ids and hold none.
func (c *Columns) Holds(id string) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	_, ok := c.ids[idFingerprint(id)]
	return ok
}

// idFingerprint is FNV-1a of a response id: the same in every process,
// so a set of them can be written to disk and read back.
func idFingerprint(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

// Counts says whether row counts in figures: it exists and is not
// excluded.
func (c *Columns) Counts(row int) bool {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return row >= 0 && row < c.n && c.flags[row]&flagExcluded == 0
}

// IsText says whether question id was free text in some version: its
// answers are kept as "answered" only.
func (c *Columns) IsText(id string) bool { return c.text[id] }

// column is the column of answers named id, made on first use.
func (c *Columns) column(id string) *valColumn {
	col := c.answers[id]
	if col == nil {
		col = &valColumn{}
		c.answers[id] = col
	}
	return col
}

// MarkSession sets the exclusion mark of every response of the session
// code, and returns how many responses it covers.
func (c *Columns) MarkSession(code string, excluded bool) int {
	if code == "" {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	sc, ok := c.dims[dimSession].index[code]
	if !ok {
		return 0
	}
	// A new slice, so a snapshot being counted keeps the marks it had.
	flags := slices.Clone(c.flags[:c.n])
	n := 0
	for i := range c.n {
		if c.dims[dimSession].codes.get(i) != sc {
			continue
		}
		n++
		if excluded {
			flags[i] |= flagExcluded
		} else {
			flags[i] &^= flagExcluded
		}
	}
	c.flags = flags
	return n
}

// ClearAnswers forgets every kept answer to the questions ids, as the
// retention job removes them from the stored responses.
func (c *Columns) ClearAnswers(ids []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		for key := range c.answers {
			if key == id || strings.HasPrefix(key, id+"\x00") {
				delete(c.answers, key)
			}
		}
	}
}

// Places lists, sorted, the schools, grades and areas the kept responses
// carry from their sessions.
func (c *Columns) Places() (schools, grades, areas []string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	sorted := func(d int) []string {
		out := slices.Clone(c.dims[d].vals)
		slices.Sort(out)
		return out
	}
	return sorted(dimSchool), sorted(dimGrade), sorted(dimArea)
}

// Strings lists every string the columns keep, for tests that look for
// what must not be there.
func (c *Columns) Strings() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []string
	for d := range c.dims {
		out = append(out, c.dims[d].vals...)
	}
	for _, col := range c.answers {
		for _, v := range col.vals {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// Bytes estimates the memory the columns take: the codes, record keys and
// marks, and the dictionaries' distinct values.
func (c *Columns) Bytes() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	b := cap(c.rk)*4 + cap(c.flags) + len(c.ids)*idSetBytes
	for d := range c.dims {
		b += c.dims[d].codes.bytes()
		for _, v := range c.dims[d].vals {
			b += len(v) + 16
		}
	}
	for id, col := range c.answers {
		b += len(id) + col.codes.bytes() + len(col.vals)*32
	}
	return b
}

// idSetBytes is about what one fingerprint costs in a Go map of them
// (key, control byte, and the slack of a map that grows by doubling).
const idSetBytes = 16

// strColumn is a column of strings, "" being code 0.
type strColumn struct {
	codes codeColumn
	vals  []string // code-1 -> value
	index map[string]uint32
}

func (s *strColumn) code(v string) uint32 {
	if v == "" {
		return 0
	}
	if c, ok := s.index[v]; ok {
		return c
	}
	if s.index == nil {
		s.index = map[string]uint32{}
	}
	v = strings.Clone(v)
	s.vals = append(s.vals, v)
	c := uint32(len(s.vals))
	s.index[v] = c
	return c
}

// valColumn is a column of answers, code 0 being no answer.
type valColumn struct {
	codes codeColumn
	vals  []any             // code-1 -> the value as decoded
	strs  map[string]uint32 // string values
	other map[string]uint32 // other values, by valueKey
}

func (col *valColumn) put(row int, v any) {
	col.codes.set(row, col.code(v))
}

func (col *valColumn) code(v any) uint32 {
	if s, ok := v.(string); ok {
		if c, ok := col.strs[s]; ok {
			return c
		}
		if col.strs == nil {
			col.strs = map[string]uint32{}
		}
		s = strings.Clone(s)
		col.vals = append(col.vals, s)
		c := uint32(len(col.vals))
		col.strs[s] = c
		return c
	}
	key := valueKey(v)
	if c, ok := col.other[key]; ok {
		return c
	}
	if col.other == nil {
		col.other = map[string]uint32{}
	}
	col.vals = append(col.vals, v)
	c := uint32(len(col.vals))
	col.other[key] = c
	return c
}

// valueKey tells values apart exactly where the answer helpers could tell
// them apart: by Go type and value.
func valueKey(v any) string {
	switch x := v.(type) {
	case document:
		return "d"
	case int32:
		return "i" + strconv.FormatInt(int64(x), 10)
	case int64:
		return "l" + strconv.FormatInt(x, 10)
	case int:
		return "n" + strconv.Itoa(x)
	case float64:
		return "f" + strconv.FormatUint(math.Float64bits(x), 16)
	case bool:
		return "b" + strconv.FormatBool(x)
	case []any:
		var b strings.Builder
		b.WriteString("a")
		for _, e := range x {
			k := valueKey(e)
			b.WriteString(strconv.Itoa(len(k)))
			b.WriteByte(':')
			b.WriteString(k)
		}
		return b.String()
	case []string:
		var b strings.Builder
		b.WriteString("z")
		for _, e := range x {
			b.WriteString(strconv.Itoa(len(e)))
			b.WriteByte(':')
			b.WriteString(e)
		}
		return b.String()
	case string:
		return "s" + x
	}
	// Anything else is rare (binary, dates, a named list of strings):
	// its type and printed value keep it apart.
	return "t" + fmt.Sprintf("%T:%#v", v, v)
}

// plain turns a decoded list (bson.A, a named []any) into a []any, which
// the answer helpers read the same way without reflection.
func plain(v any) any {
	switch v.(type) {
	case nil, string, []any, int32, int64, float64:
		return v
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Interface && !isKeyValueList(rv.Type()) {
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out
	}
	return v
}

type field struct {
	key   string
	value any
}

// documentFields lists the fields of a document answer (bson.D, bson.M,
// a map with string keys) in the order answerGrid reads them.
func documentFields(v any) ([]field, bool) {
	switch m := v.(type) {
	case map[string]any:
		out := make([]field, 0, len(m))
		for k, e := range m {
			out = append(out, field{k, e})
		}
		return out, true
	case map[string]string:
		out := make([]field, 0, len(m))
		for k, e := range m {
			out = append(out, field{k, e})
		}
		return out, true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return nil, false
		}
		out := make([]field, 0, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			out = append(out, field{it.Key().String(), it.Value().Interface()})
		}
		return out, true
	case reflect.Slice:
		if !isKeyValueList(rv.Type()) {
			return nil, false
		}
		out := make([]field, 0, rv.Len())
		for i := range rv.Len() {
			e := rv.Index(i)
			out = append(out, field{e.Field(0).String(), e.Field(1).Interface()})
		}
		return out, true
	}
	return nil, false
}

// codeColumn is a column of codes, as narrow as its largest code allows:
// one byte each while codes stay under 256, then two, then four. Only
// one of the slices is in use.
type codeColumn struct {
	u8  []uint8
	u16 []uint16
	u32 []uint32
}

// set writes code at row, which is at most the column's length: a column
// made after earlier rows were appended is filled with zeros up to row.
func (cc *codeColumn) set(row int, code uint32) {
	switch {
	case cc.u32 != nil || code > math.MaxUint16:
		if cc.u32 == nil {
			cc.u32 = widen[uint32](cc.u8, cc.u16)
			cc.u8, cc.u16 = nil, nil
		}
		cc.u32 = put(cc.u32, row, code)
	case cc.u16 != nil || code > math.MaxUint8:
		if cc.u16 == nil {
			cc.u16 = widen[uint16](cc.u8, nil)
			cc.u8 = nil
		}
		cc.u16 = put(cc.u16, row, uint16(code))
	default:
		cc.u8 = put(cc.u8, row, uint8(code))
	}
}

// put sets s[row] to v, growing s with zeros to row+1 when needed. A new
// backing array is only ever made by append, so rows below a snapshot's
// length are never written while it is counted, except by set on the
// row being appended.
func put[T uint8 | uint16 | uint32](s []T, row int, v T) []T {
	for len(s) < row {
		s = append(s, 0)
	}
	if row < len(s) {
		s[row] = v
		return s
	}
	return append(s, v)
}

func widen[T uint16 | uint32](a []uint8, b []uint16) []T {
	out := make([]T, 0, max(len(a), len(b))*2+16)
	for _, v := range a {
		out = append(out, T(v))
	}
	for _, v := range b {
		out = append(out, T(v))
	}
	return out
}

func (cc *codeColumn) get(row int) uint32 {
	switch {
	case cc.u32 != nil:
		if row < len(cc.u32) {
			return cc.u32[row]
		}
	case cc.u16 != nil:
		if row < len(cc.u16) {
			return uint32(cc.u16[row])
		}
	default:
		if row < len(cc.u8) {
			return uint32(cc.u8[row])
		}
	}
	return 0
}

func (cc *codeColumn) bytes() int {
	return cap(cc.u8) + cap(cc.u16)*2 + cap(cc.u32)*4
}

// view is the first n codes, for a snapshot.
func (cc *codeColumn) view(n int) codeColumn {
	clip := func(l int) int { return min(l, n) }
	return codeColumn{u8: cc.u8[:clip(len(cc.u8)):clip(len(cc.u8))], u16: nilOr(cc.u16, clip), u32: nilOr(cc.u32, clip)}
}

func nilOr[T any](s []T, clip func(int) int) []T {
	if s == nil {
		return nil
	}
	l := clip(len(s))
	return s[:l:l]
}
