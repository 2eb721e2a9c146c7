// Package disclosure is the one rule every figure and text passes before
// anyone sees it: a published p-table of noise, cell keys that tie the
// noise to the group a figure describes, and the bounded space of queries
// the service answers. It knows neither HTTP nor a database; export and
// handlers call it and nothing goes around it.
//
// Why noise at all: hiding small groups protects one table at a time, but
// two tables a person may ask for can be subtracted. "Järbo skola" minus
// "Järbo skola, girls" is every pupil of the school who is not a girl;
// where that is one pupil, the difference is that pupil's answers. With
// cell-key perturbation (the method SCB uses from reference year 2025, ABS
// in TableBuilder and the 2021 European censuses) every count carries a
// small noise, at most ±3, that depends only on which respondents the
// figure describes and which figure it is.
// The same group always gets the same figure, so asking again reveals
// nothing; two groups that differ by one pupil get independent noise, so
// their difference no longer equals that pupil's answers.
//
// Why a bounded query space: noise that is independent between different
// groups could be averaged away by asking many different queries that all
// contain the same small group. So there is no date, session or
// answering-language filter (time is the publication and the wave), every
// dimension means the same people as a filter and as a breakdown, no
// figure combines more than two dimensions, and free text is only released
// for a whole survey.
package disclosure
