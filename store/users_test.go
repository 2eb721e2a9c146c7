package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func mustCreateUser(t *testing.T, s *store.Store, name, role string) {
	t.Helper()
	if err := s.CreateUser(testCtx(t), name, role, "$argon2id$hash-of-"+name); err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil || models.ErrorCode(err) != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
}

func TestCreateUserAndReadBack(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	before := time.Now().Add(-time.Second)
	mustCreateUser(t, s, "anna.berg", models.RoleAnalyst)

	u, hash, err := s.UserWithHash(ctx, "anna.berg")
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "anna.berg" || u.Role != models.RoleAnalyst || u.Disabled || u.CreatedAt.Before(before) {
		t.Fatalf("user %+v", u)
	}
	if hash != "$argon2id$hash-of-anna.berg" {
		t.Fatalf("hash %q", hash)
	}
	b, _ := json.Marshal(u)
	if strings.Contains(string(b), "hash") {
		t.Fatalf("user JSON carries the hash: %s", b)
	}
}

func TestCreateUserRefuses(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	mustCreateUser(t, s, "anna", models.RoleAdmin)
	for _, tt := range []struct {
		name, user, role, hash, code string
	}{
		{"taken name", "anna", models.RoleAnalyst, "h", models.ErrConflict},
		{"bad name", "Anna", models.RoleAnalyst, "h", models.ErrInvalid},
		{"dollar in name", "a$b", models.RoleAnalyst, "h", models.ErrInvalid},
		{"bad role", "bertil", "root", "h", models.ErrInvalid},
		{"no hash", "bertil", models.RoleAnalyst, "", models.ErrInvalid},
		{"bootstrap token's name", "admin-token", models.RoleAnalyst, "h", models.ErrInvalid},
		{"command line's name", "cli", models.RoleAdmin, "h", models.ErrInvalid},
		{"the service's name", "system", models.RoleAdmin, "h", models.ErrInvalid},
		{"the demo's name", "demo", models.RoleFacilitator, "h", models.ErrInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, s.CreateUser(ctx, tt.user, tt.role, tt.hash), tt.code)
		})
	}
}

func TestUserWithHashUnknown(t *testing.T) {
	s := storetest.New(t)
	_, _, err := s.UserWithHash(testCtx(t), "nobody")
	wantCode(t, err, models.ErrNotFound)
}

func TestUsersSortedByName(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	list, err := s.Users(ctx)
	if err != nil || list == nil || len(list) != 0 {
		t.Fatalf("empty list = %#v, %v; want an empty, non-nil slice", list, err)
	}
	for _, n := range []string{"cecilia", "anna", "bertil"} {
		mustCreateUser(t, s, n, models.RoleFacilitator)
	}
	list, err = s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range list {
		names = append(names, u.Name)
		if u.Role != models.RoleFacilitator || u.CreatedAt.IsZero() {
			t.Errorf("user %+v", u)
		}
	}
	if strings.Join(names, ",") != "anna,bertil,cecilia" {
		t.Fatalf("names %v", names)
	}
}

func TestSetUserDisabled(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	mustCreateUser(t, s, "anna", models.RoleAdmin)
	if err := s.SetUserDisabled(ctx, "anna", true); err != nil {
		t.Fatal(err)
	}
	if u, _, _ := s.UserWithHash(ctx, "anna"); !u.Disabled {
		t.Fatal("not disabled")
	}
	if err := s.SetUserDisabled(ctx, "anna", false); err != nil {
		t.Fatal(err)
	}
	if u, _, _ := s.UserWithHash(ctx, "anna"); u.Disabled {
		t.Fatal("not enabled again")
	}
	wantCode(t, s.SetUserDisabled(ctx, "nobody", true), models.ErrNotFound)
}

// A new account's password is a one-time password: it must be changed
// and runs out after a week.
func TestCreatedPasswordIsOneTime(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	before := time.Now()
	mustCreateUser(t, s, "anna", models.RoleAdmin)
	u, _, err := s.UserWithHash(ctx, "anna")
	if err != nil {
		t.Fatal(err)
	}
	if !u.MustChangePassword || u.PasswordExpiresAt == nil {
		t.Fatalf("user %+v: not a one-time password", u)
	}
	if d := u.PasswordExpiresAt.Sub(before); d < models.OneTimePasswordTTL-time.Second || d > models.OneTimePasswordTTL+time.Minute {
		t.Fatalf("expires %v after creation, want %v", d, models.OneTimePasswordTTL)
	}
	if u.PasswordExpired(time.Now()) || !u.PasswordExpired(before.Add(models.OneTimePasswordTTL+time.Minute)) {
		t.Fatal("PasswordExpired does not follow the stored time")
	}
	// The session's view of the account carries the flag too.
	secret, _, err := s.CreateWebSession(ctx, "anna", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if u, _, err := s.WebSession(ctx, secret); err != nil || !u.MustChangePassword {
		t.Fatalf("web session's user %+v %v", u, err)
	}
}

func TestSetAndResetPassword(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	mustCreateUser(t, s, "anna", models.RoleAdmin)
	if err := s.SetPassword(ctx, "anna", "chosen-hash"); err != nil {
		t.Fatal(err)
	}
	u, h, _ := s.UserWithHash(ctx, "anna")
	if h != "chosen-hash" || u.MustChangePassword || u.PasswordExpiresAt != nil {
		t.Fatalf("after a chosen password: %+v %q", u, h)
	}
	expires := time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)
	if err := s.ResetPassword(ctx, "anna", "reset-hash", expires); err != nil {
		t.Fatal(err)
	}
	u, h, _ = s.UserWithHash(ctx, "anna")
	if h != "reset-hash" || !u.MustChangePassword || u.PasswordExpiresAt == nil || !u.PasswordExpiresAt.Equal(expires) {
		t.Fatalf("after a reset: %+v %q", u, h)
	}
	wantCode(t, s.SetPassword(ctx, "nobody", "x"), models.ErrNotFound)
	wantCode(t, s.SetPassword(ctx, "anna", ""), models.ErrInvalid)
	wantCode(t, s.ResetPassword(ctx, "nobody", "x", expires), models.ErrNotFound)
	wantCode(t, s.ResetPassword(ctx, "anna", "", expires), models.ErrInvalid)
}
