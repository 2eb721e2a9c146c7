package surveys

import (
	"fmt"

	"medborgardialog/models"
)

// codeWrongNumber is a message key, not a code: a number typed as text
// deserves a hint on how to write it rather than a vague "could not read".
const codeWrongNumber = "wrong_type_number"

// answerMessage gives the message for an answer problem in lang, falling
// back to Swedish. The messages are for young people, so they say what to
// do, not what went wrong inside.
func answerMessage(lang, code string, q *models.Question) string {
	key := code
	if code == models.AnswerWrongType && q != nil && q.Type == models.TypeNumber {
		key = codeWrongNumber
	}
	var format string
	switch lang {
	case models.LangEN:
		format = messageEN(key)
	case models.LangAR:
		format = messageAR(key)
	default:
		format = messageSV(key)
	}
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

func messageSV(key string) string {
	switch key {
	case models.AnswerRequired:
		return "Den här frågan behöver ett svar."
	case models.AnswerUnknownQuestion:
		return "Den här frågan finns inte i enkäten."
	case models.AnswerNotAnOption:
		return "Välj ett av svarsalternativen."
	case models.AnswerRepeatedOption:
		return "Samma svar är valt mer än en gång."
	case models.AnswerTooManyChoices:
		return "Välj högst %d svar."
	case models.AnswerNotInteger:
		return "Skriv ett heltal, utan decimaler."
	case models.AnswerOutOfRange:
		return "Skriv ett tal från %d till %d."
	case models.AnswerTooLong:
		return "Svaret får vara högst %d tecken."
	case models.AnswerControlCharacters:
		return "Svaret innehåller tecken som inte kan sparas. Prova att skriva det igen."
	case models.AnswerInvisibleCharacters:
		return "Svaret innehåller osynliga tecken, kanske från en text du klistrat in. Skriv svaret själv och skicka igen."
	case models.AnswerUnknownRow:
		return "En av raderna finns inte i frågan."
	case models.AnswerHidden:
		return "Den här frågan gäller inte dig utifrån dina tidigare svar."
	case models.AnswerInvalidUTF8:
		return "Svaret innehåller tecken som inte kunde läsas. Prova att skriva det igen."
	case models.AnswerEmpty:
		return "Svara på minst en fråga innan du skickar."
	case codeWrongNumber:
		return "Skriv svaret som ett heltal, till exempel 14."
	}
	return "Svaret kunde inte läsas. Prova att svara igen."
}

func messageEN(key string) string {
	switch key {
	case models.AnswerRequired:
		return "This question needs an answer."
	case models.AnswerUnknownQuestion:
		return "This question is not part of the survey."
	case models.AnswerNotAnOption:
		return "Please choose one of the answers offered."
	case models.AnswerRepeatedOption:
		return "The same answer was chosen more than once."
	case models.AnswerTooManyChoices:
		return "Please choose at most %d answers."
	case models.AnswerNotInteger:
		return "Please write a whole number, without decimals."
	case models.AnswerOutOfRange:
		return "Please write a number from %d to %d."
	case models.AnswerTooLong:
		return "Your answer can be at most %d characters long."
	case models.AnswerControlCharacters:
		return "Your answer contains characters that cannot be saved. Please try typing it again."
	case models.AnswerInvisibleCharacters:
		return "Your answer contains invisible characters, perhaps from text you pasted. Please type the answer yourself and send it again."
	case models.AnswerUnknownRow:
		return "One of the rows is not part of this question."
	case models.AnswerHidden:
		return "This question does not apply to you, given your earlier answers."
	case models.AnswerInvalidUTF8:
		return "Your answer contains characters we could not read. Please try typing it again."
	case models.AnswerEmpty:
		return "Answer at least one question before you send."
	case codeWrongNumber:
		return "Please write the answer as a whole number, for example 14."
	}
	return "We could not read this answer. Please try again."
}

func messageAR(key string) string {
	switch key {
	case models.AnswerRequired:
		return "هذا السؤال يحتاج إلى إجابة."
	case models.AnswerUnknownQuestion:
		return "هذا السؤال ليس جزءًا من الاستبيان."
	case models.AnswerNotAnOption:
		return "يرجى اختيار إحدى الإجابات المعروضة."
	case models.AnswerRepeatedOption:
		return "تم اختيار الإجابة نفسها أكثر من مرة."
	case models.AnswerTooManyChoices:
		return "الحد الأقصى لعدد الإجابات التي يمكنك اختيارها: %d."
	case models.AnswerNotInteger:
		return "يرجى كتابة عدد صحيح بدون كسور عشرية."
	case models.AnswerOutOfRange:
		return "يرجى كتابة رقم من %d إلى %d."
	case models.AnswerTooLong:
		return "الحد الأقصى لطول الإجابة: %d حرفًا."
	case models.AnswerControlCharacters:
		return "تحتوي إجابتك على رموز لا يمكن حفظها. يرجى محاولة كتابتها مرة أخرى."
	case models.AnswerInvisibleCharacters:
		return "تحتوي إجابتك على رموز غير مرئية، ربما من نص قمت بلصقه. يرجى كتابة الإجابة بنفسك وإرسالها مرة أخرى."
	case models.AnswerUnknownRow:
		return "أحد الصفوف ليس جزءًا من هذا السؤال."
	case models.AnswerHidden:
		return "هذا السؤال لا ينطبق عليك بناءً على إجاباتك السابقة."
	case models.AnswerInvalidUTF8:
		return "تحتوي إجابتك على رموز لم نتمكن من قراءتها. يرجى محاولة كتابتها مرة أخرى."
	case models.AnswerEmpty:
		return "أجب عن سؤال واحد على الأقل قبل الإرسال."
	case codeWrongNumber:
		return "يرجى كتابة الإجابة كعدد صحيح، مثلًا 14."
	}
	return "لم نتمكن من قراءة هذه الإجابة. يرجى المحاولة مرة أخرى."
}
