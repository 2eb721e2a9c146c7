package handlers

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// The bad-input matrix: every public route gets hostile and broken input.
// Each case states what it must answer: a 4xx with a message (the API's
// error body, or a page), or, where the input is harmless, the route's
// ordinary answer. Never a 5xx, nothing stored for what was refused, and
// the server healthy afterwards.

// badCase is one request of the matrix.
type badCase struct {
	name    string
	method  string
	path    string // already escaped as it goes on the wire
	body    []byte
	header  []string // name, value pairs
	chunked bool     // send the body without Content-Length
	raw     string   // a whole HTTP/1.1 request sent over a bare connection instead
	want    []int    // the acceptable statuses
	stores  bool     // harmless input: exactly one response is stored
	// goServer: refused by net/http before any handler runs, with its own
	// short plain-text answer.
	goServer bool
	check    func(t *testing.T, r response)
}

// publicRoute is a public route and a harmless request to it.
type publicRoute struct {
	name   string
	benign func() badCase // method, path, body, header of an ordinary request
	status int            // what the ordinary request answers
	stores bool
	// chunked5MB is the answer to a 5 MB body without Content-Length:
	// 413 where the handler reads the body, the ordinary answer where it
	// never reads it.
	chunked5MB int
}

const (
	matrixSlug = "testdialog-2023"
	formType   = "application/x-www-form-urlencoded"
	jsonType   = "application/json"
)

func validForm(sid string) url.Values {
	return url.Values{"submission_id": {sid}, "q.kon": {"tjej"}, "q.alder": {"15"}, "q.trygg_kvall": {"mycket_trygg"},
		"q.platser.skolan": {"trygg"}, "q.platser.centrum": {"otrygg"}, "q.ovrigt": {"ok"}}
}

// answersWith is validAnswers with key set to raw (raw JSON, written as is);
// an empty raw removes the key.
func answersWith(key, raw string) string {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(validAnswers), &m); err != nil {
		panic(err)
	}
	delete(m, key)
	var b strings.Builder
	b.WriteByte('{')
	for k, v := range m {
		fmt.Fprintf(&b, "%q:%s,", k, v)
	}
	if raw != "" {
		fmt.Fprintf(&b, "%q:%s", key, raw)
	}
	return strings.TrimSuffix(b.String(), ",") + "}"
}

func submitCase(name, answers string, want int, extra ...string) badCase {
	return badCase{name: name, method: "POST", path: "/api/v1/surveys/" + matrixSlug + "/responses",
		body: submitBody(uuid.NewString(), answers, extra...), header: []string{"Content-Type", jsonType}, want: []int{want}}
}

func rawSubmitCase(name string, body []byte, want int) badCase {
	return badCase{name: name, method: "POST", path: "/api/v1/surveys/" + matrixSlug + "/responses",
		body: body, header: []string{"Content-Type", jsonType}, want: []int{want}}
}

func formCase(name string, form string, want int) badCase {
	return badCase{name: name, method: "POST", path: "/surveys/" + matrixSlug,
		body: []byte(form), header: []string{"Content-Type", formType}, want: []int{want}}
}

func get(name, path string, want ...int) badCase {
	return badCase{name: name, method: "GET", path: path, want: want}
}

