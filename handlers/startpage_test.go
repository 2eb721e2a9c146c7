package handlers

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"medborgardialog/models"
	"medborgardialog/web"
)

// The start page speaks the language the browser wants most among those
// enabled, by q-value rather than by place in the header, and offers every
// enabled language by name in its own script.
func TestStartPageHonoursAcceptLanguage(t *testing.T) {
	ts := newTestServer(t)
	type tc struct{ header, want string }
	cases := []tc{
		{"", models.DefaultLang},
		{"fr, de;q=0.9, *;q=0.5", models.DefaultLang},
		{"en;q=0", models.DefaultLang},
		{"en;q=0.1, ar", models.LangAR},
		{"EN-gb;q=0.8, sv-SE;q=0.7", models.LangEN},
	}
	enabled := models.DefaultLanguages().Codes()
	for _, l := range enabled {
		if l == models.LangEasy {
			continue // only ever an explicit choice
		}
		cases = append(cases, tc{"sv;q=0.2, fr, " + l + "-XX;q=0.9", l})
	}
	for _, c := range cases {
		t.Run(c.header, func(t *testing.T) {
			page := ts.do(t, "GET", "/", nil, "Accept-Language", c.header)
			body := string(page.Body)
			if page.Status != 200 || !strings.Contains(body, `<html lang="`+c.want+`"`) {
				t.Fatalf("want %s: %d %.120s", c.want, page.Status, body)
			}
			// The choice goes on into the join form.
			if !strings.Contains(body, `name="lang" value="`+c.want+`"`) {
				t.Fatal("the join form forgets the language")
			}
			for _, l := range enabled {
				h := models.HTMLLang(l)
				link := fmt.Sprintf(`<a href="/?lang=%s" lang="%s" hreflang="%s" dir="%s"`, l, h, h, models.Dir(l))
				if !strings.Contains(body, link) || !strings.Contains(body, ">"+models.Endonym(l)+"</a>") {
					t.Errorf("no switch to %s (%s)", l, models.Endonym(l))
				}
			}
			if !strings.Contains(body, `hreflang="`+c.want+`" dir="`+models.Dir(c.want)+`" aria-current="true"`) {
				t.Error("the page's own language is not marked current")
			}
		})
	}
}

// codeInput is the start page's code field.
var codeInput = regexp.MustCompile(`<input id="code"[^>]*>`)

