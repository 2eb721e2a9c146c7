package models

// Question types.
const (
	TypeSingle = "single"
	TypeMulti  = "multi"
	TypeScale  = "scale"
	TypeGrid   = "grid"
	TypeNumber = "number"
	TypeText   = "text"
)

// Dimensions a background question can mark, for breaking results down.
const (
	DimGender = "gender"
	DimAge    = "age"
	DimGrade  = "grade"
	DimArea   = "area"
)

// Question is one question of a survey. Which of the optional fields apply
// depends on Type; the surveys package checks the combinations.
type Question struct {
	ID        string   `yaml:"id" json:"id" bson:"id" validate:"required,ident"`
	Type      string   `yaml:"type" json:"type" bson:"type" validate:"required,oneof=single multi scale grid number text"`
	Dimension string   `yaml:"dimension,omitempty" json:"dimension,omitempty" bson:"dimension,omitempty" validate:"omitempty,oneof=gender age grade area"`
	Required  bool     `yaml:"required,omitempty" json:"required,omitempty" bson:"required,omitempty"`
	Sensitive bool     `yaml:"sensitive,omitempty" json:"sensitive,omitempty" bson:"sensitive,omitempty"`
	Text      Text     `yaml:"text" json:"text" bson:"text"`
	Help      Text     `yaml:"help,omitempty" json:"help,omitempty" bson:"help,omitempty"`
	Options   []Option `yaml:"options,omitempty" json:"options,omitempty" bson:"options,omitempty" validate:"max=50,dive"`
	Rows      []Row    `yaml:"rows,omitempty" json:"rows,omitempty" bson:"rows,omitempty" validate:"max=50,dive"`
	// Min and Max are pointers because 0 is a real bound and absence must
	// be told apart from it. Without them a number question takes any
	// whole number from NumberMin to NumberMax (Bounds).
	Min        *int64  `yaml:"min,omitempty" json:"min,omitempty" bson:"min,omitempty"`
	Max        *int64  `yaml:"max,omitempty" json:"max,omitempty" bson:"max,omitempty"`
	MaxLength  int     `yaml:"max_length,omitempty" json:"max_length,omitempty" bson:"max_length,omitempty" validate:"omitempty,min=1,max=5000"`
	MaxChoices int     `yaml:"max_choices,omitempty" json:"max_choices,omitempty" bson:"max_choices,omitempty" validate:"omitempty,min=1"`
	ShowIf     *ShowIf `yaml:"show_if,omitempty" json:"show_if,omitempty" bson:"show_if,omitempty"`
}

// NumberMin and NumberMax bound every number question. Forms written in
// other tools (ODK, KoboToolbox) rarely give bounds, so a question without
// min or max is not refused; these keep its answers to sizes a young
// person's count can have, and min and max narrow them.
const (
	NumberMin int64 = -1_000_000
	NumberMax int64 = 1_000_000
)

// Bounds is the smallest and largest answer q takes: its min and max, or
// NumberMin and NumberMax where one is not given.
func (q *Question) Bounds() (lo, hi int64) {
	lo, hi = NumberMin, NumberMax
	if q.Min != nil {
		lo = *q.Min
	}
	if q.Max != nil {
		hi = *q.Max
	}
	return lo, hi
}

// HasOptions reports whether answers to q are chosen among its options.
func (q *Question) HasOptions() bool {
	switch q.Type {
	case TypeSingle, TypeMulti, TypeScale, TypeGrid:
		return true
	}
	return false
}

// Option returns the option with the given value.
func (q *Question) Option(value string) (*Option, bool) {
	for i := range q.Options {
		if q.Options[i].Value == value {
			return &q.Options[i], true
		}
	}
	return nil, false
}

// Row returns the grid row with the given value.
func (q *Question) Row(value string) (*Row, bool) {
	for i := range q.Rows {
		if q.Rows[i].Value == value {
			return &q.Rows[i], true
		}
	}
	return nil, false
}

// Option is one answer a question offers.
type Option struct {
	Value string `yaml:"value" json:"value" bson:"value" validate:"required,optvalue"`
	Label Text   `yaml:"label" json:"label" bson:"label"`
	// Exclude marks "vet inte" and "vill inte svara": such answers are kept
	// but left out of the denominators of shares.
	Exclude bool `yaml:"exclude,omitempty" json:"exclude,omitempty" bson:"exclude,omitempty"`
}

// Row is one line of a grid question, answered on the grid's options.
type Row struct {
	// Value keys the answer of the row in the stored answers, so it
	// follows the id rule, not the looser one of option values.
	Value string `yaml:"value" json:"value" bson:"value" validate:"required,ident"`
	Label Text   `yaml:"label" json:"label" bson:"label"`
}

// ShowIf is skip logic: the question is shown only when an earlier question
// was answered with one of AnyOf.
type ShowIf struct {
	Question string   `yaml:"question" json:"question" bson:"question" validate:"required,ident"`
	AnyOf    []string `yaml:"any_of" json:"any_of" bson:"any_of" validate:"required,min=1,max=50,dive,optvalue"`
}
