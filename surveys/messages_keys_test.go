package surveys

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"medborgardialog/web"
)

// Every problem the checker makes names a message that the staff message
// files have in Swedish and English, so an upload page in Swedish never
// shows the checker's English. The test reads the checker's source for
// the keys, so a new problem with a key missing from the files fails.
func TestEveryCheckerProblemHasSwedishAndEnglish(t *testing.T) {
	files, err := filepath.Glob("check*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	keys := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				var key ast.Expr
				switch n := n.(type) {
				case *ast.CallExpr:
					sel, ok := n.Fun.(*ast.SelectorExpr)
					if !(ok && sel.Sel.Name == "add" || isIdent(n.Fun, "newProblem")) || len(n.Args) < 3 {
						return true
					}
					key = n.Args[2]
					if isIdent(key, "key") {
						return true // passed through: its callers are checked
					}
				case *ast.ReturnStmt:
					// describe returns code, key, args.
					if fn.Name.Name != "describe" || len(n.Results) != 3 {
						return true
					}
					key = n.Results[1]
				default:
					return true
				}
				lit, ok := key.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					t.Errorf("%s: a problem's message is not a literal key", fset.Position(key.Pos()))
					return true
				}
				k, _ := strconv.Unquote(lit.Value)
				if !strings.HasPrefix(k, "check.") {
					t.Errorf("%s: %q is a message, not a key of the staff message files", fset.Position(lit.Pos()), k)
					return true
				}
				keys++
				for _, lang := range web.StaffLanguages {
					if web.T(lang, k) == k {
						t.Errorf("%s: %s has no text in %s", fset.Position(lit.Pos()), k, lang)
					}
				}
				return true
			})
		}
	}
	if keys < 40 {
		t.Errorf("found only %d message keys in the checker's source; the test no longer reads it", keys)
	}
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
