package handlers

import (
	"strings"
	"testing"

	"medborgardialog/models"
	"medborgardialog/web"
)

// TestEveryPublicPageHasTheFooter walks every page young people can land
// on, in Swedish and Arabic: each names the configured organisations and
// links to the privacy page and the accessibility statement, which
// DOS-lagen wants reachable from every page.
func TestEveryPublicPageHasTheFooter(t *testing.T) {
	ts := newTestServerWith(t, func(c *Config) {
		c.Organisations = []string{"Polisen i Testby", "Testby kommun"}
	})
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	code := ts.startSession(t, fac, `{"survey":"`+builtinSlug+`"}`).Code
	kiosk := ts.startSession(t, fac, `{"survey":"`+builtinSlug+`","kiosk":true}`).Code
	if r := ts.setFeedbackAPI(t, `{"enabled":true,"indicators":["otrygg_kvall"]}`); r.Status != 200 {
		t.Fatalf("feedback on: %d %s", r.Status, r.Body)
	}
	for _, lang := range []string{"sv", "ar"} {
		pages := []struct{ name, path string }{
			{"start", "/?lang=" + lang},
			{"form", "/surveys/" + builtinSlug + "?lang=" + lang},
			{"thanks", "/surveys/" + builtinSlug + "?klar=1&lang=" + lang},
			{"class form", "/s/" + code + "?lang=" + lang},
			{"class thanks", "/s/" + code + "?klar=1&lang=" + lang},
			{"kiosk form", "/s/" + kiosk + "?lang=" + lang},
			{"kiosk thanks", "/s/" + kiosk + "?klar=1&lang=" + lang},
			{"wrong code", "/s/KXRT7W?lang=" + lang},
			{"closed survey", "/surveys/ungdomsdialog-2022?lang=" + lang},
			{"not found", "/finns-inte?lang=" + lang},
			{"feedback", feedbackPage + "?lang=" + lang},
			{"privacy", "/integritet?lang=" + lang},
			{"accessibility", "/tillganglighet?lang=" + lang},
		}
		for _, p := range pages {
			t.Run(lang+"/"+p.name, func(t *testing.T) {
				r := ts.do(t, "GET", p.path, nil)
				if r.Status >= 500 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
					t.Fatalf("%d %s", r.Status, r.Header.Get("Content-Type"))
				}
				body := string(r.Body)
				i := strings.Index(body, "<footer")
				if i < 0 {
					t.Fatalf("no footer:\n%.2000s", body)
				}
				foot := body[i:]
				for _, want := range []string{"Polisen i Testby", "Testby kommun", `href="/integritet?lang=` + lang + `"`, `href="/tillganglighet?lang=` + lang + `"`} {
					if !strings.Contains(foot, want) {
						t.Errorf("the footer lacks %s:\n%s", want, foot)
					}
				}
			})
		}
	}
}

// TestAccessibilityStatementHasWhatDIGGRequires checks each item DIGG
// lists as mandatory, with the deployment's own names, contact and date.
func TestAccessibilityStatementHasWhatDIGGRequires(t *testing.T) {
	ts := newTestServerWith(t, func(c *Config) {
		c.Organisations = []string{"Polisen i Testby", "Testby kommun"}
		c.Contact = "tillganglighet@testby.se"
		c.AccessibilityAssessed = "2031-01-15"
	})
	r := ts.do(t, "GET", "/tillganglighet", nil)
	body := string(r.Body)
	if r.Status != 200 {
		t.Fatalf("%d %.500s", r.Status, body)
	}
	st := ts.statement(t)
	wants := map[string]string{
		"the public actor":       "Polisen i Testby, Testby kommun står bakom",
		"the service":            st.Service,
		"the status":             "är delvis förenlig med lagen",
		"the date assessed":      "Bedömningen gjordes 2031-01-15",
		"the last update":        "uppdaterades senast 2031-01-15",
		"the method":             "Självskattning",
		"what was not tested":    "riktig skärmläsare",
		"the feedback route":     `<a href="mailto:tillganglighet@testby.se">tillganglighet@testby.se</a>`,
		"DIGG's report function": `href="https://www.digg.se/tdosanmalan"`,
		"12 § exemptions":        "oskäligt betungande",
		"9 § content outside":    "omfattas inte av den här",
	}
	for _, g := range st.Gaps {
		wants["gap "+g.Part] = g.Part
		wants["reason for "+g.Part] = g.Reason
	}
	for what, want := range wants {
		if !strings.Contains(body, want) {
			t.Errorf("the statement lacks %s (%q)", what, want)
		}
	}
	n := 0
	for _, s := range []string{"helt förenlig", "delvis förenlig", "inte förenlig"} {
		n += strings.Count(body, s)
	}
	if n != 1 {
		t.Errorf("the statement names a status %d times, want exactly once", n)
	}
	if !strings.Contains(body, "<h2>Hur tillgänglig är tjänsten?</h2>") {
		t.Errorf("the status has no heading of its own")
	}

	t.Run("in another language it stays Swedish and says so", func(t *testing.T) {
		r := ts.do(t, "GET", "/tillganglighet?lang=ar", nil)
		body := string(r.Body)
		for _, want := range []string{`<html lang="sv" dir="ltr">`, `lang="ar" dir="rtl">بيان إمكانية الوصول`, `href="/integritet?lang=ar"`, `href="/?lang=ar"`} {
			if !strings.Contains(body, want) {
				t.Errorf("lacks %s", want)
			}
		}
	})
}

func (ts *testServer) statement(t *testing.T) *web.Statement {
	t.Helper()
	st, err := web.LoadStatement()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestPrivacyPageShowsTheConfiguredSettings: the page tells young people
// the deployment's own retention and smallest group, not the defaults.
func TestPrivacyPageShowsTheConfiguredSettings(t *testing.T) {
	ts := newTestServerWith(t, func(c *Config) {
		c.RetentionTextMonths, c.RetentionResponseYears, c.MinCell = 18, 3, 7
		c.Contact = "https://testby.se/kontakt"
	})
	for _, tc := range []struct{ lang, text, responses, group string }{
		{"sv", "tas bort 18 månader efter", "tas bort 3 år efter", "minst 7 personer"},
		{"en", "deleted 18 months after", "deleted 3 years after", "at least 7 people"},
	} {
		r := ts.do(t, "GET", "/integritet?lang="+tc.lang, nil)
		body := string(r.Body)
		if r.Status != 200 {
			t.Fatalf("%s: %d", tc.lang, r.Status)
		}
		for _, want := range []string{tc.text, tc.responses, tc.group, `<a href="https://testby.se/kontakt">testby.se/kontakt</a>`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: lacks %q", tc.lang, want)
			}
		}
	}
	t.Run("one month and one year are singular", func(t *testing.T) {
		ts := newTestServerWith(t, func(c *Config) { c.RetentionTextMonths, c.RetentionResponseYears = 1, 1 })
		if body := string(ts.do(t, "GET", "/integritet?lang=en", nil).Body); !strings.Contains(body, "deleted 1 month after") || !strings.Contains(body, "deleted 1 year after") {
			t.Errorf("%.3000s", body)
		}
	})
}
