package xlsform

import (
	"bytes"
	"reflect"
	"testing"
)

// TestRoundTripBuiltins pins the promise of the export: a stored
// definition written as a workbook and read back is the same definition.
func TestRoundTripBuiltins(t *testing.T) {
	for _, want := range builtins(t) {
		t.Run(want.Slug, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, want); err != nil {
				t.Fatal(err)
			}
			got, ps := readBytes(buf.Bytes())
			if len(ps) > 0 {
				t.Fatalf("the exported workbook has problems:%s", problemList(ps))
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("round trip changed the definition:\n\t%v", diff(got, want))
			}
		})
	}
}
