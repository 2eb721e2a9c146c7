package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

// The secrets of tokens and web sessions must never be stored: whoever reads
// the database (a backup, a support engineer) must not be able to use them.
func TestSecretsAreNotStored(t *testing.T) {
	s, ctx := storetest.New(t), testCtx(t)
	mustCreateUser(t, s, "anna", models.RoleAdmin)
	token, _, err := s.CreateToken(ctx, "anna", "ci")
	if err != nil {
		t.Fatal(err)
	}
	session, _, err := s.CreateWebSession(ctx, "anna", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	for _, coll := range []string{"users", "tokens", "web_sessions"} {
		docs, err := store.RawDocuments(ctx, s, coll)
		if err != nil || len(docs) == 0 {
			t.Fatalf("%s: %d documents, %v", coll, len(docs), err)
		}
		dump := fmt.Sprint(docs)
		for name, secret := range map[string]string{
			"token": token, "token without prefix": strings.TrimPrefix(token, store.TokenPrefix), "session": session,
		} {
			if strings.Contains(dump, secret) {
				t.Errorf("%s: the %s secret is stored in plain text: %s", coll, name, dump)
			}
		}
	}
}
