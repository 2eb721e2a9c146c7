package models

// AuditSessionRelease is the audit action of releasing a session's class
// results (once per session).
const AuditSessionRelease = "session.release"

// ClassRelease is a session's class results, released once when the
// facilitator closes the session and chooses to show them, and frozen
// after that (DESIGN §5 "Class results are one release"). It holds no
// count and no number of respondents: only shares in whole tens of
// percent, of ordinary closed questions and non-sensitive indicators.
//
// When too few answered, Shown is false and the lists are empty; that is
// a release too, so the decision is made once.
type ClassRelease struct {
	Survey     string `json:"survey" bson:"survey"`
	ReleasedAt string `json:"released_at" bson:"released_at"` // day, YYYY-MM-DD
	Shown      bool   `json:"shown" bson:"shown"`
	// MinRespondents is the threshold the class had to reach: the policy,
	// never the class's own count.
	MinRespondents int                `json:"min_respondents" bson:"min_respondents"`
	Indicators     []ReleasedShare    `json:"indicators" bson:"indicators"`
	Questions      []ReleasedQuestion `json:"questions" bson:"questions"`
}

// ReleasedShare is one indicator of a class release.
type ReleasedShare struct {
	ID        string `json:"id" bson:"id"`
	Label     Text   `json:"label" bson:"label"`
	ShareTens int    `json:"share_tens" bson:"share_tens"` // 0, 10, …, 100
}

// ReleasedQuestion is one closed question of a class release; a grid
// gives one per row, with Row and RowLabel set.
type ReleasedQuestion struct {
	ID       string           `json:"id" bson:"id"`
	Row      string           `json:"row,omitempty" bson:"row,omitempty"`
	Text     Text             `json:"text" bson:"text"`
	RowLabel Text             `json:"row_label,omitempty" bson:"row_label,omitempty"`
	Multi    bool             `json:"multi,omitempty" bson:"multi,omitempty"` // shares may add up to more than 100
	Options  []ReleasedOption `json:"options" bson:"options"`
}

// ReleasedOption is one option's share, in whole tens of percent. The
// share of an option marked exclude ("vet inte") is of everyone who
// answered the question, the others' of those who gave another answer.
type ReleasedOption struct {
	Value     string `json:"value" bson:"value"`
	Label     Text   `json:"label" bson:"label"`
	ShareTens int    `json:"share_tens" bson:"share_tens"`
	Exclude   bool   `json:"exclude,omitempty" bson:"exclude,omitempty"`
}

// The words a class release gives for an option's share when numbers
// cannot add up to 100 without showing a chosen option as 0 %.
const (
	ShareWordMost      = "most"       // more than 60 % of the answers
	ShareWordAboutHalf = "about_half" // 40–60 %
	ShareWordSome      = "some"       // chosen, less than 40 %
	ShareWordNone      = "none"       // nobody
)
