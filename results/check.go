package results

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"medborgardialog/export"
)

// The copies follow every write the store makes (observe.go), and an
// insert whose outcome was not known is settled by the store, so a copy
// equals the database. Check is the backstop: it compares each copy's
// count with the database's and reads again a copy that differs, so that
// whatever was missed (a bug, a write made around the service) is
// repaired within one check.

// Integrity counts what keeping the copies equal to the database took.
type Integrity struct {
	// Repaired counts responses added to a copy that lacked them, found
	// when a retry's duplicate was read back.
	Repaired uint64
	// Mismatches counts copies whose count differed from the database's
	// at a check, and were read again.
	Mismatches uint64
	// Checks counts the checks run.
	Checks uint64
}

// Integrity reports the running counts.
func (m *Manager) Integrity() Integrity {
	return Integrity{Repaired: m.repaired.Load(), Mismatches: m.mismatches.Load(), Checks: m.checks.Load()}
}

// checkAgain is how long Check waits before it looks again at a copy
// whose count differed: an insert between the store's write and the
// copy's append is not a difference.
const checkAgain = 3 * time.Second

// Check compares the count of every copy with the database's, in one
// count of all responses by survey, and reads again each copy that
// differs twice in a row. It is for a database this process alone writes
// to (Options.MaxAge 0): with other writers, copies are read again every
// MaxAge anyway. It returns the surveys read again.
func (m *Manager) Check(ctx context.Context) ([]string, error) {
	if m.opts.MaxAge > 0 {
		return nil, nil
	}
	m.checks.Add(1)
	suspect, err := m.compare(ctx, nil)
	if err != nil || len(suspect) == 0 {
		return nil, err
	}
	select {
	case <-time.After(checkAgain):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	differ, err := m.compare(ctx, suspect)
	if err != nil {
		return nil, err
	}
	var reread []string
	for slug, d := range differ {
		m.mismatches.Add(1)
		m.log.Error("results: a copy's count differs from the database's; reading it again",
			slog.String("survey", slug), slog.Int64("copy", d.copied), slog.Int64("database", d.stored))
		m.Changed(slug)
		reread = append(reread, slug)
	}
	return reread, nil
}

// difference is a copy's count and the database's.
type difference struct{ copied, stored int64 }

// compare counts the database's responses by survey and returns the
// copies (of only, when given) that cannot have matched it. A copy
// replaced while the count ran is not compared.
func (m *Manager) compare(ctx context.Context, only map[string]difference) (map[string]difference, error) {
	type seen struct {
		cols   *export.Columns
		before int64
	}
	m.mu.Lock()
	copies := map[string]seen{}
	for slug, e := range m.surveys {
		if e.cols == nil || e.load != nil {
			continue
		}
		if _, ok := only[slug]; only != nil && !ok {
			continue
		}
		copies[slug] = seen{e.cols, int64(e.cols.Len())}
	}
	inflight := int64(len(m.inflight))
	m.mu.Unlock()
	if len(copies) == 0 {
		return nil, nil
	}
	stored, err := m.st.CountResponsesBySurvey(ctx)
	if err != nil {
		return nil, fmt.Errorf("results: check the copies: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	inflight = max(inflight, int64(len(m.inflight)))
	out := map[string]difference{}
	for slug, s := range copies {
		e := m.surveys[slug]
		if e == nil || e.cols != s.cols || e.load != nil {
			continue
		}
		after := int64(s.cols.Len())
		// Responses are only added to a copy between reads: while the
		// count ran, the copy grew from before to after, and the
		// database may hold what is still in flight to it.
		if n := stored[slug]; n < s.before || n > after+inflight {
			out[slug] = difference{copied: after, stored: n}
		}
	}
	return out, nil
}
