package store_test

import (
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store/storetest"
)

func TestFeedbackSettings(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	if _, err := s.Feedback(ctx, "ungdomsdialog-2023"); models.ErrorCode(err) != models.ErrNotFound {
		t.Fatalf("settings nobody set: %v, want not found", err)
	}
	if on, err := s.FeedbackEnabled(ctx); err != nil || len(on) != 0 {
		t.Fatalf("enabled before any settings: %v, %v", on, err)
	}

	at := time.Date(2024, 5, 2, 10, 0, 0, 0, time.UTC)
	set := func(slug string, enabled bool, indicators ...string) {
		t.Helper()
		if err := s.SetFeedback(ctx, models.Feedback{Survey: slug, Enabled: enabled, Indicators: indicators, UpdatedAt: at, UpdatedBy: "greta"}); err != nil {
			t.Fatal(err)
		}
	}
	set("ungdomsdialog-2023", true, "otrygg_kvall", "otrygg_skolan")
	set("ungdomsdialog-2022", false)
	f, err := s.Feedback(ctx, "ungdomsdialog-2023")
	if err != nil {
		t.Fatal(err)
	}
	if f.Survey != "ungdomsdialog-2023" || !f.Enabled || len(f.Indicators) != 2 || f.Indicators[0] != "otrygg_kvall" ||
		f.Indicators[1] != "otrygg_skolan" || !f.UpdatedAt.Equal(at) || f.UpdatedBy != "greta" {
		t.Fatalf("stored %+v", f)
	}
	if f, err := s.Feedback(ctx, "ungdomsdialog-2022"); err != nil || f.Enabled || f.Indicators == nil || len(f.Indicators) != 0 {
		t.Fatalf("switched off: %+v, %v", f, err)
	}
	if on, err := s.FeedbackEnabled(ctx); err != nil || len(on) != 1 || !on["ungdomsdialog-2023"] {
		t.Fatalf("enabled = %v, %v", on, err)
	}

	// Setting again replaces, per survey.
	set("ungdomsdialog-2023", false, "otrygg_centrum")
	set("ungdomsdialog-2022", true)
	if f, _ := s.Feedback(ctx, "ungdomsdialog-2023"); f == nil || f.Enabled || len(f.Indicators) != 1 || f.Indicators[0] != "otrygg_centrum" {
		t.Fatalf("after replacing: %+v", f)
	}
	if on, err := s.FeedbackEnabled(ctx); err != nil || len(on) != 1 || !on["ungdomsdialog-2022"] {
		t.Fatalf("enabled after replacing = %v, %v", on, err)
	}

	if err := s.SetFeedback(ctx, models.Feedback{Enabled: true}); models.ErrorCode(err) != models.ErrInvalid {
		t.Fatalf("settings without a survey: %v", err)
	}
}
