package store

// The signed chain. The hash chain proves that nobody edited the journal
// unless they recomputed it; anyone with the file can recompute it. So each
// Z (CloseDay) and each checkpoint (till verify) signs the chain head with
// the till's Ed25519 key (keys.Key.Signer, derived from the key file), in a
// journal-level sale.EventChainSigned whose Note is
//
//	key=<hex public key> sig=<hex signature> for=<what>
//
// The signature is over ChainMessage(store, terminal, seq, hash) of the
// head BEFORE the event: its Seq-1 and its Prev. An edit followed by a
// recomputed chain changes every later head, so every later signature
// fails — and a new signature needs the key, which is not in the file.
//
// Which keys may sign: the key of the first key event (sale.EventKeySet,
// or the first checkpoint), then each key a sale.EventKeyRotated
// introduces, signed by a key already accepted (RotateMessage). A second
// unsigned key is refused by verify. Verify without an anchor only proves
// the journal is consistent with its own first key; anchored with the
// till's key file (till verify on the till) or a public key given
// (--public-key: head office, an auditor), a journal re-signed throughout
// by someone else's key fails too.

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"till/keys"
	"till/sale"
)

// ChainMessage is what a checkpoint signs: the head (seq, hash) of the
// chain of store/terminal.
func ChainMessage(storeID, terminalID string, seq uint64, hash string) []byte {
	return []byte("till-chain-v1\n" + storeID + "\n" + terminalID + "\n" + strconv.FormatUint(seq, 10) + "\n" + hash)
}

// RotateMessage is what the old key signs when it hands over to a new one.
func RotateMessage(storeID, terminalID, oldPub, newPub string) []byte {
	return []byte("till-key-rotate-v1\n" + storeID + "\n" + terminalID + "\n" + oldPub + "\n" + newPub)
}

// noteFields parses a key event's Note: "a=1 b=2 for=rest of it".
func noteFields(note string) map[string]string {
	out := map[string]string{}
	for note != "" {
		var f string
		f, note, _ = strings.Cut(note, " ")
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			continue
		}
		if k == "for" {
			v = strings.TrimSpace(v + " " + note)
			note = ""
		}
		out[k] = v
	}
	return out
}

// journalKeyEvent appends a key event (by the till itself) inside tx.
func journalKeyEvent(tx *bbolt.Tx, t sale.EventType, note string) error {
	_, err := appendKeyEvent(tx, t, note)
	return err
}

func appendKeyEvent(tx *bbolt.Tx, t sale.EventType, note string) (sale.Event, error) {
	e := sale.Event{Type: t, At: time.Now().UTC(), By: "till", Note: note}
	var err error
	if e.Seq, err = tx.Bucket(bucketEvents).NextSequence(); err != nil {
		return e, err
	}
	return e, chainEvent(tx, &e)
}

// signNote is the Note of a checkpoint signed by k over the head (seq,
// prev) of the chain of db.
func (db *DB) signNote(k *keys.Key, seq uint64, prev, what string) string {
	sig := k.Sign(ChainMessage(db.storeID, db.terminalID, seq, prev))
	return fmt.Sprintf("key=%s sig=%s for=%s", k.PublicHex(), hex.EncodeToString(sig), what)
}

// signTx appends a signed checkpoint of the current head inside tx. A
// journal without a key signs nothing (ok false); a keyed one without its
// key is refused.
func (db *DB) signTx(tx *bbolt.Tx, what string) (sale.Event, bool, error) {
	if db.keys == nil {
		return sale.Event{}, false, nil
	}
	if db.keys.s == nil {
		return sale.Event{}, false, db.lockedError("the chain cannot be signed on this till")
	}
	m := tx.Bucket(bucketMeta)
	seq, head := fromBE64(m.Get(keyHeadSeq)), string(m.Get(keyHeadHash))
	e, err := appendKeyEvent(tx, sale.EventChainSigned, db.signNote(db.keys.s.key, seq, head, what))
	return e, err == nil, err
}

// signZ signs the head after a day's close event and fills in the Z
// report's signature (and, on the first Z signed by this key, its public
// key).
func (db *DB) signZ(tx *bbolt.Tx, r *sale.DayReport) error {
	e, ok, err := db.signTx(tx, "Z "+r.Day)
	if err != nil || !ok {
		return err
	}
	f := noteFields(e.Note)
	r.Signature = f["sig"]
	m := tx.Bucket(bucketMeta)
	if string(m.Get(keySigned)) != f["key"] {
		r.PublicKey = f["key"]
		return m.Put(keySigned, []byte(f["key"]))
	}
	return nil
}

