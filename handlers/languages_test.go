package handlers

import (
	"context"
	"strings"
	"testing"

	"medborgardialog/models"
	"medborgardialog/surveys"
)

// manyLangs is a survey with texts in Swedish, lättläst, English,
// Arabic, Finnish, Somali and Dari, complete in each but Arabic, which
// lacks one option's label.
const manyLangs = `slug: sprak-2023
version: 1
status: open
languages: [sv, en, fi, so, prs]
title: {sv: "Trygghet", sv-ll: "Hur trygg är du?", en: "Safety", ar: "الأمان", fi: "Turvallisuus", so: "Amniga", prs: "امنیت"}
translations:
  fi: {status: reviewed, reviewer: "Aino Translator", note: "Läst i sin helhet"}
  so: {status: draft, note: "Behöver granskas"}
  sv-ll: {status: draft, note: "Skriven av teamet, inte granskad av en MTM-utbildad skribent"}
questions:
  - id: trygg
    type: single
    required: true
    text: {sv: "Känner du dig trygg?", sv-ll: "Är du trygg?", en: "Do you feel safe?", ar: "هل تشعر بالأمان؟", fi: "Tunnetko olosi turvalliseksi?", so: "Ma dareemaysaa ammaan?", prs: "آیا احساس امنیت می کنید؟"}
    options:
      - value: ja
        label: {sv: "Ja", sv-ll: "Ja", en: "Yes", ar: "نعم", fi: "Kyllä", so: "Haa", prs: "بله"}
      - value: nej
        label: {sv: "Nej", sv-ll: "Nej", en: "No", fi: "Ei", so: "Maya", prs: "نه"}
`

func (ts *testServer) addManyLangs(t *testing.T) {
	t.Helper()
	sv, problems, err := surveys.Load([]byte(manyLangs))
	if err != nil || len(problems) > 0 {
		t.Fatalf("the test survey: %v %v", err, problems)
	}
	if _, err := ts.Store.PublishSurvey(context.Background(), sv); err != nil {
		t.Fatal(err)
	}
}

// The language switch offers what DIALOG_LANGUAGES enables and the survey
// has every text in, each named in its own script; a language that is
// not enabled, or that the survey lacks a text in, is never shown, and
// asking for it gives the Swedish form.
func TestFormOffersOnlyEnabledCompleteLanguages(t *testing.T) {
	enabled, err := models.ParseEnabled("en,ar,so,prs")
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServerWith(t, func(c *Config) { c.Languages = enabled })
	ts.addManyLangs(t)

	page := string(ts.do(t, "GET", "/surveys/sprak-2023", nil).Body)
	for _, want := range []string{">Svenska<", ">Lättläst<", ">English<", ">Soomaali<", ">دری<"} {
		if !strings.Contains(page, want) {
			t.Errorf("the switch lacks %s", want)
		}
	}
	// Finnish is complete but not enabled; Arabic enabled but incomplete.
	for _, absent := range []string{">Suomi<", ">العربية<", "?lang=fi", "?lang=ar\""} {
		if strings.Contains(page, absent) {
			t.Errorf("the switch offers %s", absent)
		}
	}
	for _, tc := range []struct {
		query, accept, html, title string
	}{
		{"?lang=so", "", `<html lang="so" dir="ltr">`, "Amniga"},
		{"?lang=prs", "", `<html lang="prs" dir="rtl">`, "امنیت"},
		{"?lang=sv-ll", "", `<html lang="sv" dir="ltr">`, "Hur trygg är du?"},
		{"?lang=fi", "", `<html lang="sv" dir="ltr">`, "Trygghet"},
		{"?lang=ar", "", `<html lang="sv" dir="ltr">`, "Trygghet"},
		{"?lang=de", "", `<html lang="sv" dir="ltr">`, "Trygghet"},
		{"", "fi-FI, so;q=0.8", `<html lang="so" dir="ltr">`, "Amniga"},
		{"", "fa-AF, en;q=0.5", `<html lang="prs" dir="rtl">`, "امنیت"},
		{"", "ar", `<html lang="sv" dir="ltr">`, "Trygghet"},
	} {
		r := ts.do(t, "GET", "/surveys/sprak-2023"+tc.query, nil, "Accept-Language", tc.accept)
		body := string(r.Body)
		if r.Status != 200 || !strings.Contains(body, tc.html) || !strings.Contains(body, "<h1>"+tc.title+"</h1>") {
			t.Errorf("%s %q: %d, want %s and the title %q", tc.query, tc.accept, r.Status, tc.html, tc.title)
		}
	}
}

// Without DIALOG_LANGUAGES, Finnish is offered and Somali is not: a
// Somali text in a survey does not put Somali on the page.
func TestDefaultLanguagesOfferFinnishNotSomali(t *testing.T) {
	ts := newTestServer(t)
	ts.addManyLangs(t)
	page := string(ts.do(t, "GET", "/surveys/sprak-2023", nil).Body)
	if !strings.Contains(page, ">Suomi<") || strings.Contains(page, ">Soomaali<") || strings.Contains(page, ">دری<") {
		t.Error("the default switch must offer Suomi and neither Soomaali nor دری")
	}
	if r := ts.do(t, "GET", "/surveys/sprak-2023?lang=so", nil); !strings.Contains(string(r.Body), `<html lang="sv" dir="ltr">`) {
		t.Error("?lang=so must fall back to Swedish when so is not enabled")
	}
}

