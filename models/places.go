package models

// Places is a deployment's catalogue of areas and schools: the one
// vocabulary sessions pick from, so that every response made through a
// session carries the same values the survey's own questions use.
type Places struct {
	Areas   []Area   `yaml:"areas" json:"areas" bson:"areas"`
	Schools []School `yaml:"schools" json:"schools" bson:"schools"`
}

// Area is a part of the municipality young people live in or go to
// school in. Its value is the option value of the surveys' area question.
type Area struct {
	Value string `yaml:"value" json:"value" bson:"value"`
	Label Text   `yaml:"label" json:"label" bson:"label"`
	// Part is the larger part of the municipality the area belongs to
	// (a tätort, a kommundel), for grouping in lists.
	Part string `yaml:"part,omitempty" json:"part,omitempty" bson:"part,omitempty"`
	// Unconfirmed names the fields the sources did not confirm.
	Unconfirmed []string `yaml:"unconfirmed,omitempty" json:"unconfirmed,omitempty" bson:"unconfirmed,omitempty"`
}

// School is a school sessions can be held at. Its id is what sessions and
// responses store; the name is only shown.
type School struct {
	ID     string   `yaml:"id" json:"id" bson:"id"`
	Name   string   `yaml:"name" json:"name" bson:"name"`
	Area   string   `yaml:"area" json:"area" bson:"area"`
	Grades []string `yaml:"grades" json:"grades" bson:"grades"` // option values of the grade question, e.g. ak7
	Active bool     `yaml:"active" json:"active" bson:"active"`
	// Unconfirmed names the fields the sources did not confirm.
	Unconfirmed []string `yaml:"unconfirmed,omitempty" json:"unconfirmed,omitempty" bson:"unconfirmed,omitempty"`
}

// School returns the school with id.
func (p *Places) School(id string) (*School, bool) {
	if p == nil {
		return nil, false
	}
	for i := range p.Schools {
		if p.Schools[i].ID == id {
			return &p.Schools[i], true
		}
	}
	return nil, false
}

// Area returns the area with value.
func (p *Places) Area(value string) (*Area, bool) {
	if p == nil {
		return nil, false
	}
	for i := range p.Areas {
		if p.Areas[i].Value == value {
			return &p.Areas[i], true
		}
	}
	return nil, false
}

// AuditPlacesSave is the audit action of a change to the catalogue.
const AuditPlacesSave = "places.save"
