package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"medborgardialog/models"
	"medborgardialog/store/embedded"
)

// faultSwitch is what the relay does to replies while on: each reply to
// an insert into responses, an update of tallies or a read of responses
// is dropped, or delayed past the client's patience, at random.
type faultSwitch struct {
	on                       atomic.Bool
	mu                       sync.Mutex
	rnd                      *rand.Rand
	dropped, delayed, passed atomic.Int64
}

func (f *faultSwitch) reply(cmd, coll string) (time.Duration, bool) {
	if !f.on.Load() {
		return 0, false
	}
	f.mu.Lock()
	p := f.rnd.Float64()
	f.mu.Unlock()
	switch {
	case cmd == "insert" && coll == "responses", cmd == "update" && coll == "tallies":
		switch {
		case p < 0.15:
			f.dropped.Add(1)
			return 0, true // done by the engine, never answered
		case p < 0.25:
			f.delayed.Add(1)
			return 2 * time.Second, false // past the client's 1.5 s: it gives up
		}
	case cmd == "find" && coll == "responses":
		if p < 0.1 {
			f.dropped.Add(1)
			return 0, true
		}
	}
	f.passed.Add(1)
	return 0, false
}

// TestFaultsLoseNothingAcknowledgedFromAnyFigure sends bursts of answers,
// each retried until acknowledged and some sent again after, while the
// relay to the embedded engine drops or delays the replies to inserts,
// to the tallies' writes and to reads of responses. Afterwards every
// answer is stored once, and the copy the figures are counted from, its
// free text, the live counts of every session and of the survey, and a
// publication all count exactly the rows stored.
func TestFaultsLoseNothingAcknowledgedFromAnyFigure(t *testing.T) {
	if testing.Short() {
		t.Skip("a burst with injected faults; skipped with -short")
	}
	faults := &faultSwitch{rnd: rand.New(rand.NewPCG(25, 1))}
	a := startApp(t, func(c *Config) {
		c.MongoURI, c.DataDir, c.SubmitRate = "", filepath.Join(t.TempDir(), "data"), 0
		c.engineFaults = []embedded.Option{embedded.WithFaults(&embedded.Faults{Reply: faults.reply})}
	})
	ctx := context.Background()
	const slug = "ungdomsdialog-2023"
	var codes []string
	for range 3 {
		sess := &models.Session{Survey: slug, CreatedBy: "test", CreatedAt: time.Now(), ClosesAt: time.Now().Add(2 * time.Hour)}
		if err := a.store.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		codes = append(codes, sess.Code)
	}

	faults.on.Store(true)
	client := &http.Client{Timeout: 1500 * time.Millisecond}
	send := func(id, code string) (int, error) {
		body := fmt.Sprintf(`{"submission_id":%q,"session":%q,"answers":{"kon":"tjej","trygg_kvall":"ganska_trygg","forslag":"Mer ljus vid busshållplatsen."}}`, id, code)
		req, _ := http.NewRequest(http.MethodPost, a.URL+"/api/v1/surveys/"+slug+"/responses", bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	var (
		mu      sync.Mutex
		session = map[string]string{} // acknowledged id -> its session
		tries   atomic.Int64
	)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			rnd := rand.New(rand.NewPCG(uint64(w), 7))
			for i := range 40 {
				id, code := uuid.NewString(), codes[(w+i)%len(codes)]
				acked := false
				for attempt := 0; attempt < 60 && !acked; attempt++ {
					tries.Add(1)
					status, err := send(id, code)
					acked = err == nil && status/100 == 2
					if !acked {
						time.Sleep(time.Duration(20+rnd.IntN(80)) * time.Millisecond)
					}
				}
				if !acked {
					t.Errorf("%s never acknowledged", id)
					return
				}
				mu.Lock()
				session[id] = code
				mu.Unlock()
				if rnd.IntN(3) == 0 { // sent again after its acknowledgement
					tries.Add(1)
					_, _ = send(id, code)
				}
			}
		})
	}
	wg.Wait()
	faults.on.Store(false)
	if t.Failed() {
		return
	}
	t.Logf("%d answers acknowledged in %d requests; replies dropped %d, delayed %d, passed %d",
		len(session), tries.Load(), faults.dropped.Load(), faults.delayed.Load(), faults.passed.Load())
	if faults.dropped.Load() == 0 || faults.delayed.Load() == 0 {
		t.Fatal("no fault was injected")
	}

	// Inserts whose answer was lost are settled within seconds.
	for deadline := time.Now().Add(30 * time.Second); a.store.Integrity().Uncertain > 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d inserts still unsettled", a.store.Integrity().Uncertain)
		}
	}
	stored, err := a.store.FindResponses(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	perSession := map[string]int{}
	seen := map[string]bool{}
	for _, r := range stored {
		if seen[r.SubmissionID] {
			t.Fatalf("submission %s stored twice", r.SubmissionID)
		}
		seen[r.SubmissionID] = true
		perSession[r.Session]++
	}
	for id := range session {
		if !seen[id] {
			t.Fatalf("acknowledged %s is not stored", id)
		}
	}
	rows := len(stored)
	t.Logf("rows stored %d (acknowledged %d; the rest were stored by tries whose answer was lost, and settled)", rows, len(session))

	// The copy every figure is counted from, and its free text.
	if n, known := a.results.Stored(slug); !known || n != rows {
		t.Fatalf("the copy holds %d responses (read %v), the database %d", n, known, rows)
	}
	texts := 0
	if err := a.results.EachText(ctx, slug, func(string, any) { texts++ }); err != nil || texts != rows {
		t.Fatalf("the copy's free text has %d answers (%v), want %d", texts, err, rows)
	}
	// The live counts, once the tallies' writes that lost their answer
	// are settled (the next flush; faults are off now).
	if err := a.store.FlushTallies(ctx); err != nil {
		t.Fatal(err)
	}
	liveCount := func(what string, n int64, err error, want int) {
		t.Helper()
		if err != nil || int(n) != want {
			t.Fatalf("%s: live count %d (%v), %d stored", what, n, err, want)
		}
	}
	n, err := a.store.CountSurveyResponses(ctx, slug)
	liveCount("the survey", n, err, rows)
	for _, code := range codes {
		n, err := a.store.CountSessionResponses(ctx, code)
		liveCount("session "+code, n, err, perSession[code])
	}
	// The periodic check finds nothing to repair.
	if reread, err := a.results.Check(ctx); err != nil || len(reread) != 0 {
		t.Fatalf("the check read again %v (%v)", reread, err)
	}
	// A publication freezes exactly these rows.
	resp, body := a.do(t, http.MethodPost, "/api/v1/admin/surveys/"+slug+"/publications", nil, "Authorization", "Bearer "+testAdminToken)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("publish: %d %s", resp.StatusCode, body)
	}
	var pub struct {
		Responses int `json:"responses"`
	}
	if err := json.Unmarshal(body, &pub); err != nil || pub.Responses != rows {
		t.Fatalf("the publication counts %d responses (%v), want %d: %s", pub.Responses, err, rows, body)
	}
}
