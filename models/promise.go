package models

import "time"

// Activity statuses, in Brå's åtgärdsplan.
const (
	ActivityPlanned   = "planned"
	ActivityOngoing   = "ongoing"
	ActivityDone      = "done"
	ActivityCancelled = "cancelled"
)

// On-track marks: is the activity going as planned? Empty means nobody
// has judged it yet, which is different from green.
const (
	OnTrackGreen  = "green"
	OnTrackYellow = "yellow"
	OnTrackRed    = "red"
)

// ActivityStatuses and OnTrackMarks list the allowed values in display order.
var (
	ActivityStatuses = []string{ActivityPlanned, ActivityOngoing, ActivityDone, ActivityCancelled}
	OnTrackMarks     = []string{OnTrackGreen, OnTrackYellow, OnTrackRed}
)

// Plan is a promise with its action plan (åtgärdsplan): the activities
// the partners committed to, in the order they were added.
type Plan struct {
	Promise
	Activities []Activity `json:"activities"`
}

// Activity is one row of the action plan in Brå's template: the problem
// it addresses, what is done, the operational goal, who does it and when,
// how it goes, and which indicators should move.
type Activity struct {
	ID            string `json:"id" bson:"_id"`
	Promise       string `json:"promise" bson:"promise"`
	ActivityInput `bson:",inline"`
	// Rev counts saved changes; a change must name the revision it edits,
	// so two people editing at once cannot silently overwrite each other.
	Rev       int            `json:"rev" bson:"rev"`
	CreatedAt time.Time      `json:"created_at" bson:"created_at"`
	UpdatedAt time.Time      `json:"updated_at" bson:"updated_at"`
	UpdatedBy string         `json:"updated_by" bson:"updated_by"`
	History   []StatusChange `json:"history" bson:"history"`
}

// ActivityInput is what staff write about an activity; followup.CheckActivity
// checks it.
type ActivityInput struct {
	Problem    string   `yaml:"problem" json:"problem" bson:"problem"`
	Activity   string   `yaml:"activity" json:"activity" bson:"activity"`
	Goal       string   `yaml:"goal" json:"goal" bson:"goal"`
	Partner    string   `yaml:"partner" json:"partner" bson:"partner"`
	Start      string   `yaml:"start,omitempty" json:"start,omitempty" bson:"start,omitempty"`
	End        string   `yaml:"end,omitempty" json:"end,omitempty" bson:"end,omitempty"`
	Status     string   `yaml:"status" json:"status" bson:"status"`
	OnTrack    string   `yaml:"on_track,omitempty" json:"on_track,omitempty" bson:"on_track,omitempty"`
	Indicators []string `yaml:"indicators" json:"indicators" bson:"indicators"`
	Notes      string   `yaml:"notes,omitempty" json:"notes,omitempty" bson:"notes,omitempty"`
	// Youth is the one plain line young people read about the activity on
	// the feedback page, per language.
	Youth Text `yaml:"youth,omitempty" json:"youth,omitempty" bson:"youth,omitempty"`
}

// StatusChange is one entry of an activity's history: when its status or
// on-track mark was set, and by whom.
type StatusChange struct {
	At      time.Time `json:"at" bson:"at"`
	By      string    `json:"by" bson:"by"`
	Status  string    `json:"status" bson:"status"`
	OnTrack string    `json:"on_track,omitempty" bson:"on_track,omitempty"`
}

// Shown reports whether young people see the activity on the feedback
// page: only what is under way or done, never plans that may not happen.
func (a *Activity) Shown() bool {
	return a.Status == ActivityOngoing || a.Status == ActivityDone
}

// OutsideFigure is a published aggregate figure from outside the service
// (LUPP, the police's trygghetsmätning) loaded as a wave of a series. It
// is already public, so it passes no disclosure rule, and it is always
// shown with its source.
type OutsideFigure struct {
	Indicator string  `json:"indicator" bson:"indicator"`
	Wave      string  `json:"wave" bson:"wave"`
	Share     float64 `json:"share" bson:"share"`
	N         int     `json:"n" bson:"n"`
	Source    string  `json:"source" bson:"source"`
	// CILow and CIHigh are the published interval when given, else the
	// Wilson interval computed from share and n.
	CILow  float64 `json:"ci_low" bson:"ci_low"`
	CIHigh float64 `json:"ci_high" bson:"ci_high"`
}

// Feedback is an admin's choice of what the public page "Det här hände
// med era svar" shows for one survey.
type Feedback struct {
	Survey     string    `json:"survey" bson:"_id"`
	Enabled    bool      `json:"enabled" bson:"enabled"`
	Indicators []string  `json:"indicators" bson:"indicators"`
	UpdatedAt  time.Time `json:"updated_at" bson:"updated_at"`
	UpdatedBy  string    `json:"updated_by" bson:"updated_by"`
}

// Audit actions of the follow-up.
const (
	AuditActivityCreate = "activity.create"
	AuditActivityUpdate = "activity.update"
	AuditOutsideLoad    = "series.outside"
	AuditOutsideDelete  = "series.outside_delete"
	AuditFeedbackSet    = "feedback.set"
)
