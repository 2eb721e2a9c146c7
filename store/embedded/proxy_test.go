package embedded

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/x/bsonx/bsoncore"
)

// opMsgBytes builds an OP_MSG: body as the kind-0 section, seqs as kind-1
// sections before it (drivers may put them either side).
func opMsgBytes(requestID int32, flags uint32, body bsoncore.Document, seqFirst bool) []byte {
	var sections []byte
	seq := func() {
		docs := bsoncore.NewDocumentBuilder().AppendString("x", "y").Build()
		ident := append([]byte("documents"), 0)
		sections = append(sections, 1)
		sections = binary.LittleEndian.AppendUint32(sections, uint32(4+len(ident)+len(docs)))
		sections = append(sections, ident...)
		sections = append(sections, docs...)
	}
	if seqFirst {
		seq()
	}
	sections = append(sections, 0)
	sections = append(sections, body...)
	if !seqFirst {
		seq()
	}
	msg := make([]byte, msgHeaderLen+4, msgHeaderLen+4+len(sections)+4)
	binary.LittleEndian.PutUint32(msg[4:], uint32(requestID))
	binary.LittleEndian.PutUint32(msg[12:], opMsg)
	binary.LittleEndian.PutUint32(msg[16:], flags)
	msg = append(msg, sections...)
	if flags&msgChecksumFlag != 0 {
		msg = append(msg, 0, 0, 0, 0)
	}
	binary.LittleEndian.PutUint32(msg[0:], uint32(len(msg)))
	return msg
}

func cmdDoc(cmd, db string) bsoncore.Document {
	return bsoncore.NewDocumentBuilder().AppendString(cmd, "responses").AppendBoolean("ordered", true).AppendString("$db", db).Build()
}

