package surveys

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"medborgardialog/models"
)

// CheckAnswers checks one submission against s and returns the answers
// normalized for storage, or every problem found and no answers.
//
// Normalized values are: single and scale a string; multi a []string in the
// order of the options; grid a map[string]string from row to option; number
// an int64; text a trimmed string. JSON null, "", [] and {} count as not
// answered. A required question hidden by skip logic is not required, an
// answered hidden question is a problem, and a required grid needs every
// row. A submission that answers no shown question at all, counting values
// that are empty as unanswered, is refused with AnswerEmpty, a problem of
// the whole submission (no Question): an empty response would count as a
// respondent and say nothing. Messages are in lang, from the public
// message files (a language without a file gets Swedish).
// s must be a definition that passed Check.
//
// It runs on every submission, so it makes one pass over the questions and
// decodes each raw value once.
func CheckAnswers(s *models.Survey, answers map[string]json.RawMessage, lang string) (map[string]any, []models.AnswerProblem) {
	return checkAnswers(s, answers, lang, false)
}

// CheckFormAnswers is CheckAnswers for the page without JavaScript: answers
// to hidden questions are dropped instead of refused. That page shows every
// question at once, and a radio button, once chosen, cannot be cleared, so
// refusing would leave the young person stuck. A post whose only answers
// are dropped answers nothing and is refused with AnswerEmpty.
func CheckFormAnswers(s *models.Survey, answers map[string]json.RawMessage, lang string) (map[string]any, []models.AnswerProblem) {
	return checkAnswers(s, answers, lang, true)
}

func checkAnswers(s *models.Survey, answers map[string]json.RawMessage, lang string, dropHidden bool) (map[string]any, []models.AnswerProblem) {
	c := answerCheck{
		dropHidden: dropHidden,
		lang:       lang,
		out:        make(map[string]any, len(answers)),
		broken:     make(map[string]bool),
	}
	found := 0
	for i := range s.Questions {
		q := &s.Questions[i]
		raw, ok := answers[q.ID]
		if ok {
			found++
		}
		c.question(q, raw)
	}
	if found < len(answers) {
		c.unknown(s, answers)
	}
	if c.given == 0 {
		// First: it is about the whole submission, not one question.
		c.problems = slices.Insert(c.problems, 0, models.AnswerProblem{
			Code:    models.AnswerEmpty,
			Message: answerMessage(lang, models.AnswerEmpty, nil),
		})
	}
	if len(c.problems) > 0 {
		return nil, c.problems
	}
	return c.out, nil
}

type answerCheck struct {
	dropHidden bool
	lang       string
	out        map[string]any
	problems   []models.AnswerProblem
	// broken holds questions whose answer had a problem: whether the
	// questions depending on them are shown cannot be told.
	broken map[string]bool
	// given counts questions answered and not hidden, a wrong answer
	// too: its own problem says what to fix, "answer something" would not.
	given int
}

func (c *answerCheck) question(q *models.Question, raw json.RawMessage) {
	value, codes := normalize(q, raw)
	answered := value != nil || len(codes) > 0
	shown, known := c.visible(q)
	if answered && (shown || !known) {
		c.given++
	}
	switch {
	case known && !shown:
		if answered && !c.dropHidden {
			c.report(q, models.AnswerHidden)
		}
	case len(codes) > 0:
		for _, code := range codes {
			c.report(q, code)
		}
		c.broken[q.ID] = true
	case known && q.Required && !complete(q, value):
		c.report(q, models.AnswerRequired)
	case value != nil:
		c.out[q.ID] = value
	}
}

// visible tells whether q is shown given the answers so far. Skip logic only
// points at earlier questions, so those answers are already in c.out; a
// hidden question's answer never is, which hides its dependants too.
func (c *answerCheck) visible(q *models.Question) (shown, known bool) {
	if q.ShowIf == nil {
		return true, true
	}
	if c.broken[q.ShowIf.Question] {
		return false, false
	}
	switch v := c.out[q.ShowIf.Question].(type) {
	case string:
		return slices.Contains(q.ShowIf.AnyOf, v), true
	case []string:
		for _, x := range v {
			if slices.Contains(q.ShowIf.AnyOf, x) {
				return true, true
			}
		}
	}
	return false, true
}

// complete reports whether value answers q fully: a grid needs every row.
func complete(q *models.Question, value any) bool {
	if value == nil {
		return false
	}
	if g, ok := value.(map[string]string); ok {
		return len(g) == len(q.Rows)
	}
	return true
}

func (c *answerCheck) report(q *models.Question, code string) {
	c.problems = append(c.problems, models.AnswerProblem{
		Question: q.ID,
		Code:     code,
		Message:  answerMessage(c.lang, code, q),
	})
}

// unknown reports answers to questions the survey does not have, in key
// order so the same submission always gives the same list.
func (c *answerCheck) unknown(s *models.Survey, answers map[string]json.RawMessage) {
	ids := make(map[string]bool, len(s.Questions))
	for i := range s.Questions {
		ids[s.Questions[i].ID] = true
	}
	var keys []string
	for k := range answers {
		if !ids[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		c.problems = append(c.problems, models.AnswerProblem{
			Question: shorten(k),
			Code:     models.AnswerUnknownQuestion,
			Message:  answerMessage(c.lang, models.AnswerUnknownQuestion, nil),
		})
	}
}

// shorten keeps a hostile key from being echoed back at full length.
func shorten(k string) string {
	const limit = 64
	if len(k) <= limit {
		return k
	}
	k = k[:limit]
	for !utf8.ValidString(k) && len(k) > 0 {
		k = k[:len(k)-1]
	}
	return strings.ToValidUTF8(k, "") + "…"
}