func publicRoutes(code string) []publicRoute {
	plain := func(method, path string) func() badCase {
		return func() badCase { return badCase{method: method, path: path} }
	}
	return []publicRoute{
		{"GET /", plain("GET", "/"), 200, false, 200},
		{"GET /surveys/:slug", plain("GET", "/surveys/"+matrixSlug), 200, false, 200},
		{"POST /surveys/:slug", func() badCase {
			return badCase{method: "POST", path: "/surveys/" + matrixSlug, body: []byte(validForm(uuid.NewString()).Encode()), header: []string{"Content-Type", formType}}
		}, 200, true, 413},
		{"GET /surveys/:slug/feedback", plain("GET", "/surveys/ungdomsdialog-2023/feedback"), 200, false, 200},
		{"GET /s", plain("GET", "/s?code="+code), 303, false, 303},
		{"GET /s/:code", plain("GET", "/s/"+code), 200, false, 200},
		{"GET /s/:code/qr.svg", plain("GET", "/s/"+code+"/qr.svg"), 200, false, 200},
		{"GET /api/v1/surveys/:slug", plain("GET", "/api/v1/surveys/"+matrixSlug), 200, false, 200},
		{"POST /api/v1/surveys/:slug/responses", func() badCase {
			return badCase{method: "POST", path: "/api/v1/surveys/" + matrixSlug + "/responses", body: submitBody(uuid.NewString(), validAnswers), header: []string{"Content-Type", jsonType}}
		}, 201, true, 413},
		{"GET /login", plain("GET", "/login"), 200, false, 200},
		// Without the sign-in page's cookie every post is refused as a
		// forged form, before anything else is looked at.
		{"POST /login", func() badCase {
			return badCase{method: "POST", path: "/login", body: []byte("name=anna&password=x&csrf=y"), header: []string{"Content-Type", formType}}
		}, 403, false, 403},
		{"POST /logout", plain("POST", "/logout"), 303, false, 303},
		{"GET /healthz", plain("GET", "/healthz"), 200, false, 200},
		{"GET /readyz", plain("GET", "/readyz"), 200, false, 200},
		{"GET /static/*file", plain("GET", "/static/app.css"), 200, false, 200},
		{"GET /api/openapi.yaml", plain("GET", "/api/openapi.yaml"), 200, false, 200},
	}
}

func withQuery(path, query string) string {
	if strings.Contains(path, "?") {
		return path + "&" + query
	}
	return path + "?" + query
}

// acrossRoutes applies the inputs every route must survive.
func acrossRoutes(code string) []badCase {
	big := bytes.Repeat([]byte("A"), 5<<20)
	longLang := strings.Repeat("xx-YY;q=0.1, ", 100<<10/13)
	noScript := func(t *testing.T, r response) {
		if bytes.Contains(r.Body, []byte("<script>alert")) {
			t.Errorf("the script came back unescaped: %.300s", r.Body)
		}
	}
	var out []badCase
	for _, rt := range publicRoutes(code) {
		harmless := func(name string, change func(*badCase)) {
			c := rt.benign()
			c.name, c.want, c.stores = rt.name+"/"+name, []int{rt.status}, rt.stores
			change(&c)
			out = append(out, c)
		}
		// An unknown language falls back to Swedish.
		harmless("lang path traversal", func(c *badCase) { c.path = withQuery(c.path, "lang=../../x") })
		harmless("lang script", func(c *badCase) {
			c.path = withQuery(c.path, "lang=%3Cscript%3Ealert(1)%3C/script%3E")
			c.check = noScript
		})
		// Query values nobody reads are ignored; lang is not a language.
		harmless("query invalid UTF-8 and NUL", func(c *badCase) { c.path = withQuery(c.path, "x=%FF%FE%00&lang=%C3%28&y=%00") })
		harmless("query operator and dotted keys", func(c *badCase) {
			c.path = withQuery(c.path, "%24where=1&%24gt=&a.b=c&q.kon%5B%24gt%5D=")
		})
		// No language in it is known: Swedish.
		harmless("Accept-Language 100 KB", func(c *badCase) { c.header = append(c.header, "Accept-Language", longLang) })
		harmless("Accept-Language garbage", func(c *badCase) {
			c.header = append(c.header, "Accept-Language", "../../etc;q=-1, <script>, ar-;q=x, \xff\xfe;;,,")
		})

		c := rt.benign()
		c.name, c.body, c.want = rt.name+"/5 MB body with Content-Length", big, []int{413}
		out = append(out, c)
		c = rt.benign()
		c.name, c.body, c.chunked, c.want = rt.name+"/5 MB body chunked", big, true, []int{rt.chunked5MB}
		out = append(out, c)
	}
	return out
}

