package handlers

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"medborgardialog/models"
	"medborgardialog/store/storetest"
	"medborgardialog/surveys"
	"medborgardialog/surveys/xlsform"
	"medborgardialog/web"
)

// wideWorkbook is a valid form whose survey sheet has, from row 3 to
// 5,001, one cell at XFD, Excel's last column: issue 26's file that took
// the server from 210 MB to 6 GB for five minutes.
func wideWorkbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "survey"))
	sw, err := f.NewStreamWriter("survey")
	must(err)
	must(sw.SetRow("A1", []any{"type", "name", "label"}))
	must(sw.SetRow("A2", []any{"text", "fritt", "Skriv"}))
	for r := 3; r <= 5001; r++ {
		must(sw.SetRow(fmt.Sprintf("XFD%d", r), []any{"x"}))
	}
	must(sw.Flush())
	_, err = f.NewSheet("settings")
	must(err)
	must(f.SetSheetRow("settings", "A1", &[]any{"form_title", "form_id"}))
	must(f.SetSheetRow("settings", "A2", &[]any{"Bred", "bred"}))
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}

// A hostile workbook is refused with the cell that breaks the limit, in
// Swedish, through the API and the staff page alike: never a 500.
func TestHostileWorkbookUploadIsRefused(t *testing.T) {
	ts := newTestServer(t)
	admin := ts.addStaff(t, "greta", models.RoleAdmin)
	data := wideWorkbook(t)
	const where = "Blad survey, rad 3, kolumn XFD: Cellen ligger för långt till höger"

	r := ts.do(t, "PUT", "/api/v1/admin/surveys/bred", data, "Authorization", "Bearer "+admin.token, "Content-Type", xlsxType, "Accept-Language", "sv")
	var body struct {
		Error struct {
			Code   string         `json:"code"`
			Fields []sheetProblem `json:"fields"`
		} `json:"error"`
	}
	r.JSON(t, &body)
	if r.Status != http.StatusUnprocessableEntity || len(body.Error.Fields) != 1 {
		t.Fatalf("API: %d %s", r.Status, r.Body)
	}
	if p := body.Error.Fields[0]; p.Code != xlsform.CodeTooManyColumns || p.Sheet != "survey" || p.Row != 3 || p.Column != "XFD" || !strings.HasPrefix(p.Message, where) {
		t.Errorf("API problem: %+v", p)
	}

	b := newBrowser(t, ts)
	if r := b.signIn("greta", admin.password); r.Status != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", r.Status)
	}
	r = b.upload("/staff/surveys/bred/drafts", b.csrf("/staff/surveys/"+builtinSlug+"/admin"), "bred.xlsx", data)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), where) {
		t.Fatalf("page: %d %s", r.Status, r.Body)
	}
	if _, err := ts.Store.Survey(context.Background(), "bred"); models.ErrorCode(err) != models.ErrNotFound {
		t.Fatalf("the refused workbook was stored: %v", err)
	}
}

// formWorkbook is a valid definition as a workbook, for slug.
func formWorkbook(t *testing.T, slug string) []byte {
	t.Helper()
	list, err := surveys.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	sv := *list[0]
	sv.Slug = slug
	var buf bytes.Buffer
	if err := xlsform.Write(&buf, &sv); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testEngine is the Server and its Gin engine on a fresh database, for
// tests that hold one of its limits.
func testEngine(t *testing.T) (*Server, http.Handler) {
	t.Helper()
	s, r, err := newServer(Config{BaseURL: "http://dialog.test", AdminToken: adminToken, MinCell: 5}, storetest.New(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return s, r
}

// Workbooks are read one at a time: while one is being read, another
// waits briefly and is then told in Swedish to try again (429 with
// Retry-After), and nothing of it is kept. Once the slot is free, the
// same upload goes through.
func TestWorkbookUploadsOneAtATime(t *testing.T) {
	s, engine := testEngine(t)
	srv := httptest.NewServer(engine)
	t.Cleanup(srv.Close)
	ts := &testServer{URL: srv.URL, Store: s.store}
	s.workbooks.wait = 10 * time.Millisecond
	data := formWorkbook(t, "en-i-taget")
	put := func() response {
		return ts.do(t, "PUT", "/api/v1/admin/surveys/en-i-taget", data, "Authorization", "Bearer "+adminToken, "Content-Type", xlsxType)
	}

	s.workbooks.ch <- struct{}{} // a workbook is being read
	r := put()
	var body errorBody
	r.JSON(t, &body)
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") != "5" ||
		body.Error.Code != models.ErrRateLimited || body.Error.Message != web.T("sv", "surveyadmin.workbook_busy") {
		t.Fatalf("while another is read: %d %v %s", r.Status, r.Header, r.Body)
	}
	if _, err := s.store.Survey(context.Background(), "en-i-taget"); models.ErrorCode(err) != models.ErrNotFound {
		t.Fatalf("the refused upload was stored: %v", err)
	}

	<-s.workbooks.ch // that one is done
	if r := put(); r.Status != http.StatusCreated && r.Status != http.StatusOK {
		t.Fatalf("with the slot free: %d %s", r.Status, r.Body)
	}
	if len(s.workbooks.ch) != 0 {
		t.Fatal("the upload kept the slot")
	}
}

// cancelAtEOF is a request body that cancels the request's context once
// the handler has read all of it: the client goes away just as the
// workbook is about to be read.
type cancelAtEOF struct {
	r      io.Reader
	cancel context.CancelFunc
}

func (b *cancelAtEOF) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		b.cancel()
	}
	return n, err
}

// A request that ends stops the reading of its workbook: the handler
// answers nothing (499 in the log) and keeps nothing, where before it
// read the file to the end whatever the client did.
func TestCancelledWorkbookUploadStopsTheRead(t *testing.T) {
	s, engine := testEngine(t)
	data := formWorkbook(t, "avbruten")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, "PUT", "/api/v1/admin/surveys/avbruten", &cancelAtEOF{r: bytes.NewReader(data), cancel: cancel})
	req.Header.Set("Authorization", "Bearer "+adminToken)
	req.Header.Set("Content-Type", xlsxType)
	rec := httptest.NewRecorder()
	engine.ServeHTTP(rec, req)
	if rec.Code != statusClientGone {
		t.Fatalf("status %d, want %d: %s", rec.Code, statusClientGone, rec.Body)
	}
	if _, err := s.store.Survey(context.Background(), "avbruten"); models.ErrorCode(err) != models.ErrNotFound {
		t.Fatalf("the abandoned upload was stored: %v", err)
	}
}
