package handlers

import (
	"fmt"
	"strings"
	"testing"
)

// Uploads that cost yaml.v3 time in the square of a mapping's keys, or
// that would list one problem per column, are refused at once with one
// short answer in Swedish (issue 26).
func TestHostileUploadsGetShortSwedishAnswers(t *testing.T) {
	ts := newTestServer(t)

	wide := "indicator,wave,share,n,source" + strings.Repeat(",x", 500_000) + "\n"
	r := ts.do(t, "POST", "/api/v1/admin/surveys/ungdomsdialog-2023/series/outside", []byte(wide),
		"Authorization", "Bearer "+adminToken, "Content-Type", "text/csv")
	if r.Status != 422 || len(r.Body) > 2000 || !strings.Contains(string(r.Body), "för många kolumner") {
		t.Errorf("outside figures with 500,000 columns: %d, %d bytes: %.500s", r.Status, len(r.Body), r.Body)
	}
	t.Logf("outside figures with 500,000 columns: %d, answer of %d bytes", r.Status, len(r.Body))

	var places strings.Builder
	places.WriteString("areas:\n  - value: centrum\n    label:\n")
	for i := range 300 {
		fmt.Fprintf(&places, "      k%d: Centrum\n", i)
	}
	places.WriteString("schools: []\n")
	r = ts.admin(t, "PUT", "/api/v1/admin/places", []byte(places.String()))
	if r.Status != 422 || !strings.Contains(string(r.Body), "Rad 4: för många nycklar på samma nivå (300; högst 200") {
		t.Errorf("places with a label of 300 keys: %d %s", r.Status, r.Body)
	}

	var title strings.Builder
	title.WriteString("slug: bred\nversion: 1\nstatus: draft\nlanguages: [sv]\ntitle:\n")
	for i := range 300 {
		fmt.Fprintf(&title, "  k%d: x\n", i)
	}
	r = ts.admin(t, "POST", "/api/v1/admin/surveys", []byte(title.String()))
	if r.Status != 422 || !strings.Contains(string(r.Body), "Rad 6: för många nycklar på samma nivå (300; högst 200") {
		t.Errorf("a survey whose title has 300 keys: %d %s", r.Status, r.Body)
	}
}
