package xlsform

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
	"medborgardialog/surveys"
)

func builtins(t *testing.T) []*models.Survey {
	t.Helper()
	list, err := surveys.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 2 {
		t.Fatalf("want at least 2 built-in surveys, got %d", len(list))
	}
	return list
}

func builtin(t *testing.T, slug string) *models.Survey {
	t.Helper()
	for _, s := range builtins(t) {
		if s.Slug == slug {
			return s
		}
	}
	t.Fatalf("no built-in survey %s", slug)
	return nil
}

func readBytes(data []byte) (*models.Survey, []Problem) {
	return Read(context.Background(), bytes.NewReader(data), int64(len(data)))
}

// book builds a workbook in the test: sheet name → rows of cells, the
// first row being the header. Cells are strings; write a formula with
// a leading "=" only through setFormula.
type book map[string][][]string

func (b book) bytes(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	first := true
	for _, name := range []string{"survey", "choices", "settings", "indicators", "help", "promise"} {
		rows, ok := b[name]
		if !ok {
			continue
		}
		b.sheet(t, f, name, rows, first)
		first = false
	}
	for name, rows := range b {
		switch name {
		case "survey", "choices", "settings", "indicators", "help", "promise":
			continue
		}
		b.sheet(t, f, name, rows, first)
		first = false
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func (b book) sheet(t testing.TB, f *excelize.File, name string, rows [][]string, first bool) {
	t.Helper()
	if first {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			t.Fatal(err)
		}
	} else if _, err := f.NewSheet(name); err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			if v == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellStr(name, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// diff describes where two surveys differ, field by field, so a failing
// round trip says what was lost.
func diff(a, b any) []string {
	var out []string
	diffValue(reflect.ValueOf(a), reflect.ValueOf(b), "", &out)
	return out
}

func diffValue(a, b reflect.Value, path string, out *[]string) {
	if len(*out) > 20 {
		return
	}
	if a.Kind() != b.Kind() {
		*out = append(*out, fmt.Sprintf("%s: kind %v vs %v", path, a.Kind(), b.Kind()))
		return
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				*out = append(*out, fmt.Sprintf("%s: nil %v vs %v", path, a.IsNil(), b.IsNil()))
			}
			return
		}
		if a.Type().Elem().String() == "time.Time" {
			if !reflect.DeepEqual(a.Interface(), b.Interface()) {
				*out = append(*out, fmt.Sprintf("%s: %v vs %v", path, a.Interface(), b.Interface()))
			}
			return
		}
		diffValue(a.Elem(), b.Elem(), path, out)
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			diffValue(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name, out)
		}
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			*out = append(*out, fmt.Sprintf("%s: nil %v vs %v", path, a.IsNil(), b.IsNil()))
		}
		if a.Len() != b.Len() {
			*out = append(*out, fmt.Sprintf("%s: len %d vs %d", path, a.Len(), b.Len()))
			return
		}
		for i := 0; i < a.Len(); i++ {
			diffValue(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			*out = append(*out, fmt.Sprintf("%s: %#v vs %#v", path, a.Interface(), b.Interface()))
		}
	}
}

func problemList(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "\n\t%s [%s]", p.Text("en"), p.Code)
	}
	return b.String()
}
