package surveys

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"

	"medborgardialog/models"
	"medborgardialog/web"
)

// The same caps as the validate tags in models, repeated here to stop
// checking early.
const (
	maxQuestions  = 200
	maxIndicators = 100
	maxHelp       = 30
)

// Checker checks survey definitions. It wraps a validator that has the
// project's id and slug rules registered; the validator caches struct
// metadata, so keep one Checker rather than making one per definition.
// A Checker is safe for concurrent use.
type Checker struct {
	v *validator.Validate
}

// NewChecker returns a Checker with the definition rules registered.
func NewChecker() *Checker {
	v := validator.New(validator.WithRequiredStructEnabled())
	// Paths must use the definition's own key names, not Go field names.
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			return f.Name
		}
		return name
	})
	mustRegister(v, "slug", func(fl validator.FieldLevel) bool { return models.ValidSlug(fl.Field().String()) })
	mustRegister(v, "ident", func(fl validator.FieldLevel) bool { return models.ValidID(fl.Field().String()) })
	mustRegister(v, "optvalue", func(fl validator.FieldLevel) bool { return models.ValidValue(fl.Field().String()) })
	mustRegister(v, "plain", func(fl validator.FieldLevel) bool { return !badChars(fl.Field().String()) })
	return &Checker{v: v}
}

func mustRegister(v *validator.Validate, tag string, fn validator.Func) {
	if err := v.RegisterValidation(tag, fn); err != nil {
		panic(fmt.Sprintf("surveys: register %s: %v", tag, err))
	}
}

// Check lists every problem with s. It makes a Checker per call, which is
// fine for the occasional upload; hot paths should keep a Checker.
func Check(s *models.Survey) []models.Problem {
	return NewChecker().Check(s)
}

// Load parses and checks a definition in one go. A parse error comes back
// as a single problem with an empty path; err is only for the caller's
// logs and is the same parse error.
func Load(data []byte) (*models.Survey, []models.Problem, error) {
	return NewChecker().Load(data)
}

// Load is the package-level Load using c.
func (c *Checker) Load(data []byte) (*models.Survey, []models.Problem, error) {
	s, err := Parse(data)
	if err != nil {
		return nil, []models.Problem{newProblem("", models.CodeSyntax, "check.syntax", err.Error())}, err
	}
	return s, c.Check(s), nil
}

// Check lists every problem with s: field rules first, then the rules that
// relate fields to each other.
func (c *Checker) Check(s *models.Survey) []models.Problem {
	if s == nil {
		return []models.Problem{newProblem("", models.CodeRequired, "check.empty")}
	}
	var ps problems
	ps.fieldRules(c.v.Struct(s))
	if len(s.Questions) > maxQuestions || len(s.Indicators) > maxIndicators || len(s.Help) > maxHelp {
		// The field rules said so already; walking a hostile definition
		// further would only cost time.
		return ps.list
	}
	checkSurvey(&ps, s)
	checkTexts(&ps, s)
	checkQuestions(&ps, s)
	checkIndicators(&ps, s)
	return ps.list
}

// problems collects definition problems in the order found.
type problems struct {
	list []models.Problem
}

func (ps *problems) add(path, code, key string, args ...any) {
	ps.list = append(ps.list, newProblem(path, code, key, args...))
}

// newProblem words a problem: Message in English, for logs, the command
// line and the JSON API, and Key and Args so that a page words it in its
// own language (Message).
func newProblem(path, code, key string, args ...any) models.Problem {
	return models.Problem{Path: path, Code: code, Message: fmt.Sprintf(web.T("en", key), args...), Key: key, Args: args}
}

// Message is p in lang (sv or en; other languages get Swedish, the staff
// pages' language). A problem made elsewhere, without a key, keeps its
// message.
func Message(p models.Problem, lang string) string {
	if p.Key == "" {
		return p.Message
	}
	return fmt.Sprintf(web.T(lang, p.Key), p.Args...)
}

func (ps *problems) fieldRules(err error) {
	if err == nil {
		return
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		ps.add("", models.CodeInvalid, "check.unreadable", err)
		return
	}
	for _, fe := range verrs {
		_, path, _ := strings.Cut(fe.Namespace(), ".")
		code, key, args := describe(fe)
		ps.add(path, code, key, args...)
	}
}

// describe turns a validator error into a code and a message key with
// its arguments.
func describe(fe validator.FieldError) (code, key string, args []any) {
	param := fe.Param()
	isList := fe.Kind() == reflect.Slice || fe.Kind() == reflect.Map
	isString := fe.Kind() == reflect.String
	switch fe.Tag() {
	case "required":
		return models.CodeRequired, "check.required", nil
	case "slug":
		return models.CodeInvalid, "check.slug", nil
	case "ident":
		return models.CodeInvalid, "check.ident", nil
	case "optvalue":
		return models.CodeInvalid, "check.optvalue", nil
	case "plain":
		return models.CodeInvalid, "check.plain", nil
	case "oneof":
		return models.CodeInvalid, "check.one_of", []any{strings.ReplaceAll(param, " ", ", ")}
	case "nefield":
		return models.CodeInvalid, "check.not_own_slug", nil
	case "datetime":
		return models.CodeInvalid, "check.date", nil
	case "https_url":
		return models.CodeInvalid, "check.https", nil
	case "min":
		switch {
		case isList && param == "1":
			return models.CodeOutOfRange, "check.min_one_entry", nil
		case isList:
			return models.CodeOutOfRange, "check.min_entries", []any{param}
		case isString:
			return models.CodeOutOfRange, "check.min_chars", []any{param}
		}
		return models.CodeOutOfRange, "check.min_value", []any{param}
	case "max":
		switch {
		case isList:
			return models.CodeOutOfRange, "check.max_entries", []any{param}
		case isString:
			return models.CodeOutOfRange, "check.max_chars", []any{param}
		}
		return models.CodeOutOfRange, "check.max_value", []any{param}
	}
	return models.CodeInvalid, "check.rule", []any{fe.Tag()}
}

// badChars reports characters no text may hold (models.CheckChars):
// control characters other than line breaks and tabs, and invisible
// format characters such as U+202E. NUL in particular must never reach
// storage: the embedded engine rejects it.
func badChars(s string) bool { return !models.CharsAllowed(s, true) }
