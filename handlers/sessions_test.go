package handlers

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"medborgardialog/models"
)

func (ts *testServer) as(t *testing.T, u staffUser, method, path string, body []byte) response {
	t.Helper()
	return ts.do(t, method, path, body, "Authorization", "Bearer "+u.token, "Content-Type", "application/json")
}

func (ts *testServer) startSession(t *testing.T, u staffUser, body string) sessionView {
	t.Helper()
	r := ts.as(t, u, "POST", "/api/v1/admin/sessions", []byte(body))
	if r.Status != 201 {
		t.Fatalf("create session: %d %s", r.Status, r.Body)
	}
	var v sessionView
	r.JSON(t, &v)
	return v
}

func TestCreateSession(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	before := time.Now()
	v := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"bjorksatraskolan","grade":"ak8","present":26}`)
	if !regexp.MustCompile(`^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$`).MatchString(v.Code) {
		t.Fatalf("code %q", v.Code)
	}
	if v.JoinURL != "http://dialog.test/s/"+v.Code || v.QRSVGURL != "http://dialog.test/s/"+v.Code+"/qr.svg" || v.Status != "open" || v.Present != 26 {
		t.Fatalf("%+v", v)
	}
	if d := v.ClosesAt.Sub(before); d < 89*time.Minute || d > 91*time.Minute {
		t.Fatalf("closes after %v, want the default 90 minutes", d)
	}
	codes := map[string]bool{v.Code: true}
	for range 20 {
		c := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","minutes":5}`).Code
		if codes[c] {
			t.Fatalf("code %s handed out twice", c)
		}
		codes[c] = true
	}

	tests := []struct {
		name, body string
		status     int
		field      string
	}{
		{"unknown survey", `{"survey":"finns-inte"}`, 422, "survey"},
		{"closed survey", `{"survey":"ungdomsdialog-2022"}`, 409, ""},
		{"too short", `{"survey":"ungdomsdialog-2023","minutes":1}`, 422, "minutes"},
		{"too long", `{"survey":"ungdomsdialog-2023","minutes":100000}`, 422, "minutes"},
		{"negative present", `{"survey":"ungdomsdialog-2023","present":-3}`, 422, "present"},
		{"control characters", `{"survey":"ungdomsdialog-2023","school":"a\u0000b"}`, 422, "school"},
		{"school too long", `{"survey":"ungdomsdialog-2023","school":"` + strings.Repeat("x", 81) + `"}`, 422, "school"},
		{"free-text school", `{"survey":"ungdomsdialog-2023","school":"Skola A"}`, 422, "school"},
		{"inactive school", `{"survey":"ungdomsdialog-2023","school":"jernvallsskolan"}`, 422, "school"},
		{"free-text grade", `{"survey":"ungdomsdialog-2023","school":"norrsatraskolan","grade":"8"}`, 422, "grade"},
		{"grade the school does not teach", `{"survey":"ungdomsdialog-2023","school":"norrsatraskolan","grade":"gy1"}`, 422, "grade"},
		{"not a school year", `{"survey":"ungdomsdialog-2023","grade":"annat"}`, 422, "grade"},
		{"free-text area", `{"survey":"ungdomsdialog-2023","area":"Centrum"}`, 422, "area"},
		{"area against the school", `{"survey":"ungdomsdialog-2023","school":"norrsatraskolan","area":"storvik"}`, 422, "area"},
		{"not JSON", `{"survey":`, 400, ""},
		{"wrong type", `{"survey":"ungdomsdialog-2023","minutes":"many"}`, 400, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ts.as(t, fac, "POST", "/api/v1/admin/sessions", []byte(tt.body))
			if r.Status != tt.status || (tt.field != "" && !strings.Contains(string(r.Body), `"field":"`+tt.field+`"`)) {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
		})
	}
}

