package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/password"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

type cliResult struct {
	code           int
	stdout, stderr string
}

func runCLI(env func(string) string, args ...string) cliResult {
	var out, errOut bytes.Buffer
	code := run(args, env, &out, &errOut)
	return cliResult{code, out.String(), errOut.String()}
}

// secret is the line printed just before the "shown only once" note.
func (r cliResult) secret(t *testing.T) string {
	t.Helper()
	lines := strings.Split(r.stdout, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] == shownOnce {
			return lines[i-1]
		}
	}
	t.Fatalf("no secret in output:\n%s", r.stdout)
	return ""
}

// withStore opens the database the commands use, as a separate step, the
// way an operator would run the server after them.
func withStore(t *testing.T, env func(string) string, f func(context.Context, *store.Store)) {
	t.Helper()
	cfg, err := LoadConfig(env, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, closeDB, err := openDatabase(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	f(ctx, st)
}

func TestUserCommands(t *testing.T) {
	env := envOf(map[string]string{"DIALOG_DATA_DIR": t.TempDir(), "USER": "operator"})
	var stderr strings.Builder
	must := func(args ...string) cliResult {
		t.Helper()
		r := runCLI(env, args...)
		stderr.WriteString(r.stderr)
		if r.code != 0 {
			t.Fatalf("%v: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
		return r
	}

	added := must("user", "add", "--name", "anna.berg", "--role", "admin")
	pw := added.secret(t)
	if !strings.Contains(added.stdout, "must be changed at the first sign-in") {
		t.Errorf("add does not say the password is one-time:\n%s", added.stdout)
	}
	if len(pw) < 20 {
		t.Fatalf("password %q", pw)
	}
	addToken := must("user", "add", "--name", "bertil", "--role", "analyst", "--token", "--label", "excel")
	token := addToken.secret(t)
	if !strings.HasPrefix(token, store.TokenPrefix) {
		t.Fatalf("token %q", token)
	}
	laptop := must("user", "token", "anna.berg", "--label", "laptop").secret(t)

	dup := runCLI(env, "user", "add", "--name", "anna.berg", "--role", "analyst")
	stderr.WriteString(dup.stderr)
	if dup.code != 1 || dup.stdout != "" || strings.Count(dup.stderr, "\n") != 1 || !strings.Contains(dup.stderr, "already exists") {
		t.Fatalf("duplicate: exit %d, stdout %q, stderr %q", dup.code, dup.stdout, dup.stderr)
	}

	list := must("user", "list").stdout
	for _, want := range []string{"anna.berg  admin    active  " + time.Now().Format("2006-01"), "bertil     analyst  active"} {
		if !strings.Contains(list, want) {
			t.Errorf("list lacks %q:\n%s", want, list)
		}
	}
	if lines := strings.Split(strings.TrimSpace(list), "\n"); len(lines) != 3 || !strings.HasSuffix(lines[1], " 1") || !strings.HasSuffix(lines[2], " 1") {
		t.Errorf("list, one token each:\n%s", list)
	}

	var session string
	withStore(t, env, func(ctx context.Context, st *store.Store) {
		u, hash, err := st.UserWithHash(ctx, "anna.berg")
		if err != nil || u.Role != models.RoleAdmin || u.Disabled {
			t.Fatalf("anna: %+v %v", u, err)
		}
		if ok, err := password.Verify(pw, hash); !ok || err != nil {
			t.Fatalf("printed password does not verify: %v", err)
		}
		if !u.MustChangePassword || u.PasswordExpiresAt == nil || u.PasswordExpiresAt.Sub(time.Now()) < models.OneTimePasswordTTL-time.Minute {
			t.Fatalf("the printed password is not a one-time password for a week: %+v", u)
		}
		if u, _, err := st.TokenUser(ctx, laptop); err != nil || u.Name != "anna.berg" {
			t.Fatalf("anna's token: %+v %v", u, err)
		}
		u, tok, err := st.TokenUser(ctx, token)
		if err != nil || u.Name != "bertil" || tok.Label != "excel" {
			t.Fatalf("bertil's token: %+v %+v %v", u, tok, err)
		}
		if _, hash, _ := st.UserWithHash(ctx, "bertil"); hash == "" {
			t.Fatal("a token-only user has no password hash")
		}
		if session, _, err = st.CreateWebSession(ctx, "anna.berg", time.Hour); err != nil {
			t.Fatal(err)
		}
	})

	pw2 := must("user", "passwd", "anna.berg").secret(t)
	must("user", "disable", "bertil")
	if list := must("user", "list").stdout; !strings.Contains(list, "bertil     analyst  disabled") {
		t.Errorf("list after disable:\n%s", list)
	}

	withStore(t, env, func(ctx context.Context, st *store.Store) {
		u, hash, _ := st.UserWithHash(ctx, "anna.berg")
		if ok, _ := password.Verify(pw2, hash); !ok {
			t.Fatal("new password does not verify")
		}
		if !u.MustChangePassword || u.PasswordExpiresAt == nil || u.PasswordExpired(time.Now()) {
			t.Fatalf("a reset password is not a fresh one-time password: %+v", u)
		}
		if ok, _ := password.Verify(pw, hash); ok {
			t.Fatal("old password still verifies")
		}
		if _, _, err := st.WebSession(ctx, session); models.ErrorCode(err) != models.ErrUnauthorized {
			t.Fatalf("web session after passwd: %v", err)
		}
		if _, _, err := st.TokenUser(ctx, token); models.ErrorCode(err) != models.ErrUnauthorized {
			t.Fatalf("token of a disabled user: %v", err)
		}
		if _, _, err := st.TokenUser(ctx, laptop); models.ErrorCode(err) != models.ErrUnauthorized {
			t.Fatalf("a token after user passwd: %v", err)
		}
		entries, err := st.Audit(ctx, 100, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action+" "+e.Details["user"])
			if e.Actor != models.AuditActorCLI || e.Details["os_user"] != "operator" {
				t.Errorf("entry %+v", e)
			}
		}
		want := "user.disable bertil,user.passwd anna.berg,token.revoke anna.berg,token.create anna.berg,user.create bertil,user.create anna.berg"
		if strings.Join(actions, ",") != want {
			t.Errorf("audit %v, want %s", actions, want)
		}
	})

	must("user", "enable", "bertil")
	withStore(t, env, func(ctx context.Context, st *store.Store) {
		if _, _, err := st.TokenUser(ctx, token); err != nil {
			t.Fatalf("token after enable: %v", err)
		}
	})

	for _, secret := range []string{pw, pw2, token, laptop, strings.TrimPrefix(token, store.TokenPrefix)} {
		if strings.Contains(stderr.String(), secret) {
			t.Fatalf("a secret was written to stderr:\n%s", stderr.String())
		}
	}
}

func TestUserCommandUsage(t *testing.T) {
	env := envOf(map[string]string{"DIALOG_DATA_DIR": "/nonexistent/never-opened"})
	for _, args := range [][]string{
		{"user"},
		{"user", "frob"},
		{"user", "add"},
		{"user", "add", "--name", "anna"},
		{"user", "add", "--role", "admin"},
		{"user", "add", "--name", "Anna", "--role", "admin"},
		{"user", "add", "--name", "anna", "--role", "root"},
		{"user", "add", "--name", "admin-token", "--role", "admin"},
		{"user", "add", "--name", "cli", "--role", "admin"},
		{"user", "add", "--name", "system", "--role", "analyst"},
		{"user", "add", "--name", "demo", "--role", "facilitator", "--token"},
		{"user", "add", "--name", "anna", "--role", "admin", "--label", "x"},
		{"user", "add", "--name", "anna", "--role", "admin", "extra"},
		{"user", "add", "--nam", "anna"},
		{"user", "list", "extra"},
		{"user", "disable"},
		{"user", "enable", "a", "b"},
		{"user", "passwd", "--label", "x", "anna"},
		{"user", "token"},
	} {
		r := runCLI(env, args...)
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "usage:") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
}

func TestUserCommandErrors(t *testing.T) {
	env := envOf(map[string]string{"MONGODB_URI": storetest.URI(), "DIALOG_DB": storetest.DBName()})
	t.Cleanup(func() {
		withStore(t, env, func(ctx context.Context, st *store.Store) { _ = st.Drop(ctx) })
	})
	if r := runCLI(env, "user", "list"); r.code != 0 || !strings.Contains(r.stdout, "No users yet") {
		t.Fatalf("empty list: %+v", r)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"user", "disable", "nobody"}, `no user "nobody"`},
		{[]string{"user", "enable", "nobody"}, `no user "nobody"`},
		{[]string{"user", "passwd", "nobody"}, `no user "nobody"`},
		{[]string{"user", "token", "--label", "x", "nobody"}, `no user "nobody"`},
	} {
		r := runCLI(env, tt.args...)
		if r.code != 1 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tt.args, r.code, r.stdout, r.stderr)
		}
	}
	// A disabled user can still be given a token, with a note that it waits.
	if r := runCLI(env, "user", "add", "--name", "cecilia", "--role", "facilitator"); r.code != 0 {
		t.Fatalf("add: %+v", r)
	}
	runCLI(env, "user", "disable", "cecilia")
	if r := runCLI(env, "user", "token", "cecilia"); r.code != 0 || !strings.Contains(r.stdout, "is disabled") {
		t.Fatalf("token for a disabled user: %+v", r)
	}
}

