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
		from, to         string
		dims             []string
		breakdowns, text bool
		refused          string
	}{
		{name: "whole survey", breakdowns: true, text: true},
		{name: "one school", in: models.ResponseFilter{School: "Järbo skola"}, dims: []string{DimSchool}, breakdowns: true},
		{name: "school and grade", in: models.ResponseFilter{School: "Järbo skola", Grade: "ak7"}, dims: []string{DimSchool, DimGrade}},
		{name: "school, grade and language", in: models.ResponseFilter{School: "Järbo skola", Grade: "ak7", ResponseLang: "sv"}, refused: CodeTooManyDimensions},
		{name: "session and language", in: models.ResponseFilter{Session: "ABCDEF", ResponseLang: "en"}, dims: []string{DimSession, DimLanguage}},
		{name: "a day is a month", in: models.ResponseFilter{From: "2023-03-14", To: "2023-03-14"}, from: "2023-03-01", to: "2023-03-31",
			dims: []string{DimMonth}, breakdowns: true},
		{name: "to the end of February in a leap year", in: models.ResponseFilter{To: "2024-02-03"}, to: "2024-02-29", dims: []string{DimMonth}, breakdowns: true},
		{name: "a window across months", in: models.ResponseFilter{From: "2023-01-31", To: "2023-03-01"}, from: "2023-01-01", to: "2023-03-31",
			dims: []string{DimMonth}, breakdowns: true},
		{name: "month and area", in: models.ResponseFilter{From: "2023-02-10", Area: "centrum"}, from: "2023-02-01", dims: []string{DimArea, DimMonth}},
		{name: "month, area and school", in: models.ResponseFilter{From: "2023-02-10", Area: "centrum", School: "X"}, refused: CodeTooManyDimensions},
		{name: "not a date", in: models.ResponseFilter{From: "2023-02-30"}, refused: CodeBadDate},
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
			if q.Filter.From != tt.from || q.Filter.To != tt.to {
				t.Errorf("dates %q–%q, want %q–%q", q.Filter.From, q.Filter.To, tt.from, tt.to)
			}
			if got := FilterDimensions(q.Filter); !slices.Equal(got, tt.dims) {
				t.Errorf("dimensions %v, want %v", got, tt.dims)
			}
			if q.Breakdowns != tt.breakdowns || q.FreeText != tt.text || q.Exact != tt.text {
				t.Errorf("breakdowns %v, free text %v, exact %v; want %v, %v, %v", q.Breakdowns, q.FreeText, q.Exact, tt.breakdowns, tt.text, tt.text)
			}
			again, err := Prepare(q.Filter)
			if err != nil || again != q {
				t.Errorf("preparing twice changes the query: %+v, %v", again, err)
			}
		})
	}
}
