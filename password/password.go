// Package password hashes staff passwords with argon2id and makes the
// one-time passwords the command line hands out.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Parameters of new hashes: the OWASP minimum for argon2id (19 MiB, two
// passes, one lane). Verify reads the parameters from each stored hash, so
// these can be raised without invalidating existing passwords.
const (
	memoryKiB = 19 * 1024
	passes    = 2
	lanes     = 1
	saltLen   = 16
	keyLen    = 32
)

// Bounds on parameters read back from a stored hash. They keep a corrupted
// or hostile hash from panicking the argon2 package or exhausting memory.
const (
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxPasses    = 64
	maxLanes     = 64
	minSaltLen   = 8
	minKeyLen    = 16
	maxLen       = 128
)

// ErrMalformed is returned by Verify for a hash it cannot read.
var ErrMalformed = errors.New("password: malformed hash")

var b64 = base64.RawStdEncoding

// Hash returns pw hashed with argon2id and a random salt, in the PHC string
// format: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func Hash(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, passes, memoryKiB, lanes, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, memoryKiB, passes, lanes, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether pw matches the encoded hash. A wrong password is
// (false, nil); a hash that cannot be read is (false, ErrMalformed).
func Verify(pw, encoded string) (bool, error) {
	p, err := parse(encoded)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(pw), p.salt, p.passes, p.memory, p.lanes, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1, nil
}

type params struct {
	memory, passes uint32
	lanes          uint8
	salt, key      []byte
}

func parse(encoded string) (params, error) {
	var p params
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, ErrMalformed
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, fmt.Errorf("%w: unsupported version %q", ErrMalformed, parts[2])
	}
	var m, t, l uint64
	for i, field := range strings.Split(parts[3], ",") {
		name, value, ok := strings.Cut(field, "=")
		want := [...]string{"m", "t", "p"}
		if !ok || i >= len(want) || name != want[i] {
			return p, fmt.Errorf("%w: parameters %q", ErrMalformed, parts[3])
		}
		n, err := strconv.ParseUint(value, 10, 32)
		if err != nil {
			return p, fmt.Errorf("%w: parameter %s", ErrMalformed, name)
		}
		switch i {
		case 0:
			m = n
		case 1:
			t = n
		case 2:
			l = n
		}
	}
	if t < 1 || t > maxPasses || l < 1 || l > maxLanes || m < 8*l || m > maxMemoryKiB {
		return p, fmt.Errorf("%w: parameters %q out of range", ErrMalformed, parts[3])
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < minSaltLen || len(salt) > maxLen {
		return p, fmt.Errorf("%w: salt", ErrMalformed)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < minKeyLen || len(key) > maxLen {
		return p, fmt.Errorf("%w: hash", ErrMalformed)
	}
	return params{memory: uint32(m), passes: uint32(t), lanes: uint8(l), salt: salt, key: key}, nil
}
