package models

// ResponseFilter selects the responses a result is counted over. Empty
// fields match everything.
//
// Area, School, Grade, Gender and Age name a group of the lägesbild's
// breakdown by that dimension, and mean the same people there and here
// (disclosure, export): a filter "area" is everyone the breakdown by area
// puts in that area. Session is not a filter of figures: only a class's
// own release counts one session (disclosure.ClassQuery), and the store
// reads by it.
type ResponseFilter struct {
	Survey  string `json:"survey"`
	Area    string `json:"area,omitempty"`
	School  string `json:"school,omitempty"`
	Grade   string `json:"grade,omitempty"`
	Gender  string `json:"gender,omitempty"`
	Age     string `json:"age,omitempty"`
	Session string `json:"session,omitempty"`
}
