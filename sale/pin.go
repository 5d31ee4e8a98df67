package sale

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// PIN lengths: a PIN is MinPIN to MaxPIN ASCII digits.
const (
	MinPIN = 4
	MaxPIN = 8
)

// ValidPIN checks that pin is 4 to 8 ASCII digits. Its message never
// repeats the PIN.
func ValidPIN(pin string) error {
	if len(pin) < MinPIN || len(pin) > MaxPIN {
		return errorf(CodeInvalid, "a PIN is %d to %d digits", MinPIN, MaxPIN)
	}
	for i := 0; i < len(pin); i++ {
		if pin[i] < '0' || pin[i] > '9' {
			return errorf(CodeInvalid, "a PIN is digits only")
		}
	}
	return nil
}

// PINParams are the argon2id costs a PIN is hashed with. They are stored in
// each hash, so raising them later only affects new and reset PINs.
type PINParams struct {
	Time    uint32 // passes over the memory
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultPINParams are RFC 9106's second recommended argon2id costs
// (t=3, 64 MiB, 4 lanes): about a tenth of a second per check on a till.
var DefaultPINParams = PINParams{Time: 3, Memory: 64 * 1024, Threads: 4}

// Bounds on the costs read back from a stored hash, so a damaged or edited
// record cannot make a check take minutes or gigabytes.
const (
	maxPINTime   = 16
	maxPINMemory = 1 << 20 // 1 GiB
)

const (
	pinSaltLen = 16
	pinKeyLen  = 32
	pinPrefix  = "$argon2id$v=19$"
)

// HashPIN returns the argon2id hash of pin with a fresh random salt, in the
// PHC string form "$argon2id$v=19$m=…,t=…,p=…$salt$key". It fails for a
// PIN that is not 4 to 8 digits.
func HashPIN(pin string, p PINParams) (string, error) {
	if err := ValidPIN(pin); err != nil {
		return "", err
	}
	if p.Time == 0 || p.Memory == 0 || p.Threads == 0 {
		p = DefaultPINParams
	}
	salt := make([]byte, pinSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", errorf(CodeInternal, "no randomness for a PIN salt: %v", err)
	}
	key := argon2.IDKey([]byte(pin), salt, p.Time, p.Memory, p.Threads, pinKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("%sm=%d,t=%d,p=%d$%s$%s", pinPrefix, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPIN reports whether pin matches the stored hash, comparing in
// constant time. A malformed hash never matches.
func CheckPIN(hash, pin string) bool {
	p, salt, key, ok := parsePINHash(hash)
	if !ok {
		// Spend the time anyway, so a missing or broken record does not
		// answer faster than a wrong PIN.
		dummyPINCheck(pin)
		return false
	}
	got := argon2.IDKey([]byte(pin), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// dummyPINCheck costs what a check with the default parameters costs.
func dummyPINCheck(pin string) {
	p := DefaultPINParams
	_ = argon2.IDKey([]byte(pin), make([]byte, pinSaltLen), p.Time, p.Memory, p.Threads, pinKeyLen)
}

func parsePINHash(h string) (p PINParams, salt, key []byte, ok bool) {
	rest, found := strings.CutPrefix(h, pinPrefix)
	if !found {
		rest, found = strings.CutPrefix(h, pepperedPrefix)
	}
	if !found {
		return p, nil, nil, false
	}
	parts := strings.Split(rest, "$")
	if len(parts) != 3 {
		return p, nil, nil, false
	}
	var m, t uint32
	var th uint8
	if n, err := fmt.Sscanf(parts[0], "m=%d,t=%d,p=%d", &m, &t, &th); n != 3 || err != nil {
		return p, nil, nil, false
	}
	if m == 0 || m > maxPINMemory || t == 0 || t > maxPINTime || th == 0 {
		return p, nil, nil, false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[1])
	key, err2 := b64.DecodeString(parts[2])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 {
		return p, nil, nil, false
	}
	return PINParams{Time: t, Memory: m, Threads: th}, salt, key, true
}

// PINFingerprint is what the hash chain records of a PIN hash: the hex
// SHA-256 of the stored hash string, prefixed "sha256:". It proves which
// hash a cashier event set, without putting the hash itself in the events.
// An empty hash has an empty fingerprint.
func PINFingerprint(hash string) string {
	if hash == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(hash))
	return "sha256:" + hex.EncodeToString(sum[:])
}
