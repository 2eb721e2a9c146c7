package results

import (
	"context"
	"log/slog"
	"time"

	"medborgardialog/export"
	"medborgardialog/models"
)

// The Manager is the store's Observer: each method below runs right after
// a write to responses succeeded, on the writing goroutine.

// Inserting notes ids about to be inserted: a read under way leaves them
// to Inserted, so none is appended twice.
func (m *Manager) Inserting(ids []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		m.inflight[id]++
	}
}

// doneInFlight ends one insert of id; under mu.
func (m *Manager) doneInFlight(id string) {
	if m.inflight[id] <= 1 {
		delete(m.inflight, id)
		return
	}
	m.inflight[id]--
}

// Abandoned forgets ids that were not stored.
func (m *Manager) Abandoned(ids []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, id := range ids {
		m.doneInFlight(id)
	}
}

// Inserted appends stored responses to their survey's copy, and to the
// copy being read, if any. A survey with no copy yet gets them from its
// first read.
func (m *Manager) Inserted(rs []*models.Response) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range rs {
		m.doneInFlight(r.ID)
		e := m.surveys[r.Survey]
		if e == nil {
			continue
		}
		// A copy never takes a response twice, however the reports of
		// two tries of one submission interleave.
		if e.cols != nil && !e.cols.Holds(r.ID) {
			e.texts.add(e.cols, e.cols.Append(r), r)
		}
		if l := e.load; l != nil && l.next != nil {
			if !l.next.Holds(r.ID) {
				l.texts.add(l.next, l.next.Append(r), r)
			}
			l.skip[r.ID] = struct{}{}
		}
	}
}

// Present adds a response the database holds where a copy lacks it: read
// back after a duplicate, it may have been stored by an insert whose
// outcome was not known, or by another instance. An id in flight is its
// inserter's to append; a copy being read that will still reach it in
// its read gets it now and leaves it to the read no more (skip).
func (m *Manager) Present(r *models.Response) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, pending := m.inflight[r.ID]; pending {
		return
	}
	e := m.surveys[r.Survey]
	if e == nil {
		return
	}
	if e.cols != nil && !e.cols.Holds(r.ID) {
		e.texts.add(e.cols, e.cols.Append(r), r)
		m.repaired.Add(1)
		m.log.Warn("results: a stored response was missing from the copy and is added", slog.String("survey", r.Survey))
	}
	if l := e.load; l != nil && l.next != nil && !l.next.Holds(r.ID) {
		l.texts.add(l.next, l.next.Append(r), r)
		l.skip[r.ID] = struct{}{}
	}
}

// SessionMarked applies the exclusion mark the session has now to its
// responses in the copies. The mark is read rather than taken from the
// writer, and markMu makes the reads and applications take turns, so two
// writers racing each other leave the copies as the last write left the
// database.
func (m *Manager) SessionMarked(ctx context.Context, survey, code string) {
	m.markMu.Lock()
	defer m.markMu.Unlock()
	m.mu.Lock()
	e := m.surveys[survey]
	if e == nil {
		m.mu.Unlock()
		return
	}
	cols := e.cols
	var next *export.Columns
	if l := e.load; l != nil && l.next != nil {
		next = l.next
		l.sessions[code] = struct{}{}
	}
	m.mu.Unlock()
	if cols == nil && next == nil {
		return
	}
	excluded, err := m.st.SessionExcluded(context.WithoutCancel(ctx), code)
	if err != nil {
		m.log.Warn("results: session mark not read; reading the survey again", slog.String("survey", survey), slog.Any("err", err))
		m.Changed(survey)
		return
	}
	for _, c := range []*export.Columns{cols, next} {
		if c != nil {
			c.MarkSession(code, excluded)
		}
	}
}

// AnswersCleared forgets the answers retention removed.
func (m *Manager) AnswersCleared(survey string, ids []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.surveys[survey]
	if e == nil {
		return
	}
	if e.cols != nil {
		e.cols.ClearAnswers(ids)
		e.texts.clear(ids)
	}
	if e.load != nil {
		e.load.restart = true
	}
}

// Deleted empties the survey's copy.
func (m *Manager) Deleted(survey string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.surveys[survey]
	if e == nil {
		return
	}
	if e.cols != nil {
		e.cols = e.cols.Emptied()
		e.texts.clear(e.texts.questions())
	}
	if e.load != nil {
		e.load.restart = true
	}
}

// Changed reads the survey's copy again (every copy, for ""), counting
// from the old one meanwhile: it is what was known before the change.
func (m *Manager) Changed(survey string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for slug, e := range m.surveys {
		if survey != "" && slug != survey {
			continue
		}
		switch {
		case e.load != nil:
			e.load.restart = true
			e.stale = e.cols != nil
		case e.cols != nil:
			e.stale = true
			m.startLocked(e)
		}
	}
}

// SurveyChanged reads the survey's copy again when a new version makes a
// question free text that was closed before: the copy must then keep its
// answers as "answered" only, and no longer the values. Other changes need
// nothing: each view looks the stored values up in the version it shows.
func (m *Manager) SurveyChanged(survey string) {
	m.mu.Lock()
	e := m.surveys[survey]
	if e == nil {
		// A new survey: its copy is read now, so that what depends on it
		// (the bound on its responses) holds from its first answer.
		m.startGroupLocked([]*entry{m.entryLocked(survey)})
		m.mu.Unlock()
		return
	}
	cols := e.cols
	m.mu.Unlock()
	if cols == nil {
		return
	}
	text, _, err := m.st.QuestionKinds(m.ctx, survey)
	if err != nil {
		m.Changed(survey)
		return
	}
	for _, id := range text {
		if !cols.IsText(id) {
			m.Changed(survey)
			return
		}
	}
}

// refresh reads again, in the background, the copies in use that are
// half as old as MaxAge allows, so that a dashboard in use never waits
// for a read: a copy is then at most MaxAge/2 plus one read old.
func (m *Manager) refresh() {
	defer m.wg.Done()
	tick := time.NewTicker(m.opts.MaxAge / 4)
	defer tick.Stop()
	for {
		select {
		case <-m.ctx.Done():
			return
		case <-tick.C:
		}
		now := m.now()
		m.mu.Lock()
		for _, e := range m.surveys {
			if e.cols != nil && e.load == nil && now.Sub(e.usedAt) < 10*m.opts.MaxAge && now.Sub(e.loadedAt) >= m.opts.MaxAge/2 {
				m.startLocked(e)
			}
		}
		m.mu.Unlock()
	}
}
