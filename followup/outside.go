package followup

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"medborgardialog/models"
	"medborgardialog/surveys"
)

// Limits of an outside-figures file: a few waves of a few dozen
// indicators is what real files hold.
const (
	MaxOutsideFigures = 500
	maxSource         = 200
	maxWave           = 40
	maxOutsideN       = 10_000_000
)

// waveRe is a wave label that starts with its year ("2019", "2020-ht"),
// which is how outside waves find their place among the service's own.
var waveRe = regexp.MustCompile(`^(19|20)\d{2}([ \-_/.][\p{L}\p{N} \-_/.]{0,35})?$`)

// outsideRow is one figure as written in a file, before it is checked.
type outsideRow struct {
	line                                      int
	indicator, wave, share, n, source, lo, hi string
}

// ParseOutside reads outside figures from a YAML or CSV file and checks
// every one against the indicators of the series (known), listing every
// problem by line. Nothing is returned unless the whole file is good, so
// a file is loaded whole or not at all.
//
// YAML has a list under figures, with optional wave and source at the top
// as defaults:
//
//	source: "LUPP 2019, Sandvikens kommun"
//	wave: "2019"
//	figures:
//	  - {indicator: otrygg_kvall, share: 0.184, n: 612}
//
// CSV has a header row naming the columns indicator, wave, share, n,
// source and optionally ci_low and ci_high, separated by commas or by
// semicolons (as Swedish Excel saves it, with decimal commas). A share
// is a fraction (0.184) or a percentage ("18,4 %").
func ParseOutside(data []byte, csvFormat bool, known []string) ([]models.OutsideFigure, []Problem) {
	figs, ps := parseOutside(data, csvFormat, known)
	return figs, capProblems(ps)
}

// maxProblems caps the list of problems: a broken or hostile file must
// not make the answer larger than the file (a CSV header of 500,000
// unknown columns once gave an answer of 79.5 MB). The first ones are
// enough to start fixing.
const maxProblems = 100

func capProblems(ps []Problem) []Problem {
	return models.CapProblems(ps, maxProblems, func(left int) Problem {
		return Problem{Code: CodeTooManyProblems, Arg: strconv.Itoa(left)}
	})
}

func parseOutside(data []byte, csvFormat bool, known []string) ([]models.OutsideFigure, []Problem) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, []Problem{{Code: CodeEmpty}}
	}
	if !utf8.Valid(data) {
		return nil, []Problem{{Code: CodeSyntax, Arg: "UTF-8"}}
	}
	var rows []outsideRow
	var ps []Problem
	if csvFormat {
		rows, ps = csvRows(data)
	} else {
		rows, ps = yamlRows(data)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	if len(rows) == 0 {
		return nil, []Problem{{Code: CodeEmpty}}
	}
	if len(rows) > MaxOutsideFigures {
		return nil, []Problem{{Code: CodeTooMany, Arg: strconv.Itoa(MaxOutsideFigures)}}
	}
	figs := make([]models.OutsideFigure, 0, len(rows))
	seen := map[string]int{}
	for _, r := range rows {
		f, rps := checkRow(r, known)
		ps = append(ps, rps...)
		key := f.Indicator + "\x00" + f.Wave + "\x00" + f.Source
		if first, ok := seen[key]; ok && len(rps) == 0 {
			ps = append(ps, Problem{Line: r.line, Field: "indicator", Code: CodeDuplicateRow, Arg: strconv.Itoa(first)})
		}
		seen[key] = r.line
		figs = append(figs, f)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return figs, nil
}

func checkRow(r outsideRow, known []string) (models.OutsideFigure, []Problem) {
	var ps []Problem
	bad := func(field, code, arg string) {
		ps = append(ps, Problem{Line: r.line, Field: field, Code: code, Arg: arg})
	}
	f := models.OutsideFigure{Indicator: strings.TrimSpace(r.indicator), Wave: strings.TrimSpace(r.wave), Source: strings.TrimSpace(r.source)}
	switch {
	case f.Indicator == "":
		bad("indicator", CodeRequired, "")
	case !slices.Contains(known, f.Indicator):
		bad("indicator", CodeUnknownIndicator, strings.Join(known, ", "))
	}
	switch {
	case f.Wave == "":
		bad("wave", CodeRequired, "")
	case utf8.RuneCountInString(f.Wave) > maxWave || !waveRe.MatchString(f.Wave):
		bad("wave", CodeBadWave, "")
	}
	switch {
	case f.Source == "":
		bad("source", CodeRequired, "")
	case utf8.RuneCountInString(f.Source) > maxSource:
		bad("source", CodeTooLong, strconv.Itoa(maxSource))
	case hasControl(f.Source, false):
		bad("source", CodeControl, "")
	}
	share, err := parseShare(r.share)
	switch {
	case strings.TrimSpace(r.share) == "":
		bad("share", CodeRequired, "")
	case err != nil:
		bad("share", CodeBadNumber, "")
	case share < 0 || share > 1:
		bad("share", CodeOutOfRange, "0–1")
	}
	f.Share = share
	n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(r.n), " ", ""))
	switch {
	case strings.TrimSpace(r.n) == "":
		bad("n", CodeRequired, "")
	case err != nil:
		bad("n", CodeBadNumber, "")
	case n < 1 || n > maxOutsideN:
		bad("n", CodeOutOfRange, "1–"+strconv.Itoa(maxOutsideN))
	}
	f.N = n
	if r.lo != "" || r.hi != "" {
		lo, err1 := parseShare(r.lo)
		hi, err2 := parseShare(r.hi)
		if err1 != nil || err2 != nil || !(0 <= lo && lo <= share && share <= hi && hi <= 1) {
			bad("ci_low", CodeOutOfRange, "ci_low ≤ share ≤ ci_high")
		}
		f.CILow, f.CIHigh = lo, hi
	}
	return f, ps
}

