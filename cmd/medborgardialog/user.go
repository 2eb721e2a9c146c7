package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"medborgardialog/models"
	"medborgardialog/password"
	"medborgardialog/store"
)

const userUsage = `usage:
  medborgardialog user add --name NAME --role ROLE [--token] [--label L]
                                   create a staff account (role admin, analyst or facilitator) and print
                                   its one-time password, or with --token an API token instead
  medborgardialog user list        list the accounts
  medborgardialog user disable NAME
  medborgardialog user enable NAME
  medborgardialog user token NAME [--label L]
                                   print a new API token for an account
  medborgardialog user passwd NAME print a new one-time password, end the account's web sessions
                                   and revoke its API tokens

A one-time password must be changed at the first sign-in and stops working
after 7 days.
`

// shownOnce follows every printed secret.
const shownOnce = "It is shown only this once and cannot be recovered; hand it over safely."

// oneTimeNoteFormat follows a printed one-time password.
const oneTimeNoteFormat = "It must be changed at the first sign-in and stops working after %s (%s); then run user passwd again.\n"

// usageError is a command line that cannot be run: exit 2 with the usage.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func userCmd(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, userUsage)
		return 2
	}
	sub, args := args[0], args[1:]
	var (
		fs              = flag.NewFlagSet("user "+sub, flag.ContinueOnError)
		name, role, lbl string
		withToken       bool
		wantNames       = 1
	)
	fs.SetOutput(io.Discard)
	switch sub {
	case "add":
		fs.StringVar(&name, "name", "", "user name")
		fs.StringVar(&role, "role", "", "admin, analyst or facilitator")
		fs.BoolVar(&withToken, "token", false, "print an API token instead of a password")
		fs.StringVar(&lbl, "label", "", "what the token is for")
		wantNames = 0
	case "list":
		wantNames = 0
	case "token":
		fs.StringVar(&lbl, "label", "", "what the token is for")
	case "disable", "enable", "passwd":
	default:
		fmt.Fprintf(stderr, "medborgardialog: unknown user command %q\n\n%s", sub, userUsage)
		return 2
	}
	names, err := parseInterspersed(fs, args)
	if err == nil && len(names) != wantNames {
		err = usageError{fmt.Sprintf("expected %d user name(s), got %d", wantNames, len(names))}
	}
	if err == nil && wantNames == 1 {
		name = names[0]
	}
	if err == nil && sub == "add" {
		err = checkNewUser(name, role)
	}
	if err == nil && !withToken && lbl != "" && sub == "add" {
		err = usageError{"--label only goes with --token"}
	}
	if err != nil {
		fmt.Fprintf(stderr, "medborgardialog user %s: %v\n\n%s", sub, err, userUsage)
		return 2
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	st, closeDB, code := openConfigured(ctx, getenv, stderr)
	if st == nil {
		return code
	}
	defer closeDB()

	u := userTool{st: st, out: stdout, osUser: getenv("USER")}
	switch sub {
	case "add":
		err = u.add(ctx, name, role, withToken, lbl)
	case "list":
		err = u.list(ctx)
	case "disable", "enable":
		err = u.setDisabled(ctx, name, sub == "disable")
	case "token":
		err = u.token(ctx, name, lbl)
	case "passwd":
		err = u.passwd(ctx, name)
	}
	if err != nil {
		fmt.Fprintf(stderr, "medborgardialog user %s: %s\n", sub, errorLine(err))
		return 1
	}
	return 0
}

// parseInterspersed parses flags that may come before or after the
// positional arguments ("user token anna --label ci") and returns those.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usageError{err.Error()}
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func checkNewUser(name, role string) error {
	switch {
	case name == "":
		return usageError{"--name is required"}
	case !models.ValidUserName(name):
		return usageError{fmt.Sprintf("--name %q: 2 to 40 lowercase letters, digits, '.', '_' or '-', starting with a letter", name)}
	case models.ReservedUserName(name):
		return usageError{fmt.Sprintf("--name %q is reserved for a built-in identity (%s)", name, strings.Join(models.ReservedUserNames, ", "))}
	case !models.ValidRole(role):
		return usageError{fmt.Sprintf("--role %q: one of %s", role, strings.Join(models.Roles, ", "))}
	}
	return nil
}

