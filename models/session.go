package models

import (
	"crypto/rand"
	"strings"
	"time"
)

// Session is a field assistant's sitting with one group of young people.
// The school, grade and area it carries are given to every response made
// through it, so a young person never has to say which school they go to.
type Session struct {
	Code      string     `json:"code" bson:"_id"`
	Survey    string     `json:"survey" bson:"survey"`
	School    string     `json:"school,omitempty" bson:"school,omitempty"`
	Grade     string     `json:"grade,omitempty" bson:"grade,omitempty"`
	Area      string     `json:"area,omitempty" bson:"area,omitempty"`
	Present   int        `json:"present,omitempty" bson:"present,omitempty"` // young people in the room, for the response rate
	Kiosk     bool       `json:"kiosk,omitempty" bson:"kiosk,omitempty"`     // one shared device: the form resets after each answer
	CreatedBy string     `json:"created_by" bson:"created_by"`
	CreatedAt time.Time  `json:"created_at" bson:"created_at"`
	ClosesAt  time.Time  `json:"closes_at" bson:"closes_at"`
	ClosedAt  *time.Time `json:"closed_at,omitempty" bson:"closed_at,omitempty"`
	// Release is the class results, stored once and never changed. It is
	// left out of the session's JSON: results are read from their own
	// route, which audits the view.
	Release *ClassRelease `json:"-" bson:"release,omitempty"`
	// Excluded, when set, takes the session's responses out of every
	// figure (DESIGN §8); they stay stored, each marked excluded.
	Excluded *Exclusion `json:"excluded,omitempty" bson:"excluded,omitempty"`
}

// Exclusion records why and by whom a session's responses were taken out
// of the figures. The reason is plain text written by staff, at most
// MaxExclusionReason characters.
type Exclusion struct {
	Reason string    `json:"reason" bson:"reason"`
	By     string    `json:"by" bson:"by"`
	At     time.Time `json:"at" bson:"at"`
}

// MaxExclusionReason is the longest reason an exclusion takes, in
// characters.
const MaxExclusionReason = 500

// Open reports whether the session takes answers at now: not closed by
// hand and not past its closing time. Expiry is read from the stored time,
// since the embedded engine has no TTL indexes.
func (s *Session) Open(now time.Time) bool {
	return s.ClosedAt == nil && now.Before(s.ClosesAt)
}

// Status is "open" or "closed".
func (s *Session) Status(now time.Time) string {
	if s.Open(now) {
		return StatusOpen
	}
	return StatusClosed
}

// JoinAlphabet has no look-alikes (no 0/O, 1/I/L), so a code read off a
// projector at the back of a classroom is typed right.
const JoinAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// JoinCodeLength is the length of a join code: 31^6 ≈ 887 million codes.
const JoinCodeLength = 6

// NewJoinCode draws a code from a cryptographic source, without bias.
func NewJoinCode() string {
	const n = len(JoinAlphabet)
	// The largest multiple of n below 256: bytes above it are redrawn.
	const limit = 256 - 256%n
	out := make([]byte, 0, JoinCodeLength)
	buf := make([]byte, 16)
	for len(out) < JoinCodeLength {
		_, _ = rand.Read(buf) // never fails on supported platforms
		for _, b := range buf {
			if int(b) < limit && len(out) < JoinCodeLength {
				out = append(out, JoinAlphabet[int(b)%n])
			}
		}
	}
	return string(out)
}

// NormalizeJoinCode upper-cases a typed code and drops spaces and dashes;
// it returns "" if what remains is not a possible code.
func NormalizeJoinCode(s string) string {
	s = strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s)))
	if len(s) != JoinCodeLength {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(JoinAlphabet, s[i]) < 0 {
			return ""
		}
	}
	return s
}
