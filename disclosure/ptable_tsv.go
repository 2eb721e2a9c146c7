package disclosure

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The published file is tab-separated text so that anyone can read it in
// a spreadsheet or R. Probabilities are printed with 17 significant digits,
// enough to read back exactly the same float64, so the service perturbs
// with exactly the table that is published.

const (
	ptableHeader       = "count\tnoise\tprobability\tcumulative"
	ptableParamsPrefix = "# parameters:"
)

func ptableFloat(x float64) string { return strconv.FormatFloat(x, 'g', 17, 64) }

// WriteTSV writes the table as the published data file: comment lines
// naming the parameters and the method, the header, then one line per
// (count, noise) with probability > 0.
func (t *PTable) WriteTSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p, last := t.params, len(t.rows)-1
	fmt.Fprintln(bw, "# p-table for cell-key perturbation, medborgardialog/disclosure.")
	fmt.Fprintln(bw, "# Generated; do not edit. Regenerate: go test ./disclosure -run TestPTableFileIsGenerated -update")
	fmt.Fprintf(bw, "%s D=%d V=%s JS=%d\n", ptableParamsPrefix, p.D, strconv.FormatFloat(p.V, 'g', -1, 64), p.JS)
	fmt.Fprintln(bw, "# method: for each true count, the maximum-entropy noise distribution with mean 0")
	fmt.Fprintln(bw, "#   and variance V (or the nearest variance its possible noise allows), |noise| <= D;")
	fmt.Fprintln(bw, "#   count 0 stays 0; shown counts (count+noise) 1..JS never occur.")
	fmt.Fprintf(bw, "# rows: counts 0..%d; every larger count uses the row of count %d.\n", last, last)
	fmt.Fprintln(bw, "# cumulative: running sum of probability in ascending noise order, the last exactly 1;")
	fmt.Fprintln(bw, "#   a cell key u in [0,1) selects the noise whose [previous cumulative, cumulative) holds u.")
	fmt.Fprintln(bw, ptableHeader)
	for count, r := range t.rows {
		for j, v := range r.noise {
			fmt.Fprintf(bw, "%d\t%d\t%s\t%s\n", count, v, ptableFloat(r.prob[j]), ptableFloat(r.cum[j]))
		}
	}
	return bw.Flush()
}

// ParseTSV reads a table written by WriteTSV. It checks every rule a row
// must obey (see PTable; all but the variance), that the rows are counts
// 0..JS+D+1 without gaps and that the cumulative column is the running sum
// of the probabilities, and returns an error for anything else.
func ParseTSV(r io.Reader) (*PTable, error) {
	var (
		t          PTable
		haveParams bool
		haveHeader bool
		noise      []int
		prob, cum  []float64
	)
	// endRow checks the row being read and appends it to t.rows.
	endRow := func() error {
		count := len(t.rows)
		if err := t.params.checkRow(count, noise, prob); err != nil {
			return err
		}
		row := newPTableRow(noise, prob)
		for j := range cum {
			if cum[j] != row.cum[j] {
				return fmt.Errorf("count %d noise %d: cumulative %s, want the running sum %s",
					count, noise[j], ptableFloat(cum[j]), ptableFloat(row.cum[j]))
			}
		}
		t.rows = append(t.rows, row)
		noise, prob, cum = nil, nil, nil
		return nil
	}
	sc := bufio.NewScanner(r)
	for lineNo := 1; sc.Scan(); lineNo++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		fail := func(format string, args ...any) error {
			return fmt.Errorf("disclosure: p-table line %d: %s", lineNo, fmt.Sprintf(format, args...))
		}
		switch {
		case line == "":
			continue
		case !haveHeader && strings.HasPrefix(line, ptableParamsPrefix):
			if haveParams {
				return nil, fail("parameters given twice")
			}
			p, err := parsePTableParams(strings.TrimPrefix(line, ptableParamsPrefix))
			if err != nil {
				return nil, fail("%v", err)
			}
			t.params, haveParams = p, true
			continue
		case !haveHeader && strings.HasPrefix(line, "#"):
			continue
		case !haveHeader:
			if line != ptableHeader {
				return nil, fail("got %q, want the header %q", line, ptableHeader)
			}
			if !haveParams {
				return nil, fail("no %q comment line before the header", ptableParamsPrefix)
			}
			haveHeader = true
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fail("%d fields, want 4 (%s)", len(f), ptableHeader)
		}
		count, err1 := strconv.Atoi(f[0])
		v, err2 := strconv.Atoi(f[1])
		p, err3 := strconv.ParseFloat(f[2], 64)
		c, err4 := strconv.ParseFloat(f[3], 64)
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return nil, fail("%v", err)
		}
		if count > t.params.lastRow() {
			return nil, fail("count %d beyond the last row JS+D+1=%d", count, t.params.lastRow())
		}
		if count != len(t.rows) {
			if count != len(t.rows)+1 || len(noise) == 0 {
				return nil, fail("count %d out of order: counts must run 0, 1, 2, ... without gaps", count)
			}
			if err := endRow(); err != nil {
				return nil, fail("%v", err)
			}
		}
		noise, prob, cum = append(noise, v), append(prob, p), append(cum, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("disclosure: p-table: %w", err)
	}
	if !haveHeader {
		return nil, fmt.Errorf("disclosure: p-table: missing header %q", ptableHeader)
	}
	if len(noise) > 0 {
		if err := endRow(); err != nil {
			return nil, fmt.Errorf("disclosure: p-table at end: %w", err)
		}
	}
	if want := t.params.lastRow(); len(t.rows) != want+1 {
		return nil, fmt.Errorf("disclosure: p-table has %d rows, want counts 0..%d (JS+D+1)", len(t.rows), want)
	}
	return &t, nil
}

// parsePTableParams reads "D=3 V=2 JS=2".
func parsePTableParams(s string) (Params, error) {
	var p Params
	seen := map[string]bool{}
	for _, kv := range strings.Fields(s) {
		k, v, _ := strings.Cut(kv, "=")
		var err error
		switch k {
		case "D":
			p.D, err = strconv.Atoi(v)
		case "V":
			p.V, err = strconv.ParseFloat(v, 64)
		case "JS":
			p.JS, err = strconv.Atoi(v)
		default:
			return p, fmt.Errorf("unknown parameter %q", kv)
		}
		if err != nil || seen[k] {
			return p, fmt.Errorf("bad or repeated parameter %q", kv)
		}
		seen[k] = true
	}
	if len(seen) != 3 {
		return p, fmt.Errorf("parameters %q: want D, V and JS", strings.TrimSpace(s))
	}
	return p, p.validate()
}
