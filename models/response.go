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
	// Excluded marks a response of an excluded session: stored, but in
	// no figure. Staff decide it, so it is never in the public JSON.
	Excluded bool `bson:"excluded,omitempty" json:"-"`

	// RecordKey is a uniformly random number the store draws (crypto/rand)
	// when it stores the response; disclosure control sums the keys of a
	// group's respondents to derive the noise of that group's figures (cell
	// keys), so the same group always gets the same noise. It is never
	// shown, exported or changed, and never taken from a client: anyone who
	// knew the keys could undo the noise. Stored as a BSON int64, always
	// present (a draw of 0 included).
	RecordKey uint32 `bson:"rk" json:"-"`
}
