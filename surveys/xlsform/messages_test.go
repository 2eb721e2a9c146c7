package xlsform

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"medborgardialog/models"
)

// Every problem code has a Swedish and an English message, and the
// messages fill in their detail.
func TestEveryCodeHasMessages(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "codes.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	ast.Inspect(file, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || !strings.HasPrefix(vs.Names[0].Name, "Code") || len(vs.Values) != 1 {
			return true
		}
		if lit, ok := vs.Values[0].(*ast.BasicLit); ok && vs.Names[0].Name != "CodeCheckPrefix" {
			s, _ := strconv.Unquote(lit.Value)
			codes = append(codes, s)
		}
		return true
	})
	if len(codes) < 50 {
		t.Fatalf("found only %d codes; did codes.go change shape?", len(codes))
	}
	for _, code := range codes {
		if _, ok := messages[code]; !ok {
			t.Errorf("%s has no messages", code)
			continue
		}
		p := Problem{Sheet: "survey", Row: 14, Column: "relevant", Code: code, Arg: "1048576"}
		sv, en := p.Message("sv"), p.Message("en")
		if sv == "" || en == "" || sv == en || strings.Contains(sv+en, "%!") {
			t.Errorf("%s: %q / %q", code, sv, en)
		}
	}
	for _, code := range []string{models.CodeRequired, models.CodeInvalid, models.CodeDuplicate, models.CodeMissingTranslation,
		models.CodeUnknownReference, models.CodeNotAllowed, models.CodeOutOfRange} {
		p := Problem{Code: CodeCheckPrefix + code, Arg: "is required"}
		if sv := p.Message("sv"); strings.HasPrefix(sv, "Ogiltigt") && code != models.CodeInvalid {
			t.Errorf("%s has no Swedish heading: %q", code, sv)
		}
	}
}

func TestProblemText(t *testing.T) {
	p := Problem{Sheet: "survey", Row: 14, Column: "relevant", Code: CodeRelevant, Arg: "${a} > 3"}
	if got, want := p.Text("sv"), `Blad survey, rad 14, kolumn relevant: Villkoret "${a} > 3" kan inte användas.`; !strings.HasPrefix(got, want) {
		t.Errorf("sv: %q", got)
	}
	if got, want := p.Text("en"), `Sheet survey, row 14, column relevant: The condition "${a} > 3" cannot be used.`; !strings.HasPrefix(got, want) {
		t.Errorf("en: %q", got)
	}
	file := Problem{Code: CodeMacros}
	if file.Location("sv") != "" || !strings.HasPrefix(file.Text("sv"), "Filen innehåller makron") {
		t.Errorf("file problem: %q", file.Text("sv"))
	}
	def := Problem{Code: CodeCheckPrefix + models.CodeInvalid, Path: "questions[2].id", Arg: "must be …"}
	if got := def.Text("sv"); got != "Definitionen, fält questions[2].id: Ogiltigt värde: must be …." {
		t.Errorf("definition problem: %q", got)
	}
}
