package export

import (
	"bufio"
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"medborgardialog/models"
	"medborgardialog/redact"
)

// TextSpool collects the free-text answers of one pass over the responses,
// grouped by question, for the workbook's Fritext sheet. It keeps them in
// one temporary file per text question, so its memory does not grow with
// the number of responses, and reads them back in a random order: the
// order they came in follows the order classes answered, and whoever knows
// when a class sat could otherwise tell which texts it wrote.
//
// Only the text is kept: nothing about the response it came from (school,
// grade, area, session, day, language), not even its position among the
// other questions' texts. The Fritext sheet must not let anyone put a text
// beside the background of the young person who wrote it.
//
// Every text is scrubbed again on the way in (redact.Scrub), although the
// service scrubs before storing: answers stored before a scrubber
// improvement get the improvement too, and this sheet is the one place
// where a young person's own words leave the service.
//
// A TextSpool is not safe for concurrent use.
type TextSpool struct {
	dir    string
	ids    []string // text question ids, in survey order
	spools map[string]*spool
	err    error  // the first write error; reported by Each and Close
	hdr    []byte // scratch for a record's length
	closed bool
}

// spool is one text question's file. Records are a uvarint byte length
// followed by the text's bytes, so any string round-trips, newlines and
// NUL included, with no escaping to get wrong.
type spool struct {
	path  string
	file  *os.File
	w     *bufio.Writer
	count int
}

// spoolBuffer is the write buffer per text question: big enough that a
// write reaches the disk every few hundred texts, small enough that a
// survey with many text questions does not hold much.
const spoolBuffer = 32 << 10

// maxSpoolRecord bounds a record read back, so a damaged file cannot make
// Each allocate without limit. Texts are capped far below it (max_length
// is at most 5000 characters).
const maxSpoolRecord = 1 << 20

// NewTextSpool prepares a spool for the text questions of sv, with its files
// in a new private directory under dir (the system's temporary directory
// when dir is ""). Close removes them.
func NewTextSpool(sv *models.Survey, dir string) (*TextSpool, error) {
	if sv == nil {
		return nil, errors.New("export: text spool: no survey")
	}
	tmp, err := os.MkdirTemp(dir, "textspool-")
	if err != nil {
		return nil, fmt.Errorf("export: text spool: %w", err)
	}
	ts := &TextSpool{dir: tmp, spools: make(map[string]*spool)}
	for i := range sv.Questions {
		q := &sv.Questions[i]
		if q.Type != models.TypeText {
			continue
		}
		if _, dup := ts.spools[q.ID]; dup {
			continue
		}
		// The file name is the question's position, not its id: ids are
		// checked elsewhere, but a path built from them need not trust that.
		p := filepath.Join(tmp, fmt.Sprintf("q%03d.spool", i))
		f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			ts.Close()
			return nil, fmt.Errorf("export: text spool: %w", err)
		}
		ts.spools[q.ID] = &spool{path: p, file: f, w: bufio.NewWriterSize(f, spoolBuffer)}
		ts.ids = append(ts.ids, q.ID)
	}
	return ts, nil
}

// Add keeps the non-blank text answers of r, scrubbed. Answers to other
// questions and everything else about r are ignored. After a write error
// Add does nothing more; Each and Close report the error.
func (ts *TextSpool) Add(r *models.Response) {
	if ts == nil || r == nil {
		return
	}
	for _, id := range ts.ids {
		ts.AddText(id, r.Answers[id])
	}
}

// AddText keeps one answer v to question id as Add would: a non-blank
// string to one of the spool's text questions, scrubbed.
func (ts *TextSpool) AddText(id string, v any) {
	if ts == nil || ts.closed || ts.err != nil {
		return
	}
	sp, ok := ts.spools[id]
	s, isText := v.(string)
	if !ok || !isText || strings.TrimSpace(s) == "" {
		return
	}
	s, _ = redact.Scrub(s)
	ts.hdr = binary.AppendUvarint(ts.hdr[:0], uint64(len(s)))
	if _, err := sp.w.Write(ts.hdr); err != nil {
		ts.err = fmt.Errorf("export: text spool: %w", err)
		return
	}
	if _, err := sp.w.WriteString(s); err != nil {
		ts.err = fmt.Errorf("export: text spool: %w", err)
		return
	}
	sp.count++
}

// Count is the number of texts kept for questionID.
func (ts *TextSpool) Count(questionID string) int {
	if ts == nil {
		return 0
	}
	if sp, ok := ts.spools[questionID]; ok {
		return sp.count
	}
	return 0
}

