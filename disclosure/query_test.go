package disclosure

import (
	"errors"
	"slices"
	"testing"

	"medborgardialog/models"
)

func TestPrepare(t *testing.T) {
	for _, tt := range []struct {
		name             string
		in               models.ResponseFilter
		dims             []string
		breakdowns, text bool
		refused          string
	}{
		{name: "whole survey", breakdowns: true, text: true},
		{name: "one school", in: models.ResponseFilter{School: "Järbo skola"}, dims: []string{DimSchool}, breakdowns: true},
		{name: "school and grade", in: models.ResponseFilter{School: "Järbo skola", Grade: "ak7"}, dims: []string{DimSchool, DimGrade}},
		{name: "one gender", in: models.ResponseFilter{Gender: "tjej"}, dims: []string{DimGender}, breakdowns: true},
		{name: "area and age", in: models.ResponseFilter{Area: "storvik", Age: "14"}, dims: []string{DimArea, DimAge}},
		{name: "school, grade and gender", in: models.ResponseFilter{School: "Järbo skola", Grade: "ak7", Gender: "kille"}, refused: CodeTooManyDimensions},
		{name: "every dimension", in: models.ResponseFilter{Area: "a", School: "s", Grade: "g", Gender: "x", Age: "13"}, refused: CodeTooManyDimensions},
		{name: "a session", in: models.ResponseFilter{Session: "ABCDEF"}, refused: CodeNotAFilter},
		{name: "a session and a school", in: models.ResponseFilter{Session: "ABCDEF", School: "s"}, refused: CodeNotAFilter},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Prepare(tt.in)
			if tt.refused != "" {
				var qe *QueryError
				if !errors.As(err, &qe) || qe.Code != tt.refused {
					t.Fatalf("Prepare(%+v) = %v, want refusal %s", tt.in, err, tt.refused)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if q.Filter != tt.in {
				t.Errorf("the filter changed: %+v, want %+v", q.Filter, tt.in)
			}
			if got := FilterDimensions(q.Filter); !slices.Equal(got, tt.dims) {
				t.Errorf("dimensions %v, want %v", got, tt.dims)
			}
			if q.Breakdowns != tt.breakdowns || q.FreeText != tt.text || q.Exact != tt.text {
				t.Errorf("breakdowns %v, free text %v, exact %v; want %v, %v, %v", q.Breakdowns, q.FreeText, q.Exact, tt.breakdowns, tt.text, tt.text)
			}
		})
	}
}

// TestClassQueryIsNoFigure: a class's release counts its one session with
// nothing else: no breakdown, no free text, no exact total.
func TestClassQueryIsNoFigure(t *testing.T) {
	q := ClassQuery("s", "ABCDEF")
	if q.Filter != (models.ResponseFilter{Survey: "s", Session: "ABCDEF"}) || q.Breakdowns || q.FreeText || q.Exact {
		t.Fatalf("%+v", q)
	}
	if _, err := Prepare(q.Filter); err == nil {
		t.Fatal("the class's query passes as a figure's filter")
	}
}
