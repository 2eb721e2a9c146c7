package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"medborgardialog/handlers"
	"medborgardialog/models"
	"medborgardialog/results"
	"medborgardialog/store/embedded"
)

// Config is the service's configuration, read from the environment; flags
// of the same meaning override it.
type Config struct {
	Addr     string
	MongoURI string
	DataDir  string
	// TextDir holds the in-memory results' free-text logs (package
	// results): DIALOG_TEXT_DIR, by default "texts" in DataDir, on either
	// engine.
	TextDir        string
	DB             string
	BaseURL        string
	AdminToken     string
	MinCell        int
	ClassMinCell   int // fewest respondents a session's class results show figures for; never below MinCell
	TrustedProxies []string
	SubmitRate     int
	MaxResponses   int // responses one survey takes (DIALOG_MAX_RESPONSES)
	// engineFaults are given to the embedded engine as well: tests inject
	// faults with them; nothing in the service sets them.
	engineFaults []embedded.Option
	Demo         bool // fill an empty database with synthetic responses
	// Retention periods (docs/surveys.md, "Retention"): free text and whole
	// responses after a survey closes, unless its definition says
	// otherwise; audit entries after they were written.
	RetentionTextMonths    int
	RetentionResponseYears int
	RetentionAuditYears    int
	// ResultsMaxAge is how old the in-memory copy of a survey's responses
	// may grow before it is read again (package results): 0 with the
	// embedded engine, where this process hears of every write; by
	// default 60 s with MONGODB_URI, where other instances write too.
	ResultsMaxAge time.Duration
	// EmbeddedSyncAtCheckpoints has the embedded engine sync to disk only
	// at checkpoints (DIALOG_EMBEDDED_SYNC=normal) instead of at every
	// commit (full, the default): an acknowledged answer then survives
	// the service being killed but maybe not a power cut; see
	// embedded.SyncAtCheckpoints.
	EmbeddedSyncAtCheckpoints bool
	// PublicationInterval is the shortest time between two publications
	// of a survey (DESIGN §5); at least 14 days.
	PublicationInterval time.Duration
	// BackupKey authenticates backup archives (DIALOG_BACKUP_KEY, decoded);
	// nil: the key file in DataDir (backupkey.go).
	BackupKey []byte
	// Languages are the languages young people are offered
	// (DIALOG_LANGUAGES); Swedish and lättläst always.
	Languages models.Enabled
	// Who runs the service, for every public page's footer, the privacy
	// page and the accessibility statement (docs/accessibility.md):
	// DIALOG_ORGANISATIONS (names separated by ;), DIALOG_CONTACT and
	// DIALOG_ACCESSIBILITY_ASSESSED (YYYY-MM-DD).
	Organisations         []string
	Contact               string
	AccessibilityAssessed string
}

