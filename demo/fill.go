package demo

import (
	"context"
	"fmt"
	"time"

	"medborgardialog/models"
)

// Store is what Fill writes to.
type Store interface {
	CreateSession(ctx context.Context, s *models.Session) error
	InsertResponses(ctx context.Context, rs []*models.Response) error
}

// Wave is one survey to fill and the period its sessions fall in.
type Wave struct {
	Survey   *models.Survey
	From, To time.Time
	Count    int
	// Shift adds to every place's risk, so an earlier wave can look worse
	// and "change since last time" shows something.
	Shift float64
}

// Fill writes Count responses for each wave, in class-sized sessions.
// progress, when set, is told the running total.
func Fill(ctx context.Context, st Store, waves []Wave, seed uint64, progress func(int)) error {
	done := 0
	for wi, w := range waves {
		g := NewGenerator(w.Survey, seed+uint64(wi))
		batch := make([]*models.Response, 0, 500)
		for left := w.Count; left > 0; {
			sess, place := g.Session(w.From, w.To)
			place.Risk += w.Shift
			if err := st.CreateSession(ctx, sess); err != nil {
				return fmt.Errorf("demo: session: %w", err)
			}
			n := min(left, 14+g.rng.IntN(14))
			for range n {
				batch = append(batch, g.Response(sess, place))
				if len(batch) == cap(batch) {
					if err := st.InsertResponses(ctx, batch); err != nil {
						return fmt.Errorf("demo: responses: %w", err)
					}
					done += len(batch)
					batch = batch[:0]
					if progress != nil {
						progress(done)
					}
				}
			}
			left -= n
		}
		if len(batch) > 0 {
			if err := st.InsertResponses(ctx, batch); err != nil {
				return fmt.Errorf("demo: responses: %w", err)
			}
			done += len(batch)
			if progress != nil {
				progress(done)
			}
		}
	}
	return nil
}
