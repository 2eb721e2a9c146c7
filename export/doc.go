// Package export turns responses into the lägesbild's figures: a one-pass
// Tally of answers, Results with disclosure control applied, the interval
// and comparison statistics behind "change since last time", and (later)
// the workbook.
//
// Everything that shows a figure to anyone goes through Suppress, so the
// JSON results, the projector and the workbook hide exactly the same cells.
// The package knows neither HTTP nor MongoDB: callers feed it responses
// one at a time from whatever cursor they have.
package export
