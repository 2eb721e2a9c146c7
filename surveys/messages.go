package surveys

import (
	"fmt"

	"medborgardialog/models"
	"medborgardialog/web/locales"
)

// codeWrongNumber names a message, not a code: a number typed as text
// deserves a hint on how to write it rather than a vague "could not read".
const codeWrongNumber = "wrong_type_number"

// answerCodes are the problem codes that have a message of their own
// ("answer.<code>" in the public message files); any other code gets
// "answer.unreadable".
var answerCodes = map[string]bool{
	models.AnswerRequired: true, models.AnswerUnknownQuestion: true, models.AnswerNotAnOption: true,
	models.AnswerRepeatedOption: true, models.AnswerTooManyChoices: true, models.AnswerNotInteger: true,
	models.AnswerOutOfRange: true, models.AnswerTooLong: true, models.AnswerControlCharacters: true,
	models.AnswerInvisibleCharacters: true, models.AnswerUnknownRow: true, models.AnswerHidden: true,
	models.AnswerInvalidUTF8: true, models.AnswerEmpty: true, codeWrongNumber: true,
}

// answerMessage gives the message for an answer problem in lang, falling
// back to Swedish. The messages are for young people, so they say what to
// do, not what went wrong inside. They are the public message files'
// answer.* texts (web/locales): surveys reads the files directly, as web
// does, so translators find every text young people read in one place.
func answerMessage(lang, code string, q *models.Question) string {
	key := code
	if code == models.AnswerWrongType && q != nil && q.Type == models.TypeNumber {
		key = codeWrongNumber
	}
	if !answerCodes[key] {
		key = "unreadable"
	}
	format := locales.Embedded().Text(models.Base(lang), "answer."+key)
	switch code {
	case models.AnswerTooManyChoices:
		return fmt.Sprintf(format, q.MaxChoices)
	case models.AnswerTooLong:
		return fmt.Sprintf(format, q.MaxLength)
	case models.AnswerOutOfRange:
		lo, hi := q.Bounds()
		return fmt.Sprintf(format, lo, hi)
	}
	return format
}

// EmptyMessage is the message of AnswerEmpty in lang. The answer page's
// script shows it without asking the server, so an empty form is never
// queued to be sent.
func EmptyMessage(lang string) string { return answerMessage(lang, models.AnswerEmpty, nil) }
