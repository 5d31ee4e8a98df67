package sale

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Peppered PIN hashes. A PIN is 4 to 8 digits: with the journal file alone
// an attacker could try all 10,000 four-digit PINs against a plain
// argon2id hash in under an hour. A peppered hash is argon2id over
// HMAC-SHA256(pepper, PIN), the pepper derived from the till's key, which
// is never in the journal: without the key file no guess can be checked.
// The version is in the hash's prefix, "$argon2id-hmac1$"; a PIN hashed
// before pepper ("$argon2id$") still checks, and is hashed again with the
// pepper at the cashier's next right PIN (Auth.attempt).
const pepperedPrefix = "$argon2id-hmac1$v=19$"

// Peppered reports whether hash is a peppered PIN hash.
func Peppered(hash string) bool { return strings.HasPrefix(hash, pepperedPrefix) }

func pepperPIN(pin string, pepper []byte) []byte {
	m := hmac.New(sha256.New, pepper)
	m.Write([]byte(pin))
	return m.Sum(nil)
}

// HashPINPeppered is HashPIN with the pepper mixed in.
func HashPINPeppered(pin string, p PINParams, pepper []byte) (string, error) {
	if err := ValidPIN(pin); err != nil {
		return "", err
	}
	if len(pepper) == 0 {
		return "", errorf(CodeInternal, "no pepper for a PIN hash")
	}
	if p.Time == 0 || p.Memory == 0 || p.Threads == 0 {
		p = DefaultPINParams
	}
	salt := make([]byte, pinSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", errorf(CodeInternal, "no randomness for a PIN salt: %v", err)
	}
	key := argon2.IDKey(pepperPIN(pin, pepper), salt, p.Time, p.Memory, p.Threads, pinKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("%sm=%d,t=%d,p=%d$%s$%s", pepperedPrefix, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// checkPIN checks pin against hash, peppered or not. A peppered hash never
// matches without the pepper.
func checkPIN(hash, pin string, pepper []byte) bool {
	if !Peppered(hash) {
		return CheckPIN(hash, pin)
	}
	p, salt, key, ok := parsePINHash(hash)
	if !ok || len(pepper) == 0 {
		dummyPINCheck(pin)
		return false
	}
	got := argon2.IDKey(pepperPIN(pin, pepper), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// hashPIN hashes a new PIN: peppered when the Auth has a pepper.
func (a *Auth) hashPIN(pin string) (string, error) {
	if a.pepper != nil {
		return HashPINPeppered(pin, a.params, a.pepper)
	}
	return HashPIN(pin, a.params)
}
