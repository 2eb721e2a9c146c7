package export

import (
	"fmt"
	"slices"
)

// ColumnsSnapshot is a live copy as it is written to disk at shutdown,
// to be read back at the next start instead of every response
// (results/snapshot.go): every row, excluded ones with their marks, and
// the ids the copy holds. Its fields are exported for gob only.
type ColumnsSnapshot struct {
	Form  frozenColumns
	Flags []uint8
	IDs   []uint64
}

// Snapshot is c as it is now, for writing to disk.
func (c *Columns) Snapshot() (*ColumnsSnapshot, error) {
	form, err := c.form()
	if err != nil {
		return nil, fmt.Errorf("export: snapshot of %s: %w", c.survey, err)
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	s := &ColumnsSnapshot{Form: form, Flags: slices.Clone(c.flags[:c.n]), IDs: make([]uint64, 0, len(c.ids))}
	for id := range c.ids {
		s.IDs = append(s.IDs, id)
	}
	return s, nil
}

// FromSnapshot rebuilds the live copy a Snapshot was taken of, checking
// that its parts agree.
func FromSnapshot(s *ColumnsSnapshot) (*Columns, error) {
	c, err := fromForm(s.Form)
	if err != nil {
		return nil, fmt.Errorf("export: read snapshot: %w", err)
	}
	// Every row has its mark and its id; a row whose id two responses
	// share (a fingerprint clash) makes the ids fewer, never more.
	if len(s.Flags) != c.n || len(s.IDs) > c.n {
		return nil, fmt.Errorf("export: read snapshot: %d rows, %d marks, %d ids", c.n, len(s.Flags), len(s.IDs))
	}
	c.flags = s.Flags
	if c.flags == nil {
		c.flags = []uint8{}
	}
	c.ids = make(map[uint64]struct{}, len(s.IDs))
	for _, id := range s.IDs {
		c.ids[id] = struct{}{}
	}
	return c, nil
}

// Kinds are the questions the copy keeps as free text and as values:
// a copy read from disk is only used while they are what the survey's
// versions say now.
func (s *ColumnsSnapshot) Kinds() (text, closed []string) { return s.Form.Text, s.Form.Closed }

// Survey is the slug of the survey the snapshot is of.
func (s *ColumnsSnapshot) Survey() string { return s.Form.Survey }
