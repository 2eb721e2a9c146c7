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
	"sync/atomic"
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
// channel rather than polling (turns.go). Single-document inserts that
// wait together go in as one command, one commit (group.go); every other
// message reaches the engine as sent, on the client's own engine
// connection. Nothing is acknowledged before the engine has answered, so
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

// engineReplyTimeout bounds the wait for the engine's answer to a
// group, which holds every insert into its database behind it. The
// engine gives up on SQLite's write lock after 10 s (busy_timeout); past
// this the callers are cut off, their outcome unknown.
const engineReplyTimeout = time.Minute

// proxy accepts the engine's clients on ln and relays each connection to
// the engine, dialled with dial.
type proxy struct {
	ln     net.Listener
	dial   func() (net.Conn, error)
	turns  *turns  // nil: nothing waits, nothing is grouped
	faults *Faults // nil: none
	logger *slog.Logger

	// groupConns are the engine connections groups are sent on; the
	// clients' own stay theirs.
	groupConns *connPool
	indexes    uniqueIndexes
	// newTables is called after the engine answered a command that may
	// have made a table (idindex.go); nil: nothing to do.
	newTables func()
	nextID    atomic.Int32 // requestID of the messages the proxy writes
	// groupSizes[n] counts the groups of n inserts sent.
	groupSizes [maxGroupDocs + 1]atomic.Int64

	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	closed   bool
	wg       sync.WaitGroup
	stopping chan struct{} // closed once closing: delayed replies stop waiting
}

