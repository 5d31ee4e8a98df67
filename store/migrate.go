package store

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"go.etcd.io/bbolt"

	"till/sale"
)

// Migration of a schema 1 journal (JSON events and sale records) to schema 2
// (schema.go). It copies the journal into a new file beside it,
// "<journal>.schema2.tmp", re-encoding as it goes, checks the copy with the
// whole of Verify, and only then renames it over the journal; the schema 1
// file is kept as "<journal>.schema1" (a hard link, no extra space until
// the journal is written again). Until the rename the journal is untouched,
// so a crash at any point leaves either the old journal or the verified
// new one at the path, both holding the same sales, install tag and hash
// chain: the continuity record agrees with either. A copy left by a crash
// is removed and the migration starts again.
//
// Events keep their hashes: an event is stored compactly (format 0x03) only
// when the JSON of its decoded form is exactly the bytes schema 1 hashed,
// otherwise it is kept as it was.

// migrateBatch is how many records one write transaction of the copy holds.
const migrateBatch = 20_000

// MigratedSuffix names the schema 1 file a migration keeps beside the journal.
const MigratedSuffix = ".schema1"

// migrateIfOld migrates the journal open as bdb at path if it is schema 1,
// and returns the DB to use (the new file, opened, when it migrated).
// keyed says the journal is opened with a key (Options.Key or KeyFile):
// a journal whose secrets are not sealed yet is sealed right after the
// migration (seal.go), which removes the schema 1 copy, since it holds
// them in plain text; starting is then told "" as the copy kept.
func migrateIfOld(path string, bdb *bbolt.DB, o *bbolt.Options, keyed bool, starting func(keptAs string)) (*bbolt.DB, error) {
	var schema uint64
	var sealed bool
	if err := bdb.View(func(tx *bbolt.Tx) error {
		if m := tx.Bucket(bucketMeta); m != nil {
			if v := m.Get(keySchema); len(v) == 8 {
				schema = fromBE64(v)
			}
			sealed = m.Get(keyKeyCheck) != nil
		}
		return nil
	}); err != nil {
		return bdb, nil
	}
	if schema != 1 {
		return bdb, nil
	}
	if starting != nil {
		keptAs := path + MigratedSuffix
		if keyed && !sealed {
			keptAs = ""
		}
		starting(keptAs)
	}
	tmp := path + ".schema2.tmp"
	if err := migrateCopy(bdb, path, tmp); err != nil {
		_ = os.Remove(tmp)
		return nil, err
	}
	keep := path + MigratedSuffix
	_ = os.Remove(keep)
	_ = os.Link(path, keep) // best effort: the journal itself is what matters
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return nil, unavailablef("migrate journal %s: %v", path, err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return nil, unavailablef("migrate journal %s: %v", path, err)
	}
	_ = bdb.Close()
	return openBolt(path, o)
}

// migrateCopy writes the schema 2 copy of src (the journal at path) to tmp
// and verifies it.
func migrateCopy(src *bbolt.DB, path, tmp string) (err error) {
	_ = os.Remove(tmp)
	dst, err := bbolt.Open(tmp, 0o600, &bbolt.Options{NoSync: true})
	if err != nil {
		return unavailablef("migrate journal %s: cannot create %s: %v", path, tmp, err)
	}
	defer func() {
		if dst != nil {
			_ = dst.Close()
		}
	}()
	w := &copier{db: dst}
	err = func() (err error) {
		defer recoverDamage(path, &err)
		return src.View(func(tx *bbolt.Tx) error { return w.copyAll(tx) })
	}()
	if err == nil {
		err = w.flush()
	}
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	dst = nil
	if err != nil {
		var wr *wrapped
		if errors.As(err, &wr) {
			return err
		}
		return corruptf("journal %s cannot be migrated to this till's format: %v; nothing was changed. Run till verify", path, err)
	}
	rep, err := VerifyFile(tmp)
	if err != nil {
		return corruptf("journal %s: its migrated copy cannot be verified: %v; nothing was changed", path, err)
	}
	if !rep.OK() {
		return corruptf("journal %s cannot be migrated: the copy does not verify (%s); nothing was changed. Run till verify on the journal",
			path, rep.Problems()[0])
	}
	return nil
}

// copier writes into the new file in transactions of migrateBatch records.
type copier struct {
	db  *bbolt.DB
	tx  *bbolt.Tx
	n   int
	cd  *codec
	src *bbolt.Tx
}

func (w *copier) bucket(name []byte) (*bbolt.Bucket, error) {
	if w.tx == nil {
		tx, err := w.db.Begin(true)
		if err != nil {
			return nil, err
		}
		w.tx = tx
	}
	return w.tx.CreateBucketIfNotExists(name)
}

