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
	ID       string `json:"id" bson:"id"`
	Row      string `json:"row,omitempty" bson:"row,omitempty"`
	Text     Text   `json:"text" bson:"text"`
	RowLabel Text   `json:"row_label,omitempty" bson:"row_label,omitempty"`
	Multi    bool   `json:"multi,omitempty" bson:"multi,omitempty"` // shares may add up to more than 100
	// Whole is set when the options not marked exclude are parts of one
	// whole (single, scale, a grid row) and their shares were rounded
	// together so they add up to exactly 100, or are given in words. It is
	// false for multi-choice questions and for every question of a release
	// made before the rounding (those shares were rounded one by one).
	Whole   bool             `json:"whole,omitempty" bson:"whole,omitempty"`
	Options []ReleasedOption `json:"options" bson:"options"`
}

// ReleasedOption is one option's share, in whole tens of percent. The
// share of an option marked exclude ("vet inte") is of everyone who
// answered the question, the others' of those who gave another answer.
//
// An option has either a share or, where a question has more chosen
// options than ten tens can show with none of them at 0 %, a word
// (ShareWord…) and no share. A share of 0 means nobody chose the option.
type ReleasedOption struct {
	Value string `json:"value" bson:"value"`
	Label Text   `json:"label" bson:"label"`
	// ShareTens is nil only when Word is set; releases made before words
	// existed always have it.
	ShareTens *int   `json:"share_tens,omitempty" bson:"share_tens,omitempty"`
	Word      string `json:"word,omitempty" bson:"word,omitempty"`
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
