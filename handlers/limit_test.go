package handlers

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"medborgardialog/models"
)

// TestAFullSurveyRefusesMoreAnswers: beyond DIALOG_MAX_RESPONSES a
// submission gets 503 "full" with a kind message, on the API and on the
// form without JavaScript; what was stored stays stored, and /metrics
// counts the refusals and shows how full the survey is.
func TestAFullSurveyRefusesMoreAnswers(t *testing.T) {
	ts := newTestServerWith(t, func(c *Config) { c.MaxResponses = 3 })
	sv := ts.addTestSurvey(t)
	for i := range 3 {
		if r := ts.submit(t, sv.Slug, submitBody(uuid.NewString(), validAnswers)); r.Status != 201 {
			t.Fatalf("answer %d: %d %s", i, r.Status, r.Body)
		}
	}
	// The copy the bound is checked against is read on first use.
	deadline := time.Now().Add(30 * time.Second)
	for {
		if n, known := ts.Results.Stored(sv.Slug); known && n == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the survey's copy was never read")
		}
		time.Sleep(20 * time.Millisecond)
	}

	r := ts.submit(t, sv.Slug, submitBody(uuid.NewString(), validAnswers), "Accept-Language", "sv")
	if r.Status != 503 || r.ErrorCode(t) != models.ErrFull {
		t.Fatalf("a fourth answer: %d %s, want 503 full", r.Status, r.Body)
	}
	var body errorBody
	r.JSON(t, &body)
	if body.Error.Message != "Den här enkäten tar inte emot fler svar just nu. Tack för att du ville svara!" {
		t.Fatalf("message %q", body.Error.Message)
	}
	if r := ts.postForm(t, "/surveys/"+sv.Slug, []byte(validForm(uuid.NewString()).Encode())); r.Status != 503 ||
		!strings.Contains(string(r.Body), "tar inte emot fler svar") {
		t.Fatalf("a fourth answer by form: %d %s", r.Status, r.Body)
	}
	got, err := ts.Store.FindResponses(context.Background(), sv.Slug)
	if err != nil || len(got) != 3 {
		t.Fatalf("%d responses stored (%v), want the 3 taken", len(got), err)
	}
	m, _ := ts.scrape(t)
	if n := m.get("medborgardialog_submissions_total", `outcome="full"`); n != 2 {
		t.Errorf("full submissions counted %v, want 2", n)
	}
	if n := m.get("medborgardialog_submissions_total", `outcome="failed"`); n != 0 {
		t.Errorf("failed submissions counted %v, want 0", n)
	}
	if ratio := m.get("medborgardialog_response_limit_used_ratio"); ratio != 1 {
		t.Errorf("limit used %v, want 1", ratio)
	}
}