func (w *copier) put(name, k, v []byte, fill float64) error {
	b, err := w.bucket(name)
	if err != nil {
		return err
	}
	b.FillPercent = fill
	if err := b.Put(k, v); err != nil {
		return err
	}
	if w.n++; w.n >= migrateBatch {
		return w.flush()
	}
	return nil
}

func (w *copier) flush() error {
	if w.tx == nil {
		return nil
	}
	err := w.tx.Commit()
	w.tx, w.n = nil, 0
	return err
}

func (w *copier) copyAll(src *bbolt.Tx) error {
	m := src.Bucket(bucketMeta)
	if m == nil {
		return fmt.Errorf("no meta bucket")
	}
	w.src = src
	w.cd = newCodec(string(m.Get(keyStoreID)), string(m.Get(keyTerminalID)))
	for _, name := range allBuckets {
		if _, err := w.bucket(name); err != nil {
			return err
		}
	}
	return src.ForEach(func(name []byte, b *bbolt.Bucket) error {
		var err error
		switch {
		case bytes.Equal(name, bucketSaleEvents):
			return nil // folded into the sale records
		case bytes.Equal(name, bucketEvents):
			err = w.each(b, name, appendFill, w.event)
		case bytes.Equal(name, bucketSales):
			err = w.each(b, name, appendFill, w.sale)
		case bytes.Equal(name, bucketMeta):
			err = w.each(b, name, 0.5, func(k, v []byte) ([]byte, error) {
				if bytes.Equal(k, keySchema) {
					return be64(SchemaVersion), nil
				}
				return v, nil
			})
		case bytes.Equal(name, bucketByDay):
			err = w.each(b, name, appendFill, nil)
		default:
			err = w.each(b, name, 0.5, nil)
		}
		if err != nil {
			return fmt.Errorf("bucket %s: %w", name, err)
		}
		nb, err := w.bucket(name)
		if err != nil {
			return err
		}
		return nb.SetSequence(b.Sequence())
	})
}

// each copies bucket b (named name) key by key through conv (nil: as is).
func (w *copier) each(b *bbolt.Bucket, name []byte, fill float64, conv func(k, v []byte) ([]byte, error)) error {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil && b.Bucket(k) != nil {
			return fmt.Errorf("nested bucket %q is not expected in a journal", k)
		}
		nv := v
		if conv != nil {
			var err error
			if nv, err = conv(k, v); err != nil {
				return fmt.Errorf("key %x: %w", k, err)
			}
		}
		if err := w.put(name, bytes.Clone(k), bytes.Clone(nv), fill); err != nil {
			return err
		}
	}
	return nil
}

// event re-encodes a schema 1 event when its hash can still be proved.
func (w *copier) event(_, v []byte) ([]byte, error) {
	if len(v) == 0 || v[0] != formatJSON {
		return v, nil
	}
	body, hash, ok := unsealEvent(v)
	if !ok {
		return v, nil // verify names it
	}
	var e sale.Event
	if err := json.Unmarshal(v, &e); err != nil {
		return v, nil
	}
	raw, err := hex.DecodeString(hash)
	if err != nil || len(raw) != 32 {
		return v, nil
	}
	prev := e.Prev
	e.Prev, e.Hash = "", ""
	out := append([]byte{formatMigrated}, raw...)
	if out, err = w.cd.encode(out, &e); err != nil {
		return v, nil
	}
	var back sale.Event
	if err := w.cd.decode(out[33:], &back); err != nil {
		return v, nil
	}
	back.Prev = prev
	if j, err := json.Marshal(back); err != nil || !bytes.Equal(j, body) {
		return v, nil
	}
	return out, nil
}

// sale re-encodes a schema 1 sale record with its events' sequences.
func (w *copier) sale(k, v []byte) ([]byte, error) {
	if len(k) != 8 {
		return v, nil // verify names it
	}
	if len(v) == 0 || v[0] != formatJSON {
		return v, nil
	}
	var s sale.Sale
	if err := json.Unmarshal(v, &s); err != nil {
		return nil, fmt.Errorf("sale record %d is not valid JSON: %v", fromBE64(k), err)
	}
	seqs, err := saleSeqs(w.src, fromBE64(k), v)
	if err != nil {
		return nil, err
	}
	no := fromBE64(k)
	if err := w.put(bucketByKind, kindKey(s.Order.Kind, no), nil, 0.5); err != nil {
		return nil, err
	}
	if serial := serialOf(s); serial != "" {
		if err := w.put(bucketBySerial, serialKey(serial, no), nil, 0.5); err != nil {
			return nil, err
		}
	}
	return encodeSale(w.cd, s, seqs)
}
