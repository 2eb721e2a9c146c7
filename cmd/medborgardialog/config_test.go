package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfigDefaults(t *testing.T) {
	c, err := LoadConfig(envOf(nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DataDir != "./data" || c.DB != "medborgardialog" || c.MinCell != 5 || c.ClassMinCell != 10 ||
		c.SubmitRate != 120 || c.BaseURL != "http://localhost:8080" || c.MongoURI != "" || len(c.TrustedProxies) != 0 {
		t.Fatalf("defaults = %+v", c)
	}
}

func TestLoadConfigFlagsOverrideEnvironment(t *testing.T) {
	c, err := LoadConfig(envOf(map[string]string{"DIALOG_ADDR": ":9000", "DIALOG_MIN_CELL": "7"}),
		[]string{"-addr", "127.0.0.1:9100", "-base-url", "https://dialog.example.se/", "-trusted-proxies", "10.0.0.1, 192.168.0.0/16"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9100" || c.MinCell != 7 || c.BaseURL != "https://dialog.example.se" ||
		strings.Join(c.TrustedProxies, "|") != "10.0.0.1|192.168.0.0/16" {
		t.Fatalf("config = %+v", c)
	}
}

// The free-text logs go to texts in the data directory, or to
// DIALOG_TEXT_DIR, with either engine (issue 26).
func TestLoadConfigTextDir(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, nil, filepath.Join("data", "texts")},
		{map[string]string{"MONGODB_URI": "mongodb://db/"}, nil, filepath.Join("data", "texts")},
		{map[string]string{"DIALOG_DATA_DIR": "/var/lib/dialog"}, nil, "/var/lib/dialog/texts"},
		{nil, []string{"-data-dir", "/srv/d"}, "/srv/d/texts"},
		{map[string]string{"DIALOG_TEXT_DIR": "/run/dialog/texts"}, nil, "/run/dialog/texts"},
		{map[string]string{"DIALOG_TEXT_DIR": "/run/a"}, []string{"-text-dir", "/run/b"}, "/run/b"},
	} {
		c, err := LoadConfig(envOf(tt.env), tt.args)
		if err != nil || c.TextDir != tt.want {
			t.Errorf("%v %v: %q, %v; want %q", tt.env, tt.args, c.TextDir, err, tt.want)
		}
	}
}

func TestLoadConfigRetention(t *testing.T) {
	c, err := LoadConfig(envOf(nil), nil)
	if err != nil || c.RetentionTextMonths != 12 || c.RetentionResponseYears != 5 || c.RetentionAuditYears != 5 {
		t.Fatalf("defaults %d months, %d years, audit %d years (%v)", c.RetentionTextMonths, c.RetentionResponseYears, c.RetentionAuditYears, err)
	}
	c, err = LoadConfig(envOf(map[string]string{"DIALOG_RETENTION_TEXT_MONTHS": "6",
		"DIALOG_RETENTION_RESPONSE_YEARS": "10", "DIALOG_RETENTION_AUDIT_YEARS": "2"}), nil)
	if err != nil || c.RetentionTextMonths != 6 || c.RetentionResponseYears != 10 || c.RetentionAuditYears != 2 {
		t.Fatalf("set %d months, %d years, audit %d years (%v)", c.RetentionTextMonths, c.RetentionResponseYears, c.RetentionAuditYears, err)
	}
}

func TestLoadConfigResultsMaxAge(t *testing.T) {
	mongo := "mongodb://db.example.se/"
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want time.Duration
	}{
		{nil, nil, 0}, // the embedded engine: one process sees every write
		{map[string]string{"DIALOG_RESULTS_MAX_AGE": "30s"}, nil, 0},
		{map[string]string{"MONGODB_URI": mongo}, nil, time.Minute},
		{map[string]string{"MONGODB_URI": mongo, "DIALOG_RESULTS_MAX_AGE": "30s"}, nil, 30 * time.Second},
		{map[string]string{"MONGODB_URI": mongo}, []string{"-results-max-age", "5m"}, 5 * time.Minute},
	} {
		c, err := LoadConfig(envOf(tt.env), tt.args)
		if err != nil || c.ResultsMaxAge != tt.want {
			t.Errorf("%v %v: max age %v (%v), want %v", tt.env, tt.args, c.ResultsMaxAge, err, tt.want)
		}
	}
}

func TestLoadConfigEmbeddedSync(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want bool
	}{
		{nil, nil, false}, // every commit synced: survives a power cut
		{map[string]string{"DIALOG_EMBEDDED_SYNC": "normal"}, nil, true},
		{map[string]string{"DIALOG_EMBEDDED_SYNC": "normal"}, []string{"-embedded-sync", "full"}, false},
		{nil, []string{"-embedded-sync", "normal"}, true},
	} {
		c, err := LoadConfig(envOf(tt.env), tt.args)
		if err != nil || c.EmbeddedSyncAtCheckpoints != tt.want || (len(c.engineOptions()) == 1) != tt.want {
			t.Errorf("%v %v: sync at checkpoints %v (%v), want %v", tt.env, tt.args, c.EmbeddedSyncAtCheckpoints, err, tt.want)
		}
	}
}

