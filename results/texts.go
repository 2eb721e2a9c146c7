package results

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"medborgardialog/export"
	"medborgardialog/models"
)

// A textLog keeps the free text of a copy's responses on disk, beside the
// copy, for the workbook's Fritext sheet. The copy holds no words; but
// reading them from the database for every workbook means reading every
// response again, which on the embedded engine is most of a workbook's
// time (4,500 documents a second). The log is written as the copy is: by
// the same read, and by every insert after it. Each text is kept with
// the copy's row of its response, so that a text of an excluded session
// is left out exactly as the response is, and nothing else about the
// response: the Fritext sheet must not let anyone put a text beside its
// writer's background.
//
// The files live in a private directory (0700, files 0600) that the
// Manager removes when the copy is replaced or the service stops.
type textLog struct {
	dir    string
	mu     sync.Mutex
	files  map[string]*textFile // by question id
	closed bool
	err    error // the first write error; the log then reads as failed
}

type textFile struct {
	path string
	f    *os.File
	w    *bufio.Writer
}

// errLogClosed is reading a log that was replaced meanwhile.
var errLogClosed = errors.New("results: text log replaced")

func newTextLog(parent string) (*textLog, error) {
	dir, err := os.MkdirTemp(parent, "texts-")
	if err != nil {
		return nil, fmt.Errorf("results: text log: %w", err)
	}
	return &textLog{dir: dir, files: map[string]*textFile{}}, nil
}

// add keeps the free-text answers of r, at row of the copy: the non-blank
// strings given to questions cols counts as free text.
func (l *textLog) add(cols *export.Columns, row int, r *models.Response) {
	if l == nil || row < 0 {
		return
	}
	var hdr []byte
	for id, v := range r.Answers {
		s, ok := v.(string)
		if !ok || strings.TrimSpace(s) == "" || !cols.IsText(id) {
			continue
		}
		// The response's id goes with its text, so that a publication can
		// tell which texts it released before (publish.go).
		hdr = binary.AppendUvarint(binary.AppendUvarint(hdr[:0], uint64(row)), uint64(len(r.ID)))
		hdr = binary.AppendUvarint(append(hdr, r.ID...), uint64(len(s)))
		l.write(id, hdr, s)
	}
}

func (l *textLog) write(id string, hdr []byte, s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed || l.err != nil {
		return
	}
	tf := l.files[id]
	if tf == nil {
		// Named by a count, not the question id: a path is never built
		// from stored data.
		p := filepath.Join(l.dir, fmt.Sprintf("q%03d", len(l.files)))
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			l.err = fmt.Errorf("results: text log: %w", err)
			return
		}
		tf = &textFile{path: p, f: f, w: bufio.NewWriterSize(f, 16<<10)}
		l.files[id] = tf
	}
	if _, err := tf.w.Write(hdr); err != nil {
		l.err = fmt.Errorf("results: text log: %w", err)
		return
	}
	if _, err := tf.w.WriteString(s); err != nil {
		l.err = fmt.Errorf("results: text log: %w", err)
	}
}

// each calls fn with every text kept whose row counts, question by
// question.
func (l *textLog) each(counts func(row int) bool, fn func(question string, text any)) error {
	return l.eachKeyed(counts, func(_ int, question, _ string, text string) { fn(question, text) })
}

// eachKeyed is each with the row and the id of the response each text
// belongs to.
func (l *textLog) eachKeyed(counts func(row int) bool, fn func(row int, question, response, text string)) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return errLogClosed
	}
	if l.err != nil {
		return l.err
	}
	for id, tf := range l.files {
		if err := tf.w.Flush(); err != nil {
			l.err = fmt.Errorf("results: text log: %w", err)
			return l.err
		}
		if err := readLog(tf.path, func(row int, response, text string) {
			if counts(row) {
				fn(row, id, response, text)
			}
		}); err != nil {
			return fmt.Errorf("results: text log: %w", err)
		}
	}
	return nil
}

// maxRecord bounds a text read back, so a damaged file cannot make a read
// allocate without limit; answers are far shorter.
const maxRecord = 1 << 20

func readLog(path string, fn func(row int, response, text string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 32<<10)
	var buf []byte
	for {
		row, err := binary.ReadUvarint(br)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		response, err := readField(br, &buf)
		if err != nil {
			return err
		}
		text, err := readField(br, &buf)
		if err != nil {
			return err
		}
		fn(int(row), response, text)
	}
}

// readField reads one length-prefixed field.
func readField(br *bufio.Reader, buf *[]byte) (string, error) {
	n, err := binary.ReadUvarint(br)
	if err != nil {
		return "", err
	}
	if n > maxRecord {
		return "", fmt.Errorf("record of %d bytes", n)
	}
	if cap(*buf) < int(n) {
		*buf = make([]byte, n)
	}
	b := (*buf)[:n]
	if _, err := io.ReadFull(br, b); err != nil {
		return "", err
	}
	return string(b), nil
}

// clear forgets the texts of the questions ids.
func (l *textLog) clear(ids []string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range ids {
		if tf := l.files[id]; tf != nil {
			tf.f.Close()
			os.Remove(tf.path)
			delete(l.files, id)
		}
	}
}

// questions lists the questions the log has texts for.
func (l *textLog) questions() []string {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	ids := make([]string, 0, len(l.files))
	for id := range l.files {
		ids = append(ids, id)
	}
	return ids
}

// close removes the log's files; reading it afterwards fails.
func (l *textLog) close() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	l.closed = true
	for _, tf := range l.files {
		tf.f.Close()
	}
	os.RemoveAll(l.dir)
}

// contents is every file of the log, by question, for a snapshot of the
// copy it belongs to.
func (l *textLog) contents() (map[string][]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return nil, errLogClosed
	}
	if l.err != nil {
		return nil, l.err
	}
	out := make(map[string][]byte, len(l.files))
	for id, tf := range l.files {
		if err := tf.w.Flush(); err != nil {
			l.err = fmt.Errorf("results: text log: %w", err)
			return nil, l.err
		}
		b, err := os.ReadFile(tf.path)
		if err != nil {
			return nil, fmt.Errorf("results: text log: %w", err)
		}
		out[id] = b
	}
	return out, nil
}

// restoreTextLog makes a log in parent that holds contents, as contents
// took them, and goes on from there.
func restoreTextLog(parent string, contents map[string][]byte) (*textLog, error) {
	l, err := newTextLog(parent)
	if err != nil {
		return nil, err
	}
	for id, b := range contents {
		l.write(id, b, "")
	}
	if l.err != nil {
		l.close()
		return nil, l.err
	}
	return l, nil
}
