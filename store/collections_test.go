package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestEveryCollectionIsListed: every collection name the store declares
// (a constant whose name ends in Coll) is in collections.go, as backed up
// or as transient and never in both, so a new collection cannot be left
// out of backups, nor be refused by a restore, without a decision there.
func TestEveryCollectionIsListed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, name := range spec.Names {
				if !strings.HasSuffix(name.Name, "Coll") || i >= len(spec.Values) {
					continue
				}
				lit, ok := spec.Values[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				coll, _ := strconv.Unquote(lit.Value)
				found++
				switch {
				case backedUpColls[coll] && transientColls[coll]:
					t.Errorf("%s (%q) is listed as backed up and as transient", name.Name, coll)
				case !backedUpColls[coll] && !transientColls[coll]:
					t.Errorf("%s (%q) is in neither list of collections.go", name.Name, coll)
				}
			}
			return true
		})
	}
	if found < len(backedUpColls)+len(transientColls) {
		t.Errorf("found %d collection constants, fewer than the %d listed", found, len(backedUpColls)+len(transientColls))
	}
}