func TestLoadConfigPublicationInterval(t *testing.T) {
	day := 24 * time.Hour
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want time.Duration
	}{
		{nil, nil, 28 * day},
		{map[string]string{"DIALOG_PUBLICATION_INTERVAL": "14d"}, nil, 14 * day},
		{map[string]string{"DIALOG_PUBLICATION_INTERVAL": "42"}, nil, 42 * day},
		{nil, []string{"-publication-interval", "720h"}, 30 * day},
	} {
		c, err := LoadConfig(envOf(tt.env), tt.args)
		if err != nil || c.PublicationInterval != tt.want {
			t.Errorf("%v %v: interval %v (%v), want %v", tt.env, tt.args, c.PublicationInterval, err, tt.want)
		}
	}
}

func TestLoadConfigClassMinCellIsNeverBelowMinCell(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want int
	}{
		{map[string]string{"DIALOG_CLASS_MIN_CELL": "15"}, nil, 15},
		{map[string]string{"DIALOG_CLASS_MIN_CELL": "15"}, []string{"-class-min-cell", "12"}, 12},
		{map[string]string{"DIALOG_MIN_CELL": "12"}, nil, 12},
		{map[string]string{"DIALOG_MIN_CELL": "8", "DIALOG_CLASS_MIN_CELL": "6"}, nil, 8},
	} {
		c, err := LoadConfig(envOf(tt.env), tt.args)
		if err != nil || c.ClassMinCell != tt.want {
			t.Errorf("%v %v: class min cell %d (%v), want %d", tt.env, tt.args, c.ClassMinCell, err, tt.want)
		}
	}
}

func TestLoadConfigErrorsNameTheSetting(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		setting string
	}{
		{"address without port", map[string]string{"DIALOG_ADDR": "localhost"}, nil, "DIALOG_ADDR"},
		{"port not a number", map[string]string{"DIALOG_ADDR": ":http8080"}, nil, "DIALOG_ADDR"},
		{"port out of range", map[string]string{"DIALOG_ADDR": ":70000"}, nil, "DIALOG_ADDR"},
		{"short admin token", map[string]string{"DIALOG_ADMIN_TOKEN": "short-secret"}, nil, "DIALOG_ADMIN_TOKEN"},
		{"min cell not a number", map[string]string{"DIALOG_MIN_CELL": "five"}, nil, "DIALOG_MIN_CELL"},
		{"min cell too small", map[string]string{"DIALOG_MIN_CELL": "1"}, nil, "DIALOG_MIN_CELL"},
		{"class min cell not a number", map[string]string{"DIALOG_CLASS_MIN_CELL": "ten"}, nil, "DIALOG_CLASS_MIN_CELL"},
		{"class min cell too small", nil, []string{"-class-min-cell", "2"}, "DIALOG_CLASS_MIN_CELL"},
		{"negative submit rate", map[string]string{"DIALOG_SUBMIT_RATE": "-1"}, nil, "DIALOG_SUBMIT_RATE"},
		{"text retention not a number", map[string]string{"DIALOG_RETENTION_TEXT_MONTHS": "ett år"}, nil, "DIALOG_RETENTION_TEXT_MONTHS"},
		{"text retention zero", map[string]string{"DIALOG_RETENTION_TEXT_MONTHS": "0"}, nil, "DIALOG_RETENTION_TEXT_MONTHS"},
		{"text retention too long", map[string]string{"DIALOG_RETENTION_TEXT_MONTHS": "121"}, nil, "DIALOG_RETENTION_TEXT_MONTHS"},
		{"response retention zero", map[string]string{"DIALOG_RETENTION_RESPONSE_YEARS": "0"}, nil, "DIALOG_RETENTION_RESPONSE_YEARS"},
		{"response retention too long", map[string]string{"DIALOG_RETENTION_RESPONSE_YEARS": "51"}, nil, "DIALOG_RETENTION_RESPONSE_YEARS"},
		{"audit retention not a number", map[string]string{"DIALOG_RETENTION_AUDIT_YEARS": "5y"}, nil, "DIALOG_RETENTION_AUDIT_YEARS"},
		{"results max age not a duration", map[string]string{"DIALOG_RESULTS_MAX_AGE": "60"}, nil, "DIALOG_RESULTS_MAX_AGE"},
		{"results max age too long", map[string]string{"MONGODB_URI": "mongodb://db/", "DIALOG_RESULTS_MAX_AGE": "2h"}, nil, "DIALOG_RESULTS_MAX_AGE"},
		{"embedded sync unknown", map[string]string{"DIALOG_EMBEDDED_SYNC": "always"}, nil, "DIALOG_EMBEDDED_SYNC"},
		{"publication interval under 14 days", map[string]string{"DIALOG_PUBLICATION_INTERVAL": "13d"}, nil, "DIALOG_PUBLICATION_INTERVAL"},
		{"publication interval in hours under 14 days", nil, []string{"-publication-interval", "300h"}, "DIALOG_PUBLICATION_INTERVAL"},
		{"publication interval not a duration", map[string]string{"DIALOG_PUBLICATION_INTERVAL": "a month"}, nil, "DIALOG_PUBLICATION_INTERVAL"},
		{"proxy not an address", map[string]string{"DIALOG_TRUSTED_PROXIES": "10.0.0.1,proxy.local"}, nil, "DIALOG_TRUSTED_PROXIES"},
		{"base url without scheme", map[string]string{"DIALOG_BASE_URL": "dialog.example.se"}, nil, "DIALOG_BASE_URL"},
		{"base url with query", map[string]string{"DIALOG_BASE_URL": "https://x.se/?a=1"}, nil, "DIALOG_BASE_URL"},
		{"mongodb uri scheme", map[string]string{"MONGODB_URI": "postgres://x"}, nil, "MONGODB_URI"},
		{"database name with dot", map[string]string{"DIALOG_DB": "a.b"}, nil, "DIALOG_DB"},
		{"unknown language", map[string]string{"DIALOG_LANGUAGES": "sv,en,de"}, nil, "DIALOG_LANGUAGES"},
		{"language as a name", nil, []string{"-languages", "svenska"}, "DIALOG_LANGUAGES"},
		{"unknown flag", nil, []string{"-nope"}, "flags"},
		{"stray argument", nil, []string{"extra"}, "flags"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadConfig(envOf(tt.env), tt.args)
			if err == nil {
				t.Fatal("no error")
			}
			if msg := err.Error(); !strings.HasPrefix(msg, tt.setting+":") || strings.Contains(msg, "\n") {
				t.Fatalf("error %q does not name %s on one line", msg, tt.setting)
			}
		})
	}
}

