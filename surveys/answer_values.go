package surveys

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"medborgardialog/models"
)

// normalize decodes one raw answer to q. It returns the stored value, or nil
// when the question was left unanswered, and the codes of any problems.
func normalize(q *models.Question, raw json.RawMessage) (any, []string) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] == 'n' && string(raw) == "null" {
		return nil, nil
	}
	if !utf8.Valid(raw) {
		return nil, []string{models.AnswerInvalidUTF8}
	}
	switch q.Type {
	case models.TypeSingle, models.TypeScale:
		return normalizeChoice(q, raw)
	case models.TypeMulti:
		return normalizeMulti(q, raw)
	case models.TypeGrid:
		return normalizeGrid(q, raw)
	case models.TypeNumber:
		return normalizeNumber(q, raw)
	case models.TypeText:
		return normalizeText(q, raw)
	}
	return nil, []string{models.AnswerWrongType}
}

// decodeString decodes raw when it is a JSON string; anything else, from
// numbers to {"$gt": ""}, is not.
func decodeString(raw []byte) (string, bool) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

func normalizeChoice(q *models.Question, raw []byte) (any, []string) {
	v, ok := decodeString(raw)
	switch {
	case !ok:
		return nil, []string{models.AnswerWrongType}
	case v == "":
		return nil, nil
	}
	if _, ok := q.Option(v); !ok {
		return nil, []string{models.AnswerNotAnOption}
	}
	return v, nil
}

func normalizeMulti(q *models.Question, raw []byte) (any, []string) {
	var items []json.RawMessage
	if raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
		return nil, []string{models.AnswerWrongType}
	}
	if len(items) == 0 {
		return nil, nil
	}
	var codes codeSet
	chosen := make(map[string]bool, len(items))
	for _, item := range items {
		v, ok := decodeString(bytes.TrimSpace(item))
		switch {
		case !ok:
			codes.add(models.AnswerWrongType)
		case chosen[v]:
			codes.add(models.AnswerRepeatedOption)
		default:
			if _, ok := q.Option(v); !ok {
				codes.add(models.AnswerNotAnOption)
			}
			chosen[v] = true
		}
	}
	if q.MaxChoices > 0 && len(chosen) > q.MaxChoices {
		codes.add(models.AnswerTooManyChoices)
	}
	if len(codes) > 0 {
		return nil, codes
	}
	// Definition order, so the same choices are always stored alike.
	out := make([]string, 0, len(chosen))
	for _, o := range q.Options {
		if chosen[o.Value] {
			out = append(out, o.Value)
		}
	}
	return out, nil
}

func normalizeGrid(q *models.Question, raw []byte) (any, []string) {
	var rows map[string]json.RawMessage
	if raw[0] != '{' || json.Unmarshal(raw, &rows) != nil {
		return nil, []string{models.AnswerWrongType}
	}
	var codes codeSet
	out := make(map[string]string, len(rows))
	for row, item := range rows {
		if _, ok := q.Row(row); !ok {
			codes.add(models.AnswerUnknownRow)
			continue
		}
		item = bytes.TrimSpace(item)
		if string(item) == "null" {
			continue
		}
		v, ok := decodeString(item)
		switch {
		case !ok:
			codes.add(models.AnswerWrongType)
		case v == "":
			// An empty select means the row was skipped.
		default:
			if _, ok := q.Option(v); !ok {
				codes.add(models.AnswerNotAnOption)
				continue
			}
			out[row] = v
		}
	}
	if len(codes) > 0 {
		return nil, codes
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func normalizeNumber(q *models.Question, raw []byte) (any, []string) {
	if raw[0] == '"' {
		if v, ok := decodeString(raw); ok && v == "" {
			return nil, nil
		}
		return nil, []string{models.AnswerWrongType}
	}
	if raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') || !json.Valid(raw) {
		return nil, []string{models.AnswerWrongType}
	}
	// Parsed as text, never through float64, so 1e400 or a hundred digits
	// cannot overflow or round into range.
	if bytes.ContainsAny(raw, ".eE") {
		return nil, []string{models.AnswerNotInteger}
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	lo, hi := q.Bounds()
	switch {
	case errors.Is(err, strconv.ErrRange):
		return nil, []string{models.AnswerOutOfRange}
	case err != nil:
		return nil, []string{models.AnswerWrongType}
	case n < lo || n > hi:
		return nil, []string{models.AnswerOutOfRange}
	}
	return n, nil
}

func normalizeText(q *models.Question, raw []byte) (any, []string) {
	v, ok := decodeString(raw)
	if !ok {
		return nil, []string{models.AnswerWrongType}
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	var codes codeSet
	switch models.CheckChars(v, true) {
	case models.CharsControl:
		codes.add(models.AnswerControlCharacters)
	case models.CharsInvisible:
		// Mostly pasted from elsewhere; the young person is told kindly,
		// and the form keeps every answer so only this one is typed again.
		codes.add(models.AnswerInvisibleCharacters)
	}
	// Characters, not bytes: an Arabic letter takes two bytes.
	if q.MaxLength > 0 && utf8.RuneCountInString(v) > q.MaxLength {
		codes.add(models.AnswerTooLong)
	}
	if len(codes) > 0 {
		return nil, codes
	}
	return v, nil
}

// codeSet lists each problem code once per question: one message per kind
// of mistake is enough for a young person to fix it.
type codeSet []string

func (cs *codeSet) add(code string) {
	for _, c := range *cs {
		if c == code {
			return
		}
	}
	*cs = append(*cs, code)
}
