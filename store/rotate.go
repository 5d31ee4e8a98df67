package store

import (
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"till/keys"
	"till/sale"
)

// Rotation is what RotateKey did.
type Rotation struct {
	OldID, NewID   string // key ids (keys.Key.ID)
	OldPub, NewPub string // public keys, hex
	Resealed       int    // events whose secrets were sealed again
	OldTag, NewTag string // install tags: the re-sealed chain is a new one
	Event          sale.Event
}

// RotateKey seals every secret of the journal under next instead of the
// current key, in one transaction committed with fsync: the events (the
// hash chain recomputed from the first one changed, every checkpoint after
// it signed again by next), the sale records and the customer book; the
// key check in meta; a sale.EventKeyRotated whose signature by the OLD key
// vouches for the new public key, and a checkpoint signed by the new one.
// by is the supervisor who authorised it. It is for `till key rotate`,
// with the journal open nowhere else: it must not run beside other use of
// db.
//
// With a key file, next is first written beside it (KeyFile.new, 0600,
// fsync'd), then the journal is committed, then the new file replaces the
// old: a crash between the two leaves both, and the next Open finishes the
// rename (setUpKey). Afterwards the pages the old ciphertexts used are
// zeroed.
func (db *DB) RotateKey(next *keys.Key, by string) (Rotation, error) {
	if db.keys == nil || db.keys.s == nil {
		if locked, why := db.SecretsLocked(); locked {
			return Rotation{}, db.lockedError("the key cannot be rotated: " + why)
		}
		return Rotation{}, sale.JournalErrorf("journal %s has no key to rotate", db.path)
	}
	if strings.TrimSpace(by) == "" {
		return Rotation{}, sale.Errorf(sale.CodeInvalid, "a key rotation needs the supervisor who authorises it")
	}
	old := db.keys.s
	if next.Check() == old.key.Check() {
		return Rotation{}, sale.Errorf(sale.CodeInvalid, "the new key is the current key")
	}
	path := db.keys.path
	if path != "" {
		_ = os.Remove(path + ".new") // a rotation that never committed
		if err := next.Create(path + ".new"); err != nil {
			return Rotation{}, sale.JournalErrorf("%v; nothing was changed", err)
		}
	}
	ns := newSealer(next)
	rot := Rotation{OldID: old.key.ID(), NewID: next.ID(), OldPub: old.key.PublicHex(), NewPub: next.PublicHex()}
	// Re-sealing rewrites every event that holds a secret, so the chain's
	// hashes change. Whoever holds a copy of the old chain (head office:
	// ship keys its rows by install tag and sequence) would see another
	// journal under the same identity. The re-sealed chain therefore gets a
	// new install tag, as an adopted journal does: it is shipped as a new
	// chain, and new sales carry references never used before.
	tag, err := newInstallTag()
	if err != nil {
		return Rotation{}, err
	}
	rot.OldTag, rot.NewTag = db.installTag, tag
	var damaged error
	recode := func(ref, field, v string) string {
		if !isSealed(v) {
			return ns.seal(ref, field, v)
		}
		pt, ok := old.open(ref, field, v)
		if !ok {
			if damaged == nil {
				damaged = fmt.Errorf("a secret of %s (%s) does not open with the current key: run till verify", ref, field)
			}
			return v
		}
		return ns.seal(ref, field, pt)
	}
	resign := func(e *sale.Event, seq uint64, prev string) {
		e.Note = db.signNote(next, seq, prev, noteFields(e.Note)["for"])
	}
	err = db.update(func(tx *bbolt.Tx) error {
		var err error
		if rot.Resealed, err = reseal(tx, recode, resign); err != nil {
			return err
		}
		if damaged != nil {
			return sale.JournalErrorf("%v; nothing was changed", damaged)
		}
		m := tx.Bucket(bucketMeta)
		if err := m.Put(keyKeyCheck, []byte(next.Check())); err != nil {
			return err
		}
		if v := m.Get(keyPepper); v != nil {
			if err := m.Put(keyPepper, []byte(recode("meta", "pin_pepper", string(v)))); err != nil {
				return err
			}
		}
		sig := old.key.Sign(RotateMessage(db.storeID, db.terminalID, rot.OldPub, rot.NewPub))
		note := fmt.Sprintf("from=%s key=%s sig=%s resealed=%d tag=%s", rot.OldPub, rot.NewPub, hex.EncodeToString(sig), rot.Resealed, tag)
		e := sale.Event{Type: sale.EventKeyRotated, At: time.Now().UTC(), By: by, Note: note}
		if e.Seq, err = tx.Bucket(bucketEvents).NextSequence(); err != nil {
			return err
		}
		if err := chainEvent(tx, &e); err != nil {
			return err
		}
		if err := m.Put(keyInstallTag, []byte(tag)); err != nil {
			return err
		}
		rot.Event = e
		db.keys.s = ns
		_, _, err = db.signTx(tx, "key rotation")
		if err != nil {
			db.keys.s = old
		}
		return err
	})
	if err != nil {
		db.keys.s = old
		if path != "" {
			_ = os.Remove(path + ".new")
		}
		return Rotation{}, err
	}
	db.installTag = tag
	if c := db.cont; c != nil && c.rec != nil {
		r := *c.rec
		r.Journal, r.InstallTag = db.path, tag
		if err := c.save(r); err != nil {
			// The journal carries the new tag and the record the old one:
			// the next start refuses the journal until a supervisor adopts
			// it, so nothing is sold under a doubtful tag.
			return rot, sale.JournalErrorf("the journal is sealed with the new key under install tag %s, but the continuity record could not follow (%v): "+
				"the next start asks for till journal adopt", tag, err)
		}
	}
	if path != "" {
		if err := os.Rename(path+".new", path); err != nil {
			return rot, sale.JournalErrorf("the journal is sealed with the new key, but %s.new could not replace %s (%v): "+
				"move it there by hand before the till is started", path, path, err)
		}
		_ = syncDir(filepath.Dir(path))
	}
	if err := db.scrubFree(); err != nil && !errors.Is(err, os.ErrNotExist) {
		return rot, err
	}
	return rot, nil
}
