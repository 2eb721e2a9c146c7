package followup

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

var known = []string{"otrygg_kvall", "snusar"}

func TestOutsideFiguresFromYAML(t *testing.T) {
	figs, ps := ParseOutside([]byte(`
source: "LUPP 2019, Sandvikens kommun"
wave: "2019"
figures:
  - {indicator: otrygg_kvall, share: 0.184, n: 612}
  - {indicator: snusar, share: "7,5 %", n: 598, ci_low: 0.055, ci_high: 0.097}
  - {indicator: otrygg_kvall, wave: "2020-ht", share: 0.2, n: 500, source: "Polisens trygghetsmätning"}
`), false, known)
	if len(ps) > 0 {
		t.Fatalf("problems: %v", ps)
	}
	if len(figs) != 3 {
		t.Fatalf("got %d figures", len(figs))
	}
	if f := figs[0]; f.Source != "LUPP 2019, Sandvikens kommun" || f.Wave != "2019" || f.Share != 0.184 || f.N != 612 {
		t.Fatalf("defaults not applied: %+v", f)
	}
	if f := figs[1]; math.Abs(f.Share-0.075) > 1e-12 || f.CILow != 0.055 || f.CIHigh != 0.097 {
		t.Fatalf("percent share or interval misread: %+v", f)
	}
	if f := figs[2]; f.Wave != "2020-ht" || f.Source != "Polisens trygghetsmätning" {
		t.Fatalf("per-figure wave and source ignored: %+v", f)
	}
}

func TestOutsideFiguresFromSwedishExcelCSV(t *testing.T) {
	csv := "\ufeffindikator;wave\n"
	if _, ps := ParseOutside([]byte(csv), true, known); len(ps) == 0 || ps[0].Code != CodeNotAllowed {
		t.Fatalf("an unknown column passed: %v", ps)
	}
	csv = "\ufeffIndicator;Wave;Share;N;Source\r\notrygg_kvall;2019;18,4 %;612;LUPP 2019\r\n;;;;\r\nsnusar;2019;0,075;1 598;LUPP 2019\r\n"
	figs, ps := ParseOutside([]byte(csv), true, known)
	if len(ps) > 0 {
		t.Fatalf("problems: %v", ps)
	}
	if len(figs) != 2 || math.Abs(figs[0].Share-0.184) > 1e-12 || figs[1].N != 1598 {
		t.Fatalf("figures: %+v", figs)
	}
}

func TestOutsideFileProblemsAreAllListedByLine(t *testing.T) {
	csv := strings.Join([]string{
		"indicator,wave,share,n,source",
		"otrygg_kvall,2019,0.18,612,LUPP",  // line 2: fine
		"nope,2019,0.18,612,LUPP",          // 3: unknown indicator
		"snusar,förra året,0.18,612,LUPP",  // 4: wave without a year
		"snusar,2019,18.4,612,LUPP",        // 5: share above 1
		"snusar,2020,abc,0,LUPP",           // 6: share and n
		"snusar,2021,0.1,10,",              // 7: no source
		"otrygg_kvall,2019,0.2,100,LUPP",   // 8: same as line 2
		"snusar,2022,0.1,100,LUPP,0.2,0.3", // extra fields are ignored without a header
	}, "\n")
	_, ps := ParseOutside([]byte(csv), true, known)
	var got []string
	for _, p := range ps {
		got = append(got, fmt.Sprintf("%d:%s:%s", p.Line, p.Field, p.Code))
	}
	want := []string{"3:indicator:unknown_indicator", "4:wave:bad_wave", "5:share:out_of_range",
		"6:share:bad_number", "6:n:out_of_range", "7:source:required", "8:indicator:duplicate_row"}
	if !slices.Equal(got, want) {
		t.Fatalf("problems\n got %v\nwant %v", got, want)
	}
	if ps[0].Arg != strings.Join(known, ", ") {
		t.Fatalf("an unknown indicator should list the valid ones, got %q", ps[0].Arg)
	}
}

func TestBadOutsideFilesAreRefusedWhole(t *testing.T) {
	for name, tc := range map[string]struct {
		data string
		csv  bool
		code string
	}{
		"empty":        {"  \n", false, CodeEmpty},
		"not yaml":     {"figures: [", false, CodeSyntax},
		"no figures":   {"source: x\n", false, CodeEmpty},
		"not utf-8":    {"indicator,wave\n\xff", true, CodeSyntax},
		"missing cols": {"indicator,wave\n", true, CodeRequired},
		"bad interval": {"figures:\n - {indicator: snusar, wave: '2019', share: 0.5, n: 10, source: x, ci_low: 0.6, ci_high: 0.7}\n", false, CodeOutOfRange},
	} {
		figs, ps := ParseOutside([]byte(tc.data), tc.csv, known)
		if figs != nil || len(ps) == 0 || ps[0].Code != tc.code {
			t.Errorf("%s: figures %v, problems %v; want code %s", name, figs, ps, tc.code)
		}
	}
	var b strings.Builder
	b.WriteString("indicator,wave,share,n,source\n")
	for i := 0; i <= MaxOutsideFigures; i++ {
		fmt.Fprintf(&b, "snusar,%d,0.1,10,x\n", 1900+i%100)
	}
	if _, ps := ParseOutside([]byte(b.String()), true, known); len(ps) != 1 || ps[0].Code != CodeTooMany {
		t.Errorf("an oversized file: %v", ps)
	}
}

// A hostile or badly broken file gets a short answer: a CSV header of
// 500,000 unknown columns once made an answer of 79.5 MB, and a YAML
// mapping of many keys costs yaml.v3 time that grows with their square
// (issue 26).
func TestHostileOutsideFilesGetShortAnswers(t *testing.T) {
	wide := "indicator,wave,share,n,source" + strings.Repeat(",x", 500_000) + "\n"
	if figs, ps := ParseOutside([]byte(wide), true, known); figs != nil || len(ps) != 1 || ps[0].Code != CodeTooManyColumns || ps[0].Line != 1 {
		t.Errorf("500,000 columns: %d problems, first %v", len(ps), ps[:min(len(ps), 1)])
	}

	var b strings.Builder
	b.WriteString("indicator,wave,share,n,source\n")
	for i := range 300 {
		fmt.Fprintf(&b, "okand_%d,2019,0.1,10,x\n", i)
	}
	_, ps := ParseOutside([]byte(b.String()), true, known)
	if len(ps) != maxProblems+1 || ps[0].Line != 2 || ps[maxProblems-1].Line != maxProblems+1 {
		t.Fatalf("300 bad rows: %d problems", len(ps))
	}
	if last := ps[maxProblems]; last.Code != CodeTooManyProblems || last.Arg != "200" || last.Line != 0 {
		t.Errorf("the last problem does not say how many more: %+v", last)
	}

	keys := "figures:\n  - {indicator: snusar, wave: '2019', share: 0.1, n: 10, source: x"
	for i := range 300 {
		keys += fmt.Sprintf(", k%d: 1", i)
	}
	keys += "}\n"
	if _, ps := ParseOutside([]byte(keys), false, known); len(ps) != 1 || ps[0].Code != CodeTooManyKeys || ps[0].Line != 2 {
		t.Errorf("a mapping of 305 keys: %v", ps)
	}

	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n" +
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nfigures: [*e, *e, *e]\n"
	if _, ps := ParseOutside([]byte(bomb), false, known); len(ps) != 1 || ps[0].Code != CodeTooManyValues {
		t.Errorf("aliases repeating 300,000 values: %v", ps)
	}
}