// Checkpoint signs the journal's current chain head (till verify, after a
// clean check), journaled with fsync. what says why ("verify"). A journal
// without a key returns ok false and writes nothing.
func (db *DB) Checkpoint(what string) (e sale.Event, ok bool, err error) {
	err = db.update(func(tx *bbolt.Tx) error {
		e, ok, err = db.signTx(tx, what)
		return err
	})
	return e, ok, err
}

// sigState is what verify learns of the key events along the chain.
type sigState struct {
	keys    []string // accepted public keys: the root, then each one a rotation by an accepted key brought in
	current string   // the key in force at the end: the root or the last rotation's new key
	signed  int      // checkpoints whose signature holds
	lastSeq uint64   // the last checkpoint's sequence
	lastKey string   // and the key that signed it
	// checks are the checkpoints whose signature holds, to be checked
	// against the accepted keys once the whole chain is walked.
	checks []checkMark
}

type checkMark struct {
	seq       uint64
	key, for_ string
}

func (s *sigState) accepted(pub string) bool {
	for _, k := range s.keys {
		if k == pub {
			return true
		}
	}
	return false
}

// keyEvent checks a key event of the chain walk. The root key is the
// first key_set's (every keyed journal starts with one), else the first
// rotation's old key, else the first checkpoint's. A rotation brings in a
// new key only when signed by a key already accepted; a second key_set
// brings in none.
func (v *verifier) keyEvent(e sale.Event) {
	s := &v.sig
	f := noteFields(e.Note)
	pub := f["key"]
	pk, err := keys.ParsePublic(pub)
	if err != nil {
		v.note(e.Seq, "", "the %s event names no valid public key", e.Type)
		return
	}
	switch e.Type {
	case sale.EventKeySet:
		if len(s.keys) > 0 && !s.accepted(pub) {
			v.note(e.Seq, "", "it sets key %s, which no key of this journal signed: a key was put in without the till's key", short(pub))
			return
		}
		s.root(pub)
	case sale.EventKeyRotated:
		from := f["from"]
		opk, err := keys.ParsePublic(from)
		sig, serr := hex.DecodeString(f["sig"])
		switch {
		case err != nil || serr != nil:
			v.note(e.Seq, "", "the key rotation is not signed by the old key")
			return
		case !ed25519.Verify(opk, RotateMessage(v.m.storeID, v.m.terminalID, from, pub), sig):
			v.note(e.Seq, "", "the signature of the key rotation (old key %s to new key %s) is wrong", short(from), short(pub))
			return
		}
		s.root(from)
		if !s.accepted(from) {
			v.note(e.Seq, "", "the key rotation is signed by key %s, which is not this journal's key", short(from))
			return
		}
		if !s.accepted(pub) {
			s.keys = append(s.keys, pub)
		}
		s.current = pub
	case sale.EventChainSigned:
		sig, err := hex.DecodeString(f["sig"])
		if err != nil || !ed25519.Verify(pk, ChainMessage(v.m.storeID, v.m.terminalID, e.Seq-1, e.Prev), sig) {
			v.note(e.Seq, "", "the signature of checkpoint event %d (%s) does not match the chain head it signed (event %d): "+
				"the journal was edited and its hash chain recomputed after it was signed", e.Seq, f["for"], e.Seq-1)
			return
		}
		s.checks = append(s.checks, checkMark{seq: e.Seq, key: pub, for_: f["for"]})
	}
}

// root makes pub the root key if there is none yet.
func (s *sigState) root(pub string) {
	if len(s.keys) == 0 {
		s.keys, s.current = []string{pub}, pub
	}
}

// finish checks, after the chain walk, that every checkpoint is signed by
// an accepted key. (A rotation signs earlier checkpoints again with the
// new key, which the chain brings in after them.)
func (v *verifier) finishSignatures() {
	s := &v.sig
	for _, c := range s.checks {
		s.root(c.key)
		if !s.accepted(c.key) {
			v.note(c.seq, "", "the signature of checkpoint event %d (%s) is by key %s, which is not this journal's key "+
				"(its keys: %s)", c.seq, c.for_, short(c.key), strings.Join(shorts(s.keys), ", "))
			continue
		}
		s.signed++
		s.lastSeq, s.lastKey = c.seq, c.key
	}
}

func shorts(ks []string) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = short(k)
	}
	return out
}

func short(pub string) string {
	if len(pub) > 16 {
		return pub[:16]
	}
	return pub
}
