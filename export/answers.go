package export

import (
	"math"
	"reflect"
	"sync"
)

// Stored answers reach the Tally in whatever shape the decoder produced:
// the JSON path gives string, []string, map[string]string and int64, while
// mongo-driver v2 decodes an answers map[string]any into bson.A (a named
// []any) for multi, bson.D (a named []struct{Key string; Value any}) for
// grid, and int32 or int64 for numbers. Named types do not match a
// `case []any` in a type switch, so the helpers below take the common
// shapes by type switch and fall back to reflection for the named ones.
// None of them panics: anything they do not recognise reads as "not
// answered", because one odd document must not take the lägesbild down.

// answerString reads a single, scale or text answer.
func answerString(v any) (string, bool) {
	s, ok := v.(string)
	return s, ok && s != ""
}

// answerStrings appends the chosen values of a multi answer to dst and
// returns it. The caller passes a reused buffer so a []any answer costs no
// allocation.
func answerStrings(dst []string, v any) []string {
	switch vs := v.(type) {
	case nil:
		return dst
	case []string:
		return append(dst, vs...)
	case []any:
		for _, e := range vs {
			if s, ok := answerString(e); ok {
				dst = append(dst, s)
			}
		}
		return dst
	case string:
		// A multi answer stored as one value is still one choice.
		if vs != "" {
			dst = append(dst, vs)
		}
		return dst
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		return dst
	}
	switch rv.Type().Elem().Kind() {
	case reflect.Interface:
		// bson.A and other named []any.
		for i := range rv.Len() {
			if s, ok := answerString(rv.Index(i).Interface()); ok {
				dst = append(dst, s)
			}
		}
	case reflect.String:
		// Named []string.
		for i := range rv.Len() {
			if s := rv.Index(i).String(); s != "" {
				dst = append(dst, s)
			}
		}
	}
	return dst
}

// answerGrid reads the value given for one row of a grid answer.
func answerGrid(v any, row string) (string, bool) {
	switch m := v.(type) {
	case nil:
		return "", false
	case map[string]string:
		return answerString(m[row])
	case map[string]any:
		return answerString(m[row])
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Map:
		// bson.M and other named maps with string keys.
		if rv.Type().Key().Kind() != reflect.String {
			return "", false
		}
		e := rv.MapIndex(reflect.ValueOf(row).Convert(rv.Type().Key()))
		if !e.IsValid() {
			return "", false
		}
		if e.Kind() == reflect.String {
			return answerString(e.String())
		}
		if e.Kind() == reflect.Interface && !e.IsNil() {
			return answerString(e.Interface())
		}
		return "", false
	case reflect.Slice:
		// bson.D: an ordered list of {Key, Value} elements. The first
		// element with the row's key wins, as in MongoDB itself.
		if !isKeyValueList(rv.Type()) {
			return "", false
		}
		for i := range rv.Len() {
			e := rv.Index(i)
			if e.Field(0).String() == row {
				return answerString(e.Field(1).Interface())
			}
		}
	}
	return "", false
}

// kvTypes caches which slice types are bson.D-like, because inspecting a
// struct type's fields allocates and the answer is the same every time.
var kvTypes sync.Map // reflect.Type -> bool

// isKeyValueList reports whether t is a slice of structs whose first two
// fields are an exported Key string and Value interface, which is the
// shape of bson.D without importing the driver here.
func isKeyValueList(t reflect.Type) bool {
	if ok, seen := kvTypes.Load(t); seen {
		return ok.(bool)
	}
	e := t.Elem()
	ok := e.Kind() == reflect.Struct && e.NumField() >= 2 &&
		e.Field(0).Name == "Key" && e.Field(0).Type.Kind() == reflect.String &&
		e.Field(1).Name == "Value" && e.Field(1).Type.Kind() == reflect.Interface
	kvTypes.Store(t, ok)
	return ok
}

// answerInt reads a number answer. JSON decoding into any gives float64,
// so a float64 holding a whole number is accepted too; anything else is
// not a number answer.
func answerInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int32:
		return int64(n), true
	case int:
		return int64(n), true
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1<<53 {
			return int64(n), true
		}
	}
	return 0, false
}
