// Package results keeps every survey's responses in memory, column by
// column (export.Columns), and counts the lägesbild's figures from them:
// the results JSON, the dashboard, the workbook, class results, series
// and follow-up all count through a Manager, never by reading responses
// from the database, which on the embedded engine costs seconds per
// view. The copy holds no free text; the workbook's Fritext sheet reads
// it from a log on disk kept beside the copy (texts.go).
//
// A survey's copy is loaded once, by one read of its responses, on first
// use or at start-up (Preload); until it is complete nothing is counted
// from it, and Count says how far the load has come (*LoadingError).
// After that the store tells the Manager of every write (store.Observer)
// right after it succeeds, and the copy follows: a stored response is
// appended exactly once, exclusion marks, cleared answers and deletions
// are applied in place. Where several instances share one database, each
// reloads its copy when it is older than Options.MaxAge, since it does not
// hear of the others' writes.
package results

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"medborgardialog/export"
	"medborgardialog/models"
)

// Store is what the Manager reads: store.Store.
type Store interface {
	export.Source // for the free text, which the copy does not hold
	EachStoredResponse(ctx context.Context, surveys []string, fn func(*models.Response) error) error
	QuestionKinds(ctx context.Context, slug string) (text, closed []string, err error)
	CountSurveyResponses(ctx context.Context, slug string) (int64, error)
	CountResponsesBySurvey(ctx context.Context) (map[string]int64, error)
	SessionExcluded(ctx context.Context, code string) (bool, error)

	// Publications (publish.go).
	InsertPublication(ctx context.Context, p *models.Publication, data []byte, texts []models.PublishedText) error
	Publications(ctx context.Context, survey string) ([]*models.Publication, error)
	PublicationData(ctx context.Context, survey string, n int) ([]byte, error)
	EachPublishedText(ctx context.Context, survey string, upTo int, fn func(models.PublishedText)) error
	ExcludedSessions(ctx context.Context, survey string) (int, []string, error)
}

// Options tune a Manager.
type Options struct {
	// MaxAge is how old a copy may grow before it is read again, for a
	// database other instances write to as well. 0 means never: a single
	// process hears of every write (the embedded engine).
	MaxAge time.Duration
	// Wait is how long Count waits for a load to finish before it answers
	// with a *LoadingError instead; 0 means 2 s.
	Wait time.Duration
	// Loads is how many surveys are read at once; 0 means 2.
	Loads int
	// TextDir is where the free-text logs go, in a private directory
	// ("results-*") of their own, removed by Close; "" means the system's
	// temporary directory. The service gives a fixed directory that
	// PrepareTextDir has readied, so a crash leaves nothing behind for
	// long.
	TextDir string
	Logger  *slog.Logger
}

// DefaultMaxAge is the MaxAge the service uses with MONGODB_URI.
const DefaultMaxAge = 60 * time.Second

// Manager holds the copies and keeps them current. It is an export.Counter
// and an export.Source, and a store.Observer.
type Manager struct {
	st   Store
	opts Options
	log  *slog.Logger
	now  func() time.Time
	ctx  context.Context // loads run under it; Close ends it
	stop context.CancelFunc
	sem  chan struct{}
	wg   sync.WaitGroup

	mu      sync.Mutex
	textDir string // the private directory of the text logs, once made
	unlock  func() // gives up the lock on textDir that marks it in use (textdir.go)
	surveys map[string]*entry
	// inflight counts, per id, the inserts between Inserting and Inserted
	// or Abandoned: two tries of one submission can be in flight at once
	// (a client that gave up and retried), and the one that meets the
	// other's document must not end the other's turn.
	inflight map[string]int

	// markMu serialises applying exclusion marks, so that the last mark
	// written is the last applied (SessionMarked).
	markMu sync.Mutex

	// Publications (publish.go): one made at a time; the lists and the
	// frozen columns read, under pubMu.
	publishMu sync.Mutex
	pubMu     sync.Mutex

	// Integrity counts (check.go).
	repaired, mismatches, checks atomic.Uint64
	pubLists                     map[string]pubList
	frozen                       map[string]*export.Columns
}

// entry is one survey's copy and its load.
type entry struct {
	slug     string
	cols     *export.Columns // the copy counted from; nil until the first load ends
	texts    *textLog        // the free text of cols' responses
	loadedAt time.Time       // when the read that made cols began
	usedAt   time.Time
	load     *loading // the load under way, if any
	err      error    // why the last load failed, until the next one
	retries  int      // reads again that failed in a row
	// stale says cols may lack a change that only a read follows, from
	// the moment one is asked for until a read succeeds: such a copy is
	// never written to a snapshot.
	stale bool
}

