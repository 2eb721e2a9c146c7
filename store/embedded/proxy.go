package embedded

import (
	"bufio"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

// The engine runs every command on its own SQLite connection, and SQLite
// lets one connection write at a time. A writer that finds the lock taken
// does not queue for it: SQLite's busy handler sleeps 1, 2, 5 … up to
// 100 ms and tries again, without being woken when the lock is released
// and in no order. Under 500 submissions a second that made seconds-long
// stalls: while the lock was free, the waiters slept; fresh inserts took
// it ahead of them; a pause of the lock holder (its goroutine descheduled
// on two busy cores, a collection) put dozens of inserts into ever longer
// sleeps, and the queue did not drain until the load stopped
// (docs/BENCHMARKS.md, Submissions). So the engine's clients reach it
// through this proxy, which lets one insert per database into the engine
// at a time, in order of arrival, with the waiting ones parked on a
// channel rather than polling. The engine still sees every message as
// sent; nothing is acknowledged before the engine has answered, so
// durability is the engine's.
//
// Only inserts are queued: their write is all they do. Updates and
// deletes first search (a scan of a whole collection on this engine) and
// holding the queue through that would stall every submission behind an
// exclusion or a retention sweep; they are rare and meet at most the one
// insert in the engine, which the busy handler resolves in a few ms.

// Wire protocol opcodes (MongoDB wire protocol).
const (
	opMsg            = 2013
	msgHeaderLen     = 16
	maxMessageLen    = 48_000_000 + 16*1024 // maxMessageSizeBytes and room for the header
	msgChecksumFlag  = 1 << 0
	msgMoreToComeFlg = 1 << 1
)

// handshakeTimeout bounds a TLS client that connects and says nothing.
const handshakeTimeout = 10 * time.Second

// proxy accepts the engine's clients on ln and relays each connection to
// the engine, dialled with dial.
type proxy struct {
	ln     net.Listener
	dial   func() (net.Conn, error)
	hold   func(cmd, db string) (release func()) // nil: the request is relayed at once
	logger *slog.Logger

	mu     sync.Mutex
	conns  map[net.Conn]struct{}
	closed bool
	wg     sync.WaitGroup
}

func newProxy(ln net.Listener, dial func() (net.Conn, error), hold func(cmd, db string) func(), logger *slog.Logger) *proxy {
	return &proxy{ln: ln, dial: dial, hold: hold, logger: logger, conns: map[net.Conn]struct{}{}}
}

// serve accepts until the listener is closed.
func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				p.logger.Warn("embedded: accept", "err", err)
			}
			return
		}
		if !p.track(c) {
			c.Close()
			return
		}
		go func() {
			defer p.untrack(c)
			if err := p.relay(c); err != nil {
				p.logger.Debug("embedded: connection ended", "err", err)
			}
		}()
	}
}

// closeListener stops accepting; connections go on until the engine or
// the client ends them.
func (p *proxy) closeListener() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	return p.ln.Close()
}

