package surveys

import (
	"encoding/json"
	"net/url"
	"strings"
	"unicode/utf8"

	"medborgardialog/models"
)

// FormPrefix starts the name of every answer field in the HTML form:
// q.<id> for single, scale, number and text, a repeated q.<id> for multi,
// and q.<id>.<row> for each grid row.
const FormPrefix = "q."

// AnswersFromForm turns a form post from the page without JavaScript into
// the raw answers CheckAnswers takes, so both ways of answering are checked
// by the same code. It judges nothing: a value that does not fit is passed
// on in a shape the checker will refuse, and a q.<id> field for a question
// the survey lacks is passed on so the checker reports it.
func AnswersFromForm(s *models.Survey, form url.Values) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage)
	grids := make(map[string]map[string]json.RawMessage)
	for name, values := range form {
		rest, ok := strings.CutPrefix(name, FormPrefix)
		if !ok || len(values) == 0 {
			continue
		}
		id, row, hasRow := strings.Cut(rest, ".")
		q, ok := s.Question(id)
		switch {
		case !ok:
			out[rest] = formValue(values)
		case q.Type == models.TypeGrid && hasRow:
			if grids[id] == nil {
				grids[id] = make(map[string]json.RawMessage)
			}
			grids[id][row] = formValue(values)
		case q.Type == models.TypeGrid || hasRow:
			// A field the page never renders for this question type.
		case q.Type == models.TypeMulti:
			if v := formList(values); v != nil {
				out[id] = v
			}
		case q.Type == models.TypeNumber:
			if v := formNumber(values); v != nil {
				out[id] = v
			}
		default:
			if v := formValue(values); v != nil {
				out[id] = v
			}
		}
	}
	for id, rows := range grids {
		out[id] = mustMarshal(rows)
	}
	return out
}

// formValue gives a single value as a string, or several as a list, which
// the checker refuses for a one-value question; an empty value is nil.
func formValue(values []string) json.RawMessage {
	if len(values) > 1 {
		return formList(values)
	}
	if values[0] == "" {
		return nil
	}
	return quote(values[0])
}

// formList drops empty values, which some forms send so that "nothing
// chosen" still posts the field.
func formList(values []string) json.RawMessage {
	items := make([]json.RawMessage, 0, len(values))
	for _, v := range values {
		if v != "" {
			items = append(items, quote(v))
		}
	}
	if len(items) == 0 {
		return nil
	}
	return mustMarshal(items)
}

// formNumber passes a typed whole number on as a JSON number and anything
// else as a string, which the checker then reports.
func formNumber(values []string) json.RawMessage {
	if len(values) != 1 {
		return formValue(values)
	}
	v := strings.TrimSpace(values[0])
	if v == "" {
		return nil
	}
	digits := strings.TrimPrefix(v, "-")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return quote(v)
	}
	// JSON numbers have no leading zeros, but people type "07".
	digits = strings.TrimLeft(digits, "0")
	switch {
	case digits == "":
		return json.RawMessage("0")
	case v[0] == '-':
		return json.RawMessage("-" + digits)
	}
	return json.RawMessage(digits)
}

// quote makes a JSON string of v. encoding/json would silently replace
// invalid UTF-8; the bytes are kept instead so the checker can refuse them.
func quote(v string) json.RawMessage {
	if utf8.ValidString(v) {
		return mustMarshal(v)
	}
	b := []byte{'"'}
	for len(v) > 0 {
		r, size := utf8.DecodeRuneInString(v)
		if r == utf8.RuneError && size == 1 {
			b = append(b, v[0])
		} else {
			enc := mustMarshal(v[:size])
			b = append(b, enc[1:len(enc)-1]...)
		}
		v = v[size:]
	}
	return append(b, '"')
}

// mustMarshal marshals values that cannot fail: strings, and slices and
// maps of raw JSON this file made.
func mustMarshal(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic("surveys: marshal form value: " + err.Error())
	}
	return b
}
