package results

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"medborgardialog/store"
	"medborgardialog/store/storetest"
)

// TestASnapshotGivesBackTheCopies: copies written at shutdown and read at
// the next start count exactly as the copies did (exclusion marks, free
// text and held ids included) and follow new writes from there; the file
// is private and good for one start only.
func TestASnapshotGivesBackTheCopies(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, storetest.New(t))
	f.fill(t, f.sv, 200, 31)
	f.fill(t, f.base, 80, 32)
	sessions, err := f.st.SessionPlaces(ctx, current)
	if err != nil || len(sessions) < 2 {
		t.Fatalf("sessions: %v", err)
	}
	if _, err := f.st.ExcludeSession(ctx, sessions[1].Code, "test", "anna"); err != nil {
		t.Fatal(err)
	}
	old := newManager(f.st, Options{TextDir: t.TempDir()})
	defer old.Close()
	waitLen(t, old, 200)
	if _, err := old.Columns(ctx, baseline); err != nil {
		t.Fatal(err)
	}
	f.agree(t, "before the snapshot", old)

	path := filepath.Join(t.TempDir(), "copies.snapshot")
	token := store.NewCopyToken()
	n, err := old.WriteSnapshot(path, token)
	if err != nil || n != 2 {
		t.Fatalf("wrote %d surveys (%v), want 2", n, err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("snapshot file: %v %v, want mode 0600", fi.Mode(), err)
	}

	reads := &countingStore{Store: f.st}
	m := New(reads, Options{TextDir: t.TempDir()})
	defer m.Close()
	f.st.AddObserver(m)
	loaded := m.LoadSnapshot(ctx, path, token)
	if len(loaded) != 2 {
		t.Fatalf("loaded %v, want both surveys", loaded)
	}
	f.agree(t, "from the snapshot", m)
	reads.mu.Lock()
	if len(reads.reads) != 0 {
		t.Fatalf("the responses were read (%v); the snapshot should have spared that", reads.reads)
	}
	reads.mu.Unlock()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("the snapshot is still there after its start: %v", err)
	}
	// It goes on from there: a new answer, and a retry of an old one.
	f.fill(t, f.sv, 20, 33)
	waitLen(t, m, 220)
	f.agreeQuick(t, "after new answers", m)
}

// TestAStaleOrDamagedSnapshotIsNotUsed: a token other than the
// database's marker, or a file with one byte changed, leaves the copies
// to a full read.
func TestAStaleOrDamagedSnapshotIsNotUsed(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, storetest.New(t))
	f.fill(t, f.sv, 60, 34)
	old := newManager(f.st, Options{TextDir: t.TempDir()})
	defer old.Close()
	waitLen(t, old, 60)
	dir := t.TempDir()
	write := func(name, token string) string {
		path := filepath.Join(dir, name)
		if _, err := old.WriteSnapshot(path, token); err != nil {
			t.Fatal(err)
		}
		return path
	}

	stale := write("stale", "token-of-an-older-shutdown")
	empty := write("empty", "")
	damaged := write("damaged", "right")
	b, err := os.ReadFile(damaged)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 1
	if err := os.WriteFile(damaged, b, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ what, path, token string }{
		{"another token", stale, "the marker's token"},
		{"no marker", empty, ""},
		{"a damaged file", damaged, "right"},
		{"no file", filepath.Join(dir, "none"), "right"},
	} {
		m := New(f.st, Options{TextDir: t.TempDir()})
		if got := m.LoadSnapshot(ctx, c.path, c.token); len(got) != 0 {
			t.Errorf("%s: loaded %v", c.what, got)
		}
		if ready, _, _ := m.Progress(current); ready {
			t.Errorf("%s: a copy is ready without a read", c.what)
		}
		m.Close()
	}
}