// retryAfter is how long to wait before the n-th try to read a copy
// again: 2 s, doubling, at most a minute.
func retryAfter(n int) time.Duration {
	return min(2*time.Second<<min(n-1, 5), time.Minute)
}

// loading is a load under way.
type loading struct {
	done  chan struct{}
	read  atomic.Int64 // responses read so far
	total int64        // responses the survey had when the load began
	next  *export.Columns
	texts *textLog // next's free text
	// skip holds the ids appended to next by Inserted: the read must not
	// append them again. sessions are those whose marks changed during
	// the read, applied again at its end.
	skip     map[string]struct{}
	sessions map[string]struct{}
	restart  bool // something changed that only a new read follows
}

// New makes a Manager over st. Call Close when done.
func New(st Store, opts Options) *Manager {
	if opts.Wait <= 0 {
		opts.Wait = 2 * time.Second
	}
	if opts.Loads <= 0 {
		opts.Loads = 2
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, stop := context.WithCancel(context.Background())
	m := &Manager{
		st: st, opts: opts, log: opts.Logger, now: time.Now, ctx: ctx, stop: stop,
		sem:      make(chan struct{}, opts.Loads),
		surveys:  map[string]*entry{},
		inflight: map[string]int{},
		pubLists: map[string]pubList{},
		frozen:   map[string]*export.Columns{},
	}
	if opts.MaxAge > 0 {
		m.wg.Add(1)
		go m.refresh()
	}
	return m
}

// Close stops loads under way, waits for them, and removes the free-text
// logs.
func (m *Manager) Close() {
	m.stop()
	m.wg.Wait()
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range m.surveys {
		e.texts.close()
	}
	if m.textDir != "" {
		os.RemoveAll(m.textDir)
	}
	if m.unlock != nil {
		m.unlock()
		m.unlock = nil
	}
}

// textLogDir is the Manager's private directory for text logs, made on
// first use.
func (m *Manager) textLogDir() (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.textDir == "" {
		dir, err := os.MkdirTemp(m.opts.TextDir, textDirPrefix)
		if err != nil {
			return "", fmt.Errorf("results: text logs: %w", err)
		}
		// Held for as long as the process lives, so the start-up of
		// another process sharing TextDir leaves this one's logs alone.
		m.unlock, _ = lockDir(dir)
		m.textDir = dir
	}
	return m.textDir, nil
}

// LoadingError says a survey's copy is still being read: nothing is
// counted from half a copy. Done of Total responses have been read. Count
// returns it as the cause of an unavailable *models.Error.
type LoadingError struct {
	Survey      string
	Done, Total int64
}

func (e *LoadingError) Error() string {
	return fmt.Sprintf("results: the responses to %s are being read (%d of %d)", e.Survey, e.Done, e.Total)
}

// Progress says how far the copy of survey has come: ready when it can be
// counted from, else done of total responses read.
func (m *Manager) Progress(survey string) (ready bool, done, total int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.surveys[survey]
	if e == nil {
		return false, 0, 0
	}
	if e.cols != nil {
		return true, int64(e.cols.Len()), int64(e.cols.Len())
	}
	if e.load != nil {
		return false, e.load.read.Load(), e.load.total
	}
	return false, 0, 0
}

// Stored is how many responses the copy of survey holds, excluded ones
// included, and whether it has been read: a bound on a survey's size is
// checked against it, without a count in the database. It never starts a
// read: a read started by an answer would log when the first answer came.
// Every survey's copy is read at start-up, and a new survey's when it is
// stored (SurveyChanged).
func (m *Manager) Stored(survey string) (int, bool) {
	m.mu.Lock()
	var cols *export.Columns
	if e := m.surveys[survey]; e != nil {
		cols = e.cols
	}
	m.mu.Unlock()
	if cols == nil {
		return 0, false
	}
	return cols.Len(), true
}

// Largest is the number of responses the largest copy holds.
func (m *Manager) Largest() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, e := range m.surveys {
		if e.cols != nil {
			n = max(n, e.cols.Len())
		}
	}
	return n
}

// Preload starts reading the copies of surveys in the background, all in
// one read of the responses: on the embedded engine a read of one
// survey's responses reads every stored response anyway.
func (m *Manager) Preload(surveys []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var group []*entry
	for _, slug := range surveys {
		if e := m.entryLocked(slug); e.cols == nil && e.load == nil {
			group = append(group, e)
		}
	}
	m.startGroupLocked(group)
}

// Count adds the responses matching f to t, from the copy of f.Survey. A
// copy not read yet (or, with MaxAge, grown too old) is read first; if
// that takes longer than Options.Wait, Count answers *LoadingError.
func (m *Manager) Count(ctx context.Context, t *export.Tally, f models.ResponseFilter) error {
	cols, err := m.columns(ctx, f.Survey, m.opts.Wait)
	if err != nil {
		return err
	}
	return cols.Count(ctx, t, f)
}