func newProxy(ln net.Listener, dial func() (net.Conn, error), t *turns, f *Faults, logger *slog.Logger) *proxy {
	return &proxy{ln: ln, dial: dial, turns: t, faults: f, logger: logger, groupConns: &connPool{dial: dial},
		conns: map[net.Conn]struct{}{}, stopping: make(chan struct{})}
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
// the client ends them. The proxy's own engine connections close when
// idle, and replies delayed by Faults are not waited for: the engine
// would wait for those connections through its grace period.
func (p *proxy) closeListener() error {
	p.mu.Lock()
	p.closed = true
	p.stop()
	p.mu.Unlock()
	p.groupConns.close()
	return p.ln.Close()
}

// stop ends the waits for delayed replies; p.mu is held.
func (p *proxy) stop() {
	select {
	case <-p.stopping:
	default:
		close(p.stopping)
	}
}

// closeConns cuts off every client still connected and waits for the
// relays to end.
func (p *proxy) closeConns() {
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.stop()
	p.mu.Unlock()
	p.groupConns.close()
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
// closed for the client at once, as it was without the proxy. A
// single-document insert is answered by its group (group.go) instead,
// from the up goroutine, which reads the client's next request after it:
// a driver waits for the answer to each request on a connection.
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
		asked   = map[int32]request{} // what an answer answers, where it matters
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
	replyFaults := p.faults != nil && p.faults.Reply != nil
	answered := func(responseTo int32, more bool) (req request, found bool) {
		mu.Lock()
		defer mu.Unlock()
		if len(asked) == 0 {
			return request{}, false
		}
		req, found = asked[responseTo]
		if !more {
			delete(asked, responseTo)
		}
		return req, found
	}
	out := &clientWriter{conn: client}

	down := make(chan error, 1)
	go func() {
		// The hold ends before the client is written to, so a client slow
		// to read, or a delayed reply, cannot keep the others waiting.
		err := pipe(engine, out, func(msg []byte) (func(), error) {
			responseTo := int32(binary.LittleEndian.Uint32(msg[8:12]))
			settle(responseTo, false)
			more := len(msg) >= 20 && binary.LittleEndian.Uint32(msg[16:20])&msgMoreToComeFlg != 0
			req, found := answered(responseTo, more)
			if !found {
				return nil, nil
			}
			if changesIndexes(req.cmd) {
				// Forgotten again now that the engine has done it: a group
				// may have asked in between.
				p.indexes.forget(req.db)
				if p.newTables != nil {
					p.newTables()
				}
			}
			return nil, p.replyFault(client, req.cmd, req.coll)
		})
		// The engine hung up (or the client went): the client must see it.
		client.Close()
		down <- err
	}()

	up := pipe(client, engine, func(msg []byte) (func(), error) {
		if in, ok := p.groupable(msg); ok {
			return nil, p.answerGrouped(client, out, in)
		}
		req := command(msg)
		if req.cmd == "" {
			return nil, nil
		}
		if changesIndexes(req.cmd) {
			p.indexes.forget(req.db)
		}
		if (replyFaults || changesIndexes(req.cmd)) && !req.moreToCome {
			mu.Lock()
			asked[int32(binary.LittleEndian.Uint32(msg[4:8]))] = req
			mu.Unlock()
		}
		if p.turns == nil || req.cmd != "insert" {
			return nil, nil
		}
		rel := p.enterAlone(req.db)
		if req.moreToCome {
			return rel, nil // no answer will come: the hold ends once the engine has it
		}
		mu.Lock()
		pending, release = int32(binary.LittleEndian.Uint32(msg[4:8])), rel
		mu.Unlock()
		return nil, nil
	})
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

// errAnswered tells pipe that the proxy has answered the message itself:
// it is not to be relayed.
var errAnswered = errors.New("embedded: answered by the proxy")

// clientWriter writes whole messages to a client: answers come from the
// engine and from groups.
type clientWriter struct {
	mu   sync.Mutex
	conn net.Conn
}

func (w *clientWriter) Write(msg []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.conn.Write(msg)
}

func (p *proxy) groupable(msg []byte) (singleInsert, bool) {
	if p.turns == nil {
		return singleInsert{}, false
	}
	return groupable(msg)
}

// answerGrouped commits in with whatever waits with it and writes the
// caller's own answer. It returns errAnswered to go on with the next
// request, or why the client's connection must end.
func (p *proxy) answerGrouped(client net.Conn, out io.Writer, in singleInsert) error {
	m := &member{in: in, answer: make(chan bsoncore.Document, 1)}
	if g, leader := p.turns.join(m); leader {
		<-g.turn
		p.commit(g)
	}
	body := <-m.answer
	if body == nil {
		// The outcome is unknown: the client must not take silence for an
		// answer.
		return errors.New("embedded: group commit failed")
	}
	if err := p.replyFault(client, "insert", in.key.coll); err != nil {
		return err
	}
	if _, err := out.Write(bodyMessage(p.nextID.Add(1), in.requestID, body)); err != nil {
		return err
	}
	return errAnswered
}

// commit sends g to the engine, in one insert command or, where members
// collide on a unique index, in a few (conflicts.go), and gives each
// member its answer once its command is committed. The turn is held
// until the last command is answered.
func (p *proxy) commit(g *group) {
	defer p.turns.leave(g.key.db)
	c, err := p.groupConns.get()
	if err != nil {
		p.cutOff(g.members, fmt.Errorf("embedded: connect to engine: %w", err))
		return
	}
	paths, err := p.uniquePaths(c, g.key)
	if err != nil {
		c.Close()
		p.cutOff(g.members, err)
		return
	}
	for rest := g.members; len(rest) > 0; {
		var now []*member
		now, rest = splitCollisions(rest, paths)
		reply, err := p.roundTrip(c, insertMessage(p.nextID.Add(1), g.key, now))
		if err != nil {
			c.Close()
			p.cutOff(append(now, rest...), err)
			return
		}
		p.groupSizes[len(now)].Add(1)
		bodies, err := answers(reply, len(now))
		if err != nil {
			p.cutOff(now, fmt.Errorf("embedded: group's reply: %w", err))
			continue
		}
		if stored(reply) {
			p.holdCommit()
		}
		for i, m := range now {
			m.answer <- bodies[i]
		}
	}
	p.groupConns.put(c)
}

// cutOff tells members that their outcome is unknown: their clients'
// connections are closed.
func (p *proxy) cutOff(members []*member, err error) {
	p.logger.Warn("embedded: group commit failed; its callers are cut off, the outcome unknown to them",
		"inserts", len(members), "err", err)
	for _, m := range members {
		m.answer <- nil
	}
}

// uniquePaths are the unique indexes of key's collection, asked of the
// engine on c when not known.
func (p *proxy) uniquePaths(c *engineConn, key groupKey) ([][][]string, error) {
	if paths, ok := p.indexes.get(key.db, key.coll); ok {
		return paths, nil
	}
	reply, err := p.roundTrip(c, bodyMessage(p.nextID.Add(1), 0, listIndexesCommand(key.db, key.coll)))
	if err != nil {
		return nil, err
	}
	paths := uniquePaths(reply)
	p.indexes.put(key.db, key.coll, paths)
	return paths, nil
}

// roundTrip sends a command on the proxy's own engine connection c and
// returns the body of the engine's answer. After an error c is unusable.
func (p *proxy) roundTrip(c *engineConn, msg []byte) (bsoncore.Document, error) {
	id := int32(binary.LittleEndian.Uint32(msg[4:8]))
	_ = c.SetDeadline(time.Now().Add(engineReplyTimeout))
	if _, err := c.Write(msg); err != nil {
		return nil, fmt.Errorf("embedded: send to engine: %w", err)
	}
	reply, err := readMessage(c.r, nil)
	if err != nil {
		return nil, fmt.Errorf("embedded: read engine's reply: %w", err)
	}
	if got := int32(binary.LittleEndian.Uint32(reply[8:12])); got != id {
		return nil, fmt.Errorf("embedded: engine answered request %d, want %d", got, id)
	}
	body, err := replyBody(reply)
	if err != nil {
		return nil, fmt.Errorf("embedded: engine's reply: %w", err)
	}
	return body, nil
}

// holdCommit holds the insert turn for Faults.CommitDelay, as a slow
// sync of the commit would.
func (p *proxy) holdCommit() {
	if p.faults != nil && p.faults.CommitDelay != nil {
		time.Sleep(p.faults.CommitDelay())
	}
}

// enterAlone waits for db's insert turn for an insert that goes in alone
// and returns what ends it once the engine has answered.
func (p *proxy) enterAlone(db string) (leave func()) {
	end := p.turns.enter(db)
	var once sync.Once
	return func() {
		once.Do(func() {
			p.holdCommit()
			end()
		})
	}
}

// replyFault applies Faults.Reply to an answer about to be written to
// client: it waits out a delay, and for a drop closes the connection and
// returns errAnswered.
func (p *proxy) replyFault(client net.Conn, cmd, coll string) error {
	if p.faults == nil || p.faults.Reply == nil {
		return nil
	}
	delay, drop := p.faults.Reply(cmd, coll)
	if delay > 0 {
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-p.stopping:
			return net.ErrClosed
		}
	}
	if drop {
		client.Close()
		return net.ErrClosed
	}
	return nil
}

// insertGroups counts the groups sent by their number of inserts.
func (p *proxy) insertGroups() map[int]int64 {
	out := map[int]int64{}
	for n := range p.groupSizes {
		if c := p.groupSizes[n].Load(); c > 0 {
			out[n] = c
		}
	}
	return out
}

// pipe copies whole wire messages from one side to the other, calling
// each on a message before it is written and what each returns after.
// each returns errAnswered for a message not to be written, and any other
// error to end the copy.
func pipe(from io.Reader, to io.Writer, each func(msg []byte) (after func(), err error)) error {
	r := bufio.NewReaderSize(from, 64<<10)
	var buf []byte
	for {
		msg, err := readMessage(r, buf)
		if err != nil {
			return err
		}
		buf = keep(msg)
		after, err := each(msg)
		if errors.Is(err, errAnswered) {
			continue
		}
		if err != nil {
			return err
		}
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

// request is what the proxy needs to know of a command.
type request struct {
	cmd, coll, db string // coll: the value of the first key, "" when not a string
	moreToCome    bool   // the client expects no answer
}

// command names the command an OP_MSG carries (the first key of its
// body), its collection, its database ($db), and whether the client
// expects no answer. Anything else, or a message it cannot read, gives
// "": it is relayed as it is and the engine answers it as it would have.
func command(msg []byte) request {
	if len(msg) < msgHeaderLen+5 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return request{}
	}
	flags := binary.LittleEndian.Uint32(msg[16:20])
	sections := msg[20:]
	if flags&msgChecksumFlag != 0 {
		if len(sections) < 4 {
			return request{}
		}
		sections = sections[:len(sections)-4]
	}
	for len(sections) > 0 {
		kind := sections[0]
		sections = sections[1:]
		if len(sections) < 4 {
			return request{}
		}
		size := int(int32(binary.LittleEndian.Uint32(sections[:4])))
		if size < 5 || size > len(sections) {
			return request{}
		}
		switch kind {
		case 0:
			body := bsoncore.Document(sections[:size])
			first, err := body.IndexErr(0)
			if err != nil {
				return request{}
			}
			key, err := first.KeyErr()
			if err != nil {
				return request{}
			}
			req := request{cmd: key, moreToCome: flags&msgMoreToComeFlg != 0}
			req.coll, _ = first.Value().StringValueOK()
			if v, err := body.LookupErr("$db"); err == nil {
				req.db, _ = v.StringValueOK()
			}
			return req
		case 1:
			// A document sequence: its size covers its identifier and
			// documents.
		default:
			return request{}
		}
		sections = sections[size:]
	}
	return request{}
}

// connPool keeps the proxy's own engine connections, on which groups go:
// one per database at a time at most (a group holds its database's turn).
type connPool struct {
	dial   func() (net.Conn, error)
	mu     sync.Mutex
	idle   []*engineConn
	closed bool
}

type engineConn struct {
	net.Conn
	r *bufio.Reader
}

// maxIdleConns bounds the idle connections kept: as many databases as
// take inserts at once, which is one or two.
const maxIdleConns = 4

func (cp *connPool) get() (*engineConn, error) {
	cp.mu.Lock()
	if n := len(cp.idle); n > 0 {
		c := cp.idle[n-1]
		cp.idle = cp.idle[:n-1]
		cp.mu.Unlock()
		return c, nil
	}
	cp.mu.Unlock()
	c, err := cp.dial()
	if err != nil {
		return nil, err
	}
	return &engineConn{Conn: c, r: bufio.NewReaderSize(c, 16<<10)}, nil
}

// put keeps c for the next group, or closes it once the proxy is closing.
func (cp *connPool) put(c *engineConn) {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	if cp.closed || len(cp.idle) >= maxIdleConns {
		c.Close()
		return
	}
	cp.idle = append(cp.idle, c)
}

// close closes the idle connections now and the others when put back.
func (cp *connPool) close() {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	cp.closed = true
	for _, c := range cp.idle {
		c.Close()
	}
	cp.idle = nil
}
