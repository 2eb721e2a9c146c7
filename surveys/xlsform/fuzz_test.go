package xlsform

import (
	"bytes"
	"os"
	"testing"
)

// FuzzRead feeds Read damaged workbooks: whatever the bytes, it answers
// with a survey or problems, never a panic or a hang.
func FuzzRead(f *testing.F) {
	if data, err := os.ReadFile(examplePath); err == nil {
		f.Add(data)
	}
	f.Add(koboForm("label::Svenska (sv)").bytes(f))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sv, ps := Read(t.Context(), bytes.NewReader(data), int64(len(data)))
		if sv == nil && len(ps) == 0 {
			t.Fatal("no survey and no problems")
		}
		if len(ps) > maxProblems+1 {
			t.Fatalf("%d problems", len(ps))
		}
	})
}
