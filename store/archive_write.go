package store

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.etcd.io/bbolt"

	"till/sale"
)

// writeArchive writes the archive of plan p at tmp: a copy of the year's
// archive when there is one, plus the stretch of the live journal, fsync'd.
func (db *DB) writeArchive(p *archivePlan, tmp string) error {
	_ = os.Remove(tmp)
	if p.prev != nil {
		if err := copyArchive(filepath.Join(filepath.Dir(db.path), p.prev.File), tmp); err != nil {
			return sale.JournalErrorf("archive: copy of %s: %v; nothing was archived", p.prev.File, err)
		}
	}
	adb, err := bbolt.Open(tmp, 0o600, &bbolt.Options{Timeout: DefaultLockTimeout, NoSync: true})
	if err != nil {
		return sale.JournalErrorf("archive: %s: %v; nothing was archived", tmp, err)
	}
	defer adb.Close()
	info := p.info
	return db.view(func(live *bbolt.Tx) error {
		w := &copier{db: adb}
		defer func() {
			if w.tx != nil {
				_ = w.tx.Rollback()
			}
		}()
		if p.prev == nil {
			if err := adb.Update(func(tx *bbolt.Tx) error {
				for _, name := range append(append([][]byte{}, allBuckets...), bucketClosed, bucketDrawer, bucketAttention, bucketTenderUsed) {
					if _, err := tx.CreateBucketIfNotExists(name); err != nil {
						return err
					}
				}
				m := tx.Bucket(bucketMeta)
				err := live.Bucket(bucketMeta).ForEach(func(k, v []byte) error {
					switch {
					case bytes.Equal(k, keyArchivePending), bytes.Equal(k, keyArchivedClosed):
						return nil
					}
					return m.Put(bytes.Clone(k), bytes.Clone(v))
				})
				if err != nil {
					return err
				}
				if err := m.Put(keyBaseSeq, be64(info.BaseSeq)); err != nil {
					return err
				}
				if err := m.Put(keyBaseHash, []byte(info.BaseHash)); err != nil {
					return err
				}
				return m.Put(keyArchiveYear, []byte(strconv.Itoa(info.Year)))
			}); err != nil {
				return err
			}
		}
		cd := codecOf(live)
		ev := live.Bucket(bucketEvents).Cursor()
		for k, v := ev.Seek(be64(p.first)); k != nil && fromBE64(k) <= info.HeadSeq; k, v = ev.Next() {
			if h, err := eventHeadOf(cd, v); err == nil && h.Ref == "" && h.Day != "" && h.Day >= info.Cutoff {
				return sale.Errorf(sale.CodeConflict, "journal event %d (%s of %s) is among the events of the days archived: archive up to an earlier date; nothing was archived",
					fromBE64(k), h.Type, h.Day)
			}
			if err := w.put(bucketEvents, k, v, appendFill); err != nil {
				return err
			}
		}
		moved := info.moved()
		sc := live.Bucket(bucketSales).Cursor()
		for k, v := sc.Seek(be64(info.MoveLo)); k != nil && fromBE64(k) <= info.MoveHi; k, v = sc.Next() {
			if !moved(fromBE64(k)) {
				continue
			}
			if err := w.put(bucketSales, k, v, appendFill); err != nil {
				return err
			}
		}
		inRange := func(k []byte) bool { return len(k) >= 8 && moved(fromBE64(k[len(k)-8:])) }
		for _, name := range [][]byte{bucketByDay, bucketByTarget, bucketByKind, bucketBySerial, bucketTenderUsed} {
			b := live.Bucket(name)
			if b == nil {
				continue
			}
			fill := 0.5
			if bytes.Equal(name, bucketByDay) {
				fill = appendFill
			}
			if err := eachKey(b, func(k, v []byte) error {
				if (!bytes.Equal(name, bucketTenderUsed) || len(k) == 8) && inRange(k) {
					return w.put(name, k, v, fill)
				}
				return nil
			}); err != nil {
				return err
			}
		}
		for _, name := range [][]byte{bucketClosed, bucketDrawer} {
			b := live.Bucket(name)
			if b == nil {
				continue
			}
			if err := eachKey(b, func(k, v []byte) error {
				if seq, ok := movedSeq(name, k, v); ok && seq <= info.HeadSeq {
					return w.put(name, k, v, 0.5)
				}
				return nil
			}); err != nil {
				return err
			}
		}
		if err := w.flush(); err != nil {
			return err
		}
		if err := adb.Update(func(tx *bbolt.Tx) error {
			if err := tx.Bucket(bucketEvents).SetSequence(info.HeadSeq); err != nil {
				return err
			}
			if err := tx.Bucket(bucketSales).SetSequence(max(info.HiNo, tx.Bucket(bucketSales).Sequence())); err != nil {
				return err
			}
			m := tx.Bucket(bucketMeta)
			if err := m.Put(keyHeadSeq, be64(info.HeadSeq)); err != nil {
				return err
			}
			return m.Put(keyHeadHash, []byte(info.HeadHash))
		}); err != nil {
			return err
		}
		if err := adb.Sync(); err != nil {
			return err
		}
		return syncDir(filepath.Dir(tmp))
	})
}

// movedSeq is the event sequence a closed_days or drawer key stands for.
func movedSeq(name, k, v []byte) (uint64, bool) {
	if bytes.Equal(name, bucketClosed) {
		return fromBE64(v), len(v) == 8
	}
	if len(k) != dayLen+8 {
		return 0, false
	}
	return fromBE64(k[dayLen:]), true
}

// eachKey calls fn with every key and value of b.
func eachKey(b *bbolt.Bucket, fn func(k, v []byte) error) error {
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if v == nil && b.Bucket(k) != nil {
			continue
		}
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

func copyArchive(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	if err := dst.Sync(); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// checkArchive verifies the new archive at tmp in full, as the stretch of
// the chain after the archives before info's year (their chains walked,
// their sales not replayed again), and that it ends at info's head.
func (db *DB) checkArchive(info archiveInfo, tmp string) error {
	as, err := db.archives()
	if err != nil {
		return err
	}
	v := &verifier{}
	var rep Report
	dir := filepath.Dir(db.path)
	for _, a := range as {
		if a.Year == info.Year {
			break
		}
		v.walkArchiveWith(&rep, filepath.Join(dir, a.File), a, false)
	}
	v.walkArchive(&rep, tmp, info)
	rep.Bad = v.bad
	if !rep.OK() {
		return sale.JournalErrorf("the new archive %s does not verify (%s); nothing was archived", filepath.Base(tmp), strings.Join(rep.Problems(), "; "))
	}
	return nil
}
