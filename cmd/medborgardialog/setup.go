package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"time"

	"medborgardialog/handlers"
	"medborgardialog/models"
	"medborgardialog/store"
)

// firstAdminSetup makes the one-time setup link's token when no enabled
// admin account exists, so the first admin is made from a browser while
// the service runs (handlers/setup.go). With an admin it makes none. The
// token lives only in this process: a restart ends it and, while there is
// still no admin, prints a new one.
func firstAdminSetup(ctx context.Context, st *store.Store) (token string, expires time.Time, err error) {
	users, err := st.Users(ctx)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("setup link: %w", err)
	}
	for _, u := range users {
		if u.Role == models.RoleAdmin && !u.Disabled {
			return "", time.Time{}, nil
		}
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", time.Time{}, fmt.Errorf("setup link: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), time.Now().Add(handlers.SetupLinkTTL), nil
}

// logSetupLink prints the link, once: nothing else ever logs it (the
// request log names routes, never queries).
func logSetupLink(log *slog.Logger, baseURL, token string, expires time.Time) {
	if token == "" {
		return
	}
	log.Warn("no admin account yet: open this link in a browser to create the first one; it works once, until it expires or the service restarts, and is not shown again",
		"link", baseURL+"/setup?token="+token, "expires", expires.Format(time.RFC3339))
}
