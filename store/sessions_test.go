package store_test

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

func TestCreateSessionDrawsAgainOnACollision(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	codes := []string{"AAAAAA", "AAAAAA", "BBBBBB"}
	store.SetJoinCodeSource(st, func() string { c := codes[0]; codes = codes[1:]; return c })
	first := &models.Session{Survey: "s", CreatedBy: "f", CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
	second := &models.Session{Survey: "s", CreatedBy: "f", CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
	if err := st.CreateSession(ctx, first); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateSession(ctx, second); err != nil {
		t.Fatal(err)
	}
	if first.Code != "AAAAAA" || second.Code != "BBBBBB" {
		t.Fatalf("codes %s and %s; the second should have skipped the taken one", first.Code, second.Code)
	}
}

func TestCreateSessionGivesUpAfterRepeatedCollisions(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	store.SetJoinCodeSource(st, func() string { return "CCCCCC" })
	s := &models.Session{Survey: "s", CreatedBy: "f", CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
	if err := st.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateSession(ctx, &models.Session{Survey: "s", CreatedBy: "f", ClosesAt: time.Now()}); models.ErrorCode(err) != models.ErrInternal {
		t.Fatalf("err = %v, want an internal error after running out of tries", err)
	}
}

func TestSessionLifecycle(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	s := &models.Session{Survey: "s", School: "Sätra", CreatedBy: "fatima", CreatedAt: time.Now().UTC(), ClosesAt: time.Now().Add(time.Hour)}
	if err := st.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	got, err := st.Session(ctx, s.Code)
	if err != nil || got.School != "Sätra" || !got.Open(time.Now()) {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := st.Session(ctx, "ZZZZZZ"); models.ErrorCode(err) != models.ErrNotFound {
		t.Fatalf("unknown code: %v", err)
	}
	closed, err := st.CloseSession(ctx, s.Code, time.Now())
	if err != nil || closed.Open(time.Now()) {
		t.Fatalf("closed: %+v %v", closed, err)
	}
	first := *closed.ClosedAt
	again, _ := st.CloseSession(ctx, s.Code, time.Now().Add(time.Hour))
	if !again.ClosedAt.Equal(first) {
		t.Fatal("closing twice moved the closing time")
	}
	mine, _ := st.Sessions(ctx, "fatima", 10)
	others, _ := st.Sessions(ctx, "someone", 10)
	if len(mine) != 1 || len(others) != 0 {
		t.Fatalf("%d mine, %d others", len(mine), len(others))
	}
}

func TestReleaseSessionStoresOnce(t *testing.T) {
	st := storetest.New(t)
	ctx := context.Background()
	s := &models.Session{Survey: "s", CreatedBy: "fatima", CreatedAt: time.Now().UTC(), ClosesAt: time.Now().Add(time.Hour)}
	if err := st.CreateSession(ctx, s); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Session(ctx, s.Code); got.Release != nil {
		t.Fatalf("new session has a release: %+v", got.Release)
	}
	release := func(i int) *models.ClassRelease {
		return &models.ClassRelease{Survey: "s", ReleasedAt: "2026-03-02", Shown: true, MinRespondents: 10,
			Indicators: []models.ReleasedShare{{ID: "ind", Label: models.Text{"sv": "Andel"}, ShareTens: 10 * (i % 11)}},
			Questions: []models.ReleasedQuestion{{ID: "q", Row: "r", Text: models.Text{"sv": "Fråga"}, RowLabel: models.Text{"sv": "Rad"},
				Options: []models.ReleasedOption{{Value: "ja", Label: models.Text{"sv": "Ja"}, ShareTens: new(40)}, {Value: "vet_inte", ShareTens: new(0), Exclude: true}}}},
		}
	}
	const n = 8
	got := make([]*models.Session, n)
	stored := make([]bool, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], stored[i], errs[i] = st.ReleaseSession(ctx, s.Code, release(i+1))
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if !reflect.DeepEqual(got[i].Release, got[0].Release) {
			t.Fatalf("caller %d got %+v, caller 0 %+v", i, got[i].Release, got[0].Release)
		}
	}
	winners := 0
	for i := range n {
		if stored[i] {
			winners++
			if !reflect.DeepEqual(got[i].Release, release(i+1)) {
				t.Fatalf("caller %d stored %+v, got back %+v", i, release(i+1), got[i].Release)
			}
		}
	}
	if winners != 1 {
		t.Fatalf("%d callers report storing their release, want 1", winners)
	}
	first := got[0].Release
	if first == nil || first.Indicators[0].ShareTens == 0 || len(first.Questions[0].Options) != 2 || first.Questions[0].RowLabel["sv"] != "Rad" {
		t.Fatalf("stored %+v", first)
	}
	again, won, err := st.ReleaseSession(ctx, s.Code, release(0))
	if err != nil || won || !reflect.DeepEqual(again.Release, first) {
		t.Fatalf("a later release replaced the first: %+v %v %v", again.Release, won, err)
	}
	if _, _, err := st.ReleaseSession(ctx, "ZZZZZZ", release(1)); models.ErrorCode(err) != models.ErrNotFound {
		t.Fatalf("unknown code: %v", err)
	}
}
