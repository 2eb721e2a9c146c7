// Package embedded runs FerretDB with its SQLite backend inside the process,
// so the service and its tests speak the real MongoDB wire protocol without a
// MongoDB server. It is isolated here so a production build can leave it out.
package embedded

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

// Server is a running embedded engine.
type Server struct {
	uri  string
	addr net.Addr
	// cleanup runs once the engine has stopped: it removes what start-up
	// made only for this run.
	cleanup     func()
	cleanupOnce sync.Once
	stopOnce    sync.Once
	proxy       *proxy
	ids         *idIndexer
	cancel      context.CancelFunc
	done        chan struct{}
}

// Start opens (creating if needed) the SQLite files under dir and listens on
// a Unix socket in it, and nowhere else: the engine has no authentication,
// so who may connect is decided by file permissions. dir is made 0700 (an
// existing dir open to others is tightened, with a warning) and the socket
// 0600. Where dir's path is too long for a socket or holds a ":", the
// socket goes in a fresh 0700 directory under the temporary directory
// instead (socket.go). A socket left by a crashed run is replaced; one
// that answers belongs to an engine still running on dir, and Start
// fails. The engine's own logs go to logger at warning level and above:
// its info lines name every connection, which is noise here.
//
// Clients reach the engine through a proxy that queues inserts
// (proxy.go); the engine itself listens on a second socket beside the
// first, which only the proxy uses.
func Start(ctx context.Context, dir string, logger *slog.Logger, opts ...Option) (*Server, error) {
	tuneGC()
	abs, err := privateDir(dir, logger)
	if err != nil {
		return nil, err
	}
	if err := checkWritable(abs); err != nil {
		return nil, err
	}
	sock, cleanup, err := socketPath(abs, logger)
	if err != nil {
		return nil, err
	}
	if err := clearStaleSocket(sock); err != nil {
		cleanup()
		return nil, err
	}
	ln, err := listenPrivate(sock)
	if err != nil {
		cleanup()
		return nil, err
	}
	s, err := start(ctx, abs, filepath.Dir(sock), ln, logger, opts)
	if err != nil {
		_ = ln.Close()
		cleanup()
		return nil, err
	}
	s.uri, s.addr, s.cleanup = socketURI(sock), ln.Addr(), cleanup
	return s, nil
}

// listenPrivate listens on a Unix socket that only this user may use. It
// is created with the process umask, in a directory that only this user
// can enter, and restricted before the first connection is accepted.
func listenPrivate(path string) (net.Listener, error) {
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("embedded: listen on %q: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		_ = ln.Close()
		return nil, fmt.Errorf("embedded: restrict socket: %w", err)
	}
	return ln, nil
}

// start creates the engine on the SQLite files under dir (absolute and
// writable), listening on a private socket in sockDir, and serves its
// clients on public through the proxy until Stop. The caller fills in the
// address fields.
func start(ctx context.Context, dir, sockDir string, public net.Listener, logger *slog.Logger, opts []Option) (*Server, error) {
	var set settings
	for _, o := range opts {
		o(&set)
	}
	engineSock := filepath.Join(sockDir, engineSocketName)
	if err := clearStaleSocket(engineSock); err != nil {
		return nil, err
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: engineSock},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/?" + engineSQLiteQuery(set),
		Logger:    slog.New(minLevel{inner: logger.Handler(), min: slog.LevelWarn}).With("component", "ferretdb"),
	})
	if err != nil {
		return nil, fmt.Errorf("embedded: start engine in %q: %w", dir, err)
	}
	if err := os.Chmod(engineSock, 0o600); err != nil {
		// Run on an ended context closes the listener and the files.
		ended, cancel := context.WithCancel(context.Background())
		cancel()
		_ = f.Run(ended)
		return nil, fmt.Errorf("embedded: restrict engine socket: %w", err)
	}

	dial := func() (net.Conn, error) { return net.Dial("unix", engineSock) }
	p := newProxy(public, dial, newTurns(), set.faults, logger)

	// The engine must outlive the caller's start-up context; Stop ends it.
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	// Before the first client: a lookup by _id must not read a whole
	// table (idindex.go). Made once per table; slow only the first time
	// on a large existing database.
	ids := &idIndexer{dir: dir, logger: logger}
	ids.run(ctx)
	p.newTables = func() { ids.newTables(runCtx) }
	s := &Server{cleanup: func() {}, proxy: p, ids: ids, cancel: cancel, done: make(chan struct{})}
	go ids.every(runCtx, 10*time.Minute)
	go p.serve()
	go func() {
		defer close(s.done)
		_ = f.Run(runCtx) // always nil; errors are logged by the engine
		p.closeConns()
	}()
	return s, nil
}

