package results

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"medborgardialog/export"
	"medborgardialog/models"
)

// Publications (DESIGN §5): every figure anyone sees is counted from a
// publication, frozen columns made from the copy at one moment, and every
// free text shown is one a publication released. Between two publications
// nothing shown moves: an answer added to a group, a session excluded or
// included, one more answer between two downloads, none of them draws the
// noise again or shows a text, until the next publication, at most once
// per interval.

// The batch rule for free text: new texts are released only as a batch of
// at least MinTextBatch texts from at least MinTextOrigins sessions or
// places, so that no released text can be tied to one session or one
// answer. Fewer wait for the next publication.
const (
	MinTextBatch   = 10
	MinTextOrigins = 3
)

// MinPublicationInterval is the shortest interval between two
// publications of a survey the service accepts (DIALOG_PUBLICATION_INTERVAL).
const MinPublicationInterval = 14 * 24 * time.Hour

// DefaultPublicationInterval is the interval when nothing else is set.
const DefaultPublicationInterval = 28 * 24 * time.Hour

// PublishRequest says what to publish.
type PublishRequest struct {
	Survey   *models.Survey // the survey's current definition
	By, Note string
	// Final marks the publication made because the survey closed.
	Final    bool
	Now      time.Time
	Interval time.Duration  // at least this long since the last one
	Zone     *time.Location // the day of a publication is a day here
	// Wait is how long to wait for the copy to be read; 0 means 2 minutes.
	Wait time.Duration
}

// TooSoonError is a publication asked for before FirstDay, the first day
// the interval since the last one allows.
type TooSoonError struct {
	Survey   string
	FirstDay string
}

func (e *TooSoonError) Error() string {
	return fmt.Sprintf("results: %s may be published again from %s", e.Survey, e.FirstDay)
}

// FirstAllowedDay is the first day a publication may follow one made on
// day, interval apart (whole days, rounded up).
func FirstAllowedDay(day string, interval time.Duration) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	days := int((interval + 24*time.Hour - 1) / (24 * time.Hour))
	return t.AddDate(0, 0, days).Format(time.DateOnly)
}

// Publish freezes the survey's copy as its next publication: the
// responses that count now (excluded sessions left out), their record
// keys, and the free texts released so far plus the new batch if it is
// big enough. One publication at a time per process; across instances the
// number's unique id decides, and the loser gets a conflict.
func (m *Manager) Publish(ctx context.Context, req PublishRequest) (*models.Publication, error) {
	m.publishMu.Lock()
	defer m.publishMu.Unlock()
	sv := req.Survey
	zone := req.Zone
	if zone == nil {
		zone = time.UTC
	}
	today := req.Now.In(zone).Format(time.DateOnly)
	list, err := m.st.Publications(ctx, sv.Slug)
	if err != nil {
		return nil, err
	}
	p := &models.Publication{Survey: sv.Slug, Number: 1, Version: sv.Version, Day: today, At: req.Now, Final: req.Final, Note: req.Note, By: req.By}
	var last *models.Publication
	if len(list) > 0 {
		last = list[len(list)-1]
		p.Number = last.Number + 1
		if first := FirstAllowedDay(last.Day, req.Interval); today < first {
			return nil, &models.Error{Code: models.ErrTooSoon, Message: "published too recently",
				Cause: &TooSoonError{Survey: sv.Slug, FirstDay: first}}
		}
	}
	wait := req.Wait
	if wait <= 0 {
		wait = 2 * time.Minute
	}
	cols, texts, err := m.copyOf(ctx, sv.Slug, wait)
	if err != nil {
		return nil, err
	}
	frozen, kept, excluded := cols.Freeze()
	released, err := m.releaseTexts(ctx, sv, last, cols, texts, kept, p)
	if err != nil {
		return nil, err
	}
	var data bytes.Buffer
	if err := frozen.WriteFrozen(&data); err != nil {
		return nil, err
	}
	p.Responses = frozen.Len()
	p.Excluded.Responses = excluded
	if p.Excluded.Sessions, p.Excluded.Reasons, err = m.st.ExcludedSessions(ctx, sv.Slug); err != nil {
		return nil, err
	}
	if err := m.st.InsertPublication(ctx, p, data.Bytes(), released); err != nil {
		return nil, err
	}
	m.pubMu.Lock()
	delete(m.pubLists, sv.Slug)
	m.keepFrozenLocked(pubKey(sv.Slug, p.Number), frozen)
	m.pubMu.Unlock()
	m.log.Info("published", "survey", sv.Slug, "publication", p.Number, "responses", p.Responses,
		"new_texts", p.NewTexts, "bytes", data.Len())
	return p, nil
}

