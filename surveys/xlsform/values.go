package xlsform

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

func itoa(n int) string { return strconv.Itoa(n) }

// parseBool reads XLSForm's yes and no in the spellings pyxform accepts,
// plus 1 and 0 (how Excel stores TRUE and FALSE). Empty is false.
func parseBool(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "no", "false", "false()", "0":
		return false, true
	case "yes", "true", "true()", "1":
		return true, true
	}
	return false, false
}

// parseInt reads a whole number, also when Excel stored it as 10.0 or
// 1E+2.
func parseInt(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int64(f), true
}

// excelSerial converts a cell Excel stored as a date (a day number) to
// time; ok is false for anything that is not a number.
func excelSerial(s string) (time.Time, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f <= 0 || f > 2958465 { // 9999-12-31
		return time.Time{}, false
	}
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// parseInstant reads opens_at and closes_at: RFC 3339 as in the YAML, a
// bare date (midnight UTC), or a cell Excel formatted as a date.
func parseInstant(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.DateTime, s); err == nil {
		return t, true
	}
	return excelSerial(s)
}

// dayString turns a date Excel stored as a day number into YYYY-MM-DD and
// leaves anything else as written, for the checker to judge.
func dayString(s string) string {
	s = strings.TrimSpace(s)
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return s
	}
	if t, ok := excelSerial(s); ok {
		return t.Format(time.DateOnly)
	}
	return s
}

// splitList splits a cell holding several values: spaces, commas or
// semicolons separate them. An empty cell is nil, as an absent list is in
// YAML.
func splitList(s string) []string {
	out := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\t' || r == '\n'
	})
	if len(out) == 0 {
		return nil
	}
	return out
}

// minMaxConstraint is the one constraint the service understands,
// because it says no more than min and max do.
var minMaxConstraint = regexp.MustCompile(`^\.\s*>=\s*(-?\d+)\s+and\s+\.\s*<=\s*(-?\d+)$`)

func parseMinMax(s string) (lo, hi int64, ok bool) {
	m := minMaxConstraint.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, 0, false
	}
	lo, err1 := strconv.ParseInt(m[1], 10, 64)
	hi, err2 := strconv.ParseInt(m[2], 10, 64)
	return lo, hi, err1 == nil && err2 == nil
}
