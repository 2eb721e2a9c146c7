package results

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"medborgardialog/export"
)

// A restart would otherwise read every response again before a copy
// can be counted from: about 26 s at 100,000 responses on the embedded
// engine. So at shutdown the copies are written to a snapshot file, and
// the next start reads them back instead, in well under a second.
//
// A snapshot is only ever used when it is known to equal the database.
// The database holds a marker with a random token (store.CopyToken):
// the service writes the marker after the snapshot, at shutdown, once
// nothing writes to responses any more, and every process that opens the
// database takes the marker away before it can write, and forgets it at
// its first write to responses. A start therefore finds the marker only
// when no response was written since the snapshot, and uses the snapshot
// only when its token is that marker's. A crash writes no marker: the
// next start reads every response, as without a snapshot.
//
// The file is private (0600, in the private data directory), written to
// a temporary name, synced and renamed, and checksummed (SHA-256): a
// damaged file is discarded. It holds what the copies hold, which is
// less than the database does, and the free-text logs.

// snapshotMagic starts every snapshot file; the number is the format's.
const snapshotMagic = "medborgardialog copies 1\n"

// snapshotFile is what a snapshot holds.
type snapshotFile struct {
	Token   string
	Written time.Time
	Surveys []surveySnapshot
}

type surveySnapshot struct {
	Columns *export.ColumnsSnapshot
	Texts   map[string][]byte // the free-text log's files, by question
}

// WriteSnapshot writes every complete copy to path with token. Call it
// when nothing writes to responses any more (at shutdown), and only then
// put the marker in the database.
func (m *Manager) WriteSnapshot(path, token string) (surveys int, err error) {
	m.mu.Lock()
	var entries []*entry
	for _, e := range m.surveys {
		if e.cols != nil && e.load == nil && !e.stale && len(m.inflight) == 0 {
			entries = append(entries, e)
		}
	}
	m.mu.Unlock()
	slices.SortFunc(entries, func(a, b *entry) int { return cmp.Compare(a.slug, b.slug) })
	f := snapshotFile{Token: token, Written: m.now()}
	for _, e := range entries {
		cs, err := e.cols.Snapshot()
		if err != nil {
			return 0, err
		}
		texts, err := e.texts.contents()
		if err != nil {
			return 0, err
		}
		f.Surveys = append(f.Surveys, surveySnapshot{Columns: cs, Texts: texts})
	}
	err = writePrivate(path, func(w io.Writer) error {
		// The checksum covers everything before it, and is written last.
		sum := sha256.New()
		tee := io.MultiWriter(w, sum)
		if _, err := io.WriteString(tee, snapshotMagic); err != nil {
			return err
		}
		if err := gob.NewEncoder(tee).Encode(&f); err != nil {
			return err
		}
		_, err := w.Write(sum.Sum(nil))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("results: write snapshot: %w", err)
	}
	return len(f.Surveys), nil
}

// writePrivate writes what write writes to path, through a temporary
// file (0600) in the same directory, synced before it is renamed, so
// that path holds either the old file or the whole new one.
func writePrivate(path string, write func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".snapshot-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, there is nothing to remove
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	bw := bufio.NewWriterSize(tmp, 1<<20)
	if err := write(bw); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// errStaleSnapshot: the snapshot is not the one the database's marker
// names.
var errStaleSnapshot = errors.New("results: the snapshot is not of the database as it is")

// LoadSnapshot reads the copies a snapshot at path holds, if its token is
// token (the database's marker, "" when there was none), and puts each
// in place of a copy not read yet. It removes the file, whatever it
// held: a snapshot is good for one start only. A missing, damaged or
// stale file, or a survey whose questions changed kind since, is left
// for the full read, and only logged; it returns the surveys loaded.
func (m *Manager) LoadSnapshot(ctx context.Context, path, token string) []string {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	defer os.Remove(path)
	var loaded []string
	if err == nil {
		loaded, err = m.loadSnapshot(ctx, b, token)
	}
	if err != nil {
		m.log.Warn("results: snapshot not used; every response is read", slog.Any("err", err))
	}
	return loaded
}

func (m *Manager) loadSnapshot(ctx context.Context, b []byte, token string) ([]string, error) {
	started := time.Now()
	if len(b) < len(snapshotMagic)+sha256.Size || string(b[:len(snapshotMagic)]) != snapshotMagic {
		return nil, errors.New("results: not a snapshot of this format")
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, errors.New("results: the snapshot is damaged (checksum)")
	}
	var f snapshotFile
	if err := gob.NewDecoder(bytes.NewReader(body[len(snapshotMagic):])).Decode(&f); err != nil {
		return nil, fmt.Errorf("results: read snapshot: %w", err)
	}
	if token == "" || f.Token != token {
		return nil, errStaleSnapshot
	}
	dir, err := m.textLogDir()
	if err != nil {
		return nil, err
	}
	var loaded []string
	for _, s := range f.Surveys {
		slug := s.Columns.Survey()
		if err := m.loadSurvey(ctx, dir, s); err != nil {
			m.log.Warn("results: a survey's snapshot not used; its responses are read", slog.String("survey", slug), slog.Any("err", err))
			continue
		}
		loaded = append(loaded, slug)
	}
	m.log.Info("results read from the snapshot", slog.Int("surveys", len(loaded)),
		slog.Time("written", f.Written), slog.Duration("took", time.Since(started)))
	return loaded, nil
}

// loadSurvey puts one survey's copy from a snapshot in place, when its
// questions are still of the kinds they were and no copy is read yet.
func (m *Manager) loadSurvey(ctx context.Context, dir string, s surveySnapshot) error {
	slug := s.Columns.Survey()
	text, closed, err := m.st.QuestionKinds(ctx, slug)
	if err != nil {
		return err
	}
	wantText, wantClosed := s.Columns.Kinds()
	if !sameSet(text, wantText) || !sameSet(withoutText(closed, text), wantClosed) {
		return errors.New("its questions changed kind since the snapshot")
	}
	cols, err := export.FromSnapshot(s.Columns)
	if err != nil {
		return err
	}
	texts, err := restoreTextLog(dir, s.Texts)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.entryLocked(slug)
	if e.cols != nil || e.load != nil {
		texts.close()
		return errors.New("a copy was read meanwhile")
	}
	e.cols, e.texts, e.loadedAt, e.err = cols, texts, m.now(), nil
	return nil
}

// withoutText is closed without the ids in text, as NewColumns keeps it.
func withoutText(closed, text []string) []string {
	out := make([]string, 0, len(closed))
	for _, id := range closed {
		if !slices.Contains(text, id) {
			out = append(out, id)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}
