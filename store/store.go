// Package store is everything that talks to MongoDB. It is the only package
// that imports the driver; the rest of the service sees domain types and
// *models.Error values.
package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	"go.mongodb.org/mongo-driver/v2/mongo/readpref"
	"go.mongodb.org/mongo-driver/v2/mongo/writeconcern"
	"go.mongodb.org/mongo-driver/v2/x/mongo/driver/topology"

	"medborgardialog/models"
)

// Store is a connection to one database.
type Store struct {
	client *mongo.Client
	db     *mongo.Database
	// newCode draws join codes; tests replace it to force collisions.
	newCode func() string
	// embedded is set by OnEmbeddedEngine (engine.go).
	embedded bool

	// obs hears of every write to responses (observer.go).
	obs observers

	// Response tallies waiting to be written (see counters.go).
	tallyMu sync.Mutex
	flushMu sync.Mutex // one flushTallies at a time
	pending map[tallyKey]int
	// unsettledTallies are batches whose write ended without an answer,
	// sent again as they were (counters.go); under flushMu.
	unsettledTallies map[tallyKey]tallyBatch
	stopFlush        context.CancelFunc
	flushed          chan struct{}

	// Inserts whose outcome is not known yet (uncertain.go), per id,
	// and how many there are.
	uncertainMu sync.Mutex
	uncertain   map[string][]*uncertain
	uncertainN  int
	integrity   integrityCounters

	// copyToken is the token of the copies' marker this Store took when
	// it opened the database, until its first write to responses
	// (copymarker.go).
	copyMu    sync.Mutex
	copyToken string

	stopOnce sync.Once // the last round of background work

	// held says whether this process's copies hold a stored response
	// (SetHeld, responses.go); nil: they may not.
	held func(survey, id string) bool
}

// Open connects to uri, pings it and ensures the indexes of every collection.
// Writes use majority write concern with journaling: an acknowledged answer
// must survive the loss of the primary. Pass OnEmbeddedEngine when uri is
// the embedded engine; WithCommands (commands.go) is for tests and
// benchmarks.
func Open(ctx context.Context, uri, database string, with ...Option) (*Store, error) {
	// Defaults first so that options given in the URI win.
	opts := options.Client().
		SetAppName("medborgardialog").
		// A database that does not answer (or a saturated pool) must turn
		// into a quick 503 the client retries, not a request that hangs:
		// the driver waits this long for a server and a pooled connection.
		SetServerSelectionTimeout(2 * time.Second).
		SetConnectTimeout(5 * time.Second).
		// Embedded documents decode to maps, as the domain types expect.
		SetBSONOptions(&options.BSONOptions{DefaultDocumentM: true}).
		ApplyURI(uri).
		// After the URI, so that no URI can weaken it: an acknowledged
		// answer is on a majority of the members' journals (DESIGN §2).
		SetWriteConcern(&writeconcern.WriteConcern{W: "majority", Journal: ptr(true)}).
		// The driver's own retry of a write whose answer was lost sends
		// it again; the embedded engine does not recognise the retry, so
		// a tally's $inc was applied twice. The store settles such writes
		// itself (uncertain.go, counters.go), so the driver must not.
		SetRetryWrites(false)
	set := openSettings{client: opts}
	for _, o := range with {
		o(&set)
	}
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	s := &Store{client: client, db: client.Database(database), newCode: models.NewJoinCode, embedded: set.embedded}
	if err := s.Ping(ctx); err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, err
	}
	if err := s.ensureIndexes(ctx); err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, err
	}
	if s.copyToken, err = s.takeCopyMarker(ctx); err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, err
	}
	if err := s.ensureExclusionFlags(ctx); err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, err
	}
	flushCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	s.stopFlush, s.flushed = stop, make(chan struct{})
	go func() {
		defer close(s.flushed)
		s.flushLoop(flushCtx)
	}()
	return s, nil
}

// StopBackground stops the store's background work (the tallies' flush
// and the settling of unsettled inserts) after one last round of it, so
// that nothing writes to responses afterwards. Close calls it; it is
// safe to call more than once.
func (s *Store) StopBackground(ctx context.Context) {
	s.stopFlush()
	<-s.flushed
	s.stopOnce.Do(func() {
		s.settleUncertain(ctx)
		_ = s.flushTallies(ctx)
	})
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx, readpref.Primary()); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Close writes the last tallies and disconnects from the database.
func (s *Store) Close(ctx context.Context) error {
	s.StopBackground(ctx)
	_ = s.flushTallies(ctx) // display figures only; the database may already be gone
	if err := s.client.Disconnect(ctx); err != nil {
		return fmt.Errorf("store: disconnect: %w", err)
	}
	return nil
}

// Drop removes the whole database. Tests use it to clean up.
func (s *Store) Drop(ctx context.Context) error {
	if err := s.db.Drop(ctx); err != nil {
		return fmt.Errorf("store: drop database: %w", err)
	}
	return nil
}

// wrap turns driver errors into the service's vocabulary: a database that
// does not answer is "unavailable" (503), not an internal error.
func wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.DeadlineExceeded) || mongo.IsTimeout(err) || mongo.IsNetworkError(err) ||
		errors.Is(err, mongo.ErrClientDisconnected) || isServerSelection(err) {
		return &models.Error{Code: models.ErrUnavailable, Message: "database unavailable", Cause: fmt.Errorf("store: %s: %w", what, err)}
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

func isServerSelection(err error) bool {
	var sse topology.ServerSelectionError
	return errors.As(err, &sse)
}

func ptr[T any](v T) *T { return &v }

// InsertRaw inserts a document as given. It exists for tests that need
// data a later capability would normally write.
func (s *Store) InsertRaw(ctx context.Context, coll string, doc any) error {
	s.forgetCopyMarker()
	_, err := s.db.Collection(coll).InsertOne(ctx, doc)
	return wrap(err, "insert into "+coll)
}
