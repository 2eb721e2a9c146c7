package store

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// newSecret returns 32 random bytes, base64url without padding: 256 bits a
// client presents and the store keeps only as a hash.
func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// secretHash is what is stored of a secret. The secrets are random and long,
// so a fast hash is enough: nothing about them can be guessed offline.
func secretHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// dayZone is the zone of the days the store records (a token's last use).
var dayZone = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Stockholm"); err == nil {
		return loc
	}
	return time.UTC
}()

func day(t time.Time) string { return t.In(dayZone).Format(time.DateOnly) }