// closeConns cuts off every client still connected and waits for the
// relays to end.
func (p *proxy) closeConns() {
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

// track counts c in, under the same lock as closed, so closeConns waits
// for every relay it did not refuse.
func (p *proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.conns[c] = struct{}{}
	p.wg.Add(1)
	return true
}

func (p *proxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	c.Close()
	p.wg.Done()
}

// relay carries one client connection to its own engine connection until
// either side ends it. Requests go up in one goroutine, answers down in
// another, so a connection the engine closes while the client is idle is
// closed for the client at once, as it was without the proxy.
func (p *proxy) relay(client net.Conn) error {
	if tc, ok := client.(*tls.Conn); ok {
		// A client without this process's certificate never reaches the
		// engine.
		_ = tc.SetDeadline(time.Now().Add(handshakeTimeout))
		if err := tc.Handshake(); err != nil {
			return fmt.Errorf("embedded: TLS handshake: %w", err)
		}
		_ = tc.SetDeadline(time.Time{})
	}
	engine, err := p.dial()
	if err != nil {
		return fmt.Errorf("embedded: connect to engine: %w", err)
	}
	defer engine.Close()

	// pending is the request whose answer ends a hold.
	var (
		mu      sync.Mutex
		pending int32
		release func()
	)
	settle := func(responseTo int32, all bool) {
		mu.Lock()
		defer mu.Unlock()
		if release != nil && (all || responseTo == pending) {
			release()
			release = nil
		}
	}
	defer settle(0, true)

	down := make(chan error, 1)
	go func() {
		// The hold ends before the client is written to, so a client slow
		// to read cannot keep the others waiting.
		err := pipe(engine, client, func(msg []byte) func() {
			settle(int32(binary.LittleEndian.Uint32(msg[8:12])), false) // responseTo
			return nil
		})
		// The engine hung up (or the client went): the client must see it.
		client.Close()
		down <- err
	}()

	up := pipe(client, engine, p.requestHook(func(requestID int32, r func()) {
		mu.Lock()
		pending, release = requestID, r
		mu.Unlock()
	}))
	engine.Close()
	downErr := <-down
	if up != nil && !errors.Is(up, io.EOF) && !errors.Is(up, net.ErrClosed) {
		return up
	}
	if downErr != nil && !errors.Is(downErr, io.EOF) && !errors.Is(downErr, net.ErrClosed) {
		return downErr
	}
	return nil
}

// requestHook holds a request that must wait (an insert) until hold lets
// it in, and tells held which request's answer ends the hold; after the
// message is written, it ends a hold no answer will end.
func (p *proxy) requestHook(held func(requestID int32, release func())) func(msg []byte) (after func()) {
	return func(msg []byte) func() {
		if p.hold == nil {
			return nil
		}
		cmd, db, moreToCome := command(msg)
		if cmd == "" {
			return nil
		}
		rel := p.hold(cmd, db)
		if rel == nil {
			return nil
		}
		if moreToCome {
			return rel // no answer will come: the hold ends once the engine has it
		}
		held(int32(binary.LittleEndian.Uint32(msg[4:8])), rel)
		return nil
	}
}

// pipe copies whole wire messages from one side to the other, calling
// each on a message before it is written and what each returns after.
func pipe(from io.Reader, to io.Writer, each func(msg []byte) (after func())) error {
	r := bufio.NewReaderSize(from, 64<<10)
	var buf []byte
	for {
		msg, err := readMessage(r, buf)
		if err != nil {
			return err
		}
		buf = keep(msg)
		after := each(msg)
		_, err = to.Write(msg)
		if after != nil {
			after()
		}
		if err != nil {
			return err
		}
	}
}

// keep returns msg's array for the next message, unless it is large: a
// connection that once carried a batch of thousands of documents must
// not hold megabytes for the rest of its life.
func keep(msg []byte) []byte {
	if cap(msg) > 1<<20 {
		return nil
	}
	return msg[:0]
}

// readMessage reads one wire message (header included) into buf's array
// when it fits.
func readMessage(r *bufio.Reader, buf []byte) ([]byte, error) {
	var head [msgHeaderLen]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, err
	}
	n := int(int32(binary.LittleEndian.Uint32(head[:4])))
	if n < msgHeaderLen || n > maxMessageLen {
		return nil, fmt.Errorf("embedded: wire message of %d bytes", n)
	}
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	copy(buf, head[:])
	if _, err := io.ReadFull(r, buf[msgHeaderLen:]); err != nil {
		return nil, err
	}
	return buf, nil
}

// command names the command an OP_MSG carries (the first key of its
// body) and its database ($db), and whether the client expects no answer.
// Anything else, or a message it cannot read, gives "": it is relayed as
// it is and the engine answers it as it would have.
func command(msg []byte) (cmd, db string, moreToCome bool) {
	if len(msg) < msgHeaderLen+5 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return "", "", false
	}
	flags := binary.LittleEndian.Uint32(msg[16:20])
	sections := msg[20:]
	if flags&msgChecksumFlag != 0 {
		if len(sections) < 4 {
			return "", "", false
		}
		sections = sections[:len(sections)-4]
	}
	for len(sections) > 0 {
		kind := sections[0]
		sections = sections[1:]
		if len(sections) < 4 {
			return "", "", false
		}
		size := int(int32(binary.LittleEndian.Uint32(sections[:4])))
		if size < 5 || size > len(sections) {
			return "", "", false
		}
		switch kind {
		case 0:
			body := bsoncore.Document(sections[:size])
			first, err := body.IndexErr(0)
			if err != nil {
				return "", "", false
			}
			key, err := first.KeyErr()
			if err != nil {
				return "", "", false
			}
			if v, err := body.LookupErr("$db"); err == nil {
				db, _ = v.StringValueOK()
			}
			return key, db, flags&msgMoreToComeFlg != 0
		case 1:
			// A document sequence: its size covers its identifier and
			// documents.
		default:
			return "", "", false
		}
		sections = sections[size:]
	}
	return "", "", false
}

// queues lets one held command per database into the engine at a time, in
// the order they came. A blocked send on a channel is woken in FIFO order,
// so a buffered channel of one is a fair lock.
type queues struct {
	mu   sync.Mutex
	byDB map[string]chan struct{}
}

func newQueues() *queues { return &queues{byDB: map[string]chan struct{}{}} }

// enter waits for db's turn and returns the function that ends it.
func (q *queues) enter(db string) func() {
	q.mu.Lock()
	ch, found := q.byDB[db]
	if !found {
		ch = make(chan struct{}, 1)
		q.byDB[db] = ch
	}
	q.mu.Unlock()
	ch <- struct{}{}
	var once sync.Once
	return func() { once.Do(func() { <-ch }) }
}
