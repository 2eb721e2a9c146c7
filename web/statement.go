package web

import (
	_ "embed"
	"fmt"
	"slices"
	"time"

	"gopkg.in/yaml.v3"
)

//go:embed accessibility.yaml
var statementFile []byte

// StatementStatuses are the only words DIGG allows for how far a service
// complies with DOS-lagen.
var StatementStatuses = []string{"helt förenlig", "delvis förenlig", "inte förenlig"}

// Statement is the accessibility statement (tillgänglighetsredogörelse):
// a Swedish document kept in the repository with the gaps it lists, so
// it changes with the code it describes (docs/accessibility.md).
type Statement struct {
	Service  string   `yaml:"service"`
	Status   string   `yaml:"status"`
	Assessed string   `yaml:"assessed"` // YYYY-MM-DD
	Updated  string   `yaml:"updated"`  // YYYY-MM-DD
	Method   string   `yaml:"method"`
	Untested []string `yaml:"untested"`
	Gaps     []struct {
		Part   string `yaml:"part"`
		Reason string `yaml:"reason"`
	} `yaml:"gaps"`
	Burden  string            `yaml:"burden"`
	Outside string            `yaml:"outside"`
	Text    map[string]string `yaml:"text"`
}

// LoadStatement reads the embedded statement and refuses one that lacks
// what DIGG requires, so a careless edit fails the tests, not the page.
func LoadStatement() (*Statement, error) {
	var st Statement
	if err := yaml.Unmarshal(statementFile, &st); err != nil {
		return nil, fmt.Errorf("web: accessibility.yaml: %w", err)
	}
	if err := st.check(); err != nil {
		return nil, fmt.Errorf("web: accessibility.yaml: %w", err)
	}
	return &st, nil
}

func (st *Statement) check() error {
	if !slices.Contains(StatementStatuses, st.Status) {
		return fmt.Errorf("status %q is not one of %q", st.Status, StatementStatuses)
	}
	for _, d := range []string{st.Assessed, st.Updated} {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return fmt.Errorf("assessed and updated must be dates like 2026-12-08: %w", err)
		}
	}
	if st.Service == "" || st.Method == "" {
		return fmt.Errorf("service and method must be given")
	}
	if st.Status != "helt förenlig" && len(st.Gaps) == 0 {
		return fmt.Errorf("a service that is %s must list its gaps", st.Status)
	}
	for _, g := range st.Gaps {
		if g.Part == "" || g.Reason == "" {
			return fmt.Errorf("every gap needs a part and a reason")
		}
	}
	for _, k := range []string{"title", "intro", "status_title", "status", "gaps_title", "burden_title", "outside_title",
		"feedback_title", "feedback", "supervision_title", "supervision", "report_link", "method_title", "untested_title", "dates"} {
		if st.Text[k] == "" {
			return fmt.Errorf("text.%s is missing", k)
		}
	}
	return nil
}
