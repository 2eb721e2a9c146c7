package results

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"medborgardialog/store/storetest"
)

// PrepareTextDir empties the text directory of what dead processes left,
// and of nothing else: not a live Manager's logs, not another file
// (issue 26).
func TestPrepareTextDirRemovesOnlyDeadLogs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "texts")
	if err := PrepareTextDir(dir); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("made %v %v, want 0700", fi.Mode(), err)
	}

	live := New(storetest.New(t), Options{TextDir: dir})
	t.Cleanup(live.Close)
	liveDir, err := live.textLogDir()
	if err != nil {
		t.Fatal(err)
	}
	dead := filepath.Join(dir, "results-dead")
	if err := os.MkdirAll(filepath.Join(dead, "texts-1"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dead, "texts-1", "q000"), []byte("kvar efter en krasch"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "README")
	if err := os.WriteFile(other, []byte("not ours"), 0o600); err != nil {
		t.Fatal(err)
	}

	if err := PrepareTextDir(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dead); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a dead process's logs are still there: %v", err)
	}
	for _, keep := range []string{liveDir, other} {
		if _, err := os.Stat(keep); err != nil {
			t.Errorf("%s was removed: %v", keep, err)
		}
	}

	live.Close()
	if err := PrepareTextDir(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(liveDir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a closed Manager's directory is still there: %v", err)
	}
}

func TestPrepareTextDirRefusesADirectoryOthersCanOpen(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := PrepareTextDir(dir); err == nil || !strings.Contains(err.Error(), "chmod 700") {
		t.Fatalf("a directory of mode 0755: %v", err)
	}
}
