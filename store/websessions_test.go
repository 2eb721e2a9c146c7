package store_test

import (
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

func TestWebSession(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	mustCreateUser(t, s, "anna", models.RoleFacilitator)
	secret, csrf, err := s.CreateWebSession(ctx, "anna", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) < 43 || len(csrf) < 43 || secret == csrf {
		t.Fatalf("secret %q, csrf %q", secret, csrf)
	}
	u, gotCSRF, err := s.WebSession(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "anna" || u.Role != models.RoleFacilitator || gotCSRF != csrf {
		t.Fatalf("user %+v, csrf %q", u, gotCSRF)
	}
	if err := s.DeleteWebSession(ctx, secret); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.WebSession(ctx, secret)
	wantCode(t, err, models.ErrUnauthorized)
	if err := s.DeleteWebSession(ctx, secret); err != nil {
		t.Fatalf("signing out twice: %v", err)
	}
	_, _, err = s.CreateWebSession(ctx, "anna", 0)
	wantCode(t, err, models.ErrInvalid)
}

func TestWebSessionRefused(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	mustCreateUser(t, s, "anna", models.RoleAdmin)
	mustCreateUser(t, s, "bertil", models.RoleAdmin)
	expired, _, _ := s.CreateWebSession(ctx, "anna", time.Hour)
	if err := store.SetRaw(ctx, s, "web_sessions", bson.M{}, bson.M{"expires_at": time.Now().Add(-time.Second)}); err != nil {
		t.Fatal(err)
	}
	short, _, _ := s.CreateWebSession(ctx, "anna", 20*time.Millisecond)
	disabled, _, _ := s.CreateWebSession(ctx, "bertil", time.Hour)
	if err := s.SetUserDisabled(ctx, "bertil", true); err != nil {
		t.Fatal(err)
	}
	ghost, _, _ := s.CreateWebSession(ctx, "nobody", time.Hour)
	time.Sleep(30 * time.Millisecond)

	for _, tt := range []struct{ name, secret string }{
		{"expired", expired},
		{"ran out", short},
		{"disabled user", disabled},
		{"unknown user", ghost},
		{"unknown session", "no-such-session"},
		{"empty", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u, csrf, err := s.WebSession(ctx, tt.secret)
			if u != nil || csrf != "" {
				t.Fatalf("got %+v %q", u, csrf)
			}
			wantCode(t, err, models.ErrUnauthorized)
		})
	}

	// Disabling ended bertil's session: enabling him again does not revive it.
	if err := s.SetUserDisabled(ctx, "bertil", false); err != nil {
		t.Fatal(err)
	}
	_, _, err := s.WebSession(ctx, disabled)
	wantCode(t, err, models.ErrUnauthorized)
}

func TestDeleteUserWebSessions(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	mustCreateUser(t, s, "anna", models.RoleAdmin)
	mustCreateUser(t, s, "bertil", models.RoleAdmin)
	a1, _, _ := s.CreateWebSession(ctx, "anna", time.Hour)
	a2, _, _ := s.CreateWebSession(ctx, "anna", time.Hour)
	b, _, _ := s.CreateWebSession(ctx, "bertil", time.Hour)
	if err := s.DeleteUserWebSessions(ctx, "anna"); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{a1, a2} {
		_, _, err := s.WebSession(ctx, secret)
		wantCode(t, err, models.ErrUnauthorized)
	}
	if _, _, err := s.WebSession(ctx, b); err != nil {
		t.Fatalf("another user's session ended too: %v", err)
	}
}

func TestSweepWebSessions(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	mustCreateUser(t, s, "anna", models.RoleAdmin)
	_, _, _ = s.CreateWebSession(ctx, "anna", time.Minute)
	_, _, _ = s.CreateWebSession(ctx, "anna", time.Minute)
	live, _, _ := s.CreateWebSession(ctx, "anna", 2*time.Hour)

	if n, err := s.SweepWebSessions(ctx, time.Now()); err != nil || n != 0 {
		t.Fatalf("sweep now = %d, %v; nothing has expired", n, err)
	}
	n, err := s.SweepWebSessions(ctx, time.Now().Add(time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("sweep in an hour = %d, %v; want 2", n, err)
	}
	docs, err := store.RawDocuments(ctx, s, "web_sessions")
	if err != nil || len(docs) != 1 {
		t.Fatalf("%d sessions left, %v; want 1", len(docs), err)
	}
	if _, _, err := s.WebSession(ctx, live); err != nil {
		t.Fatalf("the live session was swept: %v", err)
	}
}
