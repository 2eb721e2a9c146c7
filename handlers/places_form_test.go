package handlers

import (
	"html"
	"net/url"
	"strings"
	"testing"

	"medborgardialog/models"
)

// postForm sends a staff form as the bootstrap admin.
func (ts *testServer) adminForm(t *testing.T, path string, form url.Values) response {
	t.Helper()
	return ts.do(t, "POST", path, []byte(form.Encode()), "Authorization", "Bearer "+adminToken, "Content-Type", "application/x-www-form-urlencoded")
}

// saved tells a form that was stored: the browser (and the test's
// client) follows the redirect to the places page, which says so.
func saved(r response) bool {
	return r.Status == 200 && strings.Contains(string(r.Body), "Katalogen är sparad.")
}

func (ts *testServer) catalogue(t *testing.T) models.Places {
	t.Helper()
	var p models.Places
	ts.admin(t, "GET", "/api/v1/admin/places", nil).JSON(t, &p)
	return p
}

func TestASchoolAddedByTheFormIsOfferedForSessions(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	if r := ts.admin(t, "GET", "/staff/places/new-school", nil); r.Status != 200 || !strings.Contains(string(r.Body), `value="ak7"`) {
		t.Fatalf("new school form: %d %.300s", r.Status, r.Body)
	}
	r := ts.adminForm(t, "/staff/places/schools", url.Values{"name": {"Sandbacka skola"}, "area": {"kungsgarden"}, "grades": {"ak7", "ak8"}, "active": {"on"}})
	if !saved(r) {
		t.Fatalf("add school: %d %s", r.Status, r.Body)
	}
	sc, ok := func() (*models.School, bool) { p := ts.catalogue(t); return p.School("sandbacka-skola") }()
	if !ok || sc.Name != "Sandbacka skola" || sc.Area != "kungsgarden" || strings.Join(sc.Grades, ",") != "ak7,ak8" || !sc.Active {
		t.Fatalf("stored: %+v", sc)
	}
	page := ts.as(t, fac, "GET", "/staff/sessions", nil)
	if !strings.Contains(string(page.Body), `<option value="sandbacka-skola" data-grades="ak7 ak8">Sandbacka skola</option>`) {
		t.Fatalf("the sessions form does not offer the new school: %.3000s", page.Body)
	}
	v := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"sandbacka-skola","grade":"ak7"}`)
	if v.Area != "kungsgarden" {
		t.Fatalf("the area did not follow the school: %+v", v.Session)
	}
	assertAudit(t, ts, models.AuditPlacesSave)
}

func TestASchoolWithoutAreaIsRefusedKeepingWhatWasTyped(t *testing.T) {
	ts := newTestServer(t)
	r := ts.adminForm(t, "/staff/places/schools", url.Values{"name": {"Sandbacka skola"}, "area": {""}, "grades": {"ak9"}})
	body := html.UnescapeString(string(r.Body))
	if r.Status != 422 {
		t.Fatalf("status %d: %.500s", r.Status, body)
	}
	for _, want := range []string{
		`value="Sandbacka skola"`, // the name as typed
		`value="ak9" checked`,     // the grade as ticked
		`<a href="#school-area">Skola 8, Sandbacka skola, område: Välj ett område.</a>`, // the summary, linked to the field
		`id="school-area-error">Välj ett område.`,                                       // at the field
		`aria-describedby="school-area-error"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(body, `value="annat"`) {
		t.Error(`"annat" is offered as a grade a school teaches`)
	}
	if p := ts.catalogue(t); len(p.Schools) != 7 {
		t.Fatalf("a refused school was stored: %d schools", len(p.Schools))
	}
	// A name that is taken is refused at the name.
	r = ts.adminForm(t, "/staff/places/schools", url.Values{"name": {"Hedängsskolan"}, "area": {"centrum"}})
	if body := html.UnescapeString(string(r.Body)); r.Status != 422 || !strings.Contains(body, `id="school-name-error">Hedängsskolan finns redan.`) {
		t.Fatalf("duplicate name: %d %.3000s", r.Status, body)
	}
}

