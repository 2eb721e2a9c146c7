// Package surveys is the survey catalogue: it parses and checks survey
// definitions, ships the built-in ones, and checks submitted answers against
// a definition, skip logic included.
package surveys
