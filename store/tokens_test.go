package store_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

func TestCreateTokenThenUse(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	mustCreateUser(t, s, "anna", models.RoleAnalyst)

	secret, tok, err := s.CreateToken(ctx, "anna", "excel export")
	if err != nil {
		t.Fatal(err)
	}
	raw, ok := strings.CutPrefix(secret, store.TokenPrefix)
	if b, err := base64.RawURLEncoding.DecodeString(raw); !ok || err != nil || len(b) != 32 {
		t.Fatalf("secret %q is not md_ and 32 bytes of base64url", secret)
	}
	if tok.ID == "" || strings.Contains(secret, tok.ID) || tok.User != "anna" || tok.Label != "excel export" || tok.CreatedAt.IsZero() || tok.LastUsedDay != "" {
		t.Fatalf("token %+v", tok)
	}

	u, used, err := s.TokenUser(ctx, secret)
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "anna" || u.Role != models.RoleAnalyst || used.ID != tok.ID {
		t.Fatalf("user %+v, token %+v", u, used)
	}
	today := time.Now().In(mustZone(t)).Format(time.DateOnly)
	if used.LastUsedDay != today {
		t.Fatalf("last used %q, want %s", used.LastUsedDay, today)
	}
	list, _ := s.Tokens(ctx, "anna")
	if len(list) != 1 || list[0].LastUsedDay != today {
		t.Fatalf("listed %+v", list)
	}
}

func mustZone(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		return time.UTC
	}
	return loc
}

func TestTokenLastUsedDayMovesOn(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	mustCreateUser(t, s, "anna", models.RoleAnalyst)
	secret, tok, _ := s.CreateToken(ctx, "anna", "")
	if err := store.SetRaw(ctx, s, "tokens", bson.M{"id": tok.ID}, bson.M{"last_used_day": "2020-01-01"}); err != nil {
		t.Fatal(err)
	}
	if _, used, err := s.TokenUser(ctx, secret); err != nil || used.LastUsedDay == "2020-01-01" {
		t.Fatalf("token %+v, %v", used, err)
	}
	list, _ := s.Tokens(ctx, "anna")
	if list[0].LastUsedDay == "2020-01-01" {
		t.Fatal("a new day of use was not stored")
	}
}

func TestTokenRefused(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	mustCreateUser(t, s, "anna", models.RoleAnalyst)
	mustCreateUser(t, s, "bertil", models.RoleAdmin)
	anna, _, _ := s.CreateToken(ctx, "anna", "")
	bertil, btok, _ := s.CreateToken(ctx, "bertil", "")

	if err := s.SetUserDisabled(ctx, "anna", true); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, btok.ID); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, secret string }{
		{"disabled user", anna},
		{"revoked token", bertil},
		{"unknown token", store.TokenPrefix + strings.Repeat("A", 43)},
		{"without prefix", strings.TrimPrefix(anna, store.TokenPrefix)},
		{"empty", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			u, tok, err := s.TokenUser(ctx, tt.secret)
			if u != nil || tok != nil {
				t.Fatalf("got %+v %+v", u, tok)
			}
			wantCode(t, err, models.ErrUnauthorized)
		})
	}

	if err := s.SetUserDisabled(ctx, "anna", false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.TokenUser(ctx, anna); err != nil {
		t.Fatalf("token of a re-enabled user: %v", err)
	}
}

func TestTokenOfUnknownUser(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	_, _, err := s.CreateToken(ctx, "nobody", "")
	wantCode(t, err, models.ErrNotFound)
}

func TestTokenLabelTooLong(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	mustCreateUser(t, s, "anna", models.RoleAnalyst)
	_, _, err := s.CreateToken(ctx, "anna", strings.Repeat("x", 101))
	wantCode(t, err, models.ErrInvalid)
	// Labels are listed on the password page: nothing there may read backwards.
	for _, label := range []string{"ci\u202eten", "a\x00b", "rad\nrad"} {
		_, _, err := s.CreateToken(ctx, "anna", label)
		wantCode(t, err, models.ErrInvalid)
	}
}

func TestTokensListAndRevoke(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	mustCreateUser(t, s, "anna", models.RoleAnalyst)
	mustCreateUser(t, s, "bertil", models.RoleAdmin)
	_, a1, _ := s.CreateToken(ctx, "anna", "one")
	_, b1, _ := s.CreateToken(ctx, "bertil", "")
	_, a2, _ := s.CreateToken(ctx, "anna", "two")

	ids := func(list []models.Token, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, tok := range list {
			out = append(out, tok.ID)
		}
		return strings.Join(out, ",")
	}
	if got, want := ids(s.Tokens(ctx, "anna")), a1.ID+","+a2.ID; got != want {
		t.Fatalf("anna's tokens %s, want %s", got, want)
	}
	if got, want := ids(s.Tokens(ctx, "")), a1.ID+","+a2.ID+","+b1.ID; got != want {
		t.Fatalf("all tokens %s, want %s", got, want)
	}
	if list, err := s.Tokens(ctx, "nobody"); err != nil || list == nil || len(list) != 0 {
		t.Fatalf("tokens of nobody = %#v, %v", list, err)
	}

	if err := s.RevokeToken(ctx, a1.ID); err != nil {
		t.Fatal(err)
	}
	if got := ids(s.Tokens(ctx, "")); got != a2.ID+","+b1.ID {
		t.Fatalf("after revoking: %s", got)
	}
	wantCode(t, s.RevokeToken(ctx, a1.ID), models.ErrNotFound)
}

func TestRevokeUserTokens(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	mustCreateUser(t, s, "anna", models.RoleAnalyst)
	mustCreateUser(t, s, "bertil", models.RoleAdmin)
	annaOne, a1, _ := s.CreateToken(ctx, "anna", "one")
	annaTwo, a2, _ := s.CreateToken(ctx, "anna", "two")
	bertils, _, _ := s.CreateToken(ctx, "bertil", "")

	revoked, err := s.RevokeUserTokens(ctx, "anna")
	if err != nil || len(revoked) != 2 || revoked[0].ID != a1.ID || revoked[1].ID != a2.ID {
		t.Fatalf("revoked %+v, %v", revoked, err)
	}
	for _, secret := range []string{annaOne, annaTwo} {
		_, _, err := s.TokenUser(ctx, secret)
		wantCode(t, err, models.ErrUnauthorized)
	}
	if u, _, err := s.TokenUser(ctx, bertils); err != nil || u.Name != "bertil" {
		t.Fatalf("another user's token: %+v %v", u, err)
	}
	if revoked, err := s.RevokeUserTokens(ctx, "anna"); err != nil || len(revoked) != 0 {
		t.Fatalf("again: %+v %v", revoked, err)
	}
	_, err = s.RevokeUserTokens(ctx, "")
	wantCode(t, err, models.ErrInvalid)
}