var dbName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,63}$`)

// LoadConfig reads the environment through getenv and then the flags in
// args. The error names the setting at fault in one line.
func LoadConfig(getenv func(string) string, args []string) (Config, error) {
	env := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	var (
		c          Config
		minCell    = env("DIALOG_MIN_CELL", "5")
		classMin   = env("DIALOG_CLASS_MIN_CELL", "10")
		proxies    = env("DIALOG_TRUSTED_PROXIES", "")
		submitRate = env("DIALOG_SUBMIT_RATE", "120")
		textMonths = env("DIALOG_RETENTION_TEXT_MONTHS", "12")
		respYears  = env("DIALOG_RETENTION_RESPONSE_YEARS", "5")
		auditYears = env("DIALOG_RETENTION_AUDIT_YEARS", "5")
		maxAge     = env("DIALOG_RESULTS_MAX_AGE", "")
		syncMode   = env("DIALOG_EMBEDDED_SYNC", "full")
		pubEvery   = env("DIALOG_PUBLICATION_INTERVAL", "28d")
		maxResp    = env("DIALOG_MAX_RESPONSES", strconv.Itoa(handlers.DefaultMaxResponses))
		languages  = env("DIALOG_LANGUAGES", models.DefaultEnabled)
	)
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.Addr, "addr", env("DIALOG_ADDR", ":8080"), "listen address (DIALOG_ADDR)")
	fs.StringVar(&c.MongoURI, "mongodb-uri", env("MONGODB_URI", ""), "MongoDB URI; empty runs the embedded engine (MONGODB_URI)")
	fs.StringVar(&c.DataDir, "data-dir", env("DIALOG_DATA_DIR", "./data"), "embedded engine files (DIALOG_DATA_DIR)")
	fs.StringVar(&c.TextDir, "text-dir", env("DIALOG_TEXT_DIR", ""), "private directory for the free-text logs of the in-memory results; default texts in the data directory (DIALOG_TEXT_DIR)")
	fs.StringVar(&c.DB, "db", env("DIALOG_DB", "medborgardialog"), "database name (DIALOG_DB)")
	fs.StringVar(&c.BaseURL, "base-url", env("DIALOG_BASE_URL", ""), "public address for join links and QR codes (DIALOG_BASE_URL)")
	fs.StringVar(&minCell, "min-cell", minCell, "smallest group shown in results (DIALOG_MIN_CELL)")
	fs.StringVar(&classMin, "class-min-cell", classMin, "fewest respondents a session's class results are shown for; never below min-cell (DIALOG_CLASS_MIN_CELL)")
	fs.StringVar(&proxies, "trusted-proxies", proxies, "comma-separated proxy addresses or CIDRs (DIALOG_TRUSTED_PROXIES)")
	fs.StringVar(&submitRate, "submit-rate", submitRate, "submissions per minute per client address, 0 = off (DIALOG_SUBMIT_RATE)")
	fs.StringVar(&textMonths, "retention-text-months", textMonths, "months after a survey closes that free-text answers are kept (DIALOG_RETENTION_TEXT_MONTHS)")
	fs.StringVar(&respYears, "retention-response-years", respYears, "years after a survey closes that responses are kept (DIALOG_RETENTION_RESPONSE_YEARS)")
	fs.StringVar(&auditYears, "retention-audit-years", auditYears, "years audit entries are kept (DIALOG_RETENTION_AUDIT_YEARS)")
	fs.StringVar(&maxAge, "results-max-age", maxAge, "with MONGODB_URI, how old the in-memory results may grow, e.g. 60s (DIALOG_RESULTS_MAX_AGE)")
	fs.StringVar(&syncMode, "embedded-sync", syncMode, "full or normal: when the embedded engine syncs answers to disk, at every commit or at checkpoints (DIALOG_EMBEDDED_SYNC)")
	fs.StringVar(&pubEvery, "publication-interval", pubEvery, "shortest time between two publications of a survey, in days like 28d, at least 14d (DIALOG_PUBLICATION_INTERVAL)")
	fs.StringVar(&maxResp, "max-responses", maxResp, "responses one survey takes; beyond it submissions get 503 (DIALOG_MAX_RESPONSES)")
	fs.StringVar(&languages, "languages", languages, "comma-separated languages young people are offered; Swedish and lättläst always (DIALOG_LANGUAGES)")
	fs.BoolVar(&c.Demo, "demo", false, "fill an empty database with synthetic responses")
	c.AdminToken = getenv("DIALOG_ADMIN_TOKEN") // never a flag: argv is visible to every user of the machine
	if err := fs.Parse(args); err != nil {
		return Config{}, fmt.Errorf("flags: %w", err)
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("flags: unexpected argument %q", fs.Arg(0))
	}
	if c.TextDir == "" {
		c.TextDir = filepath.Join(c.DataDir, "texts")
	}

	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return Config{}, fmt.Errorf("DIALOG_ADDR: %q is not a host:port address", c.Addr)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return Config{}, fmt.Errorf("DIALOG_ADDR: port %q is not a number from 0 to 65535", port)
	}
	if c.MongoURI != "" && !strings.HasPrefix(c.MongoURI, "mongodb://") && !strings.HasPrefix(c.MongoURI, "mongodb+srv://") {
		return Config{}, fmt.Errorf("MONGODB_URI: must start with mongodb:// or mongodb+srv://")
	}
	if !dbName.MatchString(c.DB) {
		return Config{}, fmt.Errorf("DIALOG_DB: %q is not a database name (letters, digits, _ and -, at most 63)", c.DB)
	}
	if c.BaseURL == "" {
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		c.BaseURL = "http://" + net.JoinHostPort(host, port)
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return Config{}, fmt.Errorf("DIALOG_BASE_URL: %q is not an http(s) address like https://dialog.example.se", c.BaseURL)
	}
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	if c.AdminToken != "" && len(c.AdminToken) < 32 {
		return Config{}, fmt.Errorf("DIALOG_ADMIN_TOKEN: must be at least 32 characters (it has %d)", len(c.AdminToken))
	}
	if err := c.loadAbout(env); err != nil {
		return Config{}, err
	}
	// Environment only, like the admin token: argv is visible to everyone.
	if v := strings.TrimSpace(getenv("DIALOG_BACKUP_KEY")); v != "" {
		if c.BackupKey, err = parseBackupKey(v); err != nil {
			return Config{}, fmt.Errorf("DIALOG_BACKUP_KEY: %w", err)
		}
	}
	if c.Languages, err = models.ParseEnabled(languages); err != nil {
		return Config{}, fmt.Errorf("DIALOG_LANGUAGES: %w", err)
	}
	if c.MinCell, err = strconv.Atoi(minCell); err != nil || c.MinCell < 3 || c.MinCell > 1000 {
		return Config{}, fmt.Errorf("DIALOG_MIN_CELL: %q must be a whole number from 3 to 1000", minCell)
	}
	if c.ClassMinCell, err = strconv.Atoi(classMin); err != nil || c.ClassMinCell < 3 || c.ClassMinCell > 1000 {
		return Config{}, fmt.Errorf("DIALOG_CLASS_MIN_CELL: %q must be a whole number from 3 to 1000", classMin)
	}
	// A class is a group like any other: its threshold is never below min_cell.
	c.ClassMinCell = max(c.ClassMinCell, c.MinCell)
	if c.SubmitRate, err = strconv.Atoi(submitRate); err != nil || c.SubmitRate < 0 {
		return Config{}, fmt.Errorf("DIALOG_SUBMIT_RATE: %q must be a whole number, 0 to turn the limit off", submitRate)
	}
	if c.MaxResponses, err = strconv.Atoi(maxResp); err != nil || c.MaxResponses < 1 || c.MaxResponses > 10_000_000 {
		return Config{}, fmt.Errorf("DIALOG_MAX_RESPONSES: %q must be a whole number from 1 to 10000000", maxResp)
	}
	if c.RetentionTextMonths, err = strconv.Atoi(textMonths); err != nil || c.RetentionTextMonths < 1 || c.RetentionTextMonths > 120 {
		return Config{}, fmt.Errorf("DIALOG_RETENTION_TEXT_MONTHS: %q must be a whole number of months from 1 to 120", textMonths)
	}
	if c.RetentionResponseYears, err = strconv.Atoi(respYears); err != nil || c.RetentionResponseYears < 1 || c.RetentionResponseYears > 50 {
		return Config{}, fmt.Errorf("DIALOG_RETENTION_RESPONSE_YEARS: %q must be a whole number of years from 1 to 50", respYears)
	}
	if c.RetentionAuditYears, err = strconv.Atoi(auditYears); err != nil || c.RetentionAuditYears < 1 || c.RetentionAuditYears > 50 {
		return Config{}, fmt.Errorf("DIALOG_RETENTION_AUDIT_YEARS: %q must be a whole number of years from 1 to 50", auditYears)
	}
	switch {
	case maxAge == "" && c.MongoURI != "":
		c.ResultsMaxAge = results.DefaultMaxAge
	case maxAge != "":
		if c.ResultsMaxAge, err = time.ParseDuration(maxAge); err != nil || c.ResultsMaxAge < time.Second || c.ResultsMaxAge > time.Hour {
			return Config{}, fmt.Errorf("DIALOG_RESULTS_MAX_AGE: %q must be a duration from 1s to 1h, like 60s", maxAge)
		}
		if c.MongoURI == "" {
			c.ResultsMaxAge = 0 // one process sees every write to the embedded engine
		}
	}
	switch syncMode {
	case "full":
	case "normal":
		c.EmbeddedSyncAtCheckpoints = true
	default:
		return Config{}, fmt.Errorf("DIALOG_EMBEDDED_SYNC: %q must be full (an answer survives a power cut) or normal (the service being killed, not a power cut)", syncMode)
	}
	if c.PublicationInterval, err = parseDays(pubEvery); err != nil || c.PublicationInterval < results.MinPublicationInterval {
		return Config{}, fmt.Errorf("DIALOG_PUBLICATION_INTERVAL: %q must be at least 14 days, like 28d: publications closer together let someone compare figures around a few answers", pubEvery)
	}
	for _, p := range strings.Split(proxies, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				return Config{}, fmt.Errorf("DIALOG_TRUSTED_PROXIES: %q is neither an IP address nor a CIDR range", p)
			}
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	return c, nil
}

// engineOptions are the embedded engine's settings from c.
func (c Config) engineOptions() []embedded.Option {
	if c.EmbeddedSyncAtCheckpoints {
		return []embedded.Option{embedded.SyncAtCheckpoints()}
	}
	return nil
}

// parseDays reads a number of days ("28d" or "28"), or a Go duration
// ("672h").
func parseDays(v string) (time.Duration, error) {
	if n, err := strconv.Atoi(strings.TrimSuffix(v, "d")); err == nil {
		if n < 0 || n > 3650 {
			return 0, fmt.Errorf("%d days is out of range", n)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(v)
}

// loadAbout reads who runs the service. The names are shown to young
// people on every page, so each is one short line of plain text.
func (c *Config) loadAbout(env func(key, def string) string) error {
	orgs := env("DIALOG_ORGANISATIONS", strings.Join(handlers.DefaultOrganisations, ";"))
	for _, name := range strings.Split(orgs, ";") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if utf8.RuneCountInString(name) > 120 || strings.ContainsFunc(name, unicode.IsControl) {
			return fmt.Errorf("DIALOG_ORGANISATIONS: %q must be a name of at most 120 characters on one line", name)
		}
		c.Organisations = append(c.Organisations, name)
	}
	if len(c.Organisations) == 0 || len(c.Organisations) > 6 {
		return fmt.Errorf("DIALOG_ORGANISATIONS: name one to six organisations, separated by ; (like %q)", strings.Join(handlers.DefaultOrganisations, ";"))
	}
	c.Contact = env("DIALOG_CONTACT", "")
	if utf8.RuneCountInString(c.Contact) > 200 || strings.ContainsFunc(c.Contact, unicode.IsControl) {
		return fmt.Errorf("DIALOG_CONTACT: must be an e-mail address, a web address or one line of at most 200 characters")
	}
	c.AccessibilityAssessed = env("DIALOG_ACCESSIBILITY_ASSESSED", "")
	if d := c.AccessibilityAssessed; d != "" {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return fmt.Errorf("DIALOG_ACCESSIBILITY_ASSESSED: %q must be a date like 2026-12-08", d)
		}
	}
	return nil
}
