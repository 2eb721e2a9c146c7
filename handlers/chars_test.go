package handlers

import (
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// A young person's text holding an invisible format character (here
// U+202E, which turns the text after it around) is refused with a kind
// message in their language, and the form comes back with every other
// answer kept, so only that text is typed again (issue 26).
func TestAnInvisibleCharacterInATextIsRefusedKindly(t *testing.T) {
	ts := newTestServer(t)
	typed := "Mer ljus \u202eikrap i"
	f := url.Values{"submission_id": {uuid.NewString()}, "q.kon": {"tjej"}, "q.forslag": {typed}}
	r := ts.do(t, "POST", "/surveys/"+builtinSlug+"?lang=ar", []byte(f.Encode()), "Content-Type", formType)
	page := string(r.Body)
	if r.Status != 422 || !strings.Contains(page, "رموز غير مرئية") {
		t.Fatalf("form: %d, no Arabic message about invisible characters:\n%.2000s", r.Status, page)
	}
	if !strings.Contains(page, `value="tjej" checked`) || !strings.Contains(page, ">"+typed+"</textarea>") {
		t.Fatalf("the form lost what was answered:\n%.4000s", page)
	}

	r = ts.submit(t, builtinSlug, submitBody(uuid.NewString(), `{"kon":"tjej","forslag":"Pol\u200bisen"}`, `"lang":"sv"`))
	if r.Status != 422 || !strings.Contains(string(r.Body), `"code":"invisible_characters"`) || !strings.Contains(string(r.Body), "osynliga tecken") {
		t.Fatalf("API: %d %s", r.Status, r.Body)
	}
	if n := ts.countResponses(t, builtinSlug); n != 0 {
		t.Fatalf("%d responses stored", n)
	}
	// Persian spelling needs ZWNJ; it passes.
	r = ts.submit(t, builtinSlug, submitBody(uuid.NewString(), `{"kon":"tjej","forslag":"می\u200cخواهم"}`, `"lang":"sv"`))
	if r.Status != 201 {
		t.Fatalf("ZWNJ: %d %s", r.Status, r.Body)
	}
}
