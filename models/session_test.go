package models

import (
	"strings"
	"testing"
	"time"
)

func TestNewJoinCode(t *testing.T) {
	seen := map[string]bool{}
	counts := map[rune]int{}
	for range 5000 {
		c := NewJoinCode()
		if NormalizeJoinCode(c) != c {
			t.Fatalf("code %q is not a valid code", c)
		}
		if strings.ContainsAny(c, "0O1IL") {
			t.Fatalf("code %q has a look-alike character", c)
		}
		seen[c] = true
		for _, r := range c {
			counts[r]++
		}
	}
	if len(seen) < 4990 {
		t.Fatalf("only %d distinct codes in 5000", len(seen))
	}
	// Every letter of the alphabet turns up, none wildly more often (30000
	// draws over 31 symbols: about 968 each).
	for _, r := range JoinAlphabet {
		if counts[r] < 700 || counts[r] > 1250 {
			t.Errorf("%c drawn %d times", r, counts[r])
		}
	}
}

func TestNormalizeJoinCode(t *testing.T) {
	tests := map[string]string{
		"ABC234":    "ABC234",
		"abc234":    "ABC234",
		" abc-234 ": "ABC234",
		"abc 234":   "ABC234",
		"ABC23":     "",
		"ABC2345":   "",
		"ABC0O1":    "",
		"ABCIL2":    "",
		"../../x":   "",
		"ÅBC234":    "",
		"":          "",
	}
	for in, want := range tests {
		if got := NormalizeJoinCode(in); got != want {
			t.Errorf("NormalizeJoinCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSessionOpen(t *testing.T) {
	now := time.Now()
	s := Session{ClosesAt: now.Add(time.Minute)}
	if !s.Open(now) || s.Status(now) != StatusOpen {
		t.Fatal("new session not open")
	}
	if s.Open(now.Add(2 * time.Minute)) {
		t.Fatal("session open after its closing time")
	}
	s.ClosedAt = &now
	if s.Open(now) || s.Status(now) != StatusClosed {
		t.Fatal("session closed by hand still open")
	}
}