func TestADeactivatedSchoolKeepsItsSessionsButIsNotOffered(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	old := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"hedangsskolan","grade":"ak8"}`)
	edit := ts.admin(t, "GET", "/staff/places/schools/hedangsskolan", nil)
	if edit.Status != 200 || !strings.Contains(string(edit.Body), `id="school-active" name="active" checked`) {
		t.Fatalf("edit form: %d %.2000s", edit.Status, edit.Body)
	}
	r := ts.adminForm(t, "/staff/places/schools/hedangsskolan", url.Values{"name": {"Hedängsskolan"}, "area": {"centrum"}, "grades": {"ak7", "ak8", "ak9"}})
	if !saved(r) {
		t.Fatalf("deactivate: %d %s", r.Status, r.Body)
	}
	p := ts.catalogue(t)
	if sc, ok := p.School("hedangsskolan"); !ok || sc.Active {
		t.Fatalf("after deactivating: %+v", sc)
	}
	if page := ts.as(t, fac, "GET", "/staff/sessions", nil); strings.Contains(string(page.Body), `<option value="hedangsskolan"`) {
		t.Fatal("a deactivated school is offered for a new session")
	}
	if r := ts.as(t, fac, "POST", "/api/v1/admin/sessions", []byte(`{"survey":"ungdomsdialog-2023","school":"hedangsskolan","grade":"ak8"}`)); r.Status != 422 {
		t.Fatalf("a session at a deactivated school: %d %s", r.Status, r.Body)
	}
	var kept sessionView
	ts.as(t, fac, "GET", "/api/v1/admin/sessions/"+old.Code, nil).JSON(t, &kept)
	if kept.School != "hedangsskolan" || kept.Area != "centrum" {
		t.Fatalf("the earlier session lost its school: %+v", kept.Session)
	}
	if r := ts.admin(t, "GET", "/staff/places/schools/no-such-school", nil); r.Status != 404 {
		t.Fatalf("an unknown school's form: %d", r.Status)
	}
}

func TestAnAreaIsAddedAndRenamedKeepingItsValue(t *testing.T) {
	ts := newTestServer(t)
	if r := ts.adminForm(t, "/staff/places/areas/centrum", url.Values{"label": {"Sandvikens centrum"}}); !saved(r) {
		t.Fatalf("rename: %d %s", r.Status, r.Body)
	}
	p := ts.catalogue(t)
	if a, ok := p.Area("centrum"); !ok || a.Label[models.LangSV] != "Sandvikens centrum" || a.Label[models.LangEN] != "Town centre (Centrum)" {
		t.Fatalf("renamed area: %+v", a)
	}
	if sc, _ := p.School("hedangsskolan"); sc.Area != "centrum" {
		t.Fatalf("a school lost its area: %+v", sc)
	}
	r := ts.adminForm(t, "/staff/places/areas/storvik", url.Values{"label": {"  "}})
	body := html.UnescapeString(string(r.Body))
	if r.Status != 422 || !strings.Contains(body, `<a href="#area-storvik">Område 7, namn (sv): Fältet måste fyllas i.</a>`) ||
		!strings.Contains(body, `id="area-storvik-error"`) {
		t.Fatalf("empty name: %d %.4000s", r.Status, body)
	}
	if r := ts.adminForm(t, "/staff/places/areas", url.Values{"name": {"Sätra"}, "part": {"Sandvikens tätort"}}); !saved(r) {
		t.Fatalf("add area: %d %s", r.Status, r.Body)
	}
	if a, ok := func() (*models.Area, bool) { p := ts.catalogue(t); return p.Area("satra") }(); !ok || a.Label[models.LangSV] != "Sätra" || a.Part != "Sandvikens tätort" {
		t.Fatalf("added area: %+v", a)
	}
	page := ts.admin(t, "GET", "/staff/places", nil)
	if !strings.Contains(string(page.Body), "Sandvikens centrum") || !strings.Contains(string(page.Body), "Sätra") {
		t.Fatalf("the places page: %.3000s", page.Body)
	}
}
