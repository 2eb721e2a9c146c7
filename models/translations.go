package models

// Translation statuses: whether a language's texts in a survey have been
// read by someone qualified.
const (
	// TranslationDraft: drafted by the team, a helper or with a machine's
	// help; nobody qualified has read every text yet.
	TranslationDraft = "draft"
	// TranslationReviewed: a qualified translator (for lättläst, a writer
	// trained in MTM's method), named as reviewer, has read every text.
	TranslationReviewed = "reviewed"
)

// Translation says how far one language's texts of a survey can be
// trusted. The staff survey page shows it beside how many texts the
// language still lacks.
type Translation struct {
	Status   string `yaml:"status" json:"status" bson:"status" validate:"required,oneof=draft reviewed"`
	Reviewer string `yaml:"reviewer,omitempty" json:"reviewer,omitempty" bson:"reviewer,omitempty" validate:"max=200,plain"`
	Note     string `yaml:"note,omitempty" json:"note,omitempty" bson:"note,omitempty" validate:"max=500,plain"`
}
