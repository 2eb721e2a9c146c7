package main

import (
	"testing"
	"time"
)

func TestStallsMergeOverlappingSlowRequests(t *testing.T) {
	ms := time.Millisecond
	out := []outcome{
		{sent: true, at: 0, latency: 2 * ms},             // fast: no stall
		{sent: true, at: 100 * ms, latency: 300 * ms},    // 100–400
		{sent: true, at: 150 * ms, latency: 500 * ms},    // 150–650, overlaps
		{sent: true, at: 600 * ms, latency: 100 * ms},    // 600–700, overlaps the one before
		{sent: true, at: 2000 * ms, latency: 1200 * ms},  // a second window, worse
		{sent: false, at: 3000 * ms, latency: 5000 * ms}, // never sent: not counted
		{sent: true, at: 5000 * ms, latency: 99 * ms},    // under the limit
	}
	got := stalls(out, 100*ms)
	want := []stallWindow{
		{from: 2000 * ms, to: 3200 * ms, requests: 1, worst: 1200 * ms},
		{from: 100 * ms, to: 700 * ms, requests: 3, worst: 500 * ms},
	}
	if len(got) != len(want) {
		t.Fatalf("stalls = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("stall %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
