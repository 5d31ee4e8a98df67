// Package keys is the till's secret key: a 256-bit key kept in a file
// OUTSIDE the journal (and so outside every backup of it), from which every
// other key the till uses is derived with HKDF-SHA256:
//
//	seal    the AES-256-GCM key that encrypts the secret fields of
//	        the journal (voucher PINs, tokens, card tokens) — store/seal.go
//	nonce   the HMAC key that derives each sealed value's nonce (a
//	        synthetic IV, so sealing a value twice gives the same bytes)
//	sign    the seed of the till's Ed25519 key that signs the hash chain
//	check   a MAC of a fixed text stored in the journal's meta, so a journal
//	        opened with another till's key is refused before anything is
//	        written
//
// The key file is 64 hex digits and a newline, mode 0600. It is made at the
// till's first run; a file that is short, damaged or readable by other
// users is refused (the till then exits 4 with the fix).
package keys

import (
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Size is the key's length in bytes (256 bits).
const Size = 32

// FileName is the key file's name in the till's state directory.
const FileName = "till.key"

// Errors of Load, for errors.Is.
var (
	// ErrMissing: there is no key file at the path.
	ErrMissing = errors.New("key file missing")
	// ErrBad: the key file is there but cannot be used (short, damaged,
	// readable by others, not a file).
	ErrBad = errors.New("key file unusable")
)

// Key is a till's key. The zero Key is not valid; use Load, Create or New.
type Key struct {
	raw  [Size]byte
	path string
}

// New returns a fresh random key (not yet written anywhere).
func New() (*Key, error) {
	k := &Key{}
	if _, err := rand.Read(k.raw[:]); err != nil {
		return nil, fmt.Errorf("no randomness for a key: %w", err)
	}
	return k, nil
}

// FromBytes makes a key from 32 bytes (tests and tools).
func FromBytes(b []byte) (*Key, error) {
	if len(b) != Size {
		return nil, fmt.Errorf("a till key is %d bytes, not %d", Size, len(b))
	}
	k := &Key{}
	copy(k.raw[:], b)
	return k, nil
}

type keyError struct {
	kind error
	msg  string
}

func (e *keyError) Error() string { return e.msg }
func (e *keyError) Unwrap() error { return e.kind }

func badf(format string, args ...any) error {
	return &keyError{ErrBad, fmt.Sprintf(format, args...)}
}

// Load reads the key file at path. A missing file is ErrMissing; a file
// readable or writable by group or others, or that is not exactly 64 hex
// digits (and a newline), is ErrBad with the fix in its message. The key's
// bytes never appear in a message.
func Load(path string) (*Key, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, &keyError{ErrMissing, fmt.Sprintf("the till's key file %s is missing", path)}
	}
	if err != nil {
		return nil, badf("the till's key file %s cannot be read: %v", path, errors.Unwrap(err))
	}
	switch {
	case !fi.Mode().IsRegular():
		return nil, badf("the till's key file %s is not a regular file", path)
	case fi.Mode().Perm()&0o077 != 0:
		return nil, badf("the till's key file %s can be read by other users (mode %04o): anyone who reads it can read the "+
			"journal's voucher PINs and tokens. Fix it with:  chmod 600 %s  (and if others may have copied it, rotate it: "+
			"till key rotate --supervisor ID)", path, fi.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, badf("the till's key file %s cannot be read: %v", path, errors.Unwrap(err))
	}
	text := strings.TrimRight(string(b), "\r\n")
	raw, err := hex.DecodeString(text)
	if err != nil || len(raw) != Size {
		return nil, badf("the till's key file %s is damaged or short (%d bytes; a key is %d hex digits): restore it from "+
			"its backup (README: The till's key); never replace it with a new one while the journal holds sealed secrets",
			path, len(b), 2*Size)
	}
	k, _ := FromBytes(raw)
	k.path = path
	return k, nil
}

// Create writes k to path, mode 0600, in a 0700 directory made if missing,
// through a temp file, fsync and a rename that never replaces an existing
// key file.
func (k *Key) Create(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return badf("cannot make the directory of the till's key file %s: %v", path, errors.Unwrap(err))
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return badf("cannot write the till's key file %s: %v", path, errors.Unwrap(err))
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	werr := f.Chmod(0o600)
	if werr == nil {
		_, werr = f.WriteString(k.Hex() + "\n")
	}
	if werr == nil {
		werr = f.Sync()
	}
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Link(tmp, path) // never replaces a key that appeared meanwhile
	}
	if werr != nil {
		return badf("cannot write the till's key file %s: %v", path, werr)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	k.path = path
	return nil
}

// Path is the file k was loaded from or written to ("" if neither).
func (k *Key) Path() string { return k.path }

// derive returns n bytes of HKDF-SHA256 of the key for purpose.
func (k *Key) derive(purpose string, n int) []byte {
	b, err := hkdf.Key(sha256.New, k.raw[:], []byte("till key v1"), "till/"+purpose, n)
	if err != nil {
		panic(err) // only for n beyond 255*32
	}
	return b
}

// SealKey is the 32-byte AES-256-GCM key of the journal's secrets.
func (k *Key) SealKey() []byte { return k.derive("seal", 32) }

// NonceKey is the HMAC key that derives each sealed value's nonce.
func (k *Key) NonceKey() []byte { return k.derive("nonce", 32) }

// Hex is the key as 64 hex digits (the key file's form). It is for
// values kept sealed under another key; never print or log it.
func (k *Key) Hex() string { return hex.EncodeToString(k.raw[:]) }

// Signer is the till's Ed25519 private key.
func (k *Key) Signer() ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(k.derive("ed25519", ed25519.SeedSize))
}

// Public is the till's Ed25519 public key.
func (k *Key) Public() ed25519.PublicKey { return k.Signer().Public().(ed25519.PublicKey) }

// PublicHex is the public key as 64 hex digits, as printed on the Z
// report, shown by till doctor and recorded in the journal.
func (k *Key) PublicHex() string { return hex.EncodeToString(k.Public()) }

// Check is the key's check value: hex of an HMAC of a fixed text under a
// key derived from it. It is stored in the journal's meta; it identifies
// the key without revealing it.
func (k *Key) Check() string {
	m := hmac.New(sha256.New, k.derive("check", 32))
	m.Write([]byte("till key check v1"))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// ID is a short form of Check for messages (16 hex digits).
func (k *Key) ID() string { return k.Check()[:16] }

// Sign signs msg with the till's Ed25519 key.
func (k *Key) Sign(msg []byte) []byte { return ed25519.Sign(k.Signer(), msg) }

// ParsePublic reads a public key given as 64 hex digits (an optional
// "ed25519:" prefix is allowed).
func ParsePublic(s string) (ed25519.PublicKey, error) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "ed25519:")
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("a public key is %d hex digits", 2*ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(b), nil
}

// DefaultFile is where a till without [till] key_file keeps its key, as
// far as the environment says: $TILL_STATE_DIR, else $XDG_STATE_HOME/till,
// else ~/.local/state/till (the till's own rules, cli/continuity.go, add
// fall-backs when that directory cannot be written). Tools that write a
// journal (bench/genjournal) use it to find the key where the till does.
func DefaultFile(getenv func(string) string) string {
	if d := getenv("TILL_STATE_DIR"); d != "" {
		return filepath.Join(d, FileName)
	}
	if x := getenv("XDG_STATE_HOME"); x != "" {
		return filepath.Join(x, "till", FileName)
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "state", "till", FileName)
	}
	return FileName
}
