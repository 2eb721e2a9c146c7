// Package redact scrubs free-text answers of what plainly identifies a
// respondent before they are stored (DESIGN.md §5): Swedish personal identity
// numbers, phone numbers, e-mail addresses and social-media handles.
//
// It errs on the side of removing: a wrongly removed number costs a survey a
// few characters of context, a wrongly kept one can name a child. It still
// leaves alone the numbers young people write all the time — years, grades,
// prices, times, dates, bus lines, postcodes and the short help-line numbers
// (112, 116 111, 90101) they quote to each other.
package redact
