package handlers

import (
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
)

// TestAClassJoinsOnOneSessionRead: the pupils of a class join, load the
// form and submit with one code, and the session is read once; closing
// it here takes effect at the next request, and a wrong code is read
// every time, never kept.
func TestAClassJoinsOnOneSessionRead(t *testing.T) {
	ts, qlog := newLoggedServer(t)
	r := ts.admin(t, "POST", "/api/v1/admin/sessions", []byte(`{"survey":"`+feedbackSlug+`","school":"murgardsskolan","grade":"ak8"}`))
	if r.Status != http.StatusCreated {
		t.Fatalf("session: %d %s", r.Status, r.Body)
	}
	var sess struct{ Code string }
	r.JSON(t, &sess)
	sessionReads := func() int {
		n := 0
		for _, c := range qlog.all() {
			if c.Collection == "sessions" && c.Name == "find" {
				n++
			}
		}
		return n
	}

	qlog.reset()
	began := time.Now()
	for i := range 10 {
		if r := ts.do(t, "GET", "/s/"+sess.Code, nil); r.Status != 200 {
			t.Fatalf("join %d: %d", i, r.Status)
		}
		if r := ts.submit(t, feedbackSlug, submitBody(uuid.NewString(), pupilAnswers(i), `"session":"`+sess.Code+`"`)); r.Status != 201 {
			t.Fatalf("answer %d: %d %s", i, r.Status, r.Body)
		}
	}
	// (On a machine so slow that this took longer than joinSessionTTL,
	// the session is read again once per period.) After each answer the
	// store reads the exclusion flag, from a collection of its own.
	if n, most := sessionReads(), 1+int(time.Since(began)/joinSessionTTL); n < 1 || n > most {
		t.Errorf("%d reads of the session for 10 pupils, want 1", n)
	}

	if r := ts.admin(t, "POST", "/api/v1/admin/sessions/"+sess.Code+"/close", nil); r.Status != 200 {
		t.Fatalf("close: %d %s", r.Status, r.Body)
	}
	if r := ts.submit(t, feedbackSlug, submitBody(uuid.NewString(), pupilAnswers(11), `"session":"`+sess.Code+`"`)); r.Status != http.StatusConflict {
		t.Fatalf("an answer right after the close: %d, want 409", r.Status)
	}

	qlog.reset()
	for range 3 {
		if r := ts.do(t, "GET", "/s/XYZXYZ", nil); r.Status != http.StatusNotFound {
			t.Fatalf("wrong code: %d", r.Status)
		}
	}
	if n := sessionReads(); n != 3 {
		t.Errorf("%d reads for three wrong codes, want 3: nothing is kept for a code no session has", n)
	}
}