// Each calls fn with every text kept for questionID, in a random order,
// and stops at fn's first error. An unknown question has no texts. Each
// may be called more than once, and Add may continue afterwards.
//
// The shuffle is done in bounded memory: the texts are dealt at random into
// buckets of about shuffleBucket texts on disk, and each bucket is shuffled
// in memory as it is read. A text's place then says nothing about when it
// was written.
func (ts *TextSpool) Each(questionID string, fn func(text string) error) error {
	if ts == nil {
		return nil
	}
	if ts.closed {
		return errors.New("export: text spool: closed")
	}
	if ts.err != nil {
		return ts.err
	}
	sp, ok := ts.spools[questionID]
	if !ok || sp.count == 0 {
		return nil
	}
	if err := sp.w.Flush(); err != nil {
		ts.err = fmt.Errorf("export: text spool: %w", err)
		return ts.err
	}
	buckets := min(maxBuckets, (sp.count+shuffleBucket-1)/shuffleBucket)
	if buckets <= 1 {
		texts, err := readRecords(sp.path, sp.count)
		if err != nil {
			return fmt.Errorf("export: text spool: read %s: %w", questionID, err)
		}
		return emitShuffled(texts, fn)
	}
	paths, err := ts.deal(sp, buckets)
	defer func() {
		for _, p := range paths {
			os.Remove(p)
		}
	}()
	if err != nil {
		return fmt.Errorf("export: text spool: shuffle %s: %w", questionID, err)
	}
	for _, p := range paths {
		texts, err := readRecords(p, -1)
		if err != nil {
			return fmt.Errorf("export: text spool: read %s: %w", questionID, err)
		}
		if err := emitShuffled(texts, fn); err != nil {
			return err
		}
	}
	return nil
}

const (
	shuffleBucket = 2000 // texts held in memory at once while shuffling
	maxBuckets    = 256  // open files while dealing
)

// deal copies sp's records into n bucket files, each record to a random one.
func (ts *TextSpool) deal(sp *spool, n int) ([]string, error) {
	paths := make([]string, n)
	files := make([]*os.File, n)
	writers := make([]*bufio.Writer, n)
	defer func() {
		for _, f := range files {
			if f != nil {
				f.Close()
			}
		}
	}()
	for i := range n {
		f, err := os.CreateTemp(ts.dir, "bucket-*")
		if err != nil {
			return paths, err
		}
		paths[i], files[i], writers[i] = f.Name(), f, bufio.NewWriterSize(f, 4<<10)
	}
	rng := newShuffler()
	var hdr []byte
	err := eachRecord(sp.path, sp.count, func(b []byte) error {
		w := writers[rng.IntN(n)]
		hdr = binary.AppendUvarint(hdr[:0], uint64(len(b)))
		if _, err := w.Write(hdr); err != nil {
			return err
		}
		_, err := w.Write(b)
		return err
	})
	if err != nil {
		return paths, err
	}
	for _, w := range writers {
		if err := w.Flush(); err != nil {
			return paths, err
		}
	}
	return paths, nil
}

// readRecords reads count records of a file (all when count < 0).
func readRecords(path string, count int) ([]string, error) {
	var out []string
	err := eachRecord(path, count, func(b []byte) error {
		out = append(out, string(b))
		return nil
	})
	return out, err
}

// eachRecord calls fn with each record of a spool file; b is reused.
func eachRecord(path string, count int, fn func(b []byte) error) error {
	rf, err := os.Open(path)
	if err != nil {
		return err
	}
	defer rf.Close()
	br := bufio.NewReaderSize(rf, spoolBuffer)
	var buf []byte
	for i := 0; count < 0 || i < count; i++ {
		n, err := binary.ReadUvarint(br)
		if count < 0 && errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if n > maxSpoolRecord {
			return fmt.Errorf("record of %d bytes", n)
		}
		if cap(buf) < int(n) {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		if _, err := io.ReadFull(br, buf); err != nil {
			return err
		}
		if err := fn(buf); err != nil {
			return err
		}
	}
	return nil
}

func emitShuffled(texts []string, fn func(string) error) error {
	rng := newShuffler()
	rng.Shuffle(len(texts), func(i, j int) { texts[i], texts[j] = texts[j], texts[i] })
	for _, t := range texts {
		if err := fn(t); err != nil {
			return err
		}
	}
	return nil
}

// newShuffler is seeded from the operating system's random source, so the
// order cannot be reproduced from anything about the export.
func newShuffler() *mrand.Rand {
	return mrand.New(mrand.NewChaCha8(seed32()))
}

func seed32() [32]byte {
	var s [32]byte
	_, _ = crand.Read(s[:]) // crypto/rand.Read never fails on supported platforms
	return s
}

// Close removes the spool's files. It is safe to call more than once.
func (ts *TextSpool) Close() error {
	if ts == nil || ts.closed {
		return nil
	}
	ts.closed = true
	var first error
	for _, sp := range ts.spools {
		if err := sp.file.Close(); err != nil && first == nil {
			first = err
		}
	}
	if err := os.RemoveAll(ts.dir); err != nil && first == nil {
		first = err
	}
	if first != nil {
		return fmt.Errorf("export: text spool: %w", first)
	}
	return ts.err
}
