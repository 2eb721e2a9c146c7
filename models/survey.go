package models

import "time"

// Survey statuses. Only an open survey takes answers.
const (
	StatusDraft  = "draft"
	StatusOpen   = "open"
	StatusClosed = "closed"
)

// Survey is one version of a survey definition, as authored in YAML.
type Survey struct {
	Slug      string     `yaml:"slug" json:"slug" bson:"slug" validate:"required,slug"`
	Version   int        `yaml:"version" json:"version" bson:"version" validate:"min=1"`
	Status    string     `yaml:"status" json:"status" bson:"status" validate:"required,oneof=draft open closed"`
	OpensAt   *time.Time `yaml:"opens_at,omitempty" json:"opens_at,omitempty" bson:"opens_at,omitempty"`
	ClosesAt  *time.Time `yaml:"closes_at,omitempty" json:"closes_at,omitempty" bson:"closes_at,omitempty"`
	Languages []string   `yaml:"languages" json:"languages" bson:"languages" validate:"max=10"`
	// Translations says, per language, whether its texts are a draft or
	// reviewed (docs/translations.md).
	Translations map[string]Translation `yaml:"translations,omitempty" json:"translations,omitempty" bson:"translations,omitempty" validate:"max=20,dive"`
	MinCell      int                    `yaml:"min_cell,omitempty" json:"min_cell,omitempty" bson:"min_cell,omitempty" validate:"omitempty,min=3,max=1000"`
	Wave         string                 `yaml:"wave,omitempty" json:"wave,omitempty" bson:"wave,omitempty" validate:"max=40,plain"`
	CompareWith  string                 `yaml:"compare_with,omitempty" json:"compare_with,omitempty" bson:"compare_with,omitempty" validate:"omitempty,slug,nefield=Slug"`
	Title        Text                   `yaml:"title" json:"title" bson:"title"`
	Intro        Text                   `yaml:"intro,omitempty" json:"intro,omitempty" bson:"intro,omitempty"`
	Outro        Text                   `yaml:"outro,omitempty" json:"outro,omitempty" bson:"outro,omitempty"`
	Promise      *Promise               `yaml:"promise,omitempty" json:"promise,omitempty" bson:"promise,omitempty"`
	// Retention overrides the deployment's retention periods for this
	// survey; nil keeps them.
	Retention *Retention `yaml:"retention,omitempty" json:"retention,omitempty" bson:"retention,omitempty"`
	// The caps keep a hostile upload from making every later page and
	// export pay for thousands of questions.
	Questions  []Question     `yaml:"questions" json:"questions" bson:"questions" validate:"required,min=1,max=200,dive"`
	Indicators []Indicator    `yaml:"indicators,omitempty" json:"indicators,omitempty" bson:"indicators,omitempty" validate:"max=100,dive"`
	Help       []HelpResource `yaml:"help,omitempty" json:"help,omitempty" bson:"help,omitempty" validate:"max=30,dive"`
}

// Question returns the question with the given id.
func (s *Survey) Question(id string) (*Question, bool) {
	for i := range s.Questions {
		if s.Questions[i].ID == id {
			return &s.Questions[i], true
		}
	}
	return nil, false
}

// Retention says how long after a survey closes its free-text answers and
// its whole responses are kept. Zero keeps the deployment's default.
type Retention struct {
	FreeTextMonths int `yaml:"free_text_months,omitempty" json:"free_text_months,omitempty" bson:"free_text_months,omitempty" validate:"omitempty,min=1,max=120"`
	ResponsesYears int `yaml:"responses_years,omitempty" json:"responses_years,omitempty" bson:"responses_years,omitempty" validate:"omitempty,min=1,max=50"`
}

// Promise names the medborgarlöfte a survey belongs to, so a lägesbild can
// say which commitment and period its figures follow up.
type Promise struct {
	// ID names the promise across its surveys and its action plan; surveys
	// with the same id share one plan.
	ID       string   `yaml:"id,omitempty" json:"id,omitempty" bson:"id,omitempty" validate:"omitempty,slug"`
	Name     Text     `yaml:"name" json:"name" bson:"name"`
	Partners []string `yaml:"partners,omitempty" json:"partners,omitempty" bson:"partners,omitempty" validate:"max=20,dive,required,max=200,plain"`
	From     string   `yaml:"from,omitempty" json:"from,omitempty" bson:"from,omitempty" validate:"omitempty,datetime=2006-01-02"`
	To       string   `yaml:"to,omitempty" json:"to,omitempty" bson:"to,omitempty" validate:"omitempty,datetime=2006-01-02"`
	Focus    []Text   `yaml:"focus,omitempty" json:"focus,omitempty" bson:"focus,omitempty" validate:"max=20"`
}

// HelpResource is somewhere a young person can turn to for help.
type HelpResource struct {
	Name  string `yaml:"name" json:"name" bson:"name" validate:"required,max=100,plain"`
	Phone string `yaml:"phone,omitempty" json:"phone,omitempty" bson:"phone,omitempty" validate:"omitempty,max=40,plain"`
	Web   string `yaml:"web,omitempty" json:"web,omitempty" bson:"web,omitempty" validate:"omitempty,max=300,https_url"`
	For   Text   `yaml:"for" json:"for" bson:"for"`
}