func TestFacilitatorsSeeOnlyTheirOwnSessions(t *testing.T) {
	ts := newTestServer(t)
	fatima := ts.addStaff(t, "fatima", models.RoleFacilitator)
	omar := ts.addStaff(t, "omar", models.RoleFacilitator)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	code := ts.startSession(t, fatima, `{"survey":"ungdomsdialog-2023"}`).Code
	path := "/api/v1/admin/sessions/" + code
	for _, tt := range []struct {
		who    staffUser
		method string
		suffix string
		status int
	}{
		{fatima, "GET", "", 200},
		{omar, "GET", "", 404},
		{admin, "GET", "", 200},
		{analyst, "GET", "", 403},
		{omar, "GET", "/results", 404},
		{analyst, "GET", "/results", 200},
		{omar, "POST", "/close", 404},
		{fatima, "POST", "/close", 200},
	} {
		if r := ts.as(t, tt.who, tt.method, path+tt.suffix, nil); r.Status != tt.status {
			t.Errorf("%s %s%s: %d, want %d", tt.who.name, tt.method, tt.suffix, r.Status, tt.status)
		}
	}
	var list struct {
		Sessions []sessionView `json:"sessions"`
	}
	ts.as(t, omar, "GET", "/api/v1/admin/sessions", nil).JSON(t, &list)
	if len(list.Sessions) != 0 {
		t.Fatalf("omar sees %d sessions", len(list.Sessions))
	}
	ts.as(t, admin, "GET", "/api/v1/admin/sessions", nil).JSON(t, &list)
	if len(list.Sessions) != 1 || list.Sessions[0].Status != "closed" {
		t.Fatalf("admin sees %+v", list.Sessions)
	}
	if r := ts.as(t, fatima, "GET", "/api/v1/admin/sessions/not-a-code", nil); r.Status != 404 {
		t.Fatalf("bad code: %d", r.Status)
	}
}

func TestSessionResponsesCarryTheSessionsPlace(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"bjorksatraskolan","grade":"ak8"}`).Code
	r := ts.submit(t, "ungdomsdialog-2023", submitBody(uuid.NewString(), `{"kon":"tjej"}`, `"session":"`+strings.ToLower(code)+`"`))
	if r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	got, _ := ts.Store.FindResponses(context.Background(), "ungdomsdialog-2023")
	if len(got) != 1 || got[0].Session != code || got[0].School != "bjorksatraskolan" || got[0].Grade != "ak8" || got[0].Area != "bjorksatra" {
		t.Fatalf("stored %+v", got)
	}
	// A session belongs to one survey.
	ts.addTestSurvey(t)
	// Its code given with another survey's answers is as wrong as any.
	r = ts.submit(t, "testdialog-2023", submitBody(uuid.NewString(), validAnswers, `"session":"`+code+`"`))
	if r.Status != 409 || r.ErrorCode(t) != "closed" {
		t.Fatalf("session of another survey: %d %s", r.Status, r.Body)
	}
}

func TestClosedAndExpiredSessionsRefuseAnswers(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	closed := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023"}`).Code
	ts.as(t, fac, "POST", "/api/v1/admin/sessions/"+closed+"/close", nil)
	expired := &models.Session{Survey: "ungdomsdialog-2023", CreatedBy: "fatima", CreatedAt: time.Now().Add(-2 * time.Hour), ClosesAt: time.Now().Add(-time.Minute)}
	if err := ts.Store.CreateSession(context.Background(), expired); err != nil {
		t.Fatal(err)
	}
	for name, code := range map[string]string{"closed": closed, "expired": expired.Code} {
		t.Run(name, func(t *testing.T) {
			// One answer for a closed code and one that never was: see
			// TestWrongCodesGetOneAnswer.
			r := ts.submit(t, "ungdomsdialog-2023", submitBody(uuid.NewString(), `{}`, `"session":"`+code+`","lang":"en"`))
			if r.Status != 409 || r.ErrorCode(t) != "closed" || !strings.Contains(string(r.Body), "the session is over") {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			page := ts.do(t, "GET", "/s/"+code, nil)
			if page.Status != 404 || !strings.Contains(string(page.Body), "passet slut") {
				t.Fatalf("join page: %d", page.Status)
			}
			form := ts.do(t, "POST", "/surveys/ungdomsdialog-2023", []byte(url.Values{"submission_id": {uuid.NewString()}, "session": {code}}.Encode()), "Content-Type", "application/x-www-form-urlencoded")
			if form.Status != 409 {
				t.Fatalf("no-JS post: %d", form.Status)
			}
		})
	}
	got, _ := ts.Store.FindResponses(context.Background(), "ungdomsdialog-2023")
	if len(got) != 0 {
		t.Fatalf("%d responses stored to closed sessions", len(got))
	}
}

