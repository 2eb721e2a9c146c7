package handlers

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"

	"medborgardialog/results"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

// serveStore serves the real handler on st, as a service started on a
// restored database does: a fresh in-memory copy, publications read from
// the database.
func serveStore(t *testing.T, st *store.Store, clock *testClock) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	res := results.New(st, results.Options{TextDir: t.TempDir(), Logger: log})
	st.AddObserver(res)
	t.Cleanup(res.Close)
	h, err := New(Config{BaseURL: "http://dialog.test", AdminToken: adminToken, MinCell: 5, Results: res, Now: clock.Now}, st, log)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testServer{URL: srv.URL, Store: st, Logs: logs, Results: res, Clock: clock}
}

// TestPublishedFiguresSurviveABackup: two publications, the second after
// an exclusion and more answers, backed up and restored into an empty
// database: a service on it shows each publication's results JSON byte
// for byte as before, the same workbook, the same list, and still counts
// from the publication, not the restored answers.
func TestPublishedFiguresSurviveABackup(t *testing.T) {
	ctx := context.Background()
	w := newPubWorld(t)
	excluded, _ := w.class(t, "norrsatraskolan", 8)
	w.class(t, "hedangsskolan", 8)
	w.class(t, "murgardsskolan", 8)
	w.ts.publish(t, pubSurvey)
	if r := w.ts.as(t, w.admin, "POST", "/api/v1/admin/sessions/"+excluded+"/exclude", []byte(`{"reason":"Provklass"}`)); r.Status != 200 {
		t.Fatalf("exclude: %d %s", r.Status, r.Body)
	}
	w.class(t, "bjorksatraskolan", 6)
	w.ts.publish(t, pubSurvey)
	w.class(t, "hedangsskolan", 5) // answered since: in no publication

	queries := []string{"publication=1", "publication=1&school=hedangsskolan", "publication=2", "publication=2&grade=ak8", ""}
	before := map[string][]byte{}
	for _, q := range queries {
		before[q] = w.results(t, q)
	}
	wb1, wb2 := w.workbookRows(t, "publication=1"), w.workbookRows(t, "publication=2")
	list := w.ts.as(t, w.analyst, "GET", "/api/v1/admin/surveys/"+pubSurvey+"/publications", nil).Body
	// The live count includes the tallies not written yet; the backup
	// writes them first, so the restored count is the same.
	if n := w.liveCount(t); n != 8+8+8+6+5 {
		t.Fatalf("live count %d, want %d", n, 8+8+8+6+5)
	}

	var archive bytes.Buffer
	if _, err := w.ts.Store.Backup(ctx, &archive, storetest.BackupKey()); err != nil {
		t.Fatal(err)
	}
	target := storetest.New(t)
	if _, err := target.Restore(ctx, bytes.NewReader(archive.Bytes()), store.RestoreOptions{Key: storetest.BackupKey()}); err != nil {
		t.Fatal(err)
	}
	// The analyst's token came with the backup.
	restored := &pubWorld{ts: serveStore(t, target, w.ts.Clock), admin: w.admin, analyst: w.analyst, fac: w.fac}
	for _, q := range queries {
		if got := restored.results(t, q); !bytes.Equal(got, before[q]) {
			t.Errorf("results?%s after the restore:\nwas %.400s\nnow %.400s", q, before[q], got)
		}
	}
	sameWorkbook(t, "publication 1 after the restore", wb1, restored.workbookRows(t, "publication=1"))
	sameWorkbook(t, "publication 2 after the restore", wb2, restored.workbookRows(t, "publication=2"))
	if got := restored.ts.as(t, w.analyst, "GET", "/api/v1/admin/surveys/"+pubSurvey+"/publications", nil).Body; !bytes.Equal(got, list) {
		t.Errorf("the list after the restore:\nwas %s\nnow %s", list, got)
	}
	if n := restored.liveCount(t); n != 8+8+8+6+5 {
		t.Errorf("live count after the restore %d, want %d", n, 8+8+8+6+5)
	}
	// The restored service publishes on from there.
	restored.ts.publish(t, pubSurvey)
	if pubs := restored.publications(t).Publications; len(pubs) != 3 || pubs[2].Responses != 8+8+6+5 {
		t.Fatalf("publication 3 on the restored database: %+v", pubs)
	}
}
