package export

import (
	"slices"
	"testing"
)

// Stand-ins for the driver's types, which this package must not import:
// bson.A is a named []any, bson.D a named slice of {Key, Value}, bson.M a
// named map[string]any. Named types are what a plain type switch misses.
type (
	bsonA []any
	bsonE struct {
		Key   string
		Value any
	}
	bsonD []bsonE
	bsonM map[string]any
)

type namedStrings []string

func TestAnswerString(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want string
		ok   bool
	}{
		{"string", "ja", "ja", true},
		{"empty", "", "", false},
		{"nil", nil, "", false},
		{"number", int64(3), "", false},
		{"list", []string{"ja"}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := answerString(tt.v)
			if got != tt.want || ok != tt.ok {
				t.Errorf("answerString(%#v) = %q, %v; want %q, %v", tt.v, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestAnswerStrings(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want []string
	}{
		{"[]string", []string{"a", "b"}, []string{"a", "b"}},
		{"[]any", []any{"a", 3, "", "b"}, []string{"a", "b"}},
		{"bson.A", bsonA{"a", nil, "b"}, []string{"a", "b"}},
		{"named []string", namedStrings{"a", ""}, []string{"a"}},
		{"one string", "a", []string{"a"}},
		{"nil", nil, nil},
		{"a number", 7, nil},
		{"a map", map[string]any{"a": "b"}, nil},
		{"[]int", []int{1, 2}, nil},
		{"keyed list", bsonD{{"a", "b"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := answerStrings(nil, tt.v)
			if !slices.Equal(got, tt.want) {
				t.Errorf("answerStrings(%#v) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
}

func TestAnswerGrid(t *testing.T) {
	type wrongFields []struct {
		Name  string
		Value any
	}
	tests := []struct {
		name string
		v    any
		want string
		ok   bool
	}{
		{"map[string]string", map[string]string{"skolan": "trygg"}, "trygg", true},
		{"map[string]any", map[string]any{"skolan": "trygg"}, "trygg", true},
		{"bson.M", bsonM{"skolan": "trygg"}, "trygg", true},
		{"bson.D", bsonD{{"bussen", "otrygg"}, {"skolan", "trygg"}}, "trygg", true},
		{"bson.D first key wins", bsonD{{"skolan", "trygg"}, {"skolan", "otrygg"}}, "trygg", true},
		{"row missing", map[string]string{"bussen": "trygg"}, "", false},
		{"row empty", map[string]string{"skolan": ""}, "", false},
		{"value not a string", map[string]any{"skolan": 2}, "", false},
		{"bson.D value not a string", bsonD{{"skolan", bsonA{"x"}}}, "", false},
		{"bson.M nil value", bsonM{"skolan": nil}, "", false},
		{"map with int keys", map[int]string{1: "trygg"}, "", false},
		{"struct slice of another shape", wrongFields{{"skolan", "trygg"}}, "", false},
		{"a string", "trygg", "", false},
		{"nil", nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := answerGrid(tt.v, "skolan")
			if got != tt.want || ok != tt.ok {
				t.Errorf("answerGrid(%#v) = %q, %v; want %q, %v", tt.v, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestAnswerInt(t *testing.T) {
	tests := []struct {
		name string
		v    any
		want int64
		ok   bool
	}{
		{"int64", int64(15), 15, true},
		{"int32", int32(15), 15, true},
		{"int", 15, 15, true},
		{"whole float64 from JSON", 15.0, 15, true},
		{"negative", int64(-2), -2, true},
		{"fraction", 15.5, 0, false},
		{"huge float", 1e300, 0, false},
		{"string", "15", 0, false},
		{"nil", nil, 0, false},
		{"uint8", uint8(3), 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := answerInt(tt.v)
			if got != tt.want || ok != tt.ok {
				t.Errorf("answerInt(%#v) = %d, %v; want %d, %v", tt.v, got, ok, tt.want, tt.ok)
			}
		})
	}
}
