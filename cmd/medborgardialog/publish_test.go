package main

import (
	"context"
	"slices"
	"testing"
	"time"

	"medborgardialog/models"
)

// TestClosedSurveysArePublishedOnce: the hourly job makes the final
// publication of a closed survey that has answers and none since it
// closed, once; a survey nobody answered is left alone; a survey closed
// again within the interval waits for the first day allowed.
func TestClosedSurveysArePublishedOnce(t *testing.T) {
	ctx := context.Background()
	st := retentionStore(t)
	res := resultsOf(t, st)
	cfg := retentionConfig()

	// A closed survey nobody answered.
	empty, err := st.Survey(ctx, openWave)
	if err != nil {
		t.Fatal(err)
	}
	empty.Slug, empty.CompareWith, empty.Status = "tom-enkat", "", models.StatusClosed
	if err := st.InsertSurvey(ctx, empty); err != nil {
		t.Fatal(err)
	}

	now := time.Now()
	done, err := publishDue(ctx, st, res, cfg, now)
	if err != nil || !slices.Equal(done, []string{closedWave}) {
		t.Fatalf("first run published %v, %v; want the closed wave", done, err)
	}
	list, err := res.Publications(ctx, closedWave)
	if err != nil || len(list) != 1 || !list[0].Final || list[0].Responses != 120 || list[0].By != models.AuditActorSystem {
		t.Fatalf("publications %+v, %v", list, err)
	}
	if done, err := publishDue(ctx, st, res, cfg, now.Add(time.Hour)); err != nil || len(done) != 0 {
		t.Fatalf("second run published %v, %v", done, err)
	}
	if list, _ := res.Publications(ctx, "tom-enkat"); len(list) != 0 {
		t.Fatalf("the unanswered survey was published: %+v", list)
	}

	// The open wave closes; later it is reopened and closed again within
	// the interval: published once on closing, again only once the
	// interval since has passed.
	if _, err := st.SetSurveyStatus(ctx, openWave, models.StatusClosed); err != nil {
		t.Fatal(err)
	}
	closedAt := time.Now()
	if done, err := publishDue(ctx, st, res, cfg, closedAt); err != nil || !slices.Equal(done, []string{openWave}) {
		t.Fatalf("after closing: published %v, %v", done, err)
	}
	time.Sleep(10 * time.Millisecond) // the second close is recorded later than the publication
	for _, status := range []string{models.StatusOpen, models.StatusClosed} {
		if _, err := st.SetSurveyStatus(ctx, openWave, status); err != nil {
			t.Fatal(err)
		}
	}
	if done, err := publishDue(ctx, st, res, cfg, closedAt.Add(3*24*time.Hour)); err != nil || len(done) != 0 {
		t.Fatalf("closed again within the interval: published %v, %v", done, err)
	}
	if done, err := publishDue(ctx, st, res, cfg, closedAt.Add(29*24*time.Hour)); err != nil || !slices.Equal(done, []string{openWave}) {
		t.Fatalf("after the interval: published %v, %v", done, err)
	}
	list, err = res.Publications(ctx, openWave)
	if err != nil || len(list) != 2 || !list[1].Final {
		t.Fatalf("publications of the reopened wave %+v, %v", list, err)
	}
	entries := 0
	all, err := st.Audit(ctx, 100, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all {
		if e.Action == models.AuditPublish && e.Actor == models.AuditActorSystem {
			entries++
		}
	}
	if entries != 3 {
		t.Fatalf("%d audit entries of publications, want 3", entries)
	}
}
