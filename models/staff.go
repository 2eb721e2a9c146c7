package models

import (
	"strings"
	"time"
)

// Staff roles. An admin may do everything; an analyst reads results and
// exports of every survey; a facilitator (field assistant) runs sessions and
// sees their own sessions' class results.
const (
	RoleAdmin       = "admin"
	RoleAnalyst     = "analyst"
	RoleFacilitator = "facilitator"
)

// Roles lists the valid roles, most powerful first.
var Roles = []string{RoleAdmin, RoleAnalyst, RoleFacilitator}

// ValidRole reports whether r is one of the staff roles.
func ValidRole(r string) bool {
	switch r {
	case RoleAdmin, RoleAnalyst, RoleFacilitator:
		return true
	}
	return false
}

// ValidUserName reports whether s can be a staff user name:
// ^[a-z][a-z0-9._-]{1,39}$. Names are only ever stored as values, never as
// document keys, so a dot is fine.
func ValidUserName(s string) bool {
	if len(s) < 2 || len(s) > 40 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// ReservedUserNames are the built-in identities that act in the audit log
// and own things (sessions, plans) without being accounts. An account
// under one of these names would inherit what they did, so none may be
// created.
var ReservedUserNames = []string{AuditActorAdminToken, AuditActorCLI, AuditActorSystem, AuditActorDemo}

// ReservedUserName reports whether name belongs to a built-in identity.
func ReservedUserName(name string) bool {
	for _, r := range ReservedUserNames {
		if strings.EqualFold(name, r) {
			return true
		}
	}
	return false
}

// OneTimePasswordTTL is how long a one-time password (handed out when an
// account is created or reset) signs in; after that an admin must reset it.
const OneTimePasswordTTL = 7 * 24 * time.Hour

// User is a staff account. The password hash is not part of it: it stays in
// the store, so a User can be shown or encoded without leaking it.
type User struct {
	Name      string    `json:"name" bson:"name"`
	Role      string    `json:"role" bson:"role"`
	Disabled  bool      `json:"disabled" bson:"disabled"`
	CreatedAt time.Time `json:"created_at" bson:"created_at"`
	// MustChangePassword is set while the password is a one-time password:
	// a signed-in session can do nothing but choose its own.
	MustChangePassword bool `json:"must_change_password,omitempty" bson:"must_change_password,omitempty"`
	// PasswordExpiresAt is when a one-time password stops signing in.
	PasswordExpiresAt *time.Time `json:"password_expires_at,omitempty" bson:"password_expires_at,omitempty"`
}

// PasswordExpired reports whether the account's one-time password has run
// out at now.
func (u *User) PasswordExpired(now time.Time) bool {
	return u.PasswordExpiresAt != nil && !now.Before(*u.PasswordExpiresAt)
}

// Token describes an API token without its secret, which is shown once at
// creation and stored only as a hash. ID is public: it names the token in
// lists and when revoking it.
type Token struct {
	ID          string    `json:"id" bson:"id"`
	User        string    `json:"user" bson:"user"`
	Label       string    `json:"label,omitempty" bson:"label,omitempty"`
	CreatedAt   time.Time `json:"created_at" bson:"created_at"`
	LastUsedDay string    `json:"last_used_day,omitempty" bson:"last_used_day,omitempty"` // YYYY-MM-DD
}

// AuditEntry is one staff action in the audit log: who, when, what. Staff
// actions carry a precise time; respondents' never do.
type AuditEntry struct {
	At      time.Time         `json:"at" bson:"at"`
	Actor   string            `json:"actor" bson:"actor"`
	Role    string            `json:"role" bson:"role"`
	Action  string            `json:"action" bson:"action"`
	Survey  string            `json:"survey,omitempty" bson:"survey,omitempty"`
	Details map[string]string `json:"details,omitempty" bson:"details,omitempty"`
}

// Audit actions on staff accounts. The actor of changes made with the
// command line is AuditActorCLI.
const (
	AuditUserCreate  = "user.create"
	AuditUserDisable = "user.disable"
	AuditUserEnable  = "user.enable"
	AuditUserPasswd  = "user.passwd" // an admin gave a new one-time password
	// AuditPassword is a user choosing their own password.
	AuditPassword    = "user.password"
	AuditLogin       = "auth.login"
	AuditLoginFailed = "auth.login_failed"
	AuditLogout      = "auth.logout"
	AuditTokenCreate = "token.create"
	AuditTokenRevoke = "token.revoke"
	AuditSurveyOpen  = "survey.open"
	AuditSurveyClose = "survey.close"
	AuditSurveySave  = "survey.save"
	AuditResultsView = "results.view"
	AuditExport      = "results.export"

	AuditActorCLI = "cli"
	// AuditActorSystem is the service itself, e.g. seeding a built-in plan.
	AuditActorSystem = "system"
	// AuditActorAdminToken is whoever uses the bootstrap DIALOG_ADMIN_TOKEN.
	AuditActorAdminToken = "admin-token"
	// AuditActorDemo made the demo data (sessions and the like).
	AuditActorDemo = "demo"
	// AuditActorUnknown stands for a sign-in name that is no account: what
	// was typed may be a password typed into the wrong field, so it is
	// never stored.
	AuditActorUnknown = "(unknown)"
)
