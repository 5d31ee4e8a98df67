package store

// Secrets at rest. Every secret VALUE the journal keeps — an order's
// Secrets (a 1Voucher PIN being redeemed, a card token), the secret Items
// of a provider's answer (voucher PINs, electricity tokens) and a
// customer's card token — is sealed before it is encoded, at the store's
// edge, and opened again when a sale, an event or a customer leaves the
// store:
//
//	"enc:v1:" + base64url(nonce ‖ AES-256-GCM ciphertext ‖ tag)
//
// The additional data is the sale's reference (or "customer:C7"), a zero
// byte and the field's name ("secret:pin", "item:Voucher PIN", "token"), so
// a sealed value moved to another sale or field does not open. The nonce
// is synthetic: HMAC-SHA256 (keys.NonceKey) of the additional data and the
// value, cut to GCM's 12 bytes (a synthetic IV: two different values share
// a nonce only if HMAC-SHA256 collides in 96 bits). Sealing a value twice
// therefore gives the same bytes, which keeps an event and the sale record
// replayed from it equal (till verify compares them without the key); it
// only reveals that two sealed values of the same field of the same sale
// are equal. (A 24-byte XChaCha20-Poly1305 nonce would add 16 characters
// to every sealed value, and the journal's cost per sale grows with its
// bytes: BENCHMARKS.md.)
//
// The journal's meta holds the key's check value (keys.Key.Check). A
// journal with one is "keyed": opened without the key it still reads —
// every secret shows as Unavailable — but it sells nothing and no event
// carrying a secret or changing a sale's state is written. Opened with
// another key it is refused (ErrKey) before anything is written. A journal
// without a check value (written before keys) is migrated in one
// transaction the first time it is opened with a key (sealAll), and the
// pages its plaintext used are zeroed (scrubFree).

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"go.etcd.io/bbolt"

	"till/keys"
	"till/sale"
)

// Unavailable is shown in place of every secret a till without the
// journal's key reads.
const Unavailable = "secret not available on this till"

// Damaged is shown in place of a sealed value that does not open with the
// journal's key (it was edited).
const Damaged = "secret damaged: it does not open with this till's key"

// ErrKey: the key file is not the key the journal's secrets are sealed
// with, or it is unusable (short, damaged, readable by others). Exit 4.
var ErrKey = errors.New("journal key mismatch")

// The cashier PIN pepper (meta keyPepper, schema.go): 32 random bytes
// (hex), sealed under the key, so only a till with the key can check a
// PIN, and a key rotation (which seals it again) keeps every PIN hash.

func newPepper(tx *bbolt.Tx, s *sealer) error {
	k, err := keys.New()
	if err != nil {
		return err
	}
	return tx.Bucket(bucketMeta).Put(keyPepper, []byte(s.seal("meta", "pin_pepper", k.Hex())))
}

// Pepper is the PIN pepper of a keyed journal opened with its key (nil
// otherwise): sale.AuthOptions.Pepper.
func (db *DB) Pepper() []byte {
	if db.keys == nil || db.keys.s == nil {
		return nil
	}
	var p []byte
	_ = db.view(func(tx *bbolt.Tx) error {
		v, ok := db.keys.s.open("meta", "pin_pepper", string(tx.Bucket(bucketMeta).Get(keyPepper)))
		if b, err := hex.DecodeString(v); ok && err == nil && len(b) == 32 {
			p = b
		}
		return nil
	})
	return p
}

const sealPrefix = "enc:v1:"

// isSealed reports whether v is a sealed value.
func isSealed(v string) bool { return strings.HasPrefix(v, sealPrefix) }

// sealer seals and opens values under one key.
type sealer struct {
	key   *keys.Key
	aead  cipher.AEAD
	nonce []byte
}

func newSealer(k *keys.Key) *sealer {
	blk, err := aes.NewCipher(k.SealKey())
	if err != nil {
		panic(err) // the key is always 32 bytes
	}
	a, err := cipher.NewGCM(blk)
	if err != nil {
		panic(err)
	}
	return &sealer{key: k, aead: a, nonce: k.NonceKey()}
}

func additional(ref, field string) []byte { return []byte(ref + "\x00" + field) }

// seal returns v sealed for ref and field; "" and sealed values are kept.
func (s *sealer) seal(ref, field, v string) string {
	if v == "" || isSealed(v) {
		return v
	}
	ad := additional(ref, field)
	m := hmac.New(sha256.New, s.nonce)
	m.Write(ad)
	m.Write([]byte{0})
	m.Write([]byte(v))
	nonce := m.Sum(nil)[:s.aead.NonceSize()]
	out := make([]byte, 0, len(nonce)+len(v)+s.aead.Overhead())
	out = append(out, nonce...)
	out = s.aead.Seal(out, nonce, []byte(v), ad)
	return sealPrefix + base64.RawURLEncoding.EncodeToString(out)
}

// open returns the value of v (sealed or not) for ref and field; ok is
// false when it cannot be read (no key: Unavailable; edited: Damaged).
func (s *sealer) open(ref, field, v string) (string, bool) {
	if !isSealed(v) {
		return v, true
	}
	if s == nil {
		return Unavailable, false
	}
	b, err := base64.RawURLEncoding.DecodeString(v[len(sealPrefix):])
	n := s.aead.NonceSize()
	if err != nil || len(b) < n+s.aead.Overhead() {
		return Damaged, false
	}
	pt, err := s.aead.Open(nil, b[:n], b[n:], additional(ref, field))
	if err != nil {
		return Damaged, false
	}
	return string(pt), true
}

