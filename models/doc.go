// Package models holds the domain types of Medborgardialog: survey
// definitions, their questions and indicators, and the problem types used to
// report what is wrong with a definition or a submission.
//
// It knows nothing of HTTP or storage; the struct tags carry the snake_case
// names of the definition format so YAML, JSON and BSON all agree.
package models
