package handlers

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"medborgardialog/models"
	"medborgardialog/web"
)

// TestPresenterViewShowsNoStaffChrome: the projector shows the class
// what it reads, nothing of the staff side (menu, account, password,
// sign-out, controls), names the survey, school and class in words, the
// code spaced for reading and the closing time in Swedish time.
func TestPresenterViewShowsNoStaffChrome(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	other := ts.addStaff(t, "oskar", models.RoleFacilitator)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	// 15:21 UTC in December is 16:21 in Stockholm.
	closes := time.Date(2099, 12, 7, 15, 21, 0, 0, time.UTC)
	sess := &models.Session{Survey: "ungdomsdialog-2023", School: "norrsatraskolan", Grade: "ak8", Area: "norrsatra", Present: 26,
		CreatedBy: "fatima", CreatedAt: time.Now().UTC(), ClosesAt: closes}
	if err := ts.Store.CreateSession(context.Background(), sess); err != nil {
		t.Fatal(err)
	}
	path := "/staff/sessions/" + sess.Code + "/presenter"
	b := newBrowser(t, ts)
	b.signIn("fatima", fac.password)
	r := b.do("GET", path+"?lang=sv", nil)
	page := string(r.Body)
	if r.Status != 200 {
		t.Fatalf("%d\n%s", r.Status, page)
	}
	for _, want := range []string{
		"Ungdomsdialog", "Norrsätraskolan", "Årskurs 8", // names, not codes
		">" + sess.Code[:3] + " " + sess.Code[3:] + "<", // spaced for reading
		`src="/s/` + sess.Code + `/qr.svg"`,
		"Stänger", ">16:21</time>",
		`id="count"`, "av 26 har svarat",
		`<noscript><meta http-equiv="refresh"`, // the count moves without script too
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the presenter view lacks %q", want)
		}
	}
	for _, chrome := range []string{
		`class="staffnav"`, "fatima", web.T("sv", "staff.logout"), web.T("sv", "password.title"), "/logout", "/staff/password",
		"/close", "/release", "/exclude", "<form", "UTC", "norrsatraskolan<", ">ak8",
	} {
		if strings.Contains(page, chrome) {
			t.Errorf("the presenter view shows %q", chrome)
		}
	}
	// Still a staff page: someone else's session is not there, an
	// analyst may not run sessions, and nobody signed out sees it.
	if r := ts.as(t, other, "GET", path, nil); r.Status != 404 {
		t.Errorf("another facilitator: %d", r.Status)
	}
	if r := ts.as(t, analyst, "GET", path, nil); r.Status != 403 {
		t.Errorf("analyst: %d", r.Status)
	}
	if r := newBrowser(t, ts).do("GET", path, nil); r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Errorf("signed out: %d", r.Status)
	}
	// The control view opens it in a window of its own.
	control := string(b.do("GET", "/staff/sessions/"+sess.Code, nil).Body)
	if !regexp.MustCompile(`href="` + regexp.QuoteMeta(path) + `" target="_blank"`).MatchString(control) {
		t.Error("the control view does not open the presenter view in a new window")
	}
}