// Waiting is m as a Counter that waits up to wait for a load: for work in
// the background, which has no one to tell to come back later.
func (m *Manager) Waiting(wait time.Duration) export.Counter { return waiting{m, wait} }

type waiting struct {
	m    *Manager
	wait time.Duration
}

func (w waiting) Count(ctx context.Context, t *export.Tally, f models.ResponseFilter) error {
	cols, err := w.m.columns(ctx, f.Survey, w.wait)
	if err != nil {
		return err
	}
	return cols.Count(ctx, t, f)
}

// EachResponse streams responses from the database: for free text only,
// which the copy does not hold.
func (m *Manager) EachResponse(ctx context.Context, f models.ResponseFilter, fn func(*models.Response) error) error {
	return m.st.EachResponse(ctx, f, fn)
}

// EachText gives the free text of the counted responses to survey from
// the log kept beside its copy (export.TextSource).
func (m *Manager) EachText(ctx context.Context, survey string, fn func(question string, answer any)) error {
	for range 3 {
		cols, texts, err := m.copyOf(ctx, survey, m.opts.Wait)
		if err != nil {
			return err
		}
		err = texts.each(cols.Counts, fn)
		if !errors.Is(err, errLogClosed) {
			return err
		}
		// The copy was replaced while this read began; read the new one.
	}
	return fmt.Errorf("results: the copy of %s keeps being replaced", survey)
}

// Columns is the current copy of survey, read first if need be (as Count).
func (m *Manager) Columns(ctx context.Context, survey string) (*export.Columns, error) {
	return m.columns(ctx, survey, m.opts.Wait)
}

func (m *Manager) columns(ctx context.Context, survey string, wait time.Duration) (*export.Columns, error) {
	cols, _, err := m.copyOf(ctx, survey, wait)
	return cols, err
}

// copyOf is survey's copy and its text log, read first if need be.
func (m *Manager) copyOf(ctx context.Context, survey string, wait time.Duration) (*export.Columns, *textLog, error) {
	m.mu.Lock()
	e := m.entryLocked(survey)
	e.usedAt = m.now()
	if e.cols != nil && !m.staleLocked(e) {
		cols, texts := e.cols, e.texts
		m.mu.Unlock()
		return cols, texts, nil
	}
	l := m.startLocked(e)
	m.mu.Unlock()

	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-l.done:
	case <-timer.C:
	case <-ctx.Done():
		return nil, nil, &models.Error{Code: models.ErrUnavailable, Message: "results not ready", Cause: ctx.Err()}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case e.cols != nil && !m.staleLocked(e):
		return e.cols, e.texts, nil
	case e.load == nil && e.err != nil:
		return nil, nil, e.err
	}
	le := &LoadingError{Survey: survey}
	if e.load != nil {
		le.Done, le.Total = e.load.read.Load(), e.load.total
	}
	// Unavailable for a moment, for every caller that knows no better.
	return nil, nil, &models.Error{Code: models.ErrUnavailable, Message: "results are being read", Cause: le}
}

// staleLocked is whether e's copy is older than MaxAge allows.
func (m *Manager) staleLocked(e *entry) bool {
	return m.opts.MaxAge > 0 && m.now().Sub(e.loadedAt) > m.opts.MaxAge
}

func (m *Manager) entryLocked(survey string) *entry {
	e := m.surveys[survey]
	if e == nil {
		e = &entry{slug: survey}
		m.surveys[survey] = e
	}
	return e
}

// startLocked starts a load of e unless one is under way, and returns it.
func (m *Manager) startLocked(e *entry) *loading {
	if e.load == nil {
		m.startGroupLocked([]*entry{e})
	}
	return e.load
}

// startGroupLocked starts one load of the entries, none of which is
// loading.
func (m *Manager) startGroupLocked(group []*entry) {
	if len(group) == 0 {
		return
	}
	for _, e := range group {
		e.load = &loading{done: make(chan struct{})}
	}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		m.run(group)
	}()
}

// run reads the entries' responses into new copies and puts each in
// place of the old, reading a survey again while something changes that
// only a read follows.
func (m *Manager) run(group []*entry) {
	loads := make([]*loading, len(group))
	for i, e := range group {
		loads[i] = e.load
	}
	select {
	case m.sem <- struct{}{}:
		defer func() { <-m.sem }()
	case <-m.ctx.Done():
		for i, e := range group {
			m.finish(e, loads[i], nil, time.Time{}, m.ctx.Err())
		}
		return
	}
	for len(group) > 0 {
		started := m.now()
		err := m.read(group, loads)
		var again []*entry
		var againLoads []*loading
		m.mu.Lock()
		for i, l := range loads {
			if err == nil && l.restart {
				l.texts.close()
				l.restart = false
				l.next, l.texts, l.skip, l.sessions = nil, nil, nil, nil
				l.read.Store(0)
				again, againLoads = append(again, group[i]), append(againLoads, l)
			} else if err != nil {
				l.texts.close()
			}
		}
		m.mu.Unlock()
		for i, e := range group {
			l := loads[i]
			if slices.Contains(againLoads, l) {
				continue
			}
			ferr := err
			if ferr == nil {
				ferr = m.remark(e.slug, l)
			}
			m.finish(e, l, l.next, started, ferr)
		}
		group, loads = again, againLoads
	}
}

