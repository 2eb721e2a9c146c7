package embedded

import "sync"

// turns lets one insert per database into the engine at a time, in order
// of arrival (proxy.go says why). An insert that finds the turn taken
// waits on a channel of its own, closed when its turn comes, rather than
// polling. Single-document inserts wait in groups (group.go): one that
// arrives while the last in line is a group it fits joins that group, so
// a group holds what queued while the engine was busy, and an insert that
// finds the engine idle goes in at once, alone.
type turns struct {
	mu   sync.Mutex
	byDB map[string]*line // a database is here while one of its inserts has the turn
}

// line is what waits for one database's turn, behind the insert that has
// it.
type line struct {
	waiting []*waiter
}

type waiter struct {
	turn  chan struct{}
	group *group // nil for an insert that goes in alone
}

func newTurns() *turns { return &turns{byDB: map[string]*line{}} }

// enter waits for db's turn for an insert that goes in alone, and returns
// the function that ends the turn once the engine has answered it.
func (t *turns) enter(db string) (leave func()) {
	t.mu.Lock()
	l, busy := t.byDB[db]
	if !busy {
		t.byDB[db] = &line{}
		t.mu.Unlock()
	} else {
		w := &waiter{turn: make(chan struct{})}
		l.waiting = append(l.waiting, w)
		t.mu.Unlock()
		<-w.turn
	}
	var once sync.Once
	return func() { once.Do(func() { t.leave(db) }) }
}

// join puts m in line for its database: into the last group waiting, if
// that is the last in line and m fits, or else into a new group whose
// leader m is. The leader waits for g.turn, runs the group and ends the
// turn; a group stops taking members when its turn comes.
func (t *turns) join(m *member) (g *group, leader bool) {
	db := m.in.key.db
	t.mu.Lock()
	defer t.mu.Unlock()
	l, busy := t.byDB[db]
	if busy && len(l.waiting) > 0 {
		if last := l.waiting[len(l.waiting)-1].group; last != nil && last.fits(m.in) {
			last.members = append(last.members, m)
			last.bytes += len(m.in.doc)
			return last, false
		}
	}
	g = &group{key: m.in.key, members: []*member{m}, bytes: len(m.in.doc), turn: make(chan struct{})}
	if !busy {
		t.byDB[db] = &line{}
		close(g.turn)
	} else {
		l.waiting = append(l.waiting, &waiter{turn: g.turn, group: g})
	}
	return g, true
}

// leave ends db's turn and gives it to the next in line.
func (t *turns) leave(db string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	l := t.byDB[db]
	if len(l.waiting) == 0 {
		delete(t.byDB, db)
		return
	}
	next := l.waiting[0]
	l.waiting[0] = nil
	l.waiting = l.waiting[1:]
	close(next.turn)
}

// waiting counts the inserts waiting for db's turn, grouped ones one by
// one; for tests.
func (t *turns) waiting(db string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	if l := t.byDB[db]; l != nil {
		for _, w := range l.waiting {
			if w.group != nil {
				n += len(w.group.members)
			} else {
				n++
			}
		}
	}
	return n
}