// submissionCases are aimed at POST /api/v1/surveys/{slug}/responses.
func submissionCases() []badCase {
	sid := uuid.NewString()
	deep := func(depth int) []byte {
		return []byte(`{"submission_id":"` + sid + `","answers":{"varfor":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}}`)
	}
	valid := submitBody(uuid.NewString(), validAnswers)
	invalidUTF8 := []byte(strings.Replace(string(submitBody(uuid.NewString(), answersWith("ovrigt", `"hej"`))), "hej", "h\xff\xfej", 1))
	tooManyKeys := strings.Builder{}
	tooManyKeys.WriteString(`{"kon":"tjej","trygg_kvall":"mycket_trygg","platser":{"skolan":"trygg","centrum":"trygg"}`)
	for i := range 2000 {
		fmt.Fprintf(&tooManyKeys, `,"x%d":1`, i)
	}
	tooManyKeys.WriteString("}")
	cases := []badCase{
		rawSubmitCase("malformed JSON", []byte(`{"submission_id": "x", answers: {}}`), 400),
		rawSubmitCase("truncated JSON", valid[:len(valid)/2], 400),
		rawSubmitCase("trailing garbage", append(slices.Clone(valid), []byte(` {"a":1}`)...), 400),
		rawSubmitCase("empty body", nil, 400),
		rawSubmitCase("JSON array", []byte(`[]`), 400),
		rawSubmitCase("JSON string", []byte(`"answers"`), 400),
		rawSubmitCase("JSON null", []byte(`null`), 422), // decodes to an empty request: no submission id
		rawSubmitCase("invalid UTF-8 in body", invalidUTF8, 400),
		rawSubmitCase("raw NUL byte in a string", []byte(strings.Replace(string(valid), "Mer ljus", "Mer\x00ljus", 1)), 400),
		rawSubmitCase("100,000-deep nesting", deep(100_000), 413),
		rawSubmitCase("30,000-deep nesting under the size limit", deep(30_000), 400),
		rawSubmitCase("duplicate keys with an operator", []byte(`{"submission_id":"`+uuid.NewString()+`","answers":`+validAnswers+`,"answers":{"$gt":""}}`), 422),
		rawSubmitCase("operator $where at top level", submitBody(uuid.NewString(), validAnswers, `"$where":"1"`), 400),
		rawSubmitCase("operator $gt as submission_id", []byte(`{"submission_id":{"$gt":""},"answers":`+validAnswers+`}`), 400),
		rawSubmitCase("dotted key at top level", submitBody(uuid.NewString(), validAnswers, `"a.b":1`), 400),
		rawSubmitCase("unknown top-level field", submitBody(uuid.NewString(), validAnswers, `"ip":"10.0.0.1"`), 400),
		rawSubmitCase("answers not an object", []byte(`{"submission_id":"`+uuid.NewString()+`","answers":"kon=tjej"}`), 400),

		submitCase("operator $gt as answer", answersWith("kon", `{"$gt":""}`), 422),
		submitCase("operator $where as answer", answersWith("trygg_kvall", `{"$where":"1"}`), 422),
		submitCase("operator $gt as question id", answersWith("$gt", `""`), 422),
		submitCase("operator $where as question id", answersWith("$where", `"1"`), 422),
		submitCase("operator as grid row", answersWith("platser", `{"$gt":"trygg","skolan":"trygg","centrum":"trygg"}`), 422),
		submitCase("dotted question id", answersWith("a.b", `"x"`), 422),
		submitCase("dotted grid row", answersWith("platser", `{"skolan.x":"trygg","skolan":"trygg","centrum":"trygg"}`), 422),
		submitCase("NUL escaped in text", answersWith("ovrigt", `"a\u0000b"`), 422),
		submitCase("NUL escaped in an option", answersWith("kon", `"tjej\u0000"`), 422),
		rawSubmitCase("NUL escaped in a question id", submitBody(uuid.NewString(), strings.Replace(validAnswers, `"kon"`, `"kon\u0000"`, 1)), 422),
		submitCase("control characters in text", answersWith("ovrigt", `"a\u001b[31mb"`), 422),
		rawSubmitCase("UTF-8 byte order mark", append([]byte("\xef\xbb\xbf"), valid...), 400),
		// A lone surrogate decodes to U+FFFD, a character like any other.
		func() badCase {
			c := submitCase("lone surrogate in text", answersWith("ovrigt", `"a\ud800b"`), 201)
			c.stores = true
			return c
		}(),

		submitCase("single: number", answersWith("kon", `1`), 422),
		submitCase("single: boolean", answersWith("kon", `true`), 422),
		submitCase("single: list", answersWith("kon", `["tjej"]`), 422),
		submitCase("single: object", answersWith("kon", `{"tjej":true}`), 422),
		submitCase("single: not an option", answersWith("kon", `"robot"`), 422),
		submitCase("single: required left out", answersWith("kon", ""), 422),
		submitCase("scale: number", answersWith("trygg_kvall", `3`), 422),
		submitCase("scale: empty string on a required question", answersWith("trygg_kvall", `""`), 422),
		submitCase("multi: string", answersWith("varfor", `"morkt"`), 422),
		submitCase("multi: list of numbers", answersWith("varfor", `[1,2]`), 422),
		submitCase("multi: nested list", answersWith("varfor", `[["morkt"]]`), 422),
		submitCase("multi: repeated option", answersWith("varfor", `["morkt","morkt"]`), 422),
		submitCase("multi: repeated option 1000 times", answersWith("varfor", `[`+strings.TrimSuffix(strings.Repeat(`"morkt",`, 1000), ",")+`]`), 422),
		submitCase("multi: more than max_choices", answersWith("varfor", `["morkt","grupper","droger"]`), 422),
		submitCase("grid: string", answersWith("platser", `"trygg"`), 422),
		submitCase("grid: list", answersWith("platser", `["trygg","trygg"]`), 422),
		submitCase("grid: number in a row", answersWith("platser", `{"skolan":1,"centrum":"trygg"}`), 422),
		submitCase("grid: not an option", answersWith("platser", `{"skolan":"nej","centrum":"trygg"}`), 422),
		submitCase("grid: unknown row", answersWith("platser", `{"skolan":"trygg","centrum":"trygg","parken":"trygg"}`), 422),
		submitCase("grid: required row missing", answersWith("platser", `{"skolan":"trygg"}`), 422),
		submitCase("number: string", answersWith("alder", `"14"`), 422),
		submitCase("number: fraction", answersWith("alder", `14.5`), 422),
		submitCase("number: boolean", answersWith("alder", `true`), 422),
		submitCase("number: list", answersWith("alder", `[14]`), 422),
		submitCase("number: 1e400", answersWith("alder", `1e400`), 422),
		submitCase("number: -1e400", answersWith("alder", `-1e400`), 422),
		submitCase("number: 2^64", answersWith("alder", `18446744073709551616`), 422),
		submitCase("number: -2^63-1", answersWith("alder", `-9223372036854775809`), 422),
		submitCase("number: 400 digits", answersWith("alder", strings.Repeat("9", 400)), 422),
		submitCase("number: exponent in range", answersWith("alder", `1.4e1`), 422),
		submitCase("number: out of range", answersWith("alder", `99`), 422),
		submitCase("text: number", answersWith("ovrigt", `5`), 422),
		submitCase("text: list", answersWith("ovrigt", `["a"]`), 422),
		submitCase("text: too long by one", answersWith("ovrigt", `"`+strings.Repeat("x", 21)+`"`), 422),
		submitCase("text: 60,000 characters", answersWith("ovrigt", `"`+strings.Repeat("x", 60_000)+`"`), 422),
		submitCase("hidden question answered", answersWith("trygg_kvall", `"mycket_trygg"`), 422), // varfor stays answered
		// Nothing answered is refused, whatever else is wrong or right.
		rawSubmitCase("answers left out", []byte(`{"submission_id":"`+uuid.NewString()+`"}`), 422),
		submitCase("every answer empty", `{"kon":"","alder":"","trygg_kvall":null,"varfor":[],"platser":{"skolan":""},"ovrigt":" \n "}`, 422),
		submitCase("unknown question", answersWith("finns_inte", `"x"`), 422),
		rawSubmitCase("2,000 unknown questions", submitBody(uuid.NewString(), tooManyKeys.String()), 422),
		submitCase("unknown question with a 10 KB id", answersWith(strings.Repeat("k", 10_000), `"x"`), 422),

		submitCase("submission_id not a UUID", validAnswers, 422),
		submitCase("lang path traversal", validAnswers, 422, `"lang":"../../x"`),
		submitCase("lang script", validAnswers, 422, `"lang":"<script>alert(1)</script>"`),
		submitCase("session ../..", validAnswers, 409, `"session":"../.."`),
		submitCase("session unicode", validAnswers, 409, `"session":"ÅÄÖ٣٤٥"`),
		submitCase("session 1000 characters", validAnswers, 409, `"session":"`+strings.Repeat("A", 1000)+`"`),
		submitCase("session NUL", validAnswers, 409, `"session":"ABC\u0000EF"`),
		submitCase("session operator", validAnswers, 400, `"session":{"$ne":""}`),
		submitCase("session well formed but unknown", validAnswers, 409, `"session":"KXRT7W"`),

		// Only JSON is taken: a page of another site could send a form
		// or text without asking first.
		{name: "weird Content-Type", method: "POST", path: "/api/v1/surveys/" + matrixSlug + "/responses",
			body: valid, header: []string{"Content-Type", "text/x-unknown;;; charset=ebcdic"}, want: []int{415}},
		{name: "text/plain body", method: "POST", path: "/api/v1/surveys/" + matrixSlug + "/responses",
			body: valid, header: []string{"Content-Type", "text/plain"}, want: []int{415}},
		{name: "form-encoded body", method: "POST", path: "/api/v1/surveys/" + matrixSlug + "/responses",
			body: []byte(validForm(uuid.NewString()).Encode()), header: []string{"Content-Type", formType}, want: []int{415}},
		{name: "from another site", method: "POST", path: "/api/v1/surveys/" + matrixSlug + "/responses",
			body: submitBody(uuid.NewString(), validAnswers), header: []string{"Content-Type", jsonType, "Origin", "https://evil.example"}, want: []int{403}},

		get("slug traversal encoded", "/api/v1/surveys/..%2F..%2Fetc%2Fpasswd", 404),
		{name: "slug traversal in submit path", method: "POST", path: "/api/v1/surveys/..%2F" + matrixSlug + "/responses", body: valid, want: []int{404}},
		get("slug NUL", "/api/v1/surveys/"+matrixSlug+"%00", 404),
		get("slug invalid UTF-8", "/api/v1/surveys/%FF%FE", 404),
		get("slug unicode", "/api/v1/surveys/tr%C3%A4ff", 404),
		get("slug 1000 characters", "/api/v1/surveys/"+strings.Repeat("a", 1000), 404),
		get("slug operator", "/api/v1/surveys/%24where", 404),
		get("slug dotted", "/api/v1/surveys/a.b", 404),
	}
	// The id of "submission_id not a UUID" must not be one.
	for i := range cases {
		if cases[i].name == "submission_id not a UUID" {
			cases[i].body = submitBody("../../"+strings.Repeat("x", 30), validAnswers)
		}
	}
	return cases
}

