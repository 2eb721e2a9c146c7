package surveys

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// yaml.v3 compares every key of a mapping with every other key before it
// decodes one (decoder.mapping), and lists each pair that repeats: a
// places upload of 888 KB whose one mapping held 70,000 keys took 15 s of
// CPU, and the same keys all alike would list billions of pairs. So a
// document is first read into nodes, which costs time in proportion to
// its size, and its mappings are measured before anything is decoded.
// Every mapping the service reads is a struct of a few dozen fields or a
// text per language.
const (
	// MaxYAMLKeys is the most keys one mapping may have.
	MaxYAMLKeys = 200
	// MaxYAMLNodes is the most values (scalars, lists and mappings, each
	// alias counted as often as it repeats what it names) a document may
	// have: a catalogue of 500 schools has about 20,000.
	MaxYAMLNodes = 200_000
)

// YAMLLimitError is a YAML document over MaxYAMLKeys or MaxYAMLNodes.
type YAMLLimitError struct {
	Line  int // the line of the mapping with too many keys; 0 for the whole document
	Count int // the mapping's keys; for the whole document, more than Limit
	Limit int
}

func (e *YAMLLimitError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("the document has more than %d values", e.Limit)
	}
	return fmt.Sprintf("line %d: a mapping has %d keys; at most %d are allowed", e.Line, e.Count, e.Limit)
}

// CheckYAMLLimits returns a *YAMLLimitError when the first document of
// data has a mapping of more than MaxYAMLKeys keys or more than
// MaxYAMLNodes values, and nil otherwise. A syntax error is not its
// business: the decoder that runs next says it, as it always has.
func CheckYAMLLimits(data []byte) error {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil {
		return nil
	}
	// Aliases are followed, as the decoder follows them, so an alias
	// repeating a large mapping counts each time. Nodes are counted as
	// they are put on the stack, which bounds the stack too, and stops
	// the walk of an alias that names its own ancestor.
	stack := []*yaml.Node{&doc}
	count := 1
	for len(stack) > 0 {
		node := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if node.Kind == yaml.MappingNode && len(node.Content)/2 > MaxYAMLKeys {
			return &YAMLLimitError{Line: node.Line, Count: len(node.Content) / 2, Limit: MaxYAMLKeys}
		}
		next := node.Content
		if node.Kind == yaml.AliasNode && node.Alias != nil {
			next = []*yaml.Node{node.Alias}
		}
		if count += len(next); count > MaxYAMLNodes {
			return &YAMLLimitError{Count: count, Limit: MaxYAMLNodes}
		}
		stack = append(stack, next...)
	}
	return nil
}