// keyState is what a DB knows of its key.
type keyState struct {
	keyed bool    // the journal's meta has a key check: its secrets are sealed
	s     *sealer // nil: no key (a keyed journal is then read-only for secrets)
	// missing says why a keyed journal has no key, with the fix.
	missing string
	path    string // the key file ("" if the key was given directly)
}

// conv applies f to every secret value of a sale's order and outcome.
type conv func(ref, field, v string) string

func convSecrets(ref string, m map[string]string, f conv) map[string]string {
	if len(m) == 0 {
		return m
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = f(ref, "secret:"+k, v)
	}
	return out
}

func convItems(ref string, items []sale.Item, f conv) []sale.Item {
	secret := false
	for _, it := range items {
		secret = secret || it.Secret
	}
	if !secret {
		return items
	}
	out := make([]sale.Item, len(items))
	for i, it := range items {
		if it.Secret {
			it.Value = f(ref, "item:"+it.Label, it.Value)
		}
		out[i] = it
	}
	return out
}

// convSale applies f to the secrets of s (copying what it changes).
func convSale(s sale.Sale, f conv) sale.Sale {
	ref := string(s.Ref)
	s.Order.Secrets = convSecrets(ref, s.Order.Secrets, f)
	s.Outcome.Items = convItems(ref, s.Outcome.Items, f)
	return s
}

// convEvent applies f to the secrets of e (copying what it changes).
func convEvent(e sale.Event, f conv) sale.Event {
	ref := string(e.Ref)
	if e.Order != nil {
		o := *e.Order
		o.Secrets = convSecrets(ref, o.Secrets, f)
		e.Order = &o
	}
	if e.Outcome != nil {
		o := *e.Outcome
		o.Items = convItems(ref, o.Items, f)
		e.Outcome = &o
	}
	return e
}

// carriesSecret reports whether e holds a secret value.
func carriesSecret(e sale.Event) bool {
	found := false
	convEvent(e, func(_, _, v string) string { found = found || v != ""; return v })
	return found
}

func (k *keyState) sealFn() conv { return k.s.seal }

func (k *keyState) openFn() conv {
	return func(ref, field, v string) string { v, _ = k.s.open(ref, field, v); return v }
}

// openSale returns s with its secrets opened (or Unavailable).
func (db *DB) openSale(s sale.Sale) sale.Sale {
	if db.keys == nil {
		return s
	}
	return convSale(s, db.keys.openFn())
}

// openEvent returns e with its secrets opened (or Unavailable).
func (db *DB) openEvent(e sale.Event) sale.Event {
	if db.keys == nil {
		return e
	}
	return convEvent(e, db.keys.openFn())
}

// openSales opens every sale of ss in place.
func (db *DB) openSales(ss []sale.Sale) []sale.Sale {
	for i := range ss {
		ss[i] = db.openSale(ss[i])
	}
	return ss
}

func customerAD(id string) string { return "customer:" + id }

// sealCustomer returns c with its card token sealed.
func (db *DB) sealCustomer(c sale.Customer) (sale.Customer, error) {
	if db.keys == nil || !db.keys.keyed {
		return c, nil
	}
	if db.keys.s == nil {
		return c, db.lockedError("the customer book cannot keep a card token on this till")
	}
	c.Token = db.keys.s.seal(customerAD(c.ID), "token", c.Token)
	return c, nil
}

// openCustomer returns c with its card token opened (or Unavailable).
func (db *DB) openCustomer(c sale.Customer) sale.Customer {
	if db.keys != nil {
		c.Token, _ = db.keys.s.open(customerAD(c.ID), "token", c.Token)
	}
	return c
}

// lockedError is why a keyed journal without its key writes nothing that
// needs the key.
func (db *DB) lockedError(what string) error {
	return sale.JournalErrorf("%s: %s; nothing was written. Every sale can still be read, reprinted, reported and verified "+
		"(secrets show as %q)", what, db.keys.missing, Unavailable)
}

// sealOrder seals the secrets of a new sale's order; a keyed journal
// without its key sells nothing.
func (db *DB) sealOrder(ref sale.Reference, o *sale.Order) error {
	if db.keys == nil || !db.keys.keyed {
		return nil
	}
	if db.keys.s == nil {
		return db.lockedError("this till cannot sell: a new sale could not keep its secrets")
	}
	o.Secrets = convSecrets(string(ref), o.Secrets, db.keys.sealFn())
	return nil
}

// sealEvent seals the secrets of e before it is appended. A keyed journal
// without its key appends only annotations that carry no secret (a
// reprint, a note): nothing that sends, settles or changes a sale.
func (db *DB) sealEvent(e *sale.Event) error {
	if db.keys == nil || !db.keys.keyed {
		return nil
	}
	if db.keys.s == nil {
		if e.State != "" || e.Type == sale.EventSending || carriesSecret(*e) {
			return db.lockedError(fmt.Sprintf("sale %s cannot be sent or settled on this till", e.Ref))
		}
		return nil
	}
	*e = convEvent(*e, db.keys.sealFn())
	return nil
}

// SecretsLocked reports whether the journal's secrets are sealed and this
// DB has no key for them, and why (with the fix). Such a till must not
// sell.
func (db *DB) SecretsLocked() (bool, string) {
	if db.keys == nil || !db.keys.keyed || db.keys.s != nil {
		return false, ""
	}
	return true, db.keys.missing
}

// Sealed reports whether the journal's secrets are sealed under a key.
func (db *DB) Sealed() bool { return db.keys != nil && db.keys.keyed }

// Key returns the key the journal is open with (nil if none).
func (db *DB) Key() *keys.Key {
	if db.keys == nil || db.keys.s == nil {
		return nil
	}
	return db.keys.s.key
}
