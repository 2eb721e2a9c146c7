package embedded

import "time"

// Faults change how the relay treats commands, to test and measure what
// the service does when the database is slow or fails. They are for tests
// and measurements (cmd/loadgen) only: the service never sets them.
type Faults struct {
	// CommitDelay, when set, is how much longer each insert (each group of
	// inserts committed together) holds the insert turn after the engine
	// answered it, as if its commit's sync took that long. It is called
	// once per insert command that stored something: a group, the part of
	// a group sent after it because it collided (conflicts.go), or an
	// insert that went in alone. The callers are answered after the delay,
	// as they would be after a slow sync, and every insert into the
	// database waits behind it. (When FerretDB falls back to inserting a
	// group's documents one by one, each is a commit of its own, but the
	// delay is held once.)
	CommitDelay func() time.Duration
	// Reply, when set, is asked for every reply to an OP_MSG command cmd ("insert",
	// "update", "find", …) on collection coll (the value of the command's
	// first key; "" when none) and says what the client gets: the reply
	// after a delay, or nothing at all (drop: the engine has done the
	// command, and the client's connection is closed instead of answered).
	// For grouped inserts it is asked per caller. It is asked after the
	// insert turn has ended, so a delayed or dropped reply holds up no one
	// else. A delay longer than the client's deadline makes a timeout (the
	// driver then closes its connection).
	Reply func(cmd, coll string) (delay time.Duration, drop bool)
}

// WithFaults has the relay inject f (for tests and measurements only).
func WithFaults(f *Faults) Option { return func(s *settings) { s.faults = f } }