// parseShare reads 0.184, 0,184, "18,4 %" or "18.4%".
func parseShare(s string) (float64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	percent := strings.HasSuffix(s, "%")
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, errors.New("not a number")
	}
	if percent {
		v /= 100
	}
	return v, nil
}

func yamlRows(data []byte) ([]outsideRow, []Problem) {
	var doc struct {
		Source  string `yaml:"source"`
		Wave    string `yaml:"wave"`
		Figures []struct {
			Indicator string `yaml:"indicator"`
			Wave      string `yaml:"wave"`
			Share     string `yaml:"share"`
			N         string `yaml:"n"`
			Source    string `yaml:"source"`
			CILow     string `yaml:"ci_low"`
			CIHigh    string `yaml:"ci_high"`
		} `yaml:"figures"`
	}
	var limit *surveys.YAMLLimitError
	if errors.As(surveys.CheckYAMLLimits(data), &limit) {
		if limit.Line == 0 {
			return nil, []Problem{{Code: CodeTooManyValues, Arg: strconv.Itoa(limit.Limit)}}
		}
		return nil, []Problem{{Line: limit.Line, Code: CodeTooManyKeys, Arg: strconv.Itoa(limit.Limit)}}
	}
	var node yaml.Node
	if err := yaml.Unmarshal(data, &node); err != nil {
		return nil, []Problem{{Code: CodeSyntax, Arg: err.Error()}}
	}
	if err := node.Decode(&doc); err != nil {
		return nil, []Problem{{Code: CodeSyntax, Arg: err.Error()}}
	}
	lines := figureLines(&node)
	rows := make([]outsideRow, len(doc.Figures))
	for i, f := range doc.Figures {
		rows[i] = outsideRow{line: lines[i], indicator: f.Indicator, wave: or(f.Wave, doc.Wave), share: f.Share,
			n: f.N, source: or(f.Source, doc.Source), lo: f.CILow, hi: f.CIHigh}
	}
	return rows, nil
}

// figureLines finds the line of each item under figures, so a problem
// points at the line an author can find.
func figureLines(doc *yaml.Node) []int {
	var lines []int
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "figures" {
			for _, item := range m.Content[i+1].Content {
				lines = append(lines, item.Line)
			}
		}
	}
	return lines
}

func or(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

var outsideColumns = []string{"indicator", "wave", "share", "n", "source", "ci_low", "ci_high"}

// maxColumns is the most columns a header may have. A file has at most
// the seven above; the rest is room for a few stray ones, each of which
// is listed.
const maxColumns = 20

func csvRows(data []byte) ([]outsideRow, []Problem) {
	data = bytes.TrimPrefix(data, []byte("\ufeff")) // Excel writes a BOM
	header, _, _ := bytes.Cut(data, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(data))
	if bytes.Count(header, []byte(";")) > bytes.Count(header, []byte(",")) {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	head, err := r.Read()
	if err != nil {
		return nil, []Problem{{Line: 1, Code: CodeSyntax, Arg: err.Error()}}
	}
	if len(head) > maxColumns {
		return nil, []Problem{{Line: 1, Code: CodeTooManyColumns, Arg: strconv.Itoa(maxColumns)}}
	}
	col := map[string]int{}
	var ps []Problem
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(outsideColumns, h) {
			ps = append(ps, Problem{Line: 1, Field: h, Code: CodeNotAllowed, Arg: strings.Join(outsideColumns, ", ")})
			continue
		}
		col[h] = i
	}
	for _, need := range outsideColumns[:5] {
		if _, ok := col[need]; !ok {
			ps = append(ps, Problem{Line: 1, Field: need, Code: CodeRequired})
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	var rows []outsideRow
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return nil, []Problem{{Line: line, Code: CodeSyntax, Arg: err.Error()}}
		}
		if len(rows) >= MaxOutsideFigures {
			return nil, []Problem{{Code: CodeTooMany, Arg: strconv.Itoa(MaxOutsideFigures)}}
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		rows = append(rows, outsideRow{line: line, indicator: get("indicator"), wave: get("wave"), share: get("share"),
			n: get("n"), source: get("source"), lo: get("ci_low"), hi: get("ci_high")})
	}
	return rows, nil
}

// String says the problem in English, for logs and the command line.
func (p Problem) String() string {
	s := p.Code
	if p.Field != "" {
		s = p.Field + ": " + s
	}
	if p.Line > 0 {
		s = fmt.Sprintf("line %d, %s", p.Line, s)
	}
	if p.Arg != "" {
		s += " (" + p.Arg + ")"
	}
	return s
}
