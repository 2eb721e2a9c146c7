package xlsform

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

var update = flag.Bool("update", false, "rewrite surveys/xlsform/testdata/ungdomsdialog-2023.xlsx from the built-in survey")

const examplePath = "testdata/ungdomsdialog-2023.xlsx"

// TestExampleWorkbook keeps the example workbook (the template the docs
// point at) true: it must import as exactly the built-in survey. Run with
// -update to write it again after the survey or the export changed:
//
//	go test ./surveys/xlsform -run TestExampleWorkbook -update
func TestExampleWorkbook(t *testing.T) {
	want := builtin(t, "ungdomsdialog-2023")
	if *update {
		var buf bytes.Buffer
		if err := Write(&buf, want); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(examplePath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(examplePath, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote surveys/xlsform/%s", examplePath)
	}
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatalf("%v; write it with\n\tgo test ./surveys/xlsform -run TestExampleWorkbook -update", err)
	}
	got, ps := readBytes(data)
	if len(ps) > 0 {
		t.Fatalf("%s has problems:%s", examplePath, problemList(ps))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s no longer imports as the built-in survey; regenerate it with\n"+
			"\tgo test ./surveys/xlsform -run TestExampleWorkbook -update\ndifferences: %v", examplePath, diff(got, want))
	}
}