// formCases are aimed at the form's own post, the path without JavaScript.
func formCases() []badCase {
	valid := func(change func(url.Values)) string {
		f := validForm(uuid.NewString())
		change(f)
		return f.Encode()
	}
	var many strings.Builder
	many.WriteString(validForm(uuid.NewString()).Encode())
	for range 10_000 {
		many.WriteString("&a=1")
	}
	var manyQ strings.Builder
	manyQ.WriteString(validForm(uuid.NewString()).Encode())
	for i := range 5_000 {
		fmt.Fprintf(&manyQ, "&q.%d=", i)
	}
	return []badCase{
		// net/http reads at most 10,000 fields of a form; past that the
		// form cannot be read and the young person is told so.
		formCase("10,000 fields", many.String(), 422),
		formCase("5,000 unknown questions", manyQ.String(), 422),
		formCase("broken percent-encoding", valid(func(url.Values) {})+"&q.kon=%ZZ", 422),
		formCase("invalid UTF-8 in text", valid(func(f url.Values) { f.Set("q.ovrigt", "h\xff\xfej") }), 422),
		formCase("invalid UTF-8 in a field name", valid(func(f url.Values) { f.Set("q.k\xffon", "tjej") }), 422),
		formCase("NUL in text", valid(func(f url.Values) { f.Set("q.ovrigt", "a\x00b") }), 422),
		formCase("NUL in an option", valid(func(f url.Values) { f.Set("q.kon", "tjej\x00") }), 422),
		formCase("NUL in submission_id", valid(func(f url.Values) { f.Set("submission_id", uuid.NewString()[:35]+"\x00") }), 422),
		formCase("submission_id missing", valid(func(f url.Values) { f.Del("submission_id") }), 422),
		formCase("operator in a field name", valid(func(f url.Values) { f.Set("q.kon[$gt]", ""); f.Set("q.$where", "1") }), 422),
		formCase("dotted grid row", valid(func(f url.Values) { f.Set("q.platser.skolan.x", "trygg") }), 422),
		// A field the page never renders is ignored; the rest is stored.
		func() badCase {
			c := formCase("grid row on a single question", valid(func(f url.Values) { f.Set("q.kon.x", "tjej") }), 200)
			c.stores = true
			return c
		}(),
		formCase("number: letters", valid(func(f url.Values) { f.Set("q.alder", "fjorton") }), 422),
		formCase("number: 1e400", valid(func(f url.Values) { f.Set("q.alder", "1e400") }), 422),
		formCase("number: 2^64", valid(func(f url.Values) { f.Set("q.alder", "18446744073709551616") }), 422),
		formCase("single: two values", valid(func(f url.Values) { f["q.kon"] = []string{"tjej", "kille"} }), 422),
		formCase("multi: repeated option", valid(func(f url.Values) {
			f.Set("q.trygg_kvall", "mycket_otrygg")
			f["q.varfor"] = []string{"morkt", "morkt"}
		}), 422),
		formCase("text: too long", valid(func(f url.Values) { f.Set("q.ovrigt", strings.Repeat("x", 21)) }), 422),
		formCase("unknown question", valid(func(f url.Values) { f.Set("q.finns_inte", "x") }), 422),
		formCase("session ../..", valid(func(f url.Values) { f.Set("session", "../..") }), 409),
		formCase("session 1000 characters", valid(func(f url.Values) { f.Set("session", strings.Repeat("Ä", 1000)) }), 409),
		// The form shows every question at once and a radio button cannot
		// be cleared, so a hidden question's answer is dropped, not refused.
		func() badCase {
			c := formCase("hidden question answered", valid(func(f url.Values) {
				f.Set("q.ovrigt", "dold fraga")
				f["q.varfor"] = []string{"morkt"}
			}), 200)
			c.stores = true
			return c
		}(),
		formCase("empty form", "", 422),
		formCase("nothing answered", url.Values{"submission_id": {uuid.NewString()}, "q.kon": {""}, "q.alder": {" "}, "q.ovrigt": {" \r\n "}}.Encode(), 422),
		formCase("only a hidden answer", url.Values{"submission_id": {uuid.NewString()}, "q.varfor": {"morkt"}}.Encode(), 422),
		formCase("JSON instead of a form", string(submitBody(uuid.NewString(), validAnswers)), 422),
		{name: "multipart without boundary", method: "POST", path: "/surveys/" + matrixSlug,
			body: []byte(validForm(uuid.NewString()).Encode()), header: []string{"Content-Type", "multipart/form-data"}, want: []int{422}},
		{name: "weird Content-Type", method: "POST", path: "/surveys/" + matrixSlug,
			body: []byte(validForm(uuid.NewString()).Encode()), header: []string{"Content-Type", "text/plain;;; =x"}, want: []int{422}},
		{name: "slug traversal", method: "POST", path: "/surveys/..%2F..%2Fetc", body: []byte(validForm(uuid.NewString()).Encode()),
			header: []string{"Content-Type", formType}, want: []int{404}},
	}
}

