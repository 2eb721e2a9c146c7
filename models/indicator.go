package models

// Which direction of an indicator is good news.
const (
	BetterLower  = "lower"
	BetterHigher = "higher"
)

// Indicator is a key figure of the lägesbild: the share of answers to a
// question (or one grid row) that fall among Count, leaving Exclude out of
// the denominator.
type Indicator struct {
	ID       string   `yaml:"id" json:"id" bson:"id" validate:"required,ident"`
	Label    Text     `yaml:"label" json:"label" bson:"label"`
	Question string   `yaml:"question" json:"question" bson:"question" validate:"required,ident"`
	Row      string   `yaml:"row,omitempty" json:"row,omitempty" bson:"row,omitempty" validate:"omitempty,ident"`
	Count    []string `yaml:"count" json:"count" bson:"count" validate:"required,min=1,max=50,dive,optvalue"`
	Exclude  []string `yaml:"exclude,omitempty" json:"exclude,omitempty" bson:"exclude,omitempty" validate:"max=50,dive,optvalue"`
	Better   string   `yaml:"better" json:"better" bson:"better" validate:"required,oneof=lower higher"`
}