// The staff survey page shows, per language in Swedish words, whether
// young people are offered it, how many texts it lacks and whether it is
// reviewed or a draft.
func TestSurveyPageShowsEachLanguagesStatus(t *testing.T) {
	enabled, err := models.ParseEnabled("en,ar,so")
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServerWith(t, func(c *Config) { c.Languages = enabled })
	ts.addManyLangs(t)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	b := newBrowser(t, ts)
	if r := b.signIn("greta", admin.password); r.Status != 303 {
		t.Fatalf("sign-in: %d", r.Status)
	}
	r := b.do("GET", "/staff/surveys/sprak-2023/admin", nil)
	page := string(r.Body)
	if r.Status != 200 || !strings.Contains(page, `<section id="languages"`) {
		t.Fatalf("%d: no languages section", r.Status)
	}
	// The survey has 4 texts: the title, the question and two options.
	for code, want := range map[string][]string{
		"sv":    {"Svenska</th>", "<td>Ja</td>", "Komplett: alla 4 texter", "<td>Originalet</td>"},
		"sv-ll": {"Lättläst svenska", "<td>Ja</td>", "Komplett: alla 4 texter", "<td>Utkast, inte granskat</td>", "inte granskad av en MTM-utbildad skribent"},
		"en":    {"Engelska", "<td>Ja</td>", "Komplett", "<td>Ingen uppgift</td>"},
		"ar":    {"Arabiska", `dir="rtl">(العربية)`, "Nej: texter saknas", "1 av 4 texter saknas"},
		"fi":    {"Finska", "Nej: inte påslaget för tjänsten", "Komplett", "Granskad av Aino Translator", "Läst i sin helhet"},
		"so":    {"Somaliska", "<td>Ja</td>", "<td>Utkast, inte granskat</td>", "Behöver granskas"},
		"prs":   {"Dari", "Nej: inte påslaget för tjänsten", `dir="rtl">(دری)`},
		"ti":    {"Tigrinja", "Inga texter"},
		"uk":    {"Ukrainska", "(Українська)", "Inga texter"},
	} {
		start := strings.Index(page, `<tr id="lang-`+code+`">`)
		if start < 0 {
			t.Errorf("no row for %s", code)
			continue
		}
		row := page[start:]
		row = row[:strings.Index(row, "</tr>")]
		for _, w := range want {
			if !strings.Contains(row, w) {
				t.Errorf("%s: the row lacks %q: %s", code, w, row)
			}
		}
	}
}

// A young person answers the built-in 2023 survey in lättläst: the page
// is Swedish to the browser (lang="sv"), the texts are the easy ones, the
// answer is stored with lang sv-ll, and a problem is told in Swedish.
func TestAnswerInLattlast(t *testing.T) {
	ts := newTestServer(t)
	page := ts.do(t, "GET", "/surveys/"+builtinSlug+"?lang=sv-ll", nil)
	body := string(page.Body)
	if page.Status != 200 || !strings.Contains(body, `<html lang="sv" dir="ltr">`) ||
		!strings.Contains(body, "Tänk dig att du går ut ensam sent på kvällen.") ||
		!strings.Contains(body, `aria-current="true">Lättläst</a>`) {
		t.Fatalf("the lättläst form: %d", page.Status)
	}
	if r := ts.formPost(t, models.LangEasy, ""); r.Status != 200 {
		t.Fatalf("post: %d", r.Status)
	}
	got, err := ts.Store.FindResponses(context.Background(), builtinSlug)
	if err != nil || len(got) != 1 || got[0].Lang != models.LangEasy {
		t.Fatalf("stored %+v, %v; want one response in sv-ll", got, err)
	}
	r := ts.do(t, "POST", "/api/v1/surveys/"+builtinSlug+"/responses",
		[]byte(`{"submission_id":"6f1d2f0e-9b7c-4d3a-8e2f-1a2b3c4d5e6f","lang":"sv-ll","answers":{}}`), "Content-Type", "application/json")
	if r.Status != 422 || !strings.Contains(string(r.Body), "Svara på minst en fråga innan du skickar.") {
		t.Fatalf("an empty lättläst answer: %d %s", r.Status, r.Body)
	}
}

// An answer queued on a phone in a language since switched off is still
// taken and keeps its language; problems are told in an enabled one.
func TestAnswerInALanguageSwitchedOffIsKept(t *testing.T) {
	ts := newTestServer(t) // so is not enabled by default
	post := func(id, answers string) response {
		return ts.do(t, "POST", "/api/v1/surveys/"+builtinSlug+"/responses",
			[]byte(`{"submission_id":"`+id+`","lang":"so","answers":`+answers+`}`), "Content-Type", "application/json")
	}
	if r := post("0b7e3b8a-4c1d-4e2f-9a3b-5c6d7e8f9a0b", `{}`); r.Status != 422 || !strings.Contains(string(r.Body), "Svara på minst en fråga innan du skickar.") {
		t.Fatalf("an empty answer in so: %d %s", r.Status, r.Body)
	}
	if r := post("1c8f4c9b-5d2e-4f3a-8b4c-6d7e8f9a0b1c", `{"kon":"tjej"}`); r.Status != 201 {
		t.Fatalf("an answer in so: %d %s", r.Status, r.Body)
	}
	got, err := ts.Store.FindResponses(context.Background(), builtinSlug)
	if err != nil || len(got) != 1 || got[0].Lang != models.LangSO {
		t.Fatalf("stored %+v, %v", got, err)
	}
}
