package surveys

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"medborgardialog/models"
)

// MaxDefinitionSize is the largest definition Parse accepts. The largest
// real survey is a few tens of kilobytes; the cap stops an upload from
// costing memory before Check's own limits get a say.
const MaxDefinitionSize = 1 << 20

// yaml.v3 names Go types in its messages; authors know keys, not types.
var unknownField = regexp.MustCompile(`field (\S+) not found in type \S+`)

// Parse decodes one survey definition from YAML (or JSON, which is YAML).
// Unknown keys are errors, because a misspelt key would otherwise be
// silently dropped. Errors name the line; a document over the YAML limits
// is a *YAMLLimitError. Parse does not check the definition's rules; call
// Check for that.
func Parse(data []byte) (*models.Survey, error) {
	if len(data) > MaxDefinitionSize {
		return nil, fmt.Errorf("definition is %d bytes; at most %d are allowed", len(data), MaxDefinitionSize)
	}
	if err := CheckYAMLLimits(data); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var s models.Survey
	if err := dec.Decode(&s); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("definition is empty")
		}
		return nil, cleanYAMLError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		line := extra.Line
		if err != nil {
			return nil, fmt.Errorf("after the first document: %w", cleanYAMLError(err))
		}
		return nil, fmt.Errorf("line %d: only one document is allowed; remove the second \"---\"", line)
	}
	return &s, nil
}

func cleanYAMLError(err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs := make([]string, len(te.Errors))
		for i, m := range te.Errors {
			msgs[i] = unknownField.ReplaceAllString(m, `unknown key "$1"`)
		}
		return errors.New(strings.Join(msgs, "; "))
	}
	return errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
}
