package models

// Codes of definition problems.
const (
	CodeSyntax             = "syntax"
	CodeRequired           = "required"
	CodeInvalid            = "invalid"
	CodeDuplicate          = "duplicate"
	CodeMissingTranslation = "missing_translation"
	CodeUnknownReference   = "unknown_reference"
	CodeNotAllowed         = "not_allowed"
	CodeOutOfRange         = "out_of_range"
)

// Problem is one thing wrong with a survey definition. Path points at the
// field in the definition's own terms, e.g. questions[3].options[1].value,
// so an author can find it in the YAML.
type Problem struct {
	Path    string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"` // in English
	// Key names the message in the staff message files and Args fill
	// it, so that a page can say it in its own language
	// (surveys.Message). A problem made without a key has only Message.
	Key  string `json:"-"`
	Args []any  `json:"-"`
}

// Codes of answer problems.
const (
	AnswerRequired          = "required"
	AnswerUnknownQuestion   = "unknown_question"
	AnswerNotAnOption       = "not_an_option"
	AnswerRepeatedOption    = "repeated_option"
	AnswerTooManyChoices    = "too_many_choices"
	AnswerNotInteger        = "not_integer"
	AnswerOutOfRange        = "out_of_range"
	AnswerTooLong           = "too_long"
	AnswerControlCharacters = "control_characters"
	// AnswerInvisibleCharacters is a text holding an invisible format
	// character (CheckChars), such as U+202E, which turns text around.
	AnswerInvisibleCharacters = "invisible_characters"
	AnswerWrongType           = "wrong_type"
	AnswerUnknownRow          = "unknown_row"
	AnswerHidden              = "hidden"
	AnswerInvalidUTF8         = "invalid_utf8"
	AnswerEmpty               = "empty" // no question answered at all; about the whole submission
)

// AnswerProblem is one thing wrong with a submitted answer, with a message
// in the respondent's language that can be shown beside the question.
type AnswerProblem struct {
	Question string `json:"question"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// CapProblems keeps the first max problems of ps and, when there were
// more, ends the list with the problem more makes of how many were left
// out ("… och 212 fel till"): a broken or hostile file must not make an
// answer as large as the file, and the first ones are enough to start
// fixing. Every reader of an upload caps its list with it.
func CapProblems[P any](ps []P, max int, more func(left int) P) []P {
	if len(ps) <= max {
		return ps
	}
	return append(ps[:max:max], more(len(ps)-max))
}
