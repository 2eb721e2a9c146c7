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
	tallyMu   sync.Mutex
	flushMu   sync.Mutex // one flushTallies at a time
	pending   map[tallyKey]int
	stopFlush context.CancelFunc
	flushed   chan struct{}
}

// Open connects to uri, pings it and ensures the indexes of every collection.
// Writes use majority write concern with journaling: an acknowledged answer
// must survive the loss of the primary. Pass OnEmbeddedEngine when uri is
// the embedded engine.
func Open(ctx context.Context, uri, database string, settings ...Option) (*Store, error) {
	// Defaults first so that options given in the URI win.
	opts := options.Client().
		SetAppName("medborgardialog").
		// A database that does not answer (or a saturated pool) must turn
		// into a quick 503 the client retries, not a request that hangs:
		// the driver waits this long for a server and a pooled connection.
		SetServerSelectionTimeout(2 * time.Second).
		SetConnectTimeout(5 * time.Second).
		SetWriteConcern(&writeconcern.WriteConcern{W: "majority", Journal: ptr(true)}).
		// Embedded documents decode to maps, as the domain types expect.
		SetBSONOptions(&options.BSONOptions{DefaultDocumentM: true}).
		ApplyURI(uri)
	client, err := mongo.Connect(opts)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	s := &Store{client: client, db: client.Database(database), newCode: models.NewJoinCode}
	for _, set := range settings {
		set(s)
	}
	if err := s.Ping(ctx); err != nil {
		_ = client.Disconnect(context.WithoutCancel(ctx))
		return nil, err
	}
	if err := s.ensureIndexes(ctx); err != nil {
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

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx, readpref.Primary()); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Close writes the last tallies and disconnects from the database.
func (s *Store) Close(ctx context.Context) error {
	s.stopFlush()
	<-s.flushed
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
	_, err := s.db.Collection(coll).InsertOne(ctx, doc)
	return wrap(err, "insert into "+coll)
}