func attr(tag, name string) (string, bool) {
	m := regexp.MustCompile(` ` + name + `="([^"]*)"`).FindStringSubmatch(tag)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// A code typed as it is read off a board, in lower case, with a space or a
// dash, joins: the field lets it through in the browser, and the server
// takes it.
func TestJoinCodesTypedLoosely(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"bjorksatraskolan"}`).Code
	lower := strings.ToLower(code)
	typed := []string{code[:3] + " " + code[3:], lower[:3] + "-" + lower[3:], " " + lower + " ", lower[:3] + " - " + lower[3:]}

	input := codeInput.FindString(string(ts.do(t, "GET", "/", nil).Body))
	if input == "" {
		t.Fatal("no code field on the start page")
	}
	for _, s := range typed {
		if p, ok := attr(input, "pattern"); ok && !regexp.MustCompile(`^(?:`+p+`)$`).MatchString(s) {
			t.Errorf("the field's pattern %q refuses %q", p, s)
		}
		if m, ok := attr(input, "maxlength"); ok {
			if n, _ := strconv.Atoi(m); n < len([]rune(s)) {
				t.Errorf("the field's maxlength %d refuses %q", n, s)
			}
		}
		if m, ok := attr(input, "minlength"); ok {
			if n, _ := strconv.Atoi(m); n > len([]rune(strings.TrimSpace(s))) {
				t.Errorf("the field's minlength %d refuses %q", n, s)
			}
		}
		// The client follows the redirect to the session's form.
		r := ts.do(t, "GET", "/s?lang=en&code="+url.QueryEscape(s), nil)
		if body := string(r.Body); r.Status != 200 || !strings.Contains(body, `name="session" value="`+code+`"`) || !strings.Contains(body, `<html lang="en"`) {
			t.Errorf("%q: %d", s, r.Status)
		}
	}
}

// A wrong code comes back to the start page, in its language, with what
// was typed still in the field, marked invalid and described by a plain
// message; the page has everything the start page has, so nobody is stuck.
func TestWrongCodeComesBackToTheStartPage(t *testing.T) {
	ts := newTestServer(t)
	cases := []struct {
		name, path, lang, shown, key string
		status                       int
	}{
		{"typed", "/s?lang=en&code=" + url.QueryEscape("zz9-zzz"), "en", "zz9-zzz", "join.unknown", 404},
		{"typed badly", "/s?lang=ar&code=" + url.QueryEscape("0O1 <b>"), "ar", "0O1 &lt;b&gt;", "join.unknown", 404},
		{"from a link", "/s/ZZZZZZ", "sv", "ZZZZZZ", "join.unknown", 404},
		{"nothing typed", "/s?lang=en&code=+", "en", "", "join.empty", 422},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ts.do(t, "GET", c.path, nil)
			body := string(r.Body)
			if r.Status != c.status || !strings.Contains(body, `<html lang="`+c.lang+`"`) {
				t.Fatalf("%d %.200s", r.Status, body)
			}
			input := codeInput.FindString(body)
			if v, _ := attr(input, "value"); v != c.shown {
				t.Errorf("field holds %q, want %q: %s", v, c.shown, input)
			}
			msg := web.T(c.lang, c.key)
			if !strings.Contains(body, `<p class="err" id="e-code">`+msg+`</p>`) {
				t.Errorf("no message %q beside the field", msg)
			}
			if by, _ := attr(input, "aria-describedby"); !strings.Contains(by, "e-code") || !strings.Contains(input, `aria-invalid="true"`) || !strings.Contains(input, "autofocus") {
				t.Errorf("field not marked: %s", input)
			}
			if !strings.Contains(body, `<form class="code" action="/s"`) || !strings.Contains(body, `class="langs"`) {
				t.Error("not the start page")
			}
		})
	}
}

// legendNumbers are the question numbers a form page shows, in order.
var legendNumbers = regexp.MustCompile(`<legend[^>]*><small>([^<]*)</small>`)

func numbersOn(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	for _, m := range legendNumbers.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// Without JavaScript every question is shown, follow-ups included, and
// how many apply is not known: questions are numbered without a total.
// The script gets the words for the total.
func TestFormNumbersWithoutTotalsWithoutJavaScript(t *testing.T) {
	ts := newTestServer(t)
	sv := ts.addTestSurvey(t)
	body := string(ts.do(t, "GET", "/surveys/"+sv.Slug, nil).Body)
	got := numbersOn(t, body)
	if len(got) != len(sv.Questions) {
		t.Fatalf("%d numbers for %d questions", len(got), len(sv.Questions))
	}
	for i, n := range got {
		if want := fmt.Sprintf(web.T("sv", "form.question_n"), i+1); n != want {
			t.Errorf("question %d numbered %q, want %q", i+1, n, want)
		}
	}
	if !strings.Contains(body, `data-m-num="`+web.T("sv", "form.progress")+`"`) || !strings.Contains(body, `<progress `) {
		t.Error("the script has no words for the live count, or no progress bar")
	}
}

// Within a session that gives the grade and the area, the form does not
// ask for them, numbers the questions it asks, and the stored response
// carries the session's values, whatever the client sent for them, on
// the path without JavaScript and through the API alike.
func TestSessionQuestionsAreNotAskedAgain(t *testing.T) {
	ts := newTestServer(t)
	fac := ts.addStaff(t, "fatima", models.RoleFacilitator)
	code := ts.startSession(t, fac, `{"survey":"ungdomsdialog-2023","school":"bjorksatraskolan","grade":"ak8"}`).Code
	sv, err := ts.Store.Survey(context.Background(), "ungdomsdialog-2023")
	if err != nil {
		t.Fatal(err)
	}

	body := string(ts.do(t, "GET", "/s/"+code, nil).Body)
	for _, id := range []string{"arskurs", "omrade"} {
		if strings.Contains(body, `id="q-`+id+`"`) || strings.Contains(body, `name="q.`+id+`"`) {
			t.Errorf("the session's question %s is asked", id)
		}
	}
	got := numbersOn(t, body)
	if len(got) != len(sv.Questions)-2 {
		t.Fatalf("%d questions asked of %d, want all but two", len(got), len(sv.Questions))
	}
	for i, n := range got {
		if want := fmt.Sprintf(web.T("sv", "form.question_n"), i+1); n != want {
			t.Fatalf("question %d numbered %q", i+1, n)
		}
	}
	// Outside a session both are asked.
	if out := string(ts.do(t, "GET", "/surveys/ungdomsdialog-2023", nil).Body); !strings.Contains(out, `id="q-arskurs"`) || !strings.Contains(out, `id="q-omrade"`) {
		t.Fatal("the open form does not ask for grade and area")
	}

	form := url.Values{"submission_id": {uuid.NewString()}, "session": {code}, "q.kon": {"kille"}, "q.arskurs": {"ak9"}, "q.omrade": {"centrum"}}
	if r := ts.do(t, "POST", "/surveys/ungdomsdialog-2023", []byte(form.Encode()), "Content-Type", "application/x-www-form-urlencoded"); r.Status != 200 {
		t.Fatalf("no-JS post: %d", r.Status)
	}
	if r := ts.submit(t, "ungdomsdialog-2023", submitBody(uuid.NewString(), `{"kon":"tjej","arskurs":"ak9","omrade":"centrum"}`, `"session":"`+code+`"`)); r.Status != 201 {
		t.Fatalf("API: %d %s", r.Status, r.Body)
	}
	// The session's answers alone answer nothing.
	if r := ts.submit(t, "ungdomsdialog-2023", submitBody(uuid.NewString(), `{"arskurs":"ak9"}`, `"session":"`+code+`"`)); r.Status != 422 || r.ErrorCode(t) != "invalid" || !strings.Contains(string(r.Body), models.AnswerEmpty) {
		t.Fatalf("only the session's question: %d %s", r.Status, r.Body)
	}
	stored, _ := ts.Store.FindResponses(context.Background(), "ungdomsdialog-2023")
	if len(stored) != 2 {
		t.Fatalf("%d stored", len(stored))
	}
	for _, r := range stored {
		if r.Grade != "ak8" || r.Area != "bjorksatra" || r.Answers["arskurs"] != "ak8" || r.Answers["omrade"] != "bjorksatra" {
			t.Errorf("stored grade %q area %q, answers %v", r.Grade, r.Area, r.Answers)
		}
	}
}