func TestCommandReadsNameAndDatabase(t *testing.T) {
	for _, tc := range []struct {
		name string
		msg  []byte
		want request
	}{
		{"body first", opMsgBytes(1, 0, cmdDoc("insert", "dialog"), false), request{"insert", "responses", "dialog", false}},
		{"sequence first", opMsgBytes(1, 0, cmdDoc("insert", "dialog"), true), request{"insert", "responses", "dialog", false}},
		{"checksum", opMsgBytes(1, msgChecksumFlag, cmdDoc("find", "x"), true), request{"find", "responses", "x", false}},
		{"no answer wanted", opMsgBytes(1, msgMoreToComeFlg, cmdDoc("insert", "x"), false), request{"insert", "responses", "x", true}},
		{"no collection", opMsgBytes(1, 0, bsoncore.NewDocumentBuilder().AppendInt32("ping", 1).AppendString("$db", "admin").Build(), false), request{"ping", "", "admin", false}},
		{"not OP_MSG", func() []byte {
			m := opMsgBytes(1, 0, cmdDoc("insert", "x"), false)
			binary.LittleEndian.PutUint32(m[12:], 2004) // OP_QUERY
			return m
		}(), request{}},
		{"truncated", opMsgBytes(1, 0, cmdDoc("insert", "x"), false)[:30], request{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := command(tc.msg); got != tc.want {
				t.Fatalf("command = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestQueueLetsInInOrderOfArrival(t *testing.T) {
	q := newTurns()
	first := q.enter("db")
	var order []int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			done := q.enter("db")
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			done()
		})
		time.Sleep(5 * time.Millisecond) // each is waiting before the next comes
	}
	other := q.enter("other") // another database has its own turn
	other()
	first()
	wg.Wait()
	for i, got := range order {
		if got != i {
			t.Fatalf("turns taken in order %v, want arrival order", order)
		}
	}
}

// fakeEngine answers every OP_MSG after delay and records how many
// inserts, and how many other commands, it had at once.
type fakeEngine struct {
	delay             time.Duration
	hangUpOnGroup     bool // on an insert of several documents, hang up instead of answering
	inserts, maxSeen  atomic.Int32
	others, maxOthers atomic.Int32
	conns             sync.WaitGroup
	mu                sync.Mutex
	open              []net.Conn
}

func (e *fakeEngine) serve(t *testing.T, ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		e.mu.Lock()
		e.open = append(e.open, c)
		e.mu.Unlock()
		e.conns.Go(func() {
			defer c.Close()
			r := bufio.NewReader(c)
			for {
				msg, err := readMessage(r, nil)
				if err != nil {
					return
				}
				now, most := &e.others, &e.maxOthers
				body := bsoncore.NewDocumentBuilder()
				if command(msg).cmd == "insert" {
					now, most = &e.inserts, &e.maxSeen
					n := sequenceDocs(msg)
					if n > 1 && e.hangUpOnGroup {
						return
					}
					body.AppendInt32("n", int32(n))
				}
				n := now.Add(1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(e.delay)
				now.Add(-1)
				reply := opMsgBytes(0, 0, body.AppendDouble("ok", 1).Build(), false)
				binary.LittleEndian.PutUint32(reply[8:], binary.LittleEndian.Uint32(msg[4:8])) // responseTo
				if _, err := c.Write(reply); err != nil {
					return
				}
			}
		})
	}
}

// sequenceDocs counts the documents in msg's document sequences.
func sequenceDocs(msg []byte) int {
	n := 0
	for s := msg[20:]; len(s) > 5; {
		size := int(binary.LittleEndian.Uint32(s[1:5]))
		if s[0] == 1 {
			docs := s[5 : 1+size]
			docs = docs[bytes.IndexByte(docs, 0)+1:]
			for ok := true; ok && len(docs) > 0; n++ {
				_, docs, ok = bsoncore.ReadDocument(docs)
			}
		}
		s = s[1+size:]
	}
	return n
}

func (e *fakeEngine) hangUp() {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, c := range e.open {
		c.Close()
	}
}

func startProxy(t *testing.T, e *fakeEngine) (addr string) {
	t.Helper()
	_, addr = startTestProxy(t, e)
	return addr
}

func startTestProxy(t *testing.T, e *fakeEngine) (*proxy, string) {
	t.Helper()
	dir := t.TempDir()
	engineLn, err := net.Listen("unix", filepath.Join(dir, "engine.sock"))
	if err != nil {
		t.Fatal(err)
	}
	go e.serve(t, engineLn)
	publicLn, err := net.Listen("unix", filepath.Join(dir, "public.sock"))
	if err != nil {
		t.Fatal(err)
	}
	p := newProxy(publicLn, func() (net.Conn, error) { return net.Dial("unix", engineLn.Addr().String()) }, newTurns(), nil, slog.New(slog.DiscardHandler))
	go p.serve()
	t.Cleanup(func() {
		_ = p.closeListener()
		_ = engineLn.Close()
		e.hangUp()
		p.closeConns()
		e.conns.Wait()
	})
	return p, publicLn.Addr().String()
}

// roundTrips sends n commands on one connection, each waiting for its
// answer, as a driver does.
func roundTrips(addr, cmd string, n int) error {
	c, err := net.Dial("unix", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	r := bufio.NewReader(c)
	for i := range n {
		id := int32(i + 1)
		if _, err := c.Write(opMsgBytes(id, 0, cmdDoc(cmd, "dialog"), false)); err != nil {
			return err
		}
		reply, err := readMessage(r, nil)
		if err != nil {
			return err
		}
		if got := int32(binary.LittleEndian.Uint32(reply[8:12])); got != id {
			return errors.New("answer to another request")
		}
	}
	return nil
}

func TestProxyLetsOneInsertAtATimeIntoTheEngine(t *testing.T) {
	e := &fakeEngine{delay: 2 * time.Millisecond}
	addr := startProxy(t, e)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 8 {
		wg.Go(func() { errs <- roundTrips(addr, "insert", 20) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if m := e.maxSeen.Load(); m != 1 {
		t.Fatalf("the engine had %d inserts at once, want 1", m)
	}
}

func TestProxyDoesNotQueueReads(t *testing.T) {
	e := &fakeEngine{delay: 500 * time.Millisecond}
	addr := startProxy(t, e)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := roundTrips(addr, "find", 1); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	// Queued, the engine would have had one at a time.
	if m := e.maxOthers.Load(); m < 2 {
		t.Fatalf("the engine had at most %d of 8 finds at once: they waited for each other", m)
	}
}

func TestEngineHangingUpReachesTheIdleClient(t *testing.T) {
	e := &fakeEngine{}
	addr := startProxy(t, e)
	c, err := net.Dial("unix", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := bufio.NewReader(c)
	if _, err := c.Write(opMsgBytes(1, 0, cmdDoc("insert", "dialog"), false)); err != nil {
		t.Fatal(err)
	}
	if _, err := readMessage(r, nil); err != nil {
		t.Fatal(err)
	}
	e.hangUp()
	_ = c.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := r.ReadByte(); !errors.Is(err, io.EOF) {
		t.Fatalf("idle client after the engine hung up: read gave %v, want EOF", err)
	}
}

// When the engine connection fails with a group in it, no caller can know
// whether its insert was made: each one's connection is closed, and the
// next group gets a new engine connection.
func TestEngineFailingAGroupCutsOffItsCallers(t *testing.T) {
	e := &fakeEngine{hangUpOnGroup: true}
	p, addr := startTestProxy(t, e)
	leave := p.turns.enter("dialog")
	var readers []*bufio.Reader
	for i := range 3 {
		c, err := net.Dial("unix", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := c.Write(opMsgBytes(int32(i+1), 0, cmdDoc("insert", "dialog"), false)); err != nil {
			t.Fatal(err)
		}
		readers = append(readers, bufio.NewReader(c))
		for deadline := time.Now().Add(10 * time.Second); p.turns.waiting("dialog") != i+1; time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("the insert did not get in line")
			}
		}
	}
	leave()
	for i, r := range readers {
		if msg, err := readMessage(r, nil); err == nil {
			t.Fatalf("caller %d got an answer (%d bytes) from a group the engine never answered", i, len(msg))
		}
	}
	if err := roundTrips(addr, "insert", 2); err != nil {
		t.Fatalf("an insert after the failed group: %v", err)
	}
}
