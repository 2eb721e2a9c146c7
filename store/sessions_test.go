package store_test

import (
	"context"
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
