package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Opening or closing a survey from its own page goes back to that page;
// anywhere else, or anywhere off the site, goes to the staff home.
func TestOpeningASurveyGoesBackWhereTheButtonWas(t *testing.T) {
	ts := newTestServer(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for next, want := range map[string]string{
		"/staff/surveys/ungdomsdialog-2022/admin": "/staff/surveys/ungdomsdialog-2022/admin",
		"":                     "/staff",
		"//evil.example":       "/staff",
		"https://evil.example": "/staff",
	} {
		for _, action := range []string{"open", "close"} {
			req, _ := http.NewRequest("POST", ts.URL+"/staff/surveys/ungdomsdialog-2022/"+action, strings.NewReader(url.Values{"next": {next}, "confirm": {"yes"}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Authorization", "Bearer "+adminToken)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
				t.Errorf("%s with next=%q: %d to %q, want %q", action, next, resp.StatusCode, resp.Header.Get("Location"), want)
			}
		}
	}
}
