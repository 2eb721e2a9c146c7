package surveys

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// wideLabels is a places catalogue whose one area label has keys keys:
// at 38,600 it is the size of the 888 KB upload that took 15 s of CPU.
func wideLabels(keys int) []byte {
	var b strings.Builder
	b.WriteString("areas:\n  - value: centrum\n    label:\n")
	for i := range keys {
		fmt.Fprintf(&b, "      l%06d: Centrum\n", i)
	}
	b.WriteString("schools: []\n")
	return []byte(b.String())
}

// aliasBomb has levels lists, each of ten aliases of the one before, the
// first of ten values: the walk meets about 136,000 values at 5 levels
// and 1.4 million at 6.
func aliasBomb(levels int) []byte {
	s := "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
	for i := 1; i < levels; i++ {
		prev := fmt.Sprintf("*l%d", i-1)
		s += fmt.Sprintf("l%d: &l%d [%s%s]\n", i, i, strings.Repeat(prev+", ", 9), prev)
	}
	return []byte(s)
}

func TestYAMLLimits(t *testing.T) {
	tests := []struct {
		name  string
		data  []byte
		limit *YAMLLimitError // nil: within the limits
	}{
		{"the built-in catalogue", mustRead(t, "builtin/places/sandviken.yaml"), nil},
		{"the built-in survey", mustRead(t, "builtin/ungdomsdialog-2023.yaml"), nil},
		{"a mapping at the limit", wideLabels(MaxYAMLKeys), nil},
		{"a mapping over the limit", wideLabels(MaxYAMLKeys + 1), &YAMLLimitError{Line: 4, Count: MaxYAMLKeys + 1, Limit: MaxYAMLKeys}},
		{"the 888 KB upload", wideLabels(38_600), &YAMLLimitError{Line: 4, Count: 38_600, Limit: MaxYAMLKeys}},
		{"a flow mapping in JSON", []byte(`{"areas": [], "schools": [], ` + strings.Repeat(`"k": 1, `, 300) + `"z": 1}`), &YAMLLimitError{Line: 1, Count: 303, Limit: MaxYAMLKeys}},
		{"aliases within the limit", aliasBomb(5), nil},
		{"aliases over the limit", aliasBomb(6), &YAMLLimitError{Limit: MaxYAMLNodes}},
		{"an alias to its own ancestor", []byte("a: &a [*a]\n"), &YAMLLimitError{Limit: MaxYAMLNodes}},
		{"a syntax error is the decoder's", []byte("areas: ["), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckYAMLLimits(tt.data)
			var got *YAMLLimitError
			errors.As(err, &got)
			switch {
			case tt.limit == nil && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.limit == nil:
			case got == nil:
				t.Fatalf("passed, want %v", tt.limit)
			case got.Line != tt.limit.Line || got.Limit != tt.limit.Limit || tt.limit.Count != 0 && got.Count != tt.limit.Count:
				t.Fatalf("got %+v, want %+v", got, tt.limit)
			}
		})
	}
}

// Every YAML input of the service checks the limits before it decodes.
func TestParsersRefuseMappingsOverTheLimit(t *testing.T) {
	var limit *YAMLLimitError
	if _, err := ParsePlaces(wideLabels(MaxYAMLKeys + 1)); !errors.As(err, &limit) || limit.Line != 4 {
		t.Errorf("ParsePlaces: %v", err)
	}
	def := "slug: ab\nversion: 1\nstatus: open\nlanguages: [sv]\ntitle:\n"
	for i := range MaxYAMLKeys + 1 {
		def += fmt.Sprintf("  k%d: x\n", i)
	}
	if _, err := Parse([]byte(def)); !errors.As(err, &limit) || limit.Line != 6 || !strings.Contains(err.Error(), "line 6") {
		t.Errorf("Parse: %v", err)
	}
	if _, ps, err := Load([]byte(def)); !errors.As(err, &limit) || len(ps) != 1 || !strings.Contains(ps[0].Message, "at most 200") {
		t.Errorf("Load: %v %v", ps, err)
	}
}

// The 888 KB places upload of the review: 15 s of CPU before the limits,
// refused in milliseconds after (docs/BENCHMARKS.md).
func BenchmarkParsePlacesWideMapping(b *testing.B) {
	data := wideLabels(38_600)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		_, _ = ParsePlaces(data) // refused after the limits, and decoded before
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := builtinFS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