// releaseTexts picks the texts p releases for the first time: those of the
// rows kept that no earlier publication released, if there are enough of
// them from enough places; it sets p's text counts.
func (m *Manager) releaseTexts(ctx context.Context, sv *models.Survey, last *models.Publication, cols *export.Columns, texts *textLog, kept []int32, p *models.Publication) ([]models.PublishedText, error) {
	before := map[string]bool{}
	if last != nil {
		err := m.st.EachPublishedText(ctx, sv.Slug, last.Number, func(t models.PublishedText) {
			before[t.Response+"/"+t.Question] = true
		})
		if err != nil {
			return nil, err
		}
	}
	counts := make([]bool, cols.Len())
	for _, row := range kept {
		counts[row] = true
	}
	areaQuestion := ""
	for _, q := range sv.Questions {
		if q.Dimension == models.DimArea {
			areaQuestion = q.ID
		}
	}
	var fresh []models.PublishedText
	origins := map[string]bool{}
	err := texts.eachKeyed(func(row int) bool { return row < len(counts) && counts[row] },
		func(row int, question, response, text string) {
			if before[response+"/"+question] {
				return
			}
			fresh = append(fresh, models.PublishedText{Question: question, Response: response, Text: text})
			origins[cols.Origin(row, areaQuestion)] = true
		})
	if err != nil {
		return nil, err
	}
	p.Texts = len(before)
	if len(fresh) < MinTextBatch || len(origins) < MinTextOrigins {
		p.TextsWaiting = len(fresh)
		return nil, nil
	}
	// In no order that says when anyone wrote: by question, then text.
	slices.SortFunc(fresh, func(a, b models.PublishedText) int {
		return cmp.Or(cmp.Compare(a.Question, b.Question), cmp.Compare(a.Text, b.Text), cmp.Compare(a.Response, b.Response))
	})
	p.Texts += len(fresh)
	p.NewTexts = len(fresh)
	return fresh, nil
}

// pubListAge is how long a survey's list of publications is taken from
// memory: another instance's publication shows here within it.
const pubListAge = 5 * time.Second

type pubList struct {
	list []*models.Publication
	at   time.Time
}

// maxFrozen bounds the frozen columns kept in memory (a few MB each at
// 100,000 responses); others are read again when asked for.
const maxFrozen = 16

func pubKey(survey string, n int) string { return fmt.Sprintf("%s/%d", survey, n) }

func (m *Manager) keepFrozenLocked(key string, c *export.Columns) {
	if len(m.frozen) >= maxFrozen {
		for k := range m.frozen {
			delete(m.frozen, k)
			break
		}
	}
	m.frozen[key] = c
}

// Publications lists the survey's publications, oldest first.
func (m *Manager) Publications(ctx context.Context, survey string) ([]*models.Publication, error) {
	m.pubMu.Lock()
	pl, ok := m.pubLists[survey]
	m.pubMu.Unlock()
	if ok && m.now().Sub(pl.at) < pubListAge {
		return pl.list, nil
	}
	list, err := m.st.Publications(ctx, survey)
	if err != nil {
		return nil, err
	}
	m.pubMu.Lock()
	m.pubLists[survey] = pubList{list: list, at: m.now()}
	m.pubMu.Unlock()
	return list, nil
}

