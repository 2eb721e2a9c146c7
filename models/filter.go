package models

// ResponseFilter selects the responses a result is counted over. Empty
// fields match everything.
type ResponseFilter struct {
	Survey       string `json:"survey"`
	From         string `json:"from,omitempty"` // first day, YYYY-MM-DD
	To           string `json:"to,omitempty"`   // last day, YYYY-MM-DD
	School       string `json:"school,omitempty"`
	Area         string `json:"area,omitempty"`
	Grade        string `json:"grade,omitempty"`
	Session      string `json:"session,omitempty"`
	ResponseLang string `json:"response_lang,omitempty"` // the language the young people answered in
}