// pageCases are aimed at the pages, the join routes, sign-in and static files.
func pageCases() []badCase {
	return []badCase{
		get("survey page slug traversal", "/surveys/..%2F..%2Fetc%2Fpasswd", 404),
		get("survey page slug NUL", "/surveys/%00", 404),
		get("survey page slug invalid UTF-8", "/surveys/%FF%FE", 404),
		get("survey page slug unicode", "/surveys/tr%C3%A4ff", 404),
		get("survey page slug 1000 characters", "/surveys/"+strings.Repeat("a", 1000), 404),
		get("survey page slug script", "/surveys/%3Cscript%3Ealert(1)%3C%2Fscript%3E", 404),

		get("join code ../..", "/s/..%2F..", 404),
		get("join code unicode", "/s/%C3%85%C3%84%C3%96%D9%A3%D9%A4%D9%A5", 404),
		get("join code 1000 characters", "/s/"+strings.Repeat("A", 1000), 404),
		get("join code NUL", "/s/ABC%00EF", 404),
		get("join code invalid UTF-8", "/s/%FF%FE%FD%FC%FB%FA", 404),
		get("join code operator", "/s/%24where", 404),
		get("typed code ../..", "/s?code=../..", 404),
		get("typed code 1000 characters", "/s?code="+strings.Repeat("A", 1000), 404),
		get("typed code NUL and invalid UTF-8", "/s?code=%00%FF", 404),
		get("QR code ../..", "/s/..%2F..%2Fx/qr.svg", 404),
		get("QR code 1000 characters", "/s/"+strings.Repeat("A", 1000)+"/qr.svg", 404),
		get("QR code unicode", "/s/%C3%85%C3%84%C3%96%C3%85%C3%84%C3%96/qr.svg", 404),

		get("static traversal", "/static/../../go.mod", 404),
		get("static traversal encoded", "/static/..%2F..%2Fgo.mod", 404),
		get("static NUL", "/static/app.css%00", 404),
		get("static invalid UTF-8", "/static/%FF", 404),
		get("static template source", "/static/../templates/layout.html", 404),

		// A redirect target off the site is replaced with the staff start page.
		func() badCase {
			c := get("login next off-site", "/login?next=%2F%2Fevil.example%2F", 200)
			c.check = func(t *testing.T, r response) {
				if bytes.Contains(r.Body, []byte("evil.example")) {
					t.Error("the off-site target is in the page")
				}
			}
			return c
		}(),
		get("login next script", "/login?next=javascript:alert(1)", 200),
		{name: "login 10,000 fields", method: "POST", path: "/login", body: []byte(strings.Repeat("name=a&", 9_000)),
			header: []string{"Content-Type", formType}, want: []int{403}},
		{name: "login invalid UTF-8 and NUL", method: "POST", path: "/login", body: []byte("name=%FF%00&password=%00&csrf=%FE"),
			header: []string{"Content-Type", formType}, want: []int{403}},
		{name: "login weird Content-Type", method: "POST", path: "/login", body: []byte("name=a"),
			header: []string{"Content-Type", "multipart/form-data; boundary="}, want: []int{403}},
		{name: "logout with a forged cookie", method: "POST", path: "/logout", body: []byte("csrf=%00"),
			header: []string{"Content-Type", formType, "Cookie", "md_session=%00%FF../..; md_session=" + strings.Repeat("x", 4000)}, want: []int{303}},

		{name: "unknown method on a page", method: "BREW", path: "/surveys/" + matrixSlug, want: []int{405}},
		{name: "unknown method on the API", method: "DELETE", path: "/api/v1/surveys/" + matrixSlug, want: []int{405}},
		get("unknown API path", "/api/v1/%24where/..%2F", 404),

		// net/http itself refuses these before any handler runs.
		{name: "raw invalid UTF-8 in path", raw: "GET /surveys/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n", want: []int{404}},
		{name: "raw invalid UTF-8 in join code", raw: "GET /s/\xff\xfe\xfd\xfc\xfb\xfa HTTP/1.1\r\nHost: x\r\n\r\n", want: []int{404}},
		{name: "raw NUL in path", raw: "GET /s/ABC\x00EF HTTP/1.1\r\nHost: x\r\n\r\n", want: []int{400}, goServer: true},
		{name: "raw NUL in a header", raw: "GET / HTTP/1.1\r\nHost: x\r\nAccept-Language: sv\x00\r\n\r\n", want: []int{400}, goServer: true},
		{name: "header over 1 MB", method: "GET", path: "/", header: []string{"Accept-Language", strings.Repeat("a", 1<<20+8<<10)}, want: []int{431}, goServer: true},
	}
}

