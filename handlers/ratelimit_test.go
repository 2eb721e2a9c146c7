package handlers

import (
	"fmt"
	"testing"
	"time"
)

func TestAddressKey(t *testing.T) {
	tests := []struct {
		name, ip, want string
	}{
		{"IPv4 is its own key", "192.0.2.7", "192.0.2.7"},
		{"IPv4-mapped IPv6 is the IPv4 address", "::ffff:192.0.2.7", "192.0.2.7"},
		{"IPv4-mapped IPv6 in hex", "::ffff:c000:207", "192.0.2.7"},
		{"IPv6 is its /56", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1::/56"},
		{"another /64 of the same /56", "2001:db8:1:ff::1", "2001:db8:1::/56"},
		{"the next /56", "2001:db8:1:100::1", "2001:db8:1:100::/56"},
		{"upper case and zeros written out", "2001:0DB8:0001:0002:0000:0000:0000:0001", "2001:db8:1::/56"},
		{"a zone is dropped", "fe80::1%eth0", "fe80::/56"},
		{"IPv6 loopback", "::1", "::/56"},
		{"not an address stays as it is", "unknown", "unknown"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := addressKey(tt.ip); got != tt.want {
				t.Fatalf("addressKey(%q) = %q, want %q", tt.ip, got, tt.want)
			}
		})
	}
}

func TestLimiterAllowsItsBurstThenItsRate(t *testing.T) {
	l := newLimiter(3, time.Minute) // one token every 20 s
	now := time.Date(2023, 5, 4, 10, 0, 0, 0, time.UTC)
	for i := range 3 {
		if ok, _ := l.allow("a", now); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := l.allow("a", now)
	if ok || wait != 20*time.Second {
		t.Fatalf("fourth: %v, wait %v; want refused for 20 s", ok, wait)
	}
	if ok, _ := l.allow("b", now); !ok {
		t.Fatal("another key shares the bucket")
	}
	if w := l.blocked("a", now.Add(15*time.Second)); w != 5*time.Second {
		t.Fatalf("blocked after 15 s: %v, want 5 s", w)
	}
	if ok, _ := l.allow("a", now.Add(20*time.Second)); !ok {
		t.Fatal("no token after 20 s")
	}
	if w := l.blocked("never-seen", now); w != 0 {
		t.Fatalf("a new key is blocked for %v", w)
	}
}

func TestLimiterChargesIntoDebtAndRefunds(t *testing.T) {
	l := newLimiter(2, 20*time.Second) // one token every 10 s
	now := time.Date(2023, 5, 4, 10, 0, 0, 0, time.UTC)
	var befores []float64
	for range 5 {
		before, ok, _ := l.charge("a", now, 3)
		if !ok {
			t.Fatalf("refused after %v", befores)
		}
		befores = append(befores, before)
	}
	if fmt.Sprint(befores) != "[2 1 0 -1 -2]" {
		t.Fatalf("tokens before each charge: %v", befores)
	}
	// At a debt of 3 the next charge is refused until it is paid down.
	if _, ok, wait := l.charge("a", now, 3); ok || wait != 10*time.Second {
		t.Fatalf("charge past the debt: %v, wait %v; want refused for 10 s", ok, wait)
	}
	if w := l.blocked("a", now); w != 40*time.Second {
		t.Fatalf("blocked %v, want 40 s until a token is back", w)
	}
	l.refund("a", now)
	if before, ok, _ := l.charge("a", now, 3); !ok || before != -2 {
		t.Fatalf("after a refund: %v %v", before, ok)
	}
	if _, ok, _ := l.charge("a", now.Add(10*time.Second), 3); !ok {
		t.Fatal("10 s later the debt allows one more")
	}
	// Refunds never fill a bucket past its burst.
	for range 5 {
		l.refund("b", now)
	}
	if before, _, _ := l.charge("b", now, 0); before != 2 {
		t.Fatalf("refunded to %v, want the burst 2", before)
	}
}

func TestLimiterForgetsOnlyFullBuckets(t *testing.T) {
	l := newLimiter(30, 5*time.Minute) // one token every 10 s
	now := time.Date(2023, 5, 4, 10, 0, 0, 0, time.UTC)
	l.swept = now
	for range 100 {
		l.charge("debtor", now, 300)
	}
	l.allow("light", now)
	// Eleven minutes on: "light" is full again and forgotten, the debtor
	// still owes 70 tokens minus what 660 s paid back, and is kept.
	later := now.Add(11 * time.Minute)
	l.allow("other", later)
	if _, ok := l.buckets["light"]; ok {
		t.Error("a full bucket was kept")
	}
	if _, ok := l.buckets["debtor"]; !ok {
		t.Fatal("a bucket in debt was forgotten: waiting would wipe the debt")
	}
	if w := l.blocked("debtor", later); w != 50*time.Second {
		t.Fatalf("debtor blocked for %v, want 50 s", w)
	}
}