func TestJoiningASession(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	v := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"bjorksatraskolan","kiosk":true}`)
	page := ts.do(t, "GET", "/s/"+v.Code+"?lang=en", nil)
	body := string(page.Body)
	if page.Status != 200 || !strings.Contains(body, `name="session" value="`+v.Code+`"`) || !strings.Contains(body, `data-kiosk="/s/`+v.Code+`?lang=en"`) || !strings.Contains(body, `lang="en"`) {
		t.Fatalf("join page: %d", page.Status)
	}
	if page.Header.Get("Set-Cookie") != "" {
		t.Fatal("joining set a cookie")
	}
	if r := ts.do(t, "GET", "/s?code="+strings.ToLower(v.Code[:3])+"-"+v.Code[3:], nil); r.Status != 200 {
		t.Fatalf("typed code with a dash: %d", r.Status)
	}
	// No JavaScript in kiosk mode: after the answer, the next person gets a fresh form.
	sid := regexp.MustCompile(`name="submission_id" value="([^"]+)"`).FindStringSubmatch(body)[1]
	r := ts.do(t, "POST", "/surveys/ungdomsdialog-2023?lang=en", []byte(url.Values{"submission_id": {sid}, "session": {v.Code}, "q.kon": {"kille"}}.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	if r.Status != 200 || !strings.Contains(string(r.Body), `http-equiv="refresh" content="8;url=/s/`+v.Code) {
		t.Fatalf("kiosk thank-you page: %d", r.Status)
	}
	got, _ := ts.Store.FindResponses(context.Background(), "ungdomsdialog-2023")
	if len(got) != 1 || got[0].Session != v.Code || got[0].School != "bjorksatraskolan" {
		t.Fatalf("stored %+v", got)
	}
	for _, bad := range []string{"/s/ZZZZZZ", "/s/0O1IL0", "/s/..%2F..", "/s?code=x"} {
		if r := ts.do(t, "GET", bad, nil); r.Status != 404 || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", bad, r.Status, r.Header.Get("Content-Type"))
		}
	}
}

func TestWrongJoinCodesAreSlowedDown(t *testing.T) {
	ts := newTestServer(t)
	var last response
	for i := range 31 {
		last = ts.do(t, "GET", fmt.Sprintf("/s/ZZZZ%c%c", "ABCDEFGH"[i%8], "23456789"[i/8]), nil)
	}
	if last.Status != 429 || last.Header.Get("Retry-After") == "" {
		t.Fatalf("31st wrong code: %d", last.Status)
	}
}

func TestQRCode(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do(t, "GET", "/s/ABC234/qr.svg", nil)
	if r.Status != 200 || r.Header.Get("Content-Type") != "image/svg+xml" || !strings.HasPrefix(string(r.Body), "<svg") || !strings.Contains(string(r.Body), `<path fill="#000" d="M`) {
		t.Fatalf("%d %s %.80s", r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	if r := ts.do(t, "GET", "/s/ABC/qr.svg", nil); r.Status != 404 {
		t.Fatalf("bad code: %d", r.Status)
	}
}
