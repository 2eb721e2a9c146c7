package surveys

import (
	"os"
	"testing"

	"medborgardialog/models"
)

// validSurvey returns a fresh copy of testdata/valid.yaml, which the tests
// break one rule at a time.
func validSurvey(t testing.TB) *models.Survey {
	t.Helper()
	data, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(data)
	if err != nil {
		t.Fatalf("parse valid.yaml: %v", err)
	}
	return s
}

func ptr[T any](v T) *T { return &v }

func hasProblem(ps []models.Problem, path, code string) bool {
	for _, p := range ps {
		if p.Path == path && p.Code == code {
			return true
		}
	}
	return false
}
