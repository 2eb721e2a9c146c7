// Package storetest gives each test a fresh database on one engine per test
// binary: a real MongoDB when TEST_MONGODB_URI is set, otherwise the embedded
// engine in a temporary directory.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"medborgardialog/store"
	"medborgardialog/store/embedded"
)

// uri and onEmbedded are set once by Main before any test runs and only
// read afterwards.
var (
	uri        string
	onEmbedded bool
)

// Main starts the engine, runs the tests and stops the engine. Call it from
// TestMain: func TestMain(m *testing.M) { storetest.Main(m) }.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if u := os.Getenv("TEST_MONGODB_URI"); u != "" {
		uri = u
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "medborgardialog-test-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, "storetest:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	srv, err := embedded.Start(context.Background(), dir, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "storetest:", err)
		return 1
	}
	uri, onEmbedded = srv.URI(), true
	code := m.Run()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Stop(ctx)
	return code
}

// URI is the address of the test engine.
func URI() string {
	if uri == "" {
		panic("storetest: call storetest.Main from TestMain")
	}
	return uri
}

// Options are what the service passes store.Open for the test engine:
// store.OnEmbeddedEngine unless TEST_MONGODB_URI is set.
func Options() []store.Option {
	URI() // Main must have run
	if onEmbedded {
		return []store.Option{store.OnEmbeddedEngine()}
	}
	return nil
}

// DBName returns a database name no other test uses.
func DBName() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "test_" + hex.EncodeToString(b)
}

// New opens a fresh, empty database for t and drops it when t ends.
func New(t testing.TB) *store.Store {
	t.Helper()
	return NewWith(t)
}

// NewWith is New with options for store.Open, such as
// store.WithCommands to see every command the test's store sends.
func NewWith(t testing.TB, with ...store.Option) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := store.Open(ctx, URI(), DBName(), append(Options(), with...)...)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = s.Drop(ctx)
		_ = s.Close(ctx)
	})
	return s
}

// BackupKey is a key for tests that write and restore archives: any key
// long enough does, and tests of the key itself make their own.
func BackupKey() []byte { return []byte("medborgardialog-test-backup-key-32+") }
