package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"till/keys"
	"till/sale"

	"go.etcd.io/bbolt"
)

// setUpKey reads the journal's key check, loads (or, at a till's first
// run, makes) the key and migrates a journal written before keys. With
// neither Options.Key nor Options.KeyFile, a journal without a key check
// is kept as it is (tests and tools that do not seal).
func (db *DB) setUpKey(opts Options) error {
	var check string
	var events uint64
	if err := db.bolt.View(func(tx *bbolt.Tx) error {
		check = string(tx.Bucket(bucketMeta).Get(keyKeyCheck))
		events = tx.Bucket(bucketEvents).Sequence()
		return nil
	}); err != nil {
		return err
	}
	ks := &keyState{keyed: check != "", path: opts.KeyFile}
	db.keys = ks
	k := opts.Key
	if k == nil && opts.KeyFile != "" {
		var err error
		k, err = keys.Load(opts.KeyFile)
		switch {
		case err == nil:
		case errors.Is(err, keys.ErrMissing) && check == "":
			// The till's first run (or its first with keys): make the key.
			if k, err = keys.New(); err == nil {
				err = k.Create(opts.KeyFile)
			}
			if err != nil {
				return &wrapped{ErrKey, fmt.Sprintf("%v; nothing was sold", err)}
			}
		case errors.Is(err, keys.ErrMissing):
			ks.missing = fmt.Sprintf("the till's key file %s is missing, and journal %s is sealed with key %s. Put the key file "+
				"back from its backup (README: The till's key), mode 0600, or point [till] key_file at it", opts.KeyFile, db.path, check[:16])
			return nil
		default:
			return &wrapped{ErrKey, fmt.Sprintf("%v; nothing was sold", err)}
		}
	}
	if k == nil {
		if check != "" {
			ks.missing = fmt.Sprintf("journal %s is sealed with key %s and no key file was given", db.path, check[:16])
		}
		if check == "" {
			db.keys = nil // unkeyed and no key: as before keys
		}
		return nil
	}
	if check != "" && k.Check() != check {
		// A rotation that committed the journal but not yet the key file
		// (rotate.go) left the new key beside the old one.
		if opts.KeyFile != "" {
			if nk, err := keys.Load(opts.KeyFile + ".new"); err == nil && nk.Check() == check {
				if err := os.Rename(opts.KeyFile+".new", opts.KeyFile); err != nil {
					return &wrapped{ErrKey, fmt.Sprintf("cannot finish the key rotation (%v): move %s.new to %s", err, opts.KeyFile, opts.KeyFile)}
				}
				_ = syncDir(filepath.Dir(opts.KeyFile))
				k = nk
			}
		}
		if k.Check() != check {
			where := "the key given"
			if opts.KeyFile != "" {
				where = "this till's key file " + opts.KeyFile
			}
			return &wrapped{ErrKey, fmt.Sprintf("journal %s is sealed with key %s, but %s is key %s: it is another till's key, "+
				"or an old one. Nothing was written. Put back the key file this journal was sealed with (README: The till's key)",
				db.path, check[:16], where, k.ID())}
		}
	}
	ks.s = newSealer(k)
	if check == "" {
		if err := db.sealAll(k, events); err != nil {
			return err
		}
		ks.keyed = true
	}
	return nil
}

// sealAll keys a journal: in one transaction it seals every plaintext
// secret in the events (re-chaining from the first event changed), the
// sale records and the customer book, stores the key's check value and a
// PIN pepper, and journals an EventKeySet with the key's public key (the
// journal's root key; for a journal that had events, naming its old head).
// Then it zeroes the pages the plaintext used.
func (db *DB) sealAll(k *keys.Key, events uint64) error {
	s := newSealer(k)
	var changed int
	err := db.bolt.Update(func(tx *bbolt.Tx) error {
		var err error
		var oldSeq uint64
		var oldHead string
		if events > 0 {
			m := tx.Bucket(bucketMeta)
			oldSeq, oldHead = fromBE64(m.Get(keyHeadSeq)), string(m.Get(keyHeadHash))
			if changed, err = reseal(tx, s.seal, nil); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketMeta).Put(keyKeyCheck, []byte(k.Check())); err != nil {
			return err
		}
		if err := newPepper(tx, s); err != nil {
			return err
		}
		note := "key=" + k.PublicHex()
		if events > 0 {
			note += fmt.Sprintf(" sealed=%d oldhead=%d:%s", changed, oldSeq, oldHead)
		}
		return journalKeyEvent(tx, sale.EventKeySet, note)
	})
	if err != nil {
		return fmt.Errorf("journal %s: sealing its secrets failed, nothing was changed: %w", db.path, err)
	}
	// The copy a schema 1 migration kept (migrate.go) holds the secrets in
	// plain text: sealed in the journal, they must not stay beside it.
	if err := os.Remove(db.path + MigratedSuffix); err != nil && !errors.Is(err, os.ErrNotExist) {
		return unavailablef("journal %s is sealed, but its unsealed schema 1 copy %s cannot be removed (%v): remove it",
			db.path, db.path+MigratedSuffix, err)
	}
	if changed > 0 {
		return db.scrubFree()
	}
	return nil
}

