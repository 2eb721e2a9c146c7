package models

// Response is one young person's submission as stored. It holds nothing
// that points at the person: no address, user agent, cookie or exact time,
// only the day, and an _id that is random rather than an ObjectID (which
// would encode the second of creation).
type Response struct {
	ID           string         `bson:"_id" json:"-"`
	Survey       string         `bson:"survey" json:"survey"`
	Version      int            `bson:"version" json:"version"`
	SubmissionID string         `bson:"submission_id" json:"-"` // the client's retry key
	Session      string         `bson:"session,omitempty" json:"session,omitempty"`
	School       string         `bson:"school,omitempty" json:"school,omitempty"`
	Grade        string         `bson:"grade,omitempty" json:"grade,omitempty"`
	Area         string         `bson:"area,omitempty" json:"area,omitempty"`
	Lang         string         `bson:"lang" json:"lang"`
	Day          string         `bson:"day" json:"day"` // YYYY-MM-DD, Swedish time
	Answers      map[string]any `bson:"answers" json:"answers"`
	Redacted     bool           `bson:"redacted,omitempty" json:"redacted,omitempty"` // free text had identifying details removed
}