// InsertGroups counts the insert commands the relay made of
// single-document inserts committed together (proxy.go), by how many
// inserts each carried: a measure of how much group commit saves.
func (s *Server) InsertGroups() map[int]int64 { return s.proxy.insertGroups() }

// URI is the mongodb:// address of the engine.
func (s *Server) URI() string { return s.uri }

// Addr is where the engine listens: a *net.UnixAddr for Start, a
// *net.TCPAddr (with TLS and client certificates) for StartAt. An engine
// has exactly one listener.
func (s *Server) Addr() net.Addr { return s.addr }

// Stop closes the listener (removing its socket), waits for open
// connections and closes the SQLite files. Disconnect clients first: the
// engine gives connected clients a grace period before it cuts them off.
func (s *Server) Stop(ctx context.Context) error {
	s.stopOnce.Do(func() {
		_ = s.proxy.closeListener()
		s.cancel()
	})
	select {
	case <-s.done:
		// A run of the indexer holds the files open too; the cancelled
		// context ends it at its next statement. Another engine started on
		// dir at once would otherwise find the database locked.
		s.ids.stop()
		s.cleanupOnce.Do(s.cleanup)
		return nil
	case <-ctx.Done():
		return fmt.Errorf("embedded: stop engine: %w", ctx.Err())
	}
}

func checkWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("embedded: data dir %q is not writable: %w", dir, errors.Unwrap(err))
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// minLevel drops records below min before they reach the inner handler.
type minLevel struct {
	inner slog.Handler
	min   slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.inner.Enabled(ctx, l)
}

// Handle drops the engine's dumps of whole wire messages, which it writes at
// warning level when a command fails: they can hold a young person's
// answers, which must never reach a log.
func (h minLevel) Handle(ctx context.Context, r slog.Record) error {
	for _, p := range []string{"Request header", "Request message", "Response header", "Response message"} {
		if strings.HasPrefix(r.Message, p) {
			return nil
		}
	}
	return h.inner.Handle(ctx, r)
}
func (h minLevel) WithAttrs(a []slog.Attr) slog.Handler {
	return minLevel{inner: h.inner.WithAttrs(a), min: h.min}
}
func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{inner: h.inner.WithGroup(name), min: h.min}
}

// tuneGC gives the garbage collector more room when the engine runs in the
// process. FerretDB and its pure-Go SQLite allocate heavily for every
// write, and with the default GOGC=100 the collections they trigger were
// the tail of the service's latency: p99 134–167 ms at 500 submissions a
// second against 31–43 ms with GOGC=400 (docs/BENCHMARKS.md). A soft
// memory limit keeps the larger heap target from growing without bound.
// Either setting given in the environment wins.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(1 << 30)
	}
}

// Option changes how Start and StartAt run the engine.
//
// By default every commit is synced to disk before it is acknowledged
// (SQLite's synchronous=FULL), so that neither the service being killed
// nor a power cut or an operating-system crash loses an acknowledged
// write. Each commit then waits for the disk, and a virtual disk's syncs
// are sometimes slow (three of 130–160 ms in a row, in a trace of a
// stall); the relay commits the inserts that wait meanwhile together, one
// sync for all of them (group.go), so a slow sync delays the answers that
// meet it but does not leave a backlog that drains at one sync per answer
// (docs/BENCHMARKS.md, Durable by default).
type Option func(*settings)

type settings struct {
	syncAtCheckpoints bool
	faults            *Faults
}

// SyncAtCheckpoints trades the power-cut guarantee for speed: commits are
// synced only at checkpoints (SQLite's synchronous=NORMAL). An
// acknowledged write still survives the service being killed, kill -9
// included, but a power cut or an operating-system crash may lose the
// last half minute or so of acknowledged writes: the WAL is synced at
// each checkpoint, and the kernel writes it back within about 30 s.
// Never a corrupt database: SQLite drops a WAL's torn tail.
func SyncAtCheckpoints() Option { return func(s *settings) { s.syncAtCheckpoints = true } }

// engineSQLiteQuery is the query part of the engine's SQLite URL: settings
// for every connection the engine opens (the driver runs each _pragma on
// it, in order; the engine adds busy_timeout and journal_mode=wal after
// them). storagePragmas (storage.go) shape the files.
func engineSQLiteQuery(s settings) string {
	mode := "synchronous(full)"
	if s.syncAtCheckpoints {
		mode = "synchronous(normal)"
	}
	return url.Values{"_pragma": append([]string{mode}, storagePragmas...)}.Encode()
}
