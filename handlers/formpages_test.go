package handlers

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"medborgardialog/models"
)

var submissionField = regexp.MustCompile(`name="submission_id" value="([0-9a-f-]{36})"`)

// TestKeptFormsCarryFreshIdsAndFollowTheDefinition: the blank form is
// rendered once, but every request gets a submission id of its own, a
// session's form stays the session's, and a changed definition shows at
// once.
func TestKeptFormsCarryFreshIdsAndFollowTheDefinition(t *testing.T) {
	ts := newTestServer(t)
	sv := ts.addTestSurvey(t)
	path := "/surveys/" + sv.Slug + "?lang=sv"
	ids := map[string]bool{}
	var pages []string
	for range 3 {
		r := ts.do(t, "GET", path, nil)
		m := submissionField.FindStringSubmatch(string(r.Body))
		if r.Status != 200 || m == nil {
			t.Fatalf("form: %d, submission id %v", r.Status, m)
		}
		ids[m[1]] = true
		pages = append(pages, strings.ReplaceAll(string(r.Body), m[1], "ID"))
	}
	if len(ids) != 3 {
		t.Fatalf("%d distinct submission ids for 3 forms", len(ids))
	}
	if pages[0] != pages[1] || pages[1] != pages[2] {
		t.Fatal("the forms differ in more than their submission ids")
	}

	r := ts.admin(t, "POST", "/api/v1/admin/sessions", []byte(`{"survey":"`+sv.Slug+`","kiosk":true}`))
	var sess struct{ Code string }
	r.JSON(t, &sess)
	for range 2 {
		body := string(ts.do(t, "GET", "/s/"+sess.Code+"?lang=sv", nil).Body)
		if !strings.Contains(body, `name="session" value="`+sess.Code+`"`) || !strings.Contains(body, `data-kiosk="/s/`+sess.Code) {
			t.Fatalf("the session's form lost its session or kiosk mode:\n%.3000s", body)
		}
	}
	if strings.Contains(string(ts.do(t, "GET", path, nil).Body), sess.Code) {
		t.Fatal("the form outside the session names the session")
	}

	changed := *sv
	changed.Title = models.Text{"sv": "En ny rubrik"}
	if _, err := ts.Store.PublishSurvey(context.Background(), &changed); err != nil {
		t.Fatal(err)
	}
	if body := string(ts.do(t, "GET", path, nil).Body); !strings.Contains(body, "En ny rubrik") {
		t.Fatal("the form did not follow the changed definition")
	}
}
