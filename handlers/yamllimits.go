package handlers

import (
	"errors"
	"fmt"

	"medborgardialog/surveys"
	"medborgardialog/web"
)

// yamlLimitMessage says a *surveys.YAMLLimitError in err in the staff
// member's language, and reports whether there was one.
func yamlLimitMessage(lang string, err error) (string, bool) {
	var e *surveys.YAMLLimitError
	if !errors.As(err, &e) {
		return "", false
	}
	if e.Line == 0 {
		return fmt.Sprintf(web.T(lang, "yaml.too_many_values"), e.Limit), true
	}
	return fmt.Sprintf(web.T(lang, "yaml.too_many_keys"), e.Line, e.Count, e.Limit), true
}
