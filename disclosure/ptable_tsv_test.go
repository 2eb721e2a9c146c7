package disclosure

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestPTableTSVRoundTrip(t *testing.T) {
	for _, p := range ptableCases {
		pt := mustGenerate(t, p)
		var buf bytes.Buffer
		if err := pt.WriteTSV(&buf); err != nil {
			t.Fatal(err)
		}
		written := buf.String()
		back, err := ParseTSV(&buf)
		if err != nil {
			t.Fatalf("%s: ParseTSV(WriteTSV(t)): %v", fmtParams(p), err)
		}
		if !reflect.DeepEqual(back, pt) {
			t.Errorf("%s: ParseTSV(WriteTSV(t)) differs from t", fmtParams(p))
		}
		var again strings.Builder
		if err := back.WriteTSV(&again); err != nil || again.String() != written {
			t.Errorf("%s: writing the parsed table gives different text (err %v)", fmtParams(p), err)
		}
	}
	// Windows line ends and blank lines are harmless.
	crlf := strings.ReplaceAll(string(ptableTSV)+"\n", "\n", "\r\n")
	if pt, err := ParseTSV(strings.NewReader(crlf)); err != nil || !reflect.DeepEqual(pt, DefaultPTable()) {
		t.Errorf("ParseTSV with CRLF line ends: %v", err)
	}
}

func TestDefaultPTable(t *testing.T) {
	pt := DefaultPTable()
	if pt.Params() != ReferenceParams || pt.Rows() != 7 {
		t.Errorf("DefaultPTable: params %+v, %d rows; want %+v, 7 rows", pt.Params(), pt.Rows(), ReferenceParams)
	}
	if DefaultPTable() != pt {
		t.Error("DefaultPTable parses the file more than once")
	}
}

// TestParseTSVRejects edits the published file in one place each and
// checks that ParseTSV returns an error saying why, instead of a table or
// a panic.
// dropRow deletes every line of count's row.
func dropRow(tsv string, count int) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(tsv, "\n") {
		if !strings.HasPrefix(l, fmt.Sprintf("%d\t", count)) {
			b.WriteString(l)
		}
	}
	return b.String()
}

func TestParseTSVRejects(t *testing.T) {
	good := string(ptableTSV)
	// edit replaces the line starting with prefix (count, tab, noise, tab)
	// by repl; an empty repl deletes it.
	edit := func(prefix, repl string) string {
		lines := strings.SplitAfter(good, "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				if repl != "" {
					repl += "\n"
				}
				lines[i] = repl
				return strings.Join(lines, "")
			}
		}
		t.Fatalf("no line starts with %q", prefix)
		return ""
	}
	const row1 = "1\t-1\t0.66666666666666663\t0.66666666666666663"
	tests := []struct {
		name, input, want string
	}{
		{"empty", "", "missing header"},
		{"missing header", edit("count\t", ""), "want the header"},
		{"header only", edit("count\t", "count\tnoise\tprobability"), "want the header"},
		{"missing parameters", edit("# parameters:", ""), "no \"# parameters:\""},
		{"bad parameters", edit("# parameters:", "# parameters: D=3 V=two JS=2"), "bad or repeated parameter"},
		{"unusable parameters", edit("# parameters:", "# parameters: D=3 V=2 JS=3"), "JS=3"},
		{"row does not sum to 1", edit("6\t3\t", ""), "sum to"},
		{"probability changed", edit("1\t-1\t", "1\t-1\t0.6\t0.6"), "sum to"},
		{"mean not 0", strings.Replace(good, row1+"\n1\t2\t0.33333333333333331\t1\n", "1\t-1\t0.5\t0.5\n1\t2\t0.5\t1\n", 1), "mean noise"},
		{"zero probability", edit("1\t2\t", "1\t2\t0.33333333333333331\t1\n1\t3\t0\t1"), "(0, 1]"},
		{"shown count 1", edit("1\t-1\t", strings.Replace(row1, "1\t-1", "1\t0", 1)), "shown count 1"},
		{"shown count 2", edit("2\t-2\t", "2\t0\t0.33333333333333331\t0.33333333333333331"), "shown count 2"},
		{"noise beyond D", edit("6\t3\t", "6\t4\t0.037358208872790358\t1"), "exceeds D=3"},
		{"row 0 perturbed", edit("0\t0\t", "0\t0\t0.5\t0.5\n0\t3\t0.5\t1"), "zero stays zero"},
		{"non-numeric probability", edit("1\t-1\t", "1\t-1\tabc\t0.66666666666666663"), "invalid syntax"},
		{"non-numeric count", edit("1\t-1\t", "x\t-1\t0.66666666666666663\t0.66666666666666663"), "invalid syntax"},
		{"fractional noise", edit("1\t-1\t", "1\t-1.5\t0.66666666666666663\t0.66666666666666663"), "invalid syntax"},
		{"NaN probability", edit("1\t-1\t", "1\t-1\tNaN\t0.66666666666666663"), "(0, 1]"},
		{"too few fields", edit("1\t-1\t", "1\t-1\t0.66666666666666663"), "3 fields"},
		{"wrong cumulative", edit("1\t-1\t", "1\t-1\t0.66666666666666663\t0.7"), "cumulative"},
		{"noise out of order", edit("1\t2\t", "1\t-2\t0.33333333333333331\t1"), "ascending"},
		{"missing row", dropRow(good, 3), "out of order"},
		{"truncated", good[:strings.Index(good, "\n3\t")+1], "want counts 0..6"},
		{"count out of order", edit("6\t3\t", "6\t3\t0.037358208872790358\t1\n5\t3\t0.05019443553673944\t1"), "out of order"},
		{"extra row", edit("6\t3\t", "6\t3\t0.037358208872790358\t1\n7\t0\t1\t1"), "beyond the last row"},
		{"comment after header", edit("3\t-3\t", "# note"), "1 fields"},
	}
	for _, tt := range tests {
		pt, err := ParseTSV(strings.NewReader(tt.input))
		if err == nil {
			t.Errorf("%s: ParseTSV succeeded (%d rows), want an error", tt.name, pt.Rows())
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q, want it to mention %q", tt.name, err, tt.want)
		}
	}
}