// reseal rewrites every secret value of the journal with f (in the
// events, the sale records and the customer book) inside tx. Events from
// the first one changed are re-chained; resign, when set, is called on
// each chain_signed event re-chained, to sign its new head (seq, prev). It returns how
// many events changed.
func reseal(tx *bbolt.Tx, f conv, resign func(e *sale.Event, seq uint64, prev string)) (int, error) {
	m := tx.Bucket(bucketMeta)
	if base, _ := chainBase(tx); base > 0 {
		return 0, sale.JournalErrorf("this journal has archived years (till archive), which are read-only: its secrets cannot be sealed again under another key")
	}
	last := fromBE64(m.Get(keyHeadSeq))
	changed, chaining := 0, false
	walk, err := newEventWalker(tx, 1)
	if err != nil {
		return 0, err
	}
	for seq := uint64(1); seq <= last; seq++ {
		e, err := walk.next(seq)
		if err != nil {
			return 0, err
		}
		n := convEvent(e, f)
		diff := !sameSecrets(e, n)
		if diff {
			changed++
		}
		if diff && !chaining {
			chaining = true
			if err := m.Put(keyHeadHash, []byte(e.Prev)); err != nil {
				return 0, err
			}
		}
		if !chaining {
			continue
		}
		if n.Type == sale.EventChainSigned && resign != nil {
			resign(&n, n.Seq-1, string(m.Get(keyHeadHash)))
		}
		if err := chainEvent(tx, &n); err != nil {
			return 0, err
		}
	}
	sales := tx.Bucket(bucketSales)
	c := sales.Cursor()
	var recs []sale.Sale
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		s, ok, err := saleByNo(tx, fromBE64(k))
		if err != nil || !ok {
			return 0, err
		}
		if n := convSale(s, f); !sameSaleSecrets(s, n) {
			recs = append(recs, n)
		}
	}
	for _, s := range recs {
		no, _ := saleNo(s.Ref)
		if err := resaveSale(tx, no, s); err != nil {
			return 0, err
		}
	}
	if b := tx.Bucket(bucketCustomers); b != nil {
		var nos []uint64
		_ = b.ForEach(func(k, _ []byte) error { nos = append(nos, fromBE64(k)); return nil })
		for _, no := range nos {
			c, _, err := getCustomer(b, no)
			if err != nil {
				return 0, err
			}
			if t := f(customerAD(c.ID), "token", c.Token); t != c.Token {
				c.Token = t
				if err := putCustomer(b, no, c); err != nil {
					return 0, err
				}
			}
		}
	}
	return changed, nil
}

func sameSecrets(a, b sale.Event) bool {
	same := true
	var av []string
	convEvent(a, func(_, _, v string) string { av = append(av, v); return v })
	i := 0
	convEvent(b, func(_, _, v string) string { same = same && av[i] == v; i++; return v })
	return same
}

func sameSaleSecrets(a, b sale.Sale) bool {
	same := true
	var av []string
	convSale(a, func(_, _, v string) string { av = append(av, v); return v })
	i := 0
	convSale(b, func(_, _, v string) string { same = same && av[i] == v; i++; return v })
	return same
}

// scrubFree zeroes every free page of the file, so values a transaction
// replaced (plaintext secrets, or values sealed under a retired key) do
// not stay readable in pages bbolt no longer uses. It runs inside a write
// transaction that is rolled back: no writer can take a page meanwhile, and
// with no reader open every page the freelist names is unused.
func (db *DB) scrubFree() error {
	tx, err := db.bolt.Begin(true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	f, err := os.OpenFile(db.path, os.O_WRONLY, 0)
	if err != nil {
		return unavailablef("journal %s: cannot clear its free pages: %v", db.path, err)
	}
	defer f.Close()
	ps := db.bolt.Info().PageSize
	zero := make([]byte, ps)
	n := int(tx.Size()) / ps
	for id := 2; id < n; id++ {
		info, err := tx.Page(id)
		if err != nil {
			return err
		}
		if info != nil && info.Type == "free" {
			if _, err := f.WriteAt(zero, int64(id)*int64(ps)); err != nil {
				return unavailablef("journal %s: cannot clear its free pages: %v", db.path, err)
			}
		}
	}
	return f.Sync()
}
