package store

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"till/sale"
	"time"

	"go.etcd.io/bbolt"
)

// deleteMoved deletes from the live journal what the move of info put in
// its archive, in batches (each delete is idempotent).
func (db *DB) deleteMoved(info archiveInfo) error {
	lo := info.MoveLo
	moved := info.moved()
	keyNo := func(k []byte) bool { return len(k) >= 8 && moved(fromBE64(k[len(k)-8:])) }
	type del struct {
		name  []byte
		match func(k, v []byte) bool
	}
	dels := []del{
		{bucketEvents, func(k, _ []byte) bool { return len(k) == 8 && fromBE64(k) <= info.HeadSeq }},
		{bucketSales, func(k, _ []byte) bool { return len(k) == 8 && keyNo(k) }},
		{bucketByDay, func(k, _ []byte) bool { return len(k) == dayLen+8 && string(k[:dayLen]) <= info.LastDay && keyNo(k) }},
		{bucketByTarget, func(k, _ []byte) bool { return keyNo(k) }},
		{bucketByKind, func(k, _ []byte) bool { return keyNo(k) }},
		{bucketBySerial, func(k, _ []byte) bool { return keyNo(k) }},
		{bucketTenderUsed, func(k, _ []byte) bool { return len(k) == 8 && keyNo(k) }},
		{bucketClosed, func(k, v []byte) bool { s, ok := movedSeq(bucketClosed, k, v); return ok && s <= info.HeadSeq }},
		{bucketDrawer, func(k, v []byte) bool { s, ok := movedSeq(bucketDrawer, k, v); return ok && s <= info.HeadSeq }},
	}
	for _, d := range dels {
		for {
			var keys [][]byte
			err := db.view(func(tx *bbolt.Tx) error {
				b := tx.Bucket(d.name)
				if b == nil {
					return nil
				}
				c := b.Cursor()
				k, v := c.First()
				if bytes.Equal(d.name, bucketEvents) || bytes.Equal(d.name, bucketSales) {
					k, v = c.Seek(be64(max(lo, 1)))
					if bytes.Equal(d.name, bucketEvents) {
						k, v = c.First()
					}
				}
				for ; k != nil && len(keys) < archiveBatch; k, v = c.Next() {
					if d.match(k, v) {
						keys = append(keys, bytes.Clone(k))
					} else if (bytes.Equal(d.name, bucketEvents) && len(k) == 8 && fromBE64(k) > info.HeadSeq) ||
						(bytes.Equal(d.name, bucketSales) && len(k) == 8 && fromBE64(k) > info.MoveHi) ||
						(bytes.Equal(d.name, bucketByDay) && string(k[:min(len(k), dayLen)]) > info.LastDay) {
						break // ordered: nothing matches after
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			if len(keys) == 0 {
				break
			}
			err = db.update(func(tx *bbolt.Tx) error {
				b := tx.Bucket(d.name)
				if bytes.Equal(d.name, bucketClosed) {
					// The last closed day moved is kept for lastClosed.
					m := tx.Bucket(bucketMeta)
					for _, k := range keys {
						v := b.Get(k)
						if old := m.Get(keyArchivedClosed); old == nil || string(old[:dayLen]) < string(k) {
							if err := m.Put(keyArchivedClosed, cat(k, v)); err != nil {
								return err
							}
						}
					}
				}
				for _, k := range keys {
					if err := b.Delete(k); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			failAt("archive-deleting")
		}
	}
	return nil
}

// compact rewrites the live journal into a new file holding only its live
// pages and renames it over the journal (bbolt never shrinks a file).
func (db *DB) compact() error {
	tmp := db.path + ".compact"
	_ = os.Remove(tmp)
	dst, err := bbolt.Open(tmp, 0o600, &bbolt.Options{Timeout: DefaultLockTimeout, NoSync: true})
	if err != nil {
		return sale.JournalErrorf("compact the journal: %v (the archive is done; the journal is only not smaller yet)", err)
	}
	err = bbolt.Compact(dst, db.bolt, 64<<20)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp)
		return sale.JournalErrorf("compact the journal: %v (the archive is done; the journal is only not smaller yet)", err)
	}
	failAt("archive-compacted")
	if err := db.bolt.Close(); err != nil {
		return sale.JournalErrorf("compact the journal: %v", err)
	}
	if err := os.Rename(tmp, db.path); err != nil {
		_ = os.Remove(tmp)
	}
	if err := syncDir(filepath.Dir(db.path)); err != nil {
		return sale.JournalErrorf("compact the journal: %v", err)
	}
	bdb, err := openBolt(db.path, &bbolt.Options{Timeout: DefaultLockTimeout})
	if err != nil {
		return err
	}
	db.bolt = bdb
	return nil
}

// recoverArchive finishes, on open, an archive move a crash interrupted,
// and removes the files an unfinished one left.
func (db *DB) recoverArchive() error {
	var pending []byte
	if err := db.bolt.View(func(tx *bbolt.Tx) error {
		pending = bytes.Clone(tx.Bucket(bucketMeta).Get(keyArchivePending))
		return nil
	}); err != nil {
		return err
	}
	_ = os.Remove(db.path + ".compact")
	if pending == nil {
		// A move that never reached phase 2 left at most a ".new" file.
		ext := filepath.Ext(db.path)
		matches, _ := filepath.Glob(strings.TrimSuffix(db.path, ext) + "-[0-9][0-9][0-9][0-9]" + ext + ".new")
		for _, m := range matches {
			_ = os.Remove(m)
		}
		return nil
	}
	var info archiveInfo
	if err := json.Unmarshal(pending, &info); err != nil {
		return corruptf("journal %s: the mark of an interrupted archive is unreadable (%v)", db.path, err)
	}
	if _, err := db.finishMove(info, time.Now().UTC(), "till (finishing an interrupted archive)"); err != nil {
		return err
	}
	return db.compact()
}
