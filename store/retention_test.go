package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

func TestSurveyCutoffs(t *testing.T) {
	closed := time.Date(2024, 6, 15, 12, 0, 0, 0, time.UTC)
	rules := store.Retention{TextMonths: 12, ResponseYears: 5}
	tests := []struct {
		name        string
		sv          models.Survey
		closed      time.Time
		ok          bool
		text, whole time.Time
	}{
		{"defaults", models.Survey{Status: models.StatusClosed}, closed, true,
			time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC), time.Date(2029, 6, 15, 12, 0, 0, 0, time.UTC)},
		{"own rules", models.Survey{Status: models.StatusClosed, Retention: &models.Retention{FreeTextMonths: 3, ResponsesYears: 1}}, closed, true,
			time.Date(2024, 9, 15, 12, 0, 0, 0, time.UTC), time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)},
		{"own text rule only", models.Survey{Status: models.StatusClosed, Retention: &models.Retention{FreeTextMonths: 24}}, closed, true,
			time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC), time.Date(2029, 6, 15, 12, 0, 0, 0, time.UTC)},
		{"open", models.Survey{Status: models.StatusOpen}, closed, false, time.Time{}, time.Time{}},
		{"draft", models.Survey{Status: models.StatusDraft}, closed, false, time.Time{}, time.Time{}},
		{"closed without a close time", models.Survey{Status: models.StatusClosed}, time.Time{}, false, time.Time{}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := rules.SurveyCutoffs(&tt.sv, tt.closed)
			if ok != tt.ok || !c.Text.Equal(tt.text) || !c.Responses.Equal(tt.whole) {
				t.Errorf("got %v %v %v, want %v %v %v", ok, c.Text, c.Responses, tt.ok, tt.text, tt.whole)
			}
		})
	}
}

// Closing records when, once; reopening forgets it; a closes_at in the
// definition wins.
func TestSurveyClosedIsRecorded(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	sv := &models.Survey{Slug: "kort", Version: 1, Status: models.StatusOpen, Languages: []string{"sv"},
		Title: models.Text{"sv": "Kort"}, Questions: []models.Question{{ID: "q", Type: models.TypeText, Text: models.Text{"sv": "?"}}}}
	if err := st.InsertSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
	if at, err := st.SurveyClosed(ctx, "kort"); err != nil || !at.IsZero() {
		t.Fatalf("open survey closed at %v (%v)", at, err)
	}
	start := time.Now().Add(-time.Second)
	if _, err := st.SetSurveyStatus(ctx, "kort", models.StatusClosed); err != nil {
		t.Fatal(err)
	}
	first, err := st.SurveyClosed(ctx, "kort")
	if err != nil || first.Before(start) || first.After(time.Now()) {
		t.Fatalf("closed at %v (%v), want about now", first, err)
	}
	time.Sleep(5 * time.Millisecond)
	if _, err := st.SetSurveyStatus(ctx, "kort", models.StatusClosed); err != nil {
		t.Fatal(err)
	}
	if again, _ := st.SurveyClosed(ctx, "kort"); !again.Equal(first) {
		t.Errorf("closing twice moved the time from %v to %v", first, again)
	}
	list, err := st.ClosedSurveys(ctx)
	if err != nil || len(list) != 1 || list[0].Survey.Slug != "kort" || !list[0].Closed.Equal(first) {
		t.Fatalf("closed surveys %+v (%v)", list, err)
	}
	if ids, err := st.TextQuestions(ctx, "kort"); err != nil || len(ids) != 1 || ids[0] != "q" {
		t.Errorf("text questions %v (%v)", ids, err)
	}
	if _, err := st.SetSurveyStatus(ctx, "kort", models.StatusOpen); err != nil {
		t.Fatal(err)
	}
	if at, _ := st.SurveyClosed(ctx, "kort"); !at.IsZero() {
		t.Errorf("reopened survey closed at %v", at)
	}
}

// A survey with more responses than SQLite takes variables in one
// statement (32,766) is deleted whole on the embedded engine, where one
// delete of everything a filter matched used to fail, and nothing of
// another survey goes with it.
func TestDeleteSurveyResponsesPastSQLiteVariableLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("stores 33,000 responses")
	}
	st := storetest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	const many = 33_000
	for survey, n := range map[string]int{"retired": many, "kept": 10} {
		for start := 0; start < n; start += 1000 {
			batch := make([]*models.Response, min(1000, n-start))
			for i := range batch {
				batch[i] = &models.Response{Survey: survey, Version: 1, SubmissionID: fmt.Sprintf("%s-%d", survey, start+i),
					Lang: "sv", Day: "2026-12-07", Answers: map[string]any{"q": "a"}}
			}
			if err := st.InsertResponses(ctx, batch); err != nil {
				t.Fatal(err)
			}
		}
	}
	n, err := st.DeleteSurveyResponses(ctx, "retired")
	if err != nil || n != many {
		t.Fatalf("deleted %d (%v), want %d", n, err, many)
	}
	for survey, want := range map[string]int{"retired": 0, "kept": 10} {
		if got, err := st.ScanRaw(ctx, survey); err != nil || got != want {
			t.Fatalf("%s: %d responses left (%v), want %d", survey, got, err, want)
		}
	}
}