// errorLine is the safe message of an application error, or the whole
// error for anything else (a database that does not answer, say).
func errorLine(err error) string {
	var e *models.Error
	if errors.As(err, &e) && e.Code != models.ErrUnavailable {
		return e.Message
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

type userTool struct {
	st     *store.Store
	out    io.Writer
	osUser string
}

// audit records a change made from the command line. The change is done
// by then, so a failure is reported but does not undo it. Every command
// writes its entry before it prints anything: "user add … | head -1"
// ends the process at its second line, and a secret must never be out
// without its entry in the log. A secret whose entry could not be written
// is not printed at all (withheld).
func (u userTool) audit(ctx context.Context, action string, details map[string]string) error {
	if u.osUser != "" {
		details["os_user"] = u.osUser
	}
	err := u.st.InsertAudit(ctx, models.AuditEntry{Actor: models.AuditActorCLI, Role: models.RoleAdmin, Action: action, Details: details})
	if err != nil {
		return fmt.Errorf("the change is made, but the audit log could not be written: %w", err)
	}
	return nil
}

func (u userTool) add(ctx context.Context, name, role string, withToken bool, label string) error {
	pw := password.Generate()
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	if err := u.st.CreateUser(ctx, name, role, hash); err != nil {
		return err
	}
	if !withToken {
		if err := u.audit(ctx, models.AuditUserCreate, map[string]string{"user": name, "role": role}); err != nil {
			return withheld(err, "password", "user passwd "+name)
		}
		fmt.Fprintf(u.out, "Created %s (%s). One-time password:\n%s\n%s\n", name, role, pw, shownOnce)
		u.oneTimeNote(time.Now().Add(models.OneTimePasswordTTL))
		return nil
	}
	// A token-only account still gets a hash, of a password nobody ever
	// sees, so it cannot sign in until an admin runs "user passwd".
	secret, tok, err := u.st.CreateToken(ctx, name, label)
	if err != nil {
		return fmt.Errorf("created %s, but no token: %w", name, err)
	}
	if err := u.audit(ctx, models.AuditUserCreate, map[string]string{"user": name, "role": role, "token": tok.ID}); err != nil {
		return withheld(err, "token", "user token "+name)
	}
	fmt.Fprintf(u.out, "Created %s (%s) with API token %s:\n%s\n%s\n", name, role, tok.ID, secret, shownOnce)
	return nil
}

// withheld is the error of a command whose secret is not printed because
// its audit entry could not be written; again is the command that makes
// a new one.
func withheld(err error, what, again string) error {
	return fmt.Errorf("%w; the %s is not shown: run %s once the database answers", err, what, again)
}

func (u userTool) list(ctx context.Context) error {
	users, err := u.st.Users(ctx)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		fmt.Fprintln(u.out, "No users yet: add one with medborgardialog user add --name NAME --role admin")
		return nil
	}
	tokens, err := u.st.Tokens(ctx, "")
	if err != nil {
		return err
	}
	perUser := map[string]int{}
	for _, t := range tokens {
		perUser[t.User]++
	}
	tw := tabwriter.NewWriter(u.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tROLE\tSTATUS\tCREATED\tTOKENS")
	for _, usr := range users {
		status := "active"
		if usr.Disabled {
			status = "disabled"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", usr.Name, usr.Role, status, localDay(usr.CreatedAt), strconv.Itoa(perUser[usr.Name]))
	}
	return tw.Flush()
}

func (u userTool) setDisabled(ctx context.Context, name string, disabled bool) error {
	if err := u.st.SetUserDisabled(ctx, name, disabled); err != nil {
		return err
	}
	action, what := models.AuditUserEnable, "enabled"
	if disabled {
		action, what = models.AuditUserDisable, "disabled; its web sessions are ended and its tokens refused"
	}
	if err := u.audit(ctx, action, map[string]string{"user": name}); err != nil {
		return err
	}
	fmt.Fprintf(u.out, "%s %s\n", name, what)
	return nil
}

func (u userTool) token(ctx context.Context, name, label string) error {
	secret, tok, err := u.st.CreateToken(ctx, name, label)
	if err != nil {
		return err
	}
	if err := u.audit(ctx, models.AuditTokenCreate, map[string]string{"user": name, "token": tok.ID}); err != nil {
		return withheld(err, "token", "user token "+name) // never shown, it is no use to anyone
	}
	fmt.Fprintf(u.out, "New API token %s for %s:\n%s\n%s\n", tok.ID, name, secret, shownOnce)
	if usr, _, err := u.st.UserWithHash(ctx, name); err == nil && usr.Disabled {
		fmt.Fprintf(u.out, "Note: %s is disabled; the token works once the account is enabled.\n", name)
	}
	return nil
}

func (u userTool) passwd(ctx context.Context, name string) error {
	pw := password.Generate()
	hash, err := password.Hash(pw)
	if err != nil {
		return err
	}
	expires := time.Now().Add(models.OneTimePasswordTTL)
	if err := u.st.ResetPassword(ctx, name, hash, expires); err != nil {
		return err
	}
	if err := u.st.DeleteUserWebSessions(ctx, name); err != nil {
		return fmt.Errorf("the password is changed, but the web sessions could not be ended: %w", err)
	}
	// A reset is what follows a leak: whoever had the password could
	// have made tokens with it, so they go too.
	revoked, err := u.st.RevokeUserTokens(ctx, name)
	if err != nil {
		return fmt.Errorf("the password is changed and the web sessions ended, but the API tokens could not be revoked: %w", err)
	}
	for _, tok := range revoked {
		if err := u.audit(ctx, models.AuditTokenRevoke, map[string]string{"user": name, "token": tok.ID, "why": models.AuditUserPasswd}); err != nil {
			return withheld(err, "password", "user passwd "+name)
		}
	}
	if err := u.audit(ctx, models.AuditUserPasswd, map[string]string{"user": name, "tokens_revoked": strconv.Itoa(len(revoked))}); err != nil {
		return withheld(err, "password", "user passwd "+name)
	}
	fmt.Fprintf(u.out, "New one-time password for %s (signed out everywhere, %d API token(s) revoked):\n%s\n%s\n", name, len(revoked), pw, shownOnce)
	u.oneTimeNote(expires)
	return nil
}

func (u userTool) oneTimeNote(expires time.Time) {
	fmt.Fprintf(u.out, oneTimeNoteFormat, fmt.Sprintf("%d days", int(models.OneTimePasswordTTL.Hours()/24)), localDay(expires))
}

// localDay is the Swedish calendar day of t, as staff read dates.
func localDay(t time.Time) string {
	if loc, err := time.LoadLocation("Europe/Stockholm"); err == nil {
		t = t.In(loc)
	}
	return t.Format(time.DateOnly)
}
