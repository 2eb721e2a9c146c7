package disclosure

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
)

var ptableUpdate = flag.Bool("update", false, "rewrite disclosure/ptable.tsv from Generate(ReferenceParams)")

// TestPTableFileIsGenerated keeps the published file and the generator in
// step: the embedded ptable.tsv must be byte for byte what
// Generate(ReferenceParams) writes. The generator uses only correctly
// rounded float64 operations (no fused multiply-add, no math.Exp), so the
// bytes do not depend on the CPU.
func TestPTableFileIsGenerated(t *testing.T) {
	pt, err := Generate(ReferenceParams)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := pt.WriteTSV(&buf); err != nil {
		t.Fatal(err)
	}
	if *ptableUpdate {
		if err := os.WriteFile("ptable.tsv", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("wrote disclosure/ptable.tsv")
		return
	}
	if bytes.Equal(buf.Bytes(), ptableTSV) {
		return
	}
	got, want := strings.Split(string(ptableTSV), "\n"), strings.Split(buf.String(), "\n")
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("first difference at line %d:\n\tptable.tsv: %q\n\tgenerated:  %q", i+1, g, w)
			break
		}
	}
	t.Fatal("disclosure/ptable.tsv is not what Generate(ReferenceParams) writes; regenerate it with\n" +
		"\tgo test ./disclosure -run TestPTableFileIsGenerated -update")
}