// DIALOG_LANGUAGES says which languages young people are offered:
// Swedish, English, Arabic and Finnish unless set, Swedish and lättläst
// always.
func TestLoadConfigLanguages(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, nil, "sv,sv-ll,en,ar,fi"},
		{map[string]string{"DIALOG_LANGUAGES": "en"}, nil, "sv,sv-ll,en"},
		{map[string]string{"DIALOG_LANGUAGES": "sv, fi, so, ti, prs, uk"}, nil, "sv,sv-ll,fi,so,ti,prs,uk"},
		{map[string]string{"DIALOG_LANGUAGES": "en"}, []string{"-languages", "ar,prs"}, "sv,sv-ll,ar,prs"},
	} {
		c, err := LoadConfig(envOf(tt.env), tt.args)
		if got := strings.Join(c.Languages.Codes(), ","); err != nil || got != tt.want {
			t.Errorf("%v %v: %q, %v; want %q", tt.env, tt.args, got, err, tt.want)
		}
	}
}

func TestLoadConfigAcceptsLongAdminToken(t *testing.T) {
	tok := strings.Repeat("k", 32)
	c, err := LoadConfig(envOf(map[string]string{"DIALOG_ADMIN_TOKEN": tok}), nil)
	if err != nil || c.AdminToken != tok {
		t.Fatalf("config %+v, err %v", c, err)
	}
}

// Who runs the service: Sandviken's two signatories unless the deployment
// names its own, one line each.
func TestLoadConfigOrganisations(t *testing.T) {
	c, err := LoadConfig(envOf(nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Organisations, "|") != "Polisen, lokalpolisområde Gästrikland|Sandvikens kommun" || c.Contact != "" || c.AccessibilityAssessed != "" {
		t.Fatalf("defaults: %q %q %q", c.Organisations, c.Contact, c.AccessibilityAssessed)
	}
	c, err = LoadConfig(envOf(map[string]string{"DIALOG_ORGANISATIONS": " Polisen, lokalpolisområde Gävle ; Gävle kommun;", "DIALOG_CONTACT": "trygg@gavle.se", "DIALOG_ACCESSIBILITY_ASSESSED": "2027-02-01"}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.Organisations, "|") != "Polisen, lokalpolisområde Gävle|Gävle kommun" || c.Contact != "trygg@gavle.se" || c.AccessibilityAssessed != "2027-02-01" {
		t.Fatalf("set: %q %q %q", c.Organisations, c.Contact, c.AccessibilityAssessed)
	}
	for env, val := range map[string]string{
		"DIALOG_ORGANISATIONS":          " ; ",
		"DIALOG_ACCESSIBILITY_ASSESSED": "1 december 2026",
		"DIALOG_CONTACT":                "rad ett\nrad två",
	} {
		if _, err := LoadConfig(envOf(map[string]string{env: val}), nil); err == nil || !strings.HasPrefix(err.Error(), env+":") {
			t.Errorf("%s=%q: %v", env, val, err)
		}
	}
}
