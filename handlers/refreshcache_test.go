package handlers

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"
)

// TestRefreshCacheDropsAReadThatPredatesAForget: a read under way when a
// change is made here is not kept, and its waiters read again.
func TestRefreshCacheDropsAReadThatPredatesAForget(t *testing.T) {
	var value atomic.Int32
	value.Store(1)
	started := make(chan struct{}, 4)
	release := make(chan struct{})
	var reads atomic.Int32
	c := newRefreshCache(time.Hour, func(ctx context.Context, key string) (int32, error) {
		v := value.Load()
		if reads.Add(1) == 1 {
			started <- struct{}{}
			<-release
		}
		return v, nil
	})
	got := make(chan int32)
	go func() {
		v, err := c.get(context.Background(), "k")
		if err != nil {
			t.Error(err)
		}
		got <- v
	}()
	<-started
	value.Store(2) // the change, made while the first read runs
	c.forget("k")
	close(release)
	if v := <-got; v != 2 {
		t.Fatalf("got %d, want 2: the read from before the change was kept", v)
	}
	if v, _ := c.get(context.Background(), "k"); v != 2 || reads.Load() != 2 {
		t.Fatalf("then %d after %d reads, want 2 after 2", v, reads.Load())
	}
}

// TestRefreshCacheKeepsNoFailure: a failed read is answered to those who
// waited for it and not kept.
func TestRefreshCacheKeepsNoFailure(t *testing.T) {
	var reads atomic.Int32
	c := newRefreshCache(time.Hour, func(ctx context.Context, key string) (string, error) {
		if reads.Add(1) == 1 {
			return "", errors.New("database gone")
		}
		return "ok", nil
	})
	if _, err := c.get(context.Background(), "k"); err == nil {
		t.Fatal("the failure was not answered")
	}
	if v, err := c.get(context.Background(), "k"); err != nil || v != "ok" {
		t.Fatalf("after a failure: %q %v", v, err)
	}
}