// Publication is publication n of survey, the latest for n == 0. A survey
// with none answers ErrNotPublished, a number it does not have
// ErrNotFound.
func (m *Manager) Publication(ctx context.Context, survey string, n int) (*models.Publication, error) {
	list, err := m.Publications(ctx, survey)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, models.Errorf(models.ErrNotPublished, "%s has no publication yet", survey)
	}
	if n == 0 {
		return list[len(list)-1], nil
	}
	for _, p := range list {
		if p.Number == n {
			return p, nil
		}
	}
	return nil, models.Errorf(models.ErrNotFound, "%s has no publication %d", survey, n)
}

// frozenOf is the frozen columns of p, read from the database the first
// time.
func (m *Manager) frozenOf(ctx context.Context, p *models.Publication) (*export.Columns, error) {
	key := pubKey(p.Survey, p.Number)
	m.pubMu.Lock()
	c := m.frozen[key]
	m.pubMu.Unlock()
	if c != nil {
		return c, nil
	}
	data, err := m.st.PublicationData(ctx, p.Survey, p.Number)
	if err != nil {
		return nil, err
	}
	if c, err = export.ReadFrozen(bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("results: publication %d of %s: %w", p.Number, p.Survey, err)
	}
	m.pubMu.Lock()
	m.keepFrozenLocked(key, c)
	m.pubMu.Unlock()
	return c, nil
}

// ForgetPublications drops what is kept in memory of the survey's
// publications: retention deleted their rows or texts, or a restore
// replaced them.
func (m *Manager) ForgetPublications(survey string) {
	m.pubMu.Lock()
	defer m.pubMu.Unlock()
	delete(m.pubLists, survey)
	for k := range m.frozen {
		if strings.HasPrefix(k, survey+"/") {
			delete(m.frozen, k)
		}
	}
}

// Published is a view's choice of publications: it counts each survey
// from one of them, Pick[slug] if set, else the survey's latest, and
// gives the free texts that publication has released. It is an
// export.Counter and an export.TextSource. A survey with no publication
// (an earlier wave never published) counts nothing; a view asks for its
// own survey's publication first (Publication) and answers
// not_published itself.
type Published struct {
	m    *Manager
	pick map[string]int
}

// Published counts from publications: pick[slug] for the surveys named,
// the latest of every other.
func (m *Manager) Published(pick map[string]int) *Published { return &Published{m: m, pick: pick} }

// Count adds the responses of f.Survey's chosen publication that match f.
func (p *Published) Count(ctx context.Context, t *export.Tally, f models.ResponseFilter) error {
	cols, err := p.columns(ctx, f.Survey)
	if err != nil || cols == nil {
		return err
	}
	return cols.Count(ctx, t, f)
}

// Columns is the frozen columns survey is counted from; nil when it has
// no publication, or retention deleted its rows.
func (p *Published) Columns(ctx context.Context, survey string) (*export.Columns, error) {
	return p.columns(ctx, survey)
}

func (p *Published) columns(ctx context.Context, survey string) (*export.Columns, error) {
	pub, err := p.m.Publication(ctx, survey, p.pick[survey])
	switch models.ErrorCode(err) {
	case "":
	case models.ErrNotPublished:
		return nil, nil
	default:
		return nil, err
	}
	cols, err := p.m.frozenOf(ctx, pub)
	if models.ErrorCode(err) == models.ErrNotFound {
		return nil, nil // retired: the wave's figures are archived
	}
	return cols, err
}

// EachText gives the texts survey's chosen publication has released: its
// own new ones and every earlier publication's.
func (p *Published) EachText(ctx context.Context, survey string, fn func(question string, answer any)) error {
	pub, err := p.m.Publication(ctx, survey, p.pick[survey])
	if models.ErrorCode(err) == models.ErrNotPublished {
		return nil
	}
	if err != nil {
		return err
	}
	return p.m.st.EachPublishedText(ctx, survey, pub.Number, func(t models.PublishedText) { fn(t.Question, t.Text) })
}
