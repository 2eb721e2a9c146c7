package followup

import (
	"crypto/rand"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"medborgardialog/models"
)

// Problem is one thing wrong with what staff sent: which field (or line of
// a file), a code, and the value or limit the message needs. The HTTP
// layer says it in the user's language.
type Problem struct {
	Line  int    `json:"line,omitempty"` // 1-based line of a file; 0 for a form field
	Field string `json:"field"`
	Code  string `json:"code"`
	Arg   string `json:"arg,omitempty"`
}

// Problem codes.
const (
	CodeRequired         = "required"
	CodeTooLong          = "too_long"
	CodeControl          = "control_characters"
	CodeBadDate          = "bad_date"
	CodeEndBeforeStart   = "end_before_start"
	CodeNotAllowed       = "not_allowed" // Arg lists the allowed values
	CodeUnknownIndicator = "unknown_indicator"
	CodeDuplicate        = "duplicate"
	CodeDuplicateRow     = "duplicate_row" // Arg: the line it first appeared on
	CodeTooMany          = "too_many"
	CodeBadLanguage      = "bad_language"
	CodeBadNumber        = "bad_number"
	CodeOutOfRange       = "out_of_range"
	CodeBadWave          = "bad_wave"
	CodeSyntax           = "syntax"
	CodeEmpty            = "empty"
	CodeTooManyKeys      = "too_many_keys"     // a YAML mapping over surveys.MaxYAMLKeys; Arg: the limit
	CodeTooManyValues    = "too_many_values"   // a YAML file over surveys.MaxYAMLNodes; Arg: the limit
	CodeTooManyProblems  = "too_many_problems" // Arg: how many more problems were left out
	CodeTooManyColumns   = "too_many_columns"  // a CSV header; Arg: the limit
)

// Limits of an activity.
const (
	maxShortText   = 200
	maxLongText    = 1000
	maxNotes       = 4000
	maxYouth       = 200
	maxIndicators  = 30
	maxHistory     = 500
	activityIDSize = 10
)

// CheckActivity lists every problem with in. known holds the indicator ids
// of the promise's surveys, which are the only ones an activity can aim
// to move.
func CheckActivity(in *models.ActivityInput, known []string) []Problem {
	var ps []Problem
	text := func(field, v string, max int, required, multiline bool) {
		switch {
		case strings.TrimSpace(v) == "" && required:
			ps = append(ps, Problem{Field: field, Code: CodeRequired})
		case utf8.RuneCountInString(v) > max:
			ps = append(ps, Problem{Field: field, Code: CodeTooLong, Arg: itoa(max)})
		case hasControl(v, multiline):
			ps = append(ps, Problem{Field: field, Code: CodeControl})
		}
	}
	text("problem", in.Problem, maxLongText, true, true)
	text("activity", in.Activity, maxLongText, true, true)
	text("goal", in.Goal, maxLongText, false, true)
	text("partner", in.Partner, maxShortText, true, false)
	text("notes", in.Notes, maxNotes, false, true)
	for _, d := range []struct{ field, v string }{{"start", in.Start}, {"end", in.End}} {
		if _, err := time.Parse(time.DateOnly, d.v); d.v != "" && err != nil {
			ps = append(ps, Problem{Field: d.field, Code: CodeBadDate})
		}
	}
	if in.Start != "" && in.End != "" && in.End < in.Start && !hasProblem(ps, "start", "end") {
		ps = append(ps, Problem{Field: "end", Code: CodeEndBeforeStart})
	}
	if !slices.Contains(models.ActivityStatuses, in.Status) {
		ps = append(ps, Problem{Field: "status", Code: CodeNotAllowed, Arg: strings.Join(models.ActivityStatuses, ", ")})
	}
	if in.OnTrack != "" && !slices.Contains(models.OnTrackMarks, in.OnTrack) {
		ps = append(ps, Problem{Field: "on_track", Code: CodeNotAllowed, Arg: strings.Join(models.OnTrackMarks, ", ")})
	}
	if len(in.Indicators) > maxIndicators {
		ps = append(ps, Problem{Field: "indicators", Code: CodeTooMany, Arg: itoa(maxIndicators)})
	}
	seen := map[string]bool{}
	for _, id := range in.Indicators {
		switch {
		case seen[id]:
			ps = append(ps, Problem{Field: "indicators", Code: CodeDuplicate, Arg: id})
		case !slices.Contains(known, id):
			ps = append(ps, Problem{Field: "indicators", Code: CodeUnknownIndicator, Arg: strings.Join(known, ", ")})
		}
		seen[id] = true
	}
	for lang, v := range in.Youth {
		field := "youth." + lang
		switch {
		case !models.IsLanguage(lang):
			ps = append(ps, Problem{Field: "youth", Code: CodeBadLanguage, Arg: lang})
		default:
			text(field, v, maxYouth, false, false)
		}
	}
	slices.SortStableFunc(ps, func(a, b Problem) int { return strings.Compare(a.Field, b.Field) })
	return ps
}

func hasProblem(ps []Problem, fields ...string) bool {
	return slices.ContainsFunc(ps, func(p Problem) bool { return slices.Contains(fields, p.Field) })
}

// hasControl reports characters no text may hold (models.CheckChars):
// control characters and invisible format characters such as U+202E,
// which would turn a text around on the public feedback page; multi-line
// texts may hold line breaks and tabs.
func hasControl(s string, multiline bool) bool { return !models.CharsAllowed(s, multiline) }

// Normalize trims what staff typed, so "  Polisen " and "Polisen" are the
// same partner, and drops empty youth texts.
func Normalize(in *models.ActivityInput) {
	for _, p := range []*string{&in.Problem, &in.Activity, &in.Goal, &in.Partner, &in.Start, &in.End, &in.Status, &in.OnTrack, &in.Notes} {
		*p = strings.TrimSpace(*p)
	}
	for lang, v := range in.Youth {
		if v = strings.TrimSpace(v); v == "" {
			delete(in.Youth, lang)
		} else {
			in.Youth[lang] = v
		}
	}
	if len(in.Youth) == 0 {
		in.Youth = nil
	}
	if in.Indicators == nil {
		in.Indicators = []string{}
	}
}

// NewActivity makes a new activity of promise from checked input.
func NewActivity(promise string, in models.ActivityInput, by string, now time.Time) *models.Activity {
	a := &models.Activity{ID: newActivityID(), Promise: promise, CreatedAt: now, History: []models.StatusChange{}}
	Apply(a, in, by, now)
	return a
}

// Apply writes checked input over a, counts the revision and records a
// change of status or on-track mark in the history, so a follow-up can
// tell when an activity started, stalled or finished. The history keeps
// the newest maxHistory entries.
func Apply(a *models.Activity, in models.ActivityInput, by string, now time.Time) {
	first := a.Rev == 0
	statusChanged := first || a.Status != in.Status || a.OnTrack != in.OnTrack
	a.ActivityInput = in
	a.Rev++
	a.UpdatedAt, a.UpdatedBy = now, by
	if statusChanged {
		a.History = append(a.History, models.StatusChange{At: now, By: by, Status: in.Status, OnTrack: in.OnTrack})
		if n := len(a.History); n > maxHistory {
			a.History = slices.Clone(a.History[n-maxHistory:])
		}
	}
}

// ValidActivityID reports whether s can be an activity id, as it appears
// in URLs: lowercase letters, digits and '-', at most 60.
func ValidActivityID(s string) bool {
	if len(s) < 2 || len(s) > 60 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func newActivityID() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, activityIDSize)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "a-" + string(b)
}

func itoa(n int) string { return strconv.Itoa(n) }