// TestEndingWithoutResultsIsConfirmed: "Avsluta utan resultat" on the
// control view only asks; a POST without the confirmation step's answer
// leaves the session open, and the confirmed form closes it.
func TestEndingWithoutResultsIsConfirmed(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"norrsatraskolan","grade":"ak8"}`).Code
	b := newBrowser(t, ts)
	b.signIn("fatima", fac.password)
	csrf := b.csrf("/staff/sessions/" + code)
	open := func() bool {
		sess, err := ts.Store.Session(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		return sess.Open(time.Now())
	}

	r := b.do("POST", "/staff/sessions/"+code+"/close", url.Values{"csrf": {csrf}})
	page := string(r.Body)
	if r.Status != 200 || !strings.Contains(page, "Avsluta passet utan resultat?") || !strings.Contains(page, `name="confirm" value="yes"`) ||
		!strings.Contains(page, `action="/staff/sessions/`+code+`/close"`) || !strings.Contains(page, `href="/staff/sessions/`+code+`"`) {
		t.Fatalf("no confirmation step: %d\n%s", r.Status, page)
	}
	if !open() {
		t.Fatal("ended without the confirmation")
	}
	if r := b.do("POST", "/staff/sessions/"+code+"/close", url.Values{"csrf": {csrf}, "confirm": {"no"}}); r.Status != 200 || !open() {
		t.Fatalf("ended with confirm=no: %d", r.Status)
	}
	r = b.do("POST", "/staff/sessions/"+code+"/close", url.Values{"csrf": {csrf}, "confirm": {"yes"}})
	if r.Status != 303 || r.Header.Get("Location") != "/staff/sessions/"+code || open() {
		t.Fatalf("confirmed: %d to %s, open %v", r.Status, r.Header.Get("Location"), open())
	}
}

// stepOf reads "Fråga 2 av 9" off a class results screen.
var stepOf = regexp.MustCompile(`Fråga (\d+) av (\d+)`)

// TestClassResultsOneQuestionPerScreen: the class results step through
// one question per screen with plain links, and a screen compares with
// the whole municipality only from the latest publication's figures, and
// only where that publication shows the figure: not before a publication,
// not when it hides the figure, not from answers given since.
func TestClassResultsOneQuestionPerScreen(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	// Three answers, published: too few (min_cell 5), so the figures are hidden.
	early := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023"}`).Code
	ts.answerInSession(t, early, 3)
	ts.publish(t, "ungdomsdialog-2023")
	code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"norrsatraskolan","grade":"ak8"}`).Code
	ts.answerInSession(t, code, 12)
	if r := ts.as(t, fac, "POST", "/api/v1/admin/sessions/"+code+"/release", nil); r.Status != 200 {
		t.Fatalf("release: %d %s", r.Status, r.Body)
	}
	base := "/staff/sessions/" + code + "/results"
	screens := func() []string {
		first := string(ts.as(t, fac, "GET", base, nil).Body)
		m := stepOf.FindStringSubmatch(first)
		if m == nil || m[1] != "1" {
			t.Fatalf("no step on the first screen:\n%s", first)
		}
		n, _ := strconv.Atoi(m[2])
		out := []string{first}
		for i := 2; i <= n; i++ {
			out = append(out, string(ts.as(t, fac, "GET", base+"?q="+strconv.Itoa(i), nil).Body))
		}
		return out
	}
	kvall := "Om du går ut ensam sent en kväll"
	find := func(pages []string) string {
		for _, p := range pages {
			if strings.Contains(p, kvall) {
				return p
			}
		}
		t.Fatalf("no screen asks %q", kvall)
		return ""
	}

	pages := screens()
	if len(pages) < 2 {
		t.Fatalf("%d screens", len(pages))
	}
	for i, p := range pages {
		if n := strings.Count(p, "<figure"); n != 1 {
			t.Errorf("screen %d has %d questions", i+1, n)
		}
		if strings.Contains(p, "Andel som") || strings.Contains(p, `class="staffnav"`) || strings.Contains(p, "Resultat "+code) {
			t.Errorf("screen %d shows analysts' words, the staff menu or the code as title", i+1)
		}
		prev, next := strings.Contains(p, `rel="prev"`), strings.Contains(p, `rel="next"`)
		if prev != (i > 0) || next != (i < len(pages)-1) {
			t.Errorf("screen %d: prev %v next %v", i+1, prev, next)
		}
		if strings.Contains(p, "I hela kommunen") {
			t.Errorf("screen %d compares with a publication that hides its figures", i+1)
		}
	}
	if !strings.Contains(pages[0], `href="`+base+`?q=2"`) || !strings.Contains(pages[0], "Norrsätraskolan, Årskurs 8") {
		t.Error("the first screen does not link to the second, or does not name the class")
	}
	for _, q := range []string{"0", "-4", "abc", "99999999999999999999"} {
		if r := ts.as(t, fac, "GET", base+"?q="+url.QueryEscape(q), nil); r.Status != 200 || strings.Count(string(r.Body), "<figure") != 1 {
			t.Errorf("q=%s: %d", q, r.Status)
		}
	}

	// A publication that shows the figure: compared, with its own number.
	ts.publish(t, "ungdomsdialog-2023")
	var body struct {
		Results struct {
			Indicators []struct {
				ID     string  `json:"id"`
				Share  float64 `json:"share"`
				Hidden bool    `json:"hidden"`
			} `json:"indicators"`
		} `json:"results"`
	}
	ts.admin(t, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/results", nil).JSON(t, &body)
	var published string
	shown := map[string]bool{} // every share the publication shows
	for _, ind := range body.Results.Indicators {
		if !ind.Hidden {
			shown[formatPercent("sv", ind.Share, 0)] = true
		}
		if ind.ID == "otrygg_kvall" && !ind.Hidden {
			published = formatPercent("sv", ind.Share, 0)
		}
	}
	if published == "" {
		t.Fatal("the publication hides otrygg_kvall: the test checks nothing")
	}
	// Answers given after the publication do not move the comparison.
	later := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023"}`).Code
	ts.answerInSession(t, later, 20)
	pages = screens()
	p := find(pages)
	want := "I hela kommunen svarade " + published + " ”Ganska otrygg” eller ”Mycket otrygg”."
	if !strings.Contains(p, want) {
		t.Fatalf("the screen lacks %q:\n%s", want, p)
	}
	for _, m := range regexp.MustCompile(`I hela kommunen svarade (.+?) ”`).FindAllStringSubmatch(strings.Join(pages, ""), -1) {
		if !shown[m[1]] {
			t.Errorf("a comparison with %s, which the publication does not show", m[1])
		}
	}
}