func TestUserCommandBadDataDir(t *testing.T) {
	env := envOf(map[string]string{"DIALOG_DATA_DIR": "/proc/no-such-dir"})
	r := runCLI(env, "user", "list")
	if r.code != 1 || !strings.HasPrefix(r.stderr, "medborgardialog: DIALOG_DATA_DIR:") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// auditWatch is a stdout that notes, at the first line a command prints,
// which audit entries are written by then: "user add … | head -1" ends
// the process at its next line, so an entry written after printing may
// never be written at all (issue 26).
type auditWatch struct {
	t     *testing.T
	env   func(string) string
	wrote bool
	seen  []string // "action user" in the log at the first write, newest first
}

func (w *auditWatch) Write(p []byte) (int, error) {
	if !w.wrote {
		w.wrote = true
		withStore(w.t, w.env, func(ctx context.Context, st *store.Store) {
			entries, err := st.Audit(ctx, 100, time.Time{})
			if err != nil {
				w.t.Fatal(err)
			}
			for _, e := range entries {
				w.seen = append(w.seen, e.Action+" "+e.Details["user"])
			}
		})
	}
	return len(p), nil
}

func TestUserCommandsAuditBeforeTheyPrint(t *testing.T) {
	env := envOf(map[string]string{"MONGODB_URI": storetest.URI(), "DIALOG_DB": storetest.DBName()})
	t.Cleanup(func() {
		withStore(t, env, func(ctx context.Context, st *store.Store) { _ = st.Drop(ctx) })
	})
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"user", "add", "--name", "dora", "--role", "analyst"}, "user.create dora"},
		{[]string{"user", "add", "--name", "erik", "--role", "analyst", "--token"}, "user.create erik"},
		{[]string{"user", "token", "dora"}, "token.create dora"},
		{[]string{"user", "passwd", "dora"}, "user.passwd dora"},
		{[]string{"user", "disable", "dora"}, "user.disable dora"},
		{[]string{"user", "enable", "dora"}, "user.enable dora"},
	} {
		w := &auditWatch{t: t, env: env}
		var stderr bytes.Buffer
		if code := run(tt.args, env, w, &stderr); code != 0 || !w.wrote {
			t.Fatalf("%v: exit %d, printed %v\n%s", tt.args, code, w.wrote, stderr.String())
		}
		if len(w.seen) == 0 || w.seen[0] != tt.want {
			t.Errorf("%v: at its first line printed the audit log began %v, want %s", tt.args, w.seen[:min(len(w.seen), 2)], tt.want)
		}
	}
}
