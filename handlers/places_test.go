package handlers

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"medborgardialog/models"
)

func TestThePlacesCatalogueIsReadByAllAndChangedByAdmins(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	var p models.Places
	ts.as(t, fac, "GET", "/api/v1/admin/places", nil).JSON(t, &p)
	if len(p.Areas) != 10 || len(p.Schools) != 7 {
		t.Fatalf("built-in catalogue: %d areas, %d schools", len(p.Areas), len(p.Schools))
	}
	yml := ts.as(t, fac, "GET", "/api/v1/admin/places?format=yaml", nil)
	if yml.Status != 200 || !strings.Contains(string(yml.Body), "id: norrsatraskolan") {
		t.Fatalf("YAML: %d %.200s", yml.Status, yml.Body)
	}

	// A new school, written as YAML: the file admins download and edit.
	edited := strings.Replace(string(yml.Body), "schools:", "schools:\n    - {id: sandbacka-skola, name: Sandbacka skola, area: kungsgarden, grades: [ak7, ak8], active: true}", 1)
	if r := ts.as(t, fac, "PUT", "/api/v1/admin/places", []byte(edited)); r.Status != 403 {
		t.Fatalf("facilitator changed the catalogue: %d", r.Status)
	}
	if r := ts.admin(t, "PUT", "/api/v1/admin/places", []byte(edited)); r.Status != 200 {
		t.Fatalf("admin: %d %s", r.Status, r.Body)
	}
	v := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"sandbacka-skola","grade":"ak7"}`)
	if v.Area != "kungsgarden" {
		t.Fatalf("the area did not follow the school: %+v", v.Session)
	}

	bad := `{"areas":[{"value":"centrum","label":{"sv":"Centrum"}}],"schools":[{"id":"x-skola","name":"X","area":"mars","grades":["8"],"active":true}]}`
	r := ts.do(t, "PUT", "/api/v1/admin/places", []byte(bad), "Authorization", "Bearer "+adminToken, "Accept-Language", "en")
	if r.Status != 422 || !strings.Contains(string(r.Body), "schools[0].area") || !strings.Contains(string(r.Body), "Unknown area. Valid ones are: centrum.") ||
		!strings.Contains(string(r.Body), "schools[0].grades[0]") {
		t.Fatalf("bad catalogue: %d %s", r.Status, r.Body)
	}
	ts.as(t, fac, "GET", "/api/v1/admin/places", nil).JSON(t, &p)
	if _, ok := p.School("sandbacka-skola"); !ok || len(p.Areas) != 10 {
		t.Fatal("a refused catalogue replaced the stored one")
	}
	for _, body := range []string{"", "areas: [", "[]", `{"areas": 3}`, "areas: []\nextra: 1\n"} {
		if r := ts.admin(t, "PUT", "/api/v1/admin/places", []byte(body)); r.Status != 422 && r.Status != 200 {
			t.Errorf("%q: %d %s", body, r.Status, r.Body)
		}
	}
	assertAudit(t, ts, models.AuditPlacesSave)
}

func TestThePlacesPageKeepsWhatWasTypedOnAProblem(t *testing.T) {
	ts := newTestServer(t)
	form := url.Values{"yaml": {"areas: []\nschools:\n  - {id: ab-skola, name: Ab, area: nowhere}\n  - {id: Göranssonska, name: Göranssonska skolan, area: nowhere, grades: [ak7, ak7]}\n"}}
	page := ts.do(t, "POST", "/staff/places", []byte(form.Encode()), "Authorization", "Bearer "+adminToken, "Content-Type", "application/x-www-form-urlencoded")
	if page.Status != 422 || !strings.Contains(string(page.Body), "id: ab-skola") {
		t.Fatalf("page: %d %.400s", page.Status, page.Body)
	}
	// Problems name the school by its place counted from 1 and its name,
	// and the field in words, not schools[1].area.
	body := html.UnescapeString(string(page.Body))
	for _, want := range []string{"Skola 1, Ab, område:", "Skola 2, Göranssonska skolan, id:", "Skola 2, Göranssonska skolan, område:", "Skola 2, Göranssonska skolan, årskurs 2:"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(body, "schools[") {
		t.Errorf("the page shows a checker path: %.2000s", body)
	}
	if r := ts.admin(t, "GET", "/staff/places", nil); r.Status != 200 || !strings.Contains(string(r.Body), "Norrsätraskolan") {
		t.Fatalf("places page: %d", r.Status)
	}
}

// The issue's own scenario: a class in a session answers the survey's
// own grade and area questions too, and every pupil counts in one group.
func TestAClassCountsInOneGroupPerDimension(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	analyst := ts.addStaff(t, "anders", models.RoleAnalyst)
	for _, grade := range []string{"ak8", "ak9"} {
		code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"hedangsskolan","grade":"`+grade+`"}`).Code
		for i := range 12 {
			// Some pupils pick another grade or area than their class's:
			// the session's value still decides.
			own, area := grade, "centrum"
			if i%4 == 0 {
				own, area = "ak7", "storvik"
			}
			answers := fmt.Sprintf(`{"arskurs":%q,"omrade":%q,"trygg_kvall":"ganska_trygg"}`, own, area)
			if r := ts.submit(t, "ungdomsdialog-2023", submitBody(uuid.NewString(), answers, `"session":"`+code+`"`)); r.Status != 201 {
				t.Fatalf("submit: %d %s", r.Status, r.Body)
			}
		}
	}
	// One session from before the catalogue, typed by hand; its school
	// matches nothing, so its answers count as not known.
	legacy := &models.Session{Code: "LGCY23", Survey: "ungdomsdialog-2023", School: "Skola A", Grade: "8", Area: "Centrum",
		CreatedBy: "fatima", CreatedAt: time.Now(), ClosesAt: time.Now().Add(time.Hour)}
	var rs []*models.Response
	for i := range 6 {
		rs = append(rs, &models.Response{Survey: "ungdomsdialog-2023", Version: 1, Session: legacy.Code, School: legacy.School,
			Grade: legacy.Grade, Area: legacy.Area, Lang: "sv", Day: "2023-03-01", Answers: map[string]any{"trygg_kvall": "ganska_trygg"},
			SubmissionID: fmt.Sprintf("legacy-%d-%s", i, strings.Repeat("0", 24))})
	}
	if err := ts.Store.InsertResponses(context.Background(), rs); err != nil {
		t.Fatal(err)
	}
	ts.publish(t, "ungdomsdialog-2023")

	var body struct {
		Results struct {
			Indicators []struct {
				ID string
				By map[string][]struct {
					Group   string
					Unknown bool
					Hidden  bool
					N       int
				}
			}
		}
	}
	ts.as(t, analyst, "GET", "/api/v1/admin/surveys/ungdomsdialog-2023/results", nil).JSON(t, &body)
	var kvall map[string][]struct {
		Group   string
		Unknown bool
		Hidden  bool
		N       int
	}
	for _, ind := range body.Results.Indicators {
		if ind.ID == "otrygg_kvall" {
			kvall = ind.By
		}
	}
	groups := func(dim string) []string {
		var out []string
		for _, g := range kvall[dim] {
			if g.Unknown {
				out = append(out, "?")
			} else {
				out = append(out, g.Group)
			}
		}
		return out
	}
	// Grade lists every option (shown or hidden); what matters is that no
	// spelling of its own appears and the legacy "8" counts as not known.
	for dim, never := range map[string]string{"grade": "8", "area": "Centrum", "school": "Skola A"} {
		if slices.Contains(groups(dim), never) {
			t.Errorf("%s has a group of its own for %q: %v", dim, never, groups(dim))
		}
	}
	if g := groups("school"); !slices.Contains(g, "hedangsskolan") || !slices.Contains(g, "?") {
		t.Errorf("school groups %v", g)
	}
	// Each class of 12 counts in its session's grade, also the pupils who
	// answered ak7 themselves (within the ±3 of the noise).
	for _, g := range kvall["grade"] {
		switch g.Group {
		case "ak8", "ak9":
			if g.Hidden || g.N < 9 || g.N > 15 {
				t.Errorf("grade %s: %+v, want about 12", g.Group, g)
			}
		case "ak7":
			if !g.Hidden {
				t.Errorf("ak7 shown with n=%d: the session's grade should win", g.N)
			}
		}
	}
}
