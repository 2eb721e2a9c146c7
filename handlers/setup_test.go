package handlers

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
)

func TestTheSetupLinkEndsWhenItExpiresOrAnAdminExists(t *testing.T) {
	form := func(token string) []byte {
		return []byte(url.Values{"token": {token}, "name": {"greta"}, "password": {"hallon-cykel-vinter-7"}, "repeat": {"hallon-cykel-vinter-7"}}.Encode())
	}
	t.Run("expired", func(t *testing.T) {
		ts := newTestServerWith(t, func(c *Config) { c.SetupToken, c.SetupExpires = "tok-expired", time.Now().Add(-time.Second) })
		if r := ts.do(t, "GET", "/setup?token=tok-expired", nil); r.Status != 410 || !strings.Contains(string(r.Body), `href="/login?lang=sv"`) ||
			strings.Contains(string(r.Body), `name="password"`) {
			t.Fatalf("GET: %d %.1000s", r.Status, r.Body)
		}
		if r := ts.do(t, "POST", "/setup", form("tok-expired"), "Content-Type", "application/x-www-form-urlencoded"); r.Status != 410 {
			t.Fatalf("POST: %d", r.Status)
		}
	})
	t.Run("an admin was made another way", func(t *testing.T) {
		ts := newTestServerWith(t, func(c *Config) { c.SetupToken, c.SetupExpires = "tok-live", time.Now().Add(time.Hour) })
		ts.addStaff(t, "anna", models.RoleAdmin) // as user add does
		if r := ts.do(t, "POST", "/setup", form("tok-live"), "Content-Type", "application/x-www-form-urlencoded"); r.Status != 410 {
			t.Fatalf("POST: %d %.500s", r.Status, r.Body)
		}
		users, err := ts.Store.Users(context.Background())
		if err != nil || len(users) != 1 {
			t.Fatalf("accounts: %+v %v", users, err)
		}
	})
}
