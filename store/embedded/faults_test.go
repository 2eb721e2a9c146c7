package embedded

import (
	"context"
	"errors"
	"maps"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// A dropped reply: the engine did the insert, the client hears nothing
// and sees its connection closed, so it cannot tell whether it was made.
func TestDroppedReplyLeavesTheInsertStored(t *testing.T) {
	_, client := startTestEngine(t, t.TempDir(), WithFaults(&Faults{
		Reply: func(cmd, coll string) (time.Duration, bool) { return 0, cmd == "insert" && coll == "dropped" },
	}))
	db := client.Database("dialog")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	t.Run("grouped insert", func(t *testing.T) {
		_, err := db.Collection("dropped").InsertOne(ctx, bson.M{"_id": "one"})
		if !mongo.IsNetworkError(err) {
			t.Fatalf("InsertOne with its reply dropped: %v, want a network error", err)
		}
	})
	t.Run("insert of several, alone", func(t *testing.T) {
		_, err := db.Collection("dropped").InsertMany(ctx, []any{bson.M{"_id": "two"}, bson.M{"_id": "three"}})
		if !mongo.IsNetworkError(err) {
			t.Fatalf("InsertMany with its reply dropped: %v, want a network error", err)
		}
	})
	n, err := db.Collection("dropped").CountDocuments(ctx, bson.M{})
	if err != nil || n != 3 {
		t.Fatalf("%d documents stored (%v), want 3: the engine did the inserts", n, err)
	}
	if _, err := db.Collection("kept").InsertOne(ctx, bson.M{"_id": "four"}); err != nil {
		t.Fatalf("an insert whose reply is not dropped: %v", err)
	}
}

// A reply delayed past the client's deadline is a timeout for that
// client, its document stored, and nobody else waits for it: the reply
// is held after the insert turn has ended. The test holds the slow reply
// until the other inserts are answered, so it needs no clock.
func TestDelayedReplyHoldsUpNoOtherInsert(t *testing.T) {
	asked := make(chan struct{})
	othersDone := make(chan struct{})
	var once sync.Once
	_, client := startTestEngine(t, t.TempDir(), WithFaults(&Faults{
		Reply: func(cmd, coll string) (time.Duration, bool) {
			if cmd != "insert" || coll != "slow" {
				return 0, false
			}
			once.Do(func() { close(asked) })
			select {
			case <-othersDone:
			case <-time.After(30 * time.Second): // the test fails below
			}
			return time.Minute, false
		},
	}))
	db := client.Database("dialog")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	slow := make(chan error, 1)
	go func() {
		sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		_, err := db.Collection("slow").InsertOne(sctx, bson.M{"_id": "late"})
		slow <- err
	}()
	select {
	case <-asked:
	case err := <-slow:
		t.Fatalf("the insert to be delayed ended before the engine answered it: %v", err)
	}
	for i := range 5 {
		if _, err := db.Collection("fast").InsertOne(ctx, bson.M{"_id": i}); err != nil {
			t.Fatalf("insert %d while a reply is delayed: %v", i, err)
		}
	}
	select {
	case err := <-slow:
		t.Fatalf("the delayed insert was answered (%v) before the others were done", err)
	default:
	}
	close(othersDone)
	if err := <-slow; !mongo.IsTimeout(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("insert with its reply delayed past the deadline: %v, want a timeout", err)
	}
	if err := db.Collection("slow").FindOne(ctx, bson.M{"_id": "late"}).Err(); err != nil {
		t.Fatalf("the timed-out insert is not stored: %v", err)
	}
}

// CommitDelay holds the insert turn: an insert that comes while a
// commit is delayed is answered only after that delay ends, and the
// delayed insert's own caller only after it too. The test holds the delay
// open itself, so the order is checked, not the time.
func TestCommitDelayHoldsTheTurn(t *testing.T) {
	committing := make(chan struct{})
	proceed := make(chan struct{})
	var calls int
	var mu sync.Mutex
	srv, client := startTestEngine(t, t.TempDir(), WithFaults(&Faults{
		CommitDelay: func() time.Duration {
			mu.Lock()
			calls++
			first := calls == 1
			mu.Unlock()
			if first {
				close(committing)
				<-proceed
			}
			return 0
		},
	}))
	coll := client.Database("dialog").Collection("c")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	var (
		order []string
		omu   sync.Mutex
		wg    sync.WaitGroup
	)
	note := func(s string) {
		omu.Lock()
		order = append(order, s)
		omu.Unlock()
	}
	insert := func(id string) {
		wg.Go(func() {
			if _, err := coll.InsertOne(ctx, bson.M{"_id": id}); err != nil {
				t.Error(err)
			}
			note(id + " answered")
		})
	}
	insert("first")
	<-committing // the engine has answered the first; its commit is delayed
	insert("second")
	waitForWaiting(t, srv, "dialog", 1)
	note("delay over")
	close(proceed)
	wg.Wait()

	if len(order) != 3 || order[0] != "delay over" {
		t.Fatalf("events %v: an insert was answered before the delayed commit ended", order)
	}
	if got := srv.InsertGroups(); !maps.Equal(got, map[int]int64{1: 2}) {
		t.Fatalf("insert commands by size %v, want two of one", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 2 {
		t.Fatalf("CommitDelay called %d times for two commits", calls)
	}
}

// CommitDelay applies to inserts that go in alone too, and its time is
// spent before the caller is answered.
func TestCommitDelayDelaysAnInsertAlone(t *testing.T) {
	const delay = 50 * time.Millisecond
	_, client := startTestEngine(t, t.TempDir(), WithFaults(&Faults{CommitDelay: func() time.Duration { return delay }}))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	_, err := client.Database("dialog").Collection("c").InsertMany(ctx, []any{bson.M{"_id": 1}, bson.M{"_id": 2}},
		options.InsertMany().SetOrdered(true))
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < delay {
		t.Fatalf("insert answered after %v, before its commit delay of %v", took, delay)
	}
}
