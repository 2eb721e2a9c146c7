package handlers

import (
	"context"
	"html"
	"log/slog"

	"regexp"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
)

// A staff page in Swedish shows words, never the codes the service
// stores: no English role names, no dimension or grade codes, no survey
// slugs as text and no UTC. The pages are found from the router, so a
// page added later is walked too.
func TestStaffPagesSpeakSwedishWords(t *testing.T) {
	ts := newTestServer(t)
	staff := []staffUser{
		ts.addStaff(t, "greta", models.RoleAdmin),
		ts.addStaff(t, "fatima", models.RoleFacilitator),
		ts.addStaff(t, "anders", models.RoleAnalyst),
	}
	ctx := context.Background()
	ts.publish(t, "ungdomsdialog-2023")
	sess := &models.Session{Survey: "ungdomsdialog-2023", School: "norrsatraskolan", Grade: "ak8", CreatedBy: "fatima",
		CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
	if err := ts.Store.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	sv, err := ts.Store.Survey(ctx, "ungdomsdialog-2023")
	if err != nil {
		t.Fatal(err)
	}
	draft, err := ts.Store.InsertSurveyDraft(ctx, sv, "greta")
	if err != nil {
		t.Fatal(err)
	}
	promises, err := ts.Store.Promises(ctx)
	if err != nil || len(promises) == 0 {
		t.Fatalf("no seeded promise: %v", err)
	}
	params := map[string]string{
		":slug": "ungdomsdialog-2023", ":code": sess.Code, ":id": promises[0].ID, ":name": "fatima",
	}
	engine, err := newEngine(Config{BaseURL: "http://dialog.test", MinCell: 5}, ts.Store, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, r := range engine.Routes() {
		if r.Method != "GET" || !strings.HasPrefix(r.Path, "/staff") {
			continue
		}
		p := r.Path
		if strings.Contains(p, "/drafts/:id/") {
			p = strings.Replace(strings.Replace(p, ":id", draft.ID, 1), ":slug", "ungdomsdialog-2023", 1)
		}
		for k, v := range params {
			p = strings.ReplaceAll(p, k, v)
		}
		if strings.Contains(p, ":") || strings.Contains(p, "*") {
			t.Errorf("%s: the walk does not know what to put for its parameter; add it to params", r.Path)
			continue
		}
		paths = append(paths, p)
	}
	// The pages' other states, where codes used to show: a breakdown,
	// a filter, a refused filter, a closed survey's page.
	paths = append(paths,
		"/staff/surveys/ungdomsdialog-2023?by=school",
		"/staff/surveys/ungdomsdialog-2023?by=grade&area=centrum",
		"/staff/surveys/ungdomsdialog-2023?area=centrum&school=norrsatraskolan&grade=ak8",
		"/staff/surveys/ungdomsdialog-2022/admin",
		"/staff/surveys/ungdomsdialog-2023?area=ingenstans&grade=ak99",
		"/staff/surveys/ungdomsdialog-2023/followup?school=ingen&grade=ak99",
		"/staff/sessions?survey=ungdomsdialog-2023",
	)
	slugs := regexp.MustCompile(`\bungdomsdialog-20\d\d\b`)
	bad := []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(admin|facilitator|analyst)\b`),
		regexp.MustCompile(`\b(area|school|grade|areas|schools|grades)\b`),
		regexp.MustCompile(`\b(ak\d|gy\d)\b`),
		regexp.MustCompile(`\bUTC\b`),
		// A problem's field by its code: "filter: …", "by: …".
		regexp.MustCompile(`(?:^|\s)(filter|by|note|survey|minutes|present|indicators|reason|enabled|lang|publication|slug)\s?:\s`),
		slugs,
	}
	// As each role: the pages a role may not open answer with the staff
	// refusal, which is walked too.
	for _, u := range staff {
		b := newBrowser(t, ts)
		if r := b.signIn(u.name, u.password); r.Status != 303 {
			t.Fatalf("sign-in as %s: %d", u.name, r.Status)
		}
		for _, p := range paths {
			if strings.Contains(p, "/preview") {
				// The preview is the young people's form in its own
				// language; only its banner is the staff's.
				continue
			}
			r := b.do("GET", p, nil)
			if r.Status >= 300 && r.Status < 400 {
				continue
			}
			text := visibleText(string(r.Body))
			for _, re := range bad {
				for _, m := range re.FindAllStringIndex(text, 5) {
					t.Errorf("%s as %s (status %d) shows %q: …%s…", p, u.role, r.Status, text[m[0]:m[1]], around(text, m[0], m[1]))
				}
			}
		}
	}
}

var (
	// A textarea's content is what the user edits (the places' YAML for
	// experts), not a label the page shows.
	scriptOrStyle = regexp.MustCompile(`(?is)<(script|style|textarea)\b.*?</(script|style|textarea)>`)
	anyTag        = regexp.MustCompile(`(?s)<[^>]*>`)
	spaces        = regexp.MustCompile(`\s+`)
)

// visibleText is what a reader sees of a page: no tags, scripts or
// attribute values, entities decoded.
func visibleText(page string) string {
	page = scriptOrStyle.ReplaceAllString(page, " ")
	page = anyTag.ReplaceAllString(page, " ")
	return spaces.ReplaceAllString(html.UnescapeString(page), " ")
}

// around is a little of text either side of [i, j), for a failure that
// says where.
func around(text string, i, j int) string {
	from, to := max(0, i-60), min(len(text), j+60)
	for from > 0 && !isRuneStart(text[from]) {
		from--
	}
	for to < len(text) && !isRuneStart(text[to]) {
		to++
	}
	return text[from:to]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
