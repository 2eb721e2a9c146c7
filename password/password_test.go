package password

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

func TestHashThenVerify(t *testing.T) {
	h, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not in the expected PHC form", h)
	}
	if strings.Contains(h, "correct horse") {
		t.Fatal("hash contains the password")
	}
	h2, _ := Hash("correct horse battery staple")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for _, tt := range []struct {
		name string
		pw   string
		want bool
	}{
		{"right password", "correct horse battery staple", true},
		{"wrong password", "correct horse battery stapler", false},
		{"empty password", "", false},
		{"different case", "Correct horse battery staple", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := Verify(tt.pw, h)
			if err != nil || ok != tt.want {
				t.Fatalf("Verify = %v, %v; want %v", ok, err, tt.want)
			}
		})
	}
}

// Verify reads the parameters from the hash, so hashes made with other
// (for example raised) parameters keep working.
func TestVerifyUsesParametersOfTheHash(t *testing.T) {
	salt := []byte("somesaltsomesalt")
	key := argon2.IDKey([]byte("password"), salt, 3, 32*1024, 2, 24)
	h := "$argon2id$v=19$m=32768,t=3,p=2$" + b64.EncodeToString(salt) + "$" + b64.EncodeToString(key)
	ok, err := Verify("password", h)
	if err != nil || !ok {
		t.Fatalf("hash with other parameters: Verify = %v, %v", ok, err)
	}
	if ok, _ := Verify("passwort", h); ok {
		t.Fatal("wrong password verifies")
	}
	// The same key read with the default parameters must not match.
	other := "$argon2id$v=19$m=19456,t=2,p=1$" + b64.EncodeToString(salt) + "$" + b64.EncodeToString(key)
	if ok, _ := Verify("password", other); ok {
		t.Fatal("parameters in the string are ignored")
	}
}

func TestVerifyMalformed(t *testing.T) {
	const salt, key = "c29tZXNhbHRzb21lc2FsdA", "/HPTA+yAGO4awSb0N5t3hWFuNRyJRvHF40RfM0ZAf0o"
	for _, tt := range []struct{ name, encoded string }{
		{"empty", ""},
		{"plain text", "hunter2"},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", "$argon2i$v=19$m=19456,t=2,p=1$" + salt + "$" + key},
		{"no leading dollar", "argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key},
		{"old version", "$argon2id$v=16$m=19456,t=2,p=1$" + salt + "$" + key},
		{"missing version", "$argon2id$m=19456,t=2,p=1$" + salt + "$" + key},
		{"missing hash", "$argon2id$v=19$m=19456,t=2,p=1$" + salt},
		{"extra part", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key + "$x"},
		{"zero passes", "$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + key},
		{"zero lanes", "$argon2id$v=19$m=19456,t=2,p=0$" + salt + "$" + key},
		{"lanes over uint8", "$argon2id$v=19$m=19456,t=2,p=256$" + salt + "$" + key},
		{"huge memory", "$argon2id$v=19$m=4294967295,t=2,p=1$" + salt + "$" + key},
		{"memory too small", "$argon2id$v=19$m=4,t=2,p=1$" + salt + "$" + key},
		{"negative memory", "$argon2id$v=19$m=-1,t=2,p=1$" + salt + "$" + key},
		{"memory overflows", "$argon2id$v=19$m=99999999999999999999,t=2,p=1$" + salt + "$" + key},
		{"parameters reordered", "$argon2id$v=19$t=2,m=19456,p=1$" + salt + "$" + key},
		{"parameter missing", "$argon2id$v=19$m=19456,t=2$" + salt + "$" + key},
		{"parameter extra", "$argon2id$v=19$m=19456,t=2,p=1,k=3$" + salt + "$" + key},
		{"parameter without value", "$argon2id$v=19$m,t=2,p=1$" + salt + "$" + key},
		{"salt not base64", "$argon2id$v=19$m=19456,t=2,p=1$!!!!$" + key},
		{"salt too short", "$argon2id$v=19$m=19456,t=2,p=1$c29tZQ$" + key},
		{"empty salt", "$argon2id$v=19$m=19456,t=2,p=1$$" + key},
		{"hash not base64", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$%%%"},
		{"hash too short", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$c29tZQ"},
		{"empty hash", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$"},
		{"padded base64", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "==$" + key},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := Verify("password", tt.encoded)
			if ok || !errors.Is(err, ErrMalformed) {
				t.Fatalf("Verify = %v, %v; want false, ErrMalformed", ok, err)
			}
		})
	}
}

func TestGenerate(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		pw := Generate()
		if len(pw) != groups*groupSize+groups-1 {
			t.Fatalf("%q has length %d", pw, len(pw))
		}
		for j, group := range strings.Split(pw, "-") {
			if len(group) != groupSize {
				t.Fatalf("%q: group %d is %q", pw, j, group)
			}
			for _, c := range group {
				if !strings.ContainsRune(alphabet, c) {
					t.Fatalf("%q holds %q, outside the alphabet", pw, c)
				}
			}
		}
		if seen[pw] {
			t.Fatalf("%q generated twice", pw)
		}
		seen[pw] = true
	}
	for _, lookAlike := range "01ilo" {
		if strings.ContainsRune(alphabet, lookAlike) {
			t.Errorf("alphabet holds the look-alike %q", lookAlike)
		}
	}
	// log2(31) ≈ 4.954 bits per symbol.
	if bits := float64(groups*groupSize) * 4.954; bits < 100 {
		t.Errorf("%.0f bits of entropy, want at least 100", bits)
	}
}