// matrixClient never follows redirects: a 303 is an answer to check.
var matrixClient = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func (ts *testServer) send(t *testing.T, c badCase) response {
	t.Helper()
	if c.raw != "" {
		return ts.sendRaw(t, c.raw)
	}
	var body io.Reader = bytes.NewReader(c.body)
	req, err := http.NewRequest(c.method, ts.URL+c.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if c.chunked {
		req.ContentLength = -1
		req.Body = io.NopCloser(bytes.NewReader(c.body))
		req.GetBody = nil
	}
	for i := 0; i+1 < len(c.header); i += 2 {
		req.Header.Set(c.header[i], c.header[i+1])
	}
	resp, err := matrixClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", c.method, c.path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// sendRaw writes a request byte for byte, for what http.Client would
// escape or refuse to send.
func (ts *testServer) sendRaw(t *testing.T, raw string) response {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(ts.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// checkAnswer holds every answer to the rules of the matrix.
func checkAnswer(t *testing.T, c badCase, r response) {
	t.Helper()
	if r.Status >= 500 {
		t.Fatalf("%d: %.500s", r.Status, r.Body)
	}
	if !slices.Contains(c.want, r.Status) {
		t.Fatalf("status %d, want one of %v: %.500s", r.Status, c.want, r.Body)
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case r.Status >= 300 && r.Status < 400:
		if r.Header.Get("Location") == "" {
			t.Error("redirect without Location")
		}
	case c.goServer:
		if len(r.Body) == 0 {
			t.Error("empty answer")
		}
	case r.Status >= 400 && ct == jsonType:
		var e errorBody
		if err := json.Unmarshal(r.Body, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
			t.Errorf("not an error body: %.300s", r.Body)
		}
	case r.Status >= 400 && ct == "text/html":
		if !bytes.Contains(r.Body, []byte("<html")) || !bytes.Contains(r.Body, []byte("<main")) {
			t.Errorf("not a page: %.300s", r.Body)
		}
	case r.Status >= 400:
		t.Errorf("a %d answered as %q: %.300s", r.Status, ct, r.Body)
	default:
		if len(r.Body) == 0 {
			t.Error("empty answer")
		}
	}
	if c.check != nil {
		c.check(t, r)
	}
}

func TestBadInputMatrix(t *testing.T) {
	ts := newTestServer(t)
	ts.addTestSurvey(t)
	r := ts.admin(t, "POST", "/api/v1/admin/sessions", []byte(`{"survey":"`+matrixSlug+`"}`))
	if r.Status != 201 {
		t.Fatalf("session: %d %s", r.Status, r.Body)
	}
	var sess struct{ Code string }
	r.JSON(t, &sess)
	if r := ts.admin(t, "PUT", "/api/v1/admin/surveys/ungdomsdialog-2023/feedback", []byte(`{"enabled":true,"indicators":["otrygg_kvall"]}`)); r.Status != 200 {
		t.Fatalf("feedback on: %d %s", r.Status, r.Body)
	}

	stored := func(t *testing.T) int {
		t.Helper()
		got, err := ts.Store.FindResponses(context.Background(), matrixSlug)
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}
	groups := []struct {
		name  string
		cases []badCase
	}{
		{"every route", acrossRoutes(sess.Code)},
		{"submit", submissionCases()},
		{"form", formCases()},
		{"pages", pageCases()},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			seen := map[string]bool{}
			for _, c := range g.cases {
				if seen[c.name] {
					t.Fatalf("two cases named %q", c.name)
				}
				seen[c.name] = true
				t.Run(c.name, func(t *testing.T) {
					before := stored(t)
					checkAnswer(t, c, ts.send(t, c))
					want := before
					if c.stores {
						want++
					}
					if n := stored(t); n != want {
						t.Errorf("%d responses stored by this request, want %d", n-before, want-before)
					}
				})
			}
		})
	}

	t.Run("still healthy", func(t *testing.T) {
		if r := ts.do(t, "GET", "/healthz", nil); r.Status != 200 {
			t.Fatalf("healthz %d", r.Status)
		}
		if r := ts.do(t, "GET", "/readyz", nil); r.Status != 200 {
			t.Fatalf("readyz %d", r.Status)
		}
		if r := ts.submit(t, matrixSlug, submitBody(uuid.NewString(), validAnswers)); r.Status != 201 {
			t.Fatalf("a valid submission: %d %s", r.Status, r.Body)
		}
		if logs := ts.Logs.String(); strings.Contains(logs, "panic") || strings.Contains(logs, "level=ERROR") {
			t.Fatalf("the server logged an error:\n%.2000s", logs)
		}
	})

	t.Run("stored answers are clean", func(t *testing.T) {
		docs, err := ts.Store.RawResponses(context.Background(), matrixSlug)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]bool{"kon": true, "alder": true, "trygg_kvall": true, "varfor": true, "platser": true, "ovrigt": true}
		for _, d := range docs {
			raw, _ := json.Marshal(d)
			if bytes.Contains(raw, []byte(`\u0000`)) || bytes.Contains(raw, []byte("$")) {
				t.Errorf("stored %s", raw)
			}
			answers, _ := json.Marshal(d["answers"])
			var keys map[string]any
			_ = json.Unmarshal(answers, &keys)
			for k := range keys {
				if !ids[k] {
					t.Errorf("stored an answer to %q", k)
				}
			}
			if keys["ovrigt"] == "dold fraga" && keys["varfor"] != nil {
				t.Errorf("a hidden question's answer was stored: %s", answers)
			}
		}
	})
}
