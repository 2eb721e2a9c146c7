package models

import "time"

// A Publication is a survey's figures made public at one moment: which
// responses count, their record keys, which sessions are excluded, and
// which free texts are released, all frozen (DESIGN §5). Every figure and
// text anyone sees comes from one, the latest unless an earlier one is
// asked for; between two publications nothing shown moves, however many
// answers arrive or sessions are excluded.
type Publication struct {
	Survey string `json:"survey"`
	Number int    `json:"publication"` // 1, 2, … per survey
	// Version is the survey's version when it was made: its figures are
	// counted with that definition ever after.
	Version int       `json:"version"`
	Day     string    `json:"day"` // YYYY-MM-DD in Europe/Stockholm
	At      time.Time `json:"at"`
	// Final is a publication made because the survey closed; others are
	// interim reports (delrapporter) an admin asked for.
	Final bool   `json:"final"`
	Note  string `json:"note,omitempty"`
	By    string `json:"by"`
	// Responses is how many responses it counts (its exact total); Texts
	// how many free-text answers it releases, NewTexts of them first
	// released here, and TextsWaiting how many newer ones wait for a
	// batch big enough to be released.
	Responses    int `json:"responses"`
	Texts        int `json:"texts"`
	NewTexts     int `json:"new_texts"`
	TextsWaiting int `json:"texts_waiting"`
	// Excluded is what the exclusions in force at the time left out: the
	// Metod sheet shows the sessions, the answers rounded to tens, and
	// the reasons without counts.
	Excluded PublishedExclusions `json:"excluded"`
}

// PublishedExclusions sums the exclusions a publication froze.
type PublishedExclusions struct {
	Sessions  int      `json:"sessions"`
	Responses int      `json:"-"` // exact; shown only rounded to tens
	Reasons   []string `json:"reasons"`
}

// RoundedTens is n rounded to the nearest ten (halves up): how excluded
// answers are shown, so that a session's exact size never is.
func RoundedTens(n int) int { return (n + 5) / 10 * 10 }

// PublishedText is one free-text answer a publication released: the
// question, the response it came from (so that the next publication
// knows it was released before), and the text.
type PublishedText struct {
	Question, Response, Text string
}
