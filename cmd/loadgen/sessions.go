package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"medborgardialog/demo"
	"medborgardialog/models"
	"medborgardialog/store"
)

// openClassSessions opens one session at a catalogue school for every
// size distinct submissions in jobs and names it in them, as a class that
// joined with a code sends its answers: the stored responses then carry
// session, school, grade and area, and each insert also adds to the
// session's tally. The sessions stay open for a day, longer than any run.
func openClassSessions(ctx context.Context, st *store.Store, sv *models.Survey, jobs []job, size int, seed uint64) (int, error) {
	rng := rand.New(rand.NewPCG(seed, 0x636c617373))
	now := time.Now().UTC()
	var code string
	opened, inClass := 0, 0
	for _, j := range jobs {
		if j.sub.Session != "" {
			continue // a duplicate of one already placed
		}
		if code == "" || inClass == size {
			p := demo.Places[rng.IntN(len(demo.Places))]
			sess := &models.Session{Survey: sv.Slug, School: p.School, Grade: p.Grades[rng.IntN(len(p.Grades))], Area: p.Area,
				Present: size, CreatedBy: "loadgen", CreatedAt: now, ClosesAt: now.Add(24 * time.Hour)}
			if err := st.CreateSession(ctx, sess); err != nil {
				return opened, fmt.Errorf("open session: %w", err)
			}
			code, inClass = sess.Code, 0
			opened++
		}
		j.sub.Session = code
		inClass++
	}
	return opened, nil
}