// read makes new copies of the surveys of group: first the questions
// whose answers each keeps, then one read of their responses.
func (m *Manager) read(group []*entry, loads []*loading) error {
	ctx := m.ctx
	dir, err := m.textLogDir()
	if err != nil {
		return err
	}
	bySurvey := make(map[string]*loading, len(group))
	slugs := make([]string, len(group))
	for i, e := range group {
		text, closed, err := m.st.QuestionKinds(ctx, e.slug)
		if err != nil {
			return err
		}
		// The total only shows how far the read has come: a tally that
		// cannot be read now must not fail the read.
		total, err := m.st.CountSurveyResponses(ctx, e.slug)
		if err != nil {
			m.log.Warn("results: tally not read; the read goes on without a total", slog.String("survey", e.slug), slog.Any("err", err))
			total = 0
		}
		texts, err := newTextLog(dir)
		if err != nil {
			return err
		}
		l := loads[i]
		m.mu.Lock()
		// From here on Inserted appends to next too, and the read leaves
		// those responses to it. Responses stored before are in the read.
		l.next, l.texts, l.total = export.NewColumns(e.slug, text, closed), texts, total
		l.skip, l.sessions = map[string]struct{}{}, map[string]struct{}{}
		m.mu.Unlock()
		bySurvey[e.slug], slugs[i] = l, e.slug
	}
	started := time.Now()
	err = m.st.EachStoredResponse(ctx, slugs, func(r *models.Response) error {
		l := bySurvey[r.Survey]
		if l == nil {
			return nil
		}
		m.mu.Lock()
		_, appended := l.skip[r.ID]
		_, pending := m.inflight[r.ID]
		if !appended && !pending && !l.next.Holds(r.ID) {
			l.texts.add(l.next, l.next.Append(r), r)
		}
		m.mu.Unlock()
		l.read.Add(1)
		return nil
	})
	if err != nil {
		return fmt.Errorf("results: read %s: %w", strings.Join(slugs, ", "), err)
	}
	// A read that took a while is worth a line; a quick one (a new
	// survey's, say) is not.
	level := slog.LevelDebug
	if time.Since(started) > time.Second {
		level = slog.LevelInfo
	}
	for slug, l := range bySurvey {
		m.log.Log(ctx, level, "results loaded", slog.String("survey", slug), slog.Int("responses", l.next.Len()),
			slog.Duration("took", time.Since(started)), slog.Int("bytes", l.next.Bytes()))
	}
	return nil
}

// remark applies again the marks of sessions whose marks changed while
// the read ran: the read may have seen a response before its mark.
func (m *Manager) remark(survey string, l *loading) error {
	m.markMu.Lock()
	defer m.markMu.Unlock()
	m.mu.Lock()
	codes := make([]string, 0, len(l.sessions))
	for code := range l.sessions {
		codes = append(codes, code)
	}
	m.mu.Unlock()
	for _, code := range codes {
		ex, err := m.st.SessionExcluded(m.ctx, code)
		if err != nil {
			return fmt.Errorf("results: read %s: %w", survey, err)
		}
		l.next.MarkSession(code, ex)
	}
	return nil
}

// finish puts a load's outcome in place, and tells those waiting for it.
func (m *Manager) finish(e *entry, l *loading, next *export.Columns, started time.Time, err error) {
	defer close(l.done)
	m.mu.Lock()
	defer m.mu.Unlock()
	e.load = nil
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			m.log.Error("results load failed", slog.String("survey", e.slug), slog.Any("err", err))
		}
		e.err = err
		if e.cols != nil && m.ctx.Err() == nil {
			// A read again that failed leaves a copy that may lack what
			// made it read again; nobody asks for it, since the old copy
			// still answers. So it is tried again, until it succeeds.
			e.retries++
			time.AfterFunc(retryAfter(e.retries), func() {
				if m.ctx.Err() == nil {
					m.Changed(e.slug)
				}
			})
		}
		return
	}
	e.retries, e.stale = 0, false
	e.texts.close()
	e.cols, e.texts, e.loadedAt, e.err = next, l.texts, started, nil
}