// TestSessionFormAsksForADeliberateChoice: the form has no default school
// or grade; a gymnasium with "Årskurs 7" is refused at the grade field in
// words, with what was chosen and typed kept; "no school" needs an area.
func TestSessionFormAsksForADeliberateChoice(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	b := newBrowser(t, ts)
	b.signIn("fatima", fac.password)
	csrf := b.csrf("/staff/sessions")
	form := string(b.do("GET", "/staff/sessions", nil).Body)
	for _, want := range []string{`<select id="s-school" name="school" required>`, `<option value="" selected>Välj skola …</option>`,
		`<option value="" selected>Välj årskurs …</option>`, `data-grades="gy1 gy2 gy3"`} {
		if !strings.Contains(form, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	count := func() int {
		list, err := ts.Store.Sessions(context.Background(), "fatima", 100)
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	post := func(v url.Values) response {
		v.Set("csrf", csrf)
		v.Set("survey", "ungdomsdialog-2023")
		return b.do("POST", "/staff/sessions", v)
	}

	r := post(url.Values{"school": {"goranssonska-skolan"}, "grade": {"ak7"}, "present": {"27"}, "minutes": {"45"}})
	page := string(r.Body)
	if r.Status != 422 || count() != 0 {
		t.Fatalf("gymnasium and Årskurs 7: %d, %d stored", r.Status, count())
	}
	for _, want := range []string{
		`id="session-errors"`, `<a href="#s-grade">Årskurs: Göranssonska skolan har inte Årskurs 7.`,
		`<span class="field-error" id="e-grade">Göranssonska skolan har inte Årskurs 7. Välj en av: Gymnasiet år 1, Gymnasiet år 2, Gymnasiet år 3.</span>`,
		`aria-describedby="e-grade"`,
		`<option value="goranssonska-skolan" data-grades="gy1 gy2 gy3" selected>`, `<option value="ak7" selected>`,
		`value="27"`, `value="45"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the answer lacks %q", want)
		}
	}
	if strings.Contains(page, "Giltiga är") || strings.Contains(page, "gy1,") {
		t.Error("the message names grades by their codes")
	}

	// No choice at all: both lists are named, nothing is stored.
	r = post(url.Values{"school": {""}, "grade": {""}})
	if page := string(r.Body); r.Status != 422 || !strings.Contains(page, `id="e-school"`) || !strings.Contains(page, `id="e-grade"`) || count() != 0 {
		t.Fatalf("no choice: %d", r.Status)
	}
	// "No school" (a youth centre) needs the area.
	r = post(url.Values{"school": {"-"}, "grade": {"-"}})
	if page := string(r.Body); r.Status != 422 || !strings.Contains(page, `id="e-area"`) || !strings.Contains(page, `<option value="-" selected>`) || count() != 0 {
		t.Fatalf("no school, no area: %d", r.Status)
	}
	r = post(url.Values{"school": {"-"}, "grade": {"-"}, "area": {"storvik"}})
	if r.Status != 303 || count() != 1 {
		t.Fatalf("a youth centre in Storvik: %d", r.Status)
	}
	r = post(url.Values{"school": {"goranssonska-skolan"}, "grade": {"gy2"}})
	if r.Status != 303 || count() != 2 {
		t.Fatalf("gymnasium, year 2: %d", r.Status)
	}
	list, _ := ts.Store.Sessions(context.Background(), "fatima", 100)
	for _, s := range list {
		if s.School == "" && (s.Area != "storvik" || s.Grade != "") || s.School == "goranssonska-skolan" && s.Grade != "gy2" {
			t.Errorf("stored %+v", s)
		}
	}
}

// TestFacilitatorHomeIsTheirSessions: a facilitator's /staff lists their
// own sessions in words, open ones first, and offers "Nytt pass"; not the
// survey list they cannot open.
func TestFacilitatorHomeIsTheirSessions(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	other := ts.addStaff(t, "oskar", models.RoleFacilitator)
	closed := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"norrsatraskolan","grade":"ak9"}`).Code
	if r := ts.as(t, fac, "POST", "/api/v1/admin/sessions/"+closed+"/close", nil); r.Status != 200 {
		t.Fatal(r.Status)
	}
	open := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"norrsatraskolan","grade":"ak8"}`).Code
	theirs := ts.startSession(t, other, `{"survey":"ungdomsdialog-2023"}`).Code
	// The closed one is made newer, so "open first" is not the store's order.
	if r := ts.as(t, fac, "POST", "/api/v1/admin/sessions/"+open+"/close", nil); r.Status != 200 {
		t.Fatal(r.Status)
	}
	open = ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"norrsatraskolan","grade":"ak7"}`).Code
	latest := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"norrsatraskolan","grade":"ak8"}`).Code
	if r := ts.as(t, fac, "POST", "/api/v1/admin/sessions/"+latest+"/close", nil); r.Status != 200 {
		t.Fatal(r.Status)
	}

	r := ts.as(t, fac, "GET", "/staff?lang=sv", nil)
	page := string(r.Body)
	if r.Status != 200 || !strings.Contains(page, "Mina pass") || !strings.Contains(page, `href="/staff/sessions#new"`) || !strings.Contains(page, "Nytt pass") {
		t.Fatalf("%d\n%s", r.Status, page)
	}
	first := strings.Index(page, `href="/staff/sessions/`)
	if first < 0 || !strings.HasPrefix(page[first:], `href="/staff/sessions/`+open+`"`) {
		t.Errorf("the open session is not listed first")
	}
	for _, code := range []string{open, closed, latest} {
		if !strings.Contains(page, `href="/staff/sessions/`+code+`"`) {
			t.Errorf("session %s not listed", code)
		}
	}
	if strings.Contains(page, theirs) {
		t.Error("another facilitator's session is listed")
	}
	if !strings.Contains(page, "Norrsätraskolan · Årskurs 7") || strings.Contains(page, ">ak7") {
		t.Error("the session is not named in words")
	}
	if strings.Contains(page, `href="/staff/surveys/`) || strings.Contains(page, "<table") {
		t.Error("the facilitator's home shows the survey list")
	}
}
