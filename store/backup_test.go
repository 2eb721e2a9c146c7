package store_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"medborgardialog/demo"
	"medborgardialog/followup"
	"medborgardialog/models"
	"medborgardialog/store"
	"medborgardialog/store/storetest"
	"medborgardialog/surveys"
)

// openDB opens the database name, dropping it when t ends. Unlike
// storetest.New it can be closed and opened again, which flushes the
// response tallies, so a comparison does not race the flush.
func openDB(t *testing.T, name string) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := store.Open(ctx, storetest.URI(), name, storetest.Options()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = s.Drop(ctx)
		_ = s.Close(ctx)
	})
	return s
}

// fullDatabase fills a database with every kind of document through the
// service's own paths and returns its name and a closed store's archive.
func fullDatabase(t *testing.T, ctx context.Context) (name string, archive []byte, counts store.Counts) {
	t.Helper()
	name = storetest.DBName()
	s := openDB(t, name)
	builtin, err := surveys.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnsureSurveys(ctx, builtin); err != nil {
		t.Fatal(err)
	}
	places, err := surveys.BuiltinPlaces()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.EnsurePlaces(ctx, places); err != nil {
		t.Fatal(err)
	}
	if err := followup.SeedBuiltins(ctx, s, builtin, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateUser(ctx, "anna", models.RoleAdmin, "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateToken(ctx, "anna", "excel"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateWebSession(ctx, "anna", time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.InsertAudit(ctx, models.AuditEntry{At: time.Now().UTC(), Actor: "anna", Role: models.RoleAdmin, Action: "user.create", Details: map[string]string{"name": "anna"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutOutside(ctx, "ungdomsdialog-2023", "anna", []models.OutsideFigure{{Indicator: "otrygg_kvall", Wave: "2021", Share: 0.3, N: 900, Source: "LUPP"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFeedback(ctx, models.Feedback{Survey: "ungdomsdialog-2023", Enabled: true, Indicators: []string{"otrygg_kvall"}}); err != nil {
		t.Fatal(err)
	}
	sv, err := s.Survey(ctx, "ungdomsdialog-2023")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC)
	// More responses than one restore batch.
	if err := demo.Fill(ctx, s, []demo.Wave{{Survey: sv, From: from, To: from.AddDate(0, 1, 0), Count: 1100}}, 1, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(ctx); err != nil { // flushes the tallies
		t.Fatal(err)
	}
	s = openDB(t, name)
	var buf bytes.Buffer
	counts, err = s.Backup(ctx, &buf, storetest.BackupKey())
	if err != nil {
		t.Fatal(err)
	}
	return name, buf.Bytes(), counts
}

// dump is every non-transient collection of a database as canonical
// Extended JSON, sorted.
func dump(t *testing.T, ctx context.Context, s *store.Store) map[string][]string {
	t.Helper()
	var buf bytes.Buffer
	if _, err := s.Backup(ctx, &buf, storetest.BackupKey()); err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	coll := ""
	for _, line := range strings.Split(strings.TrimSpace(string(all)), "\n") {
		switch {
		case strings.HasPrefix(line, `{"collection":`):
			coll = strings.TrimSuffix(strings.TrimPrefix(line, `{"collection":"`), `"}`)
			out[coll] = []string{}
		case strings.HasPrefix(line, `{"_id":`):
			out[coll] = append(out[coll], line)
		}
	}
	for _, docs := range out {
		slices.Sort(docs)
	}
	return out
}

func documents(t *testing.T, ctx context.Context, s *store.Store) int {
	t.Helper()
	n := 0
	for _, docs := range dump(t, ctx, s) {
		n += len(docs)
	}
	return n
}

func TestBackupThenRestore(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	name, archive, counts := fullDatabase(t, ctx)
	for _, coll := range []string{"surveys", "responses", "sessions", "places", "promises", "activities", "outside_figures", "feedback", "users", "tokens", "audit", "tallies"} {
		if counts[coll] == 0 {
			t.Errorf("no %s backed up: %v", coll, counts)
		}
	}
	if _, ok := counts["web_sessions"]; ok {
		t.Error("sign-ins were backed up")
	}

	target := storetest.New(t)
	got, err := target.Restore(ctx, bytes.NewReader(archive), store.RestoreOptions{Key: storetest.BackupKey()})
	if err != nil {
		t.Fatal(err)
	}
	if !equalCounts(got, counts) {
		t.Fatalf("restored %v, archive %v", got, counts)
	}
	source := openDB(t, name)
	if foreign, err := source.ForeignCollections(ctx); err != nil || len(foreign) > 0 {
		t.Errorf("the service wrote collections collections.go does not list: %v %v", foreign, err)
	}
	want := dump(t, ctx, source)
	restored := dump(t, ctx, target)
	for coll, docs := range want {
		if !slices.Equal(docs, restored[coll]) {
			t.Errorf("%s differs after restore: %d documents, want %d", coll, len(restored[coll]), len(docs))
		}
	}
	if u, hash, err := target.UserWithHash(ctx, "anna"); err != nil || u.Role != models.RoleAdmin || hash == "" {
		t.Errorf("restored user: %+v %q %v", u, hash, err)
	}

	t.Run("non-empty target refused without force", func(t *testing.T) {
		_, err := target.Restore(ctx, bytes.NewReader(archive), store.RestoreOptions{Key: storetest.BackupKey()})
		if !errors.Is(err, store.ErrNotEmpty) {
			t.Fatalf("err %v", err)
		}
		if _, err := target.Restore(ctx, bytes.NewReader(archive), store.RestoreOptions{Key: storetest.BackupKey(), Force: true}); err != nil {
			t.Fatalf("force: %v", err)
		}
		if n := documents(t, ctx, target); int64(n) != counts.Total() {
			t.Fatalf("%d documents after a forced restore, want %d", n, counts.Total())
		}
	})
}

// TestBackupLeavesOutForeignCollections: a collection none of the
// service's, which a restore would refuse, is not backed up but named.
func TestBackupLeavesOutForeignCollections(t *testing.T) {
	ctx := context.Background()
	s := storetest.New(t)
	if err := s.InsertRaw(ctx, "hemligt", map[string]any{"_id": "x"}); err != nil {
		t.Fatal(err)
	}
	if err := s.InsertRaw(ctx, "audit", map[string]any{"_id": "y", "actor": "cli"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	counts, err := s.Backup(ctx, &buf, storetest.BackupKey())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := counts["hemligt"]; ok || counts["audit"] != 1 {
		t.Errorf("backed up %v", counts)
	}
	if foreign, err := s.ForeignCollections(ctx); err != nil || !slices.Equal(foreign, []string{"hemligt"}) {
		t.Errorf("foreign collections %v %v", foreign, err)
	}
	if _, err := s.Backup(ctx, &buf, []byte("short")); err == nil {
		t.Error("a backup under a 5-byte key")
	}
}

func equalCounts(a, b store.Counts) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestRestoreRefusesDamagedArchive(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, archive, _ := fullDatabase(t, ctx)
	plain := gunzip(t, archive)
	var emptyBuf bytes.Buffer
	if _, err := storetest.New(t).Backup(ctx, &emptyBuf, storetest.BackupKey()); err != nil {
		t.Fatal(err)
	}
	empty := emptyBuf.Bytes()

	flipped := slices.Clone(archive)
	flipped[len(flipped)/2] ^= 0x40
	trailerAt := bytes.LastIndex(plain[:len(plain)-1], []byte("\n")) + 1
	recount := slices.Concat(plain[:trailerAt], bytes.Replace(plain[trailerAt:], []byte(`"audit":1`), []byte(`"audit":2`), 1))
	docAt := bytes.Index(plain, []byte(`"Europe`))
	edited := slices.Clone(plain)
	if docAt < 0 {
		docAt = bytes.Index(plain, []byte(`"ungdomsdialog-2023"`)) + 1
	}
	edited[docAt+1] ^= 0x01 // still valid JSON, another letter

	for _, c := range []struct {
		name    string
		archive []byte
	}{
		{"a flipped byte in the gzip stream", flipped},
		{"truncated", archive[:len(archive)*2/3]},
		{"a count changed", gzipped(t, recount)},
		{"a document changed", gzipped(t, edited)},
		{"not gzip", plain},
		{"another format", gzipped(t, []byte(`{"format":"tar","version":1}`+"\n"))},
	} {
		t.Run(c.name, func(t *testing.T) {
			target := storetest.New(t)
			_, err := target.Restore(ctx, bytes.NewReader(c.archive), store.RestoreOptions{Key: storetest.BackupKey()})
			if err == nil {
				t.Fatal("restored")
			}
			t.Log(err)
			if n := documents(t, ctx, target); n != 0 {
				t.Fatalf("%d documents written from a damaged archive (%v)", n, err)
			}
			// Nor a restore marker: a good archive still goes in without force.
			if _, err := target.Restore(ctx, bytes.NewReader(empty), store.RestoreOptions{Key: storetest.BackupKey()}); err != nil {
				t.Fatalf("a good archive after the damaged one: %v", err)
			}
		})
	}
}

func TestInterruptedRestoreRunsAgain(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	_, archive, counts := fullDatabase(t, ctx)
	target := storetest.New(t)

	// The context ends partway through writing: after the check has read
	// the whole archive once and the write has read some of it again.
	cut, stop := context.WithCancel(ctx)
	r := &cancelAfter{r: bytes.NewReader(archive), limit: int64(len(archive)) / 2, cancel: stop}
	if _, err := target.Restore(cut, r, store.RestoreOptions{Key: storetest.BackupKey()}); err == nil {
		t.Fatal("the interrupted restore succeeded")
	}
	n := documents(t, ctx, target)
	if n == 0 || int64(n) >= counts.Total() {
		t.Fatalf("%d of %d documents after the interruption; the test interrupts nothing", n, counts.Total())
	}
	// Another archive does not resume this one.
	other := storetest.New(t)
	var buf bytes.Buffer
	if _, err := other.Backup(ctx, &buf, storetest.BackupKey()); err != nil {
		t.Fatal(err)
	}
	if _, err := target.Restore(ctx, bytes.NewReader(buf.Bytes()), store.RestoreOptions{Key: storetest.BackupKey()}); !errors.Is(err, store.ErrNotEmpty) {
		t.Fatalf("another archive: %v", err)
	}

	got, err := target.Restore(ctx, bytes.NewReader(archive), store.RestoreOptions{Key: storetest.BackupKey()})
	if err != nil {
		t.Fatalf("re-run: %v", err)
	}
	if !equalCounts(got, counts) {
		t.Fatalf("re-run restored %v, want %v", got, counts)
	}
	if n := documents(t, ctx, target); int64(n) != counts.Total() {
		t.Fatalf("%d documents after the re-run, want %d", n, counts.Total())
	}
	// Done: the database now counts as not empty.
	if _, err := target.Restore(ctx, bytes.NewReader(archive), store.RestoreOptions{Key: storetest.BackupKey()}); !errors.Is(err, store.ErrNotEmpty) {
		t.Fatalf("after completion: %v", err)
	}
}

// cancelAfter cancels once limit bytes have been read after the first
// rewind, that is during Restore's writing pass.
type cancelAfter struct {
	r       *bytes.Reader
	rewinds int
	read    int64
	limit   int64
	cancel  func()
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.rewinds >= 2 { // one rewind to check the archive, one to write it
		c.read += int64(n)
		if c.read >= c.limit {
			c.cancel()
		}
	}
	return n, err
}

func (c *cancelAfter) Seek(off int64, whence int) (int64, error) {
	c.rewinds++
	return c.r.Seek(off, whence)
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
