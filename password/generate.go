package password

import (
	"crypto/rand"
	"strings"
)

// alphabet has no look-alikes: no 0/o, 1/i/l. 31 symbols, about 4.95 bits each.
const alphabet = "23456789abcdefghjkmnpqrstuvwxyz"

const (
	groups    = 4
	groupSize = 6 // 24 symbols: about 119 bits
)

// Generate returns a one-time password such as "k7mq2x-9hbw4e-tz3nra-p8d6yc":
// easy to read aloud and type, and far beyond guessing.
func Generate() string {
	var b strings.Builder
	buf := make([]byte, 1)
	for g := 0; g < groups; g++ {
		if g > 0 {
			b.WriteByte('-')
		}
		for n := 0; n < groupSize; {
			_, _ = rand.Read(buf) // crypto/rand.Read never fails on supported platforms
			// Rejection sampling keeps every symbol equally likely.
			if c := buf[0] & 31; int(c) < len(alphabet) {
				b.WriteByte(alphabet[c])
				n++
			}
		}
	}
	return b.String()
}
