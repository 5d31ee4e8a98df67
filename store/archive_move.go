package store

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"till/sale"

	"go.etcd.io/bbolt"
)

// Archive moves every closed business day before `before` (YYYY-MM-DD)
// out of the live journal into the archive of its year, then compacts the
// live journal. by is the supervisor who authorised it. It refuses, moving
// nothing, when a day to move is not closed or holds a sale that still
// needs a person or the resolver, or a sale of a later day was made among
// its sales. It is for `till archive`, with the journal open nowhere else:
// it must not run beside other use of db.
func (db *DB) Archive(before string, at time.Time, by string) (ArchiveResult, error) {
	var res ArchiveResult
	if err := checkDay("--before", before); err != nil {
		return res, err
	}
	if strings.TrimSpace(by) == "" {
		return res, sale.Errorf(sale.CodeInvalid, "an archive needs the supervisor who authorises it")
	}
	if at.IsZero() {
		return res, sale.Errorf(sale.CodeInvalid, "an archive needs the time it is made")
	}
	if fi, err := os.Stat(db.path); err == nil {
		res.BytesBefore = fi.Size()
	}
	for {
		var p *archivePlan
		err := db.view(func(tx *bbolt.Tx) error {
			var err error
			p, err = db.planArchive(tx, before)
			return err
		})
		if err != nil {
			return res, err
		}
		if p == nil {
			break
		}
		a, err := db.moveYear(p, at, by)
		if err != nil {
			return res, err
		}
		res.Years = append(res.Years, a)
	}
	if len(res.Years) == 0 {
		return res, sale.Errorf(sale.CodeNotFound, "the live journal has no business day before %s left to archive: nothing was archived", before)
	}
	if err := db.compact(); err != nil {
		return res, err
	}
	if fi, err := os.Stat(db.path); err == nil {
		res.BytesAfter = fi.Size()
	}
	return res, nil
}

// archivePlan is one year's move.
type archivePlan struct {
	info  archiveInfo  // the archive after the move
	prev  *archiveInfo // the year's archive before it, if any
	first uint64       // the first event moved (the live chain base + 1)
	moved int          // sales moved
}

// planArchive plans the move of the oldest year of the live journal with
// days before `before`, nil when there is none, or says why it cannot be.
//
// The stretch of the chain moved ends before the first event of the first
// sale that stays (a sale of a later day) and before any journal event of
// a day not moved. A sale of a moved day with an event after the stretch (a
// refund settled, or a copy printed, after the next year's first sale)
// stays in the live journal, its events before the stretch's end in the
// archive (archiveInfo.Kept): readers and verify find them there by their
// sequence.
func (db *DB) planArchive(tx *bbolt.Tx, before string) (*archivePlan, error) {
	if v := tx.Bucket(bucketMeta).Get(keyArchivePending); v != nil {
		return nil, sale.JournalErrorf("an earlier archive of this journal was interrupted; reopen the journal to finish it")
	}
	as, err := archivesOf(tx)
	if err != nil {
		return nil, err
	}
	kept := map[uint64]bool{} // sales kept live by earlier archives
	for _, a := range as {
		for _, no := range a.Kept {
			kept[no] = true
		}
	}
	c := tx.Bucket(bucketByDay).Cursor()
	k, _ := c.First()
	for ; k != nil && len(k) == dayLen+8 && kept[fromBE64(k[dayLen:])]; k, _ = c.Next() {
	}
	if k == nil || len(k) != dayLen+8 || string(k[:dayLen]) >= before {
		return nil, nil
	}
	year, _ := strconv.Atoi(string(k[:4]))
	cutoff := fmt.Sprintf("%04d-01-01", year+1)
	if before < cutoff {
		cutoff = before
	}
	last, _ := lastClosed(tx)
	var nos []uint64
	firstDay, lastDay := "", ""
	for ; k != nil && string(k[:min(len(k), dayLen)]) < cutoff; k, _ = c.Next() {
		if len(k) != dayLen+8 || kept[fromBE64(k[dayLen:])] {
			continue
		}
		day := string(k[:dayLen])
		if last == "" || day > last {
			return nil, sale.Errorf(sale.CodeConflict, "business day %s has no Z report yet: close it first (till eod --day %s --close); nothing was archived", day, day)
		}
		if firstDay == "" {
			firstDay = day
		}
		lastDay = day
		nos = append(nos, fromBE64(k[dayLen:]))
	}
	sort.Slice(nos, func(i, j int) bool { return nos[i] < nos[j] })
	lo, hi := nos[0], nos[len(nos)-1]
	cd, sales := codecOf(tx), tx.Bucket(bucketSales)
	open, attention, tenderUsed := tx.Bucket(bucketOpen), tx.Bucket(bucketAttention), tx.Bucket(bucketTenderUsed)
	lastSeq := make(map[uint64]uint64, len(nos))
	want := 0
	sc := sales.Cursor()
	for k, v := sc.Seek(be64(lo)); k != nil && fromBE64(k) <= hi; k, v = sc.Next() {
		no := fromBE64(k)
		if kept[no] {
			continue
		}
		if want >= len(nos) || nos[want] != no {
			s, _, _ := decodeSale(cd, v, false)
			return nil, sale.Errorf(sale.CodeConflict, "sale %s (business day %s) was made among the sales of %s to %s but belongs to a later day: "+
				"archive up to an earlier date; nothing was archived", s.Ref, s.Day, firstDay, lastDay)
		}
		want++
		s, seqs, err := decodeSale(cd, v, true)
		if err != nil {
			return nil, corruptf("sale record %d is unreadable (run till verify): %v", no, err)
		}
		used := tenderUsed != nil && sale.TenderOf(s.Order.Kind) != "" && tenderUsed.Get(k) != nil
		_, issue := sale.PaymentIssue(s, used)
		switch {
		case s.State.Unresolved() || has(open, k):
			return nil, sale.Errorf(sale.CodeConflict, "sale %s of %s is still %s: settle it first (till resolve, or till supervise); nothing was archived", s.Ref, s.Day, s.State)
		case (attention != nil && has(attention, k)) || issue:
			return nil, sale.Errorf(sale.CodeConflict, "sale %s of %s needs a person about its payment (till payments): settle it first; nothing was archived", s.Ref, s.Day)
		}
		if n := len(seqs); n > 0 {
			lastSeq[no] = seqs[n-1]
		}
	}
	if want != len(nos) {
		return nil, corruptf("the day index names sale %d, which is missing (run till verify)", nos[want])
	}
	base, baseHash := chainBase(tx)
	// The stretch ends before the first sale that stays begins, and before
	// a journal event of a day not moved.
	events := tx.Bucket(bucketEvents)
	end := fromBE64(tx.Bucket(bucketMeta).Get(keyHeadSeq))
	if k, v := sc.Seek(be64(hi + 1)); k != nil {
		_, seqs, err := decodeSale(cd, v, true)
		if err != nil || len(seqs) == 0 {
			return nil, corruptf("sale record %d is unreadable (run till verify): %v", fromBE64(k), err)
		}
		end = seqs[0] - 1
	}
	head := base
	ec := events.Cursor()
	for k, v := ec.Seek(be64(base + 1)); k != nil && fromBE64(k) <= end; k, v = ec.Next() {
		h, err := eventHeadOf(cd, v)
		if err != nil {
			return nil, corruptf("event %d is unreadable (run till verify): %v", fromBE64(k), err)
		}
		if h.Ref == "" && h.Day != "" && h.Day >= cutoff {
			break
		}
		head = fromBE64(k)
	}
	if head <= base {
		return nil, sale.Errorf(sale.CodeConflict, "the first event after the archived ones already belongs to a day from %s on: nothing can be archived before %s", cutoff, before)
	}
	hash, ok := storedHash(events.Get(be64(head)))
	if !ok {
		return nil, corruptf("event %d is missing or unreadable (run till verify)", head)
	}
	var stay []uint64
	for _, no := range nos {
		if lastSeq[no] > head {
			stay = append(stay, no)
		}
	}
	p := &archivePlan{first: base + 1, moved: len(nos) - len(stay), info: archiveInfo{
		Year: year, File: filepath.Base(ArchivePath(db.path, year)), BaseSeq: base, BaseHash: baseHash,
		HeadSeq: head, HeadHash: hash, LoNo: lo, HiNo: hi, MoveLo: lo, MoveHi: hi, Kept: stay,
		FirstDay: firstDay, LastDay: lastDay, Sales: len(nos) - len(stay), Cutoff: cutoff,
	}}
	for _, a := range as {
		if a.Year != year {
			continue
		}
		if a.HeadSeq != base || a.HeadHash != baseHash {
			return nil, corruptf("the archive of %d ends at event %d, not where the live journal continues from (event %d) (run till verify)", year, a.HeadSeq, base)
		}
		a := a
		p.prev = &a
		p.info.BaseSeq, p.info.BaseHash, p.info.LoNo, p.info.FirstDay = a.BaseSeq, a.BaseHash, a.LoNo, a.FirstDay
		p.info.Sales += a.Sales
		p.info.Kept = append(append([]uint64{}, a.Kept...), stay...)
	}
	return p, nil
}

// eventHeadOf decodes the sequence, reference, type, day and cash of a
// stored event.
func eventHeadOf(cd *codec, v []byte) (eventHead, error) {
	var h eventHead
	switch {
	case len(v) > 0 && v[0] == formatJSON:
		return h, json.Unmarshal(v, &h)
	case len(v) > 1+32 && (v[0] == formatCompact || v[0] == formatMigrated):
		return h, cd.decode(v[33:], &h)
	}
	return h, fmt.Errorf("not a stored event")
}

// moveYear does the phases of one year's move (see the top of the file).
func (db *DB) moveYear(p *archivePlan, at time.Time, by string) (Archived, error) {
	final := filepath.Join(filepath.Dir(db.path), p.info.File)
	tmp := final + ".new"
	if err := db.writeArchive(p, tmp); err != nil {
		_ = os.Remove(tmp)
		return Archived{}, err
	}
	if err := db.checkArchive(p.info, tmp); err != nil {
		_ = os.Remove(tmp)
		return Archived{}, err
	}
	failAt("archive-written")
	// Phase 2: the move is pending; readers take the year from the archive.
	pending, _ := json.Marshal(p.info)
	if err := db.update(func(tx *bbolt.Tx) error {
		if err := tx.Bucket(bucketMeta).Put(keyArchivePending, pending); err != nil {
			return err
		}
		b, err := tx.CreateBucketIfNotExists(bucketArchives)
		if err != nil {
			return err
		}
		entry := p.info
		entry.Cutoff = ""
		v, _ := json.Marshal(entry)
		return b.Put([]byte(strconv.Itoa(p.info.Year)), v)
	}); err != nil {
		_ = os.Remove(tmp)
		return Archived{}, err
	}
	failAt("archive-pending")
	return db.finishMove(p.info, at, by)
}

// finishMove is phases 3 and 4 of the move pending as info, also run by
// Open after a crash (recoverArchive).
func (db *DB) finishMove(info archiveInfo, at time.Time, by string) (Archived, error) {
	final := filepath.Join(filepath.Dir(db.path), info.File)
	tmp := final + ".new"
	if _, err := os.Stat(tmp); err == nil {
		if err := os.Rename(tmp, final); err != nil {
			return Archived{}, sale.JournalErrorf("the archive %s could not be put in place (%v); nothing more was changed, reopen the journal to finish", final, err)
		}
		if err := syncDir(filepath.Dir(final)); err != nil {
			return Archived{}, sale.JournalErrorf("archive %s: %v", final, err)
		}
	}
	// The archive in place must be the one the mark names.
	if err := db.checkHead(info, final); err != nil {
		return Archived{}, err
	}
	failAt("archive-renamed")
	if err := db.deleteMoved(info); err != nil {
		return Archived{}, err
	}
	a := Archived{Year: info.Year, Path: final, Sales: info.Sales, FirstDay: info.FirstDay, LastDay: info.LastDay, HeadSeq: info.HeadSeq, HeadHash: info.HeadHash}
	note := fmt.Sprintf("year=%d file=%s events=%d-%d head=%s sales=%d-%d days=%s..%s", info.Year, info.File, info.BaseSeq+1, info.HeadSeq,
		info.HeadHash, info.LoNo, info.HiNo, info.FirstDay, info.LastDay)
	err := db.update(func(tx *bbolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if m.Get(keyArchivePending) == nil {
			return nil // finished already
		}
		if err := m.Put(keyBaseSeq, be64(info.HeadSeq)); err != nil {
			return err
		}
		if err := m.Put(keyBaseHash, []byte(info.HeadHash)); err != nil {
			return err
		}
		if err := m.Delete(keyArchivePending); err != nil {
			return err
		}
		e := sale.Event{Type: sale.EventJournalArchived, At: at, By: by, Note: note}
		var err error
		if e.Seq, err = tx.Bucket(bucketEvents).NextSequence(); err != nil {
			return err
		}
		if err := chainEvent(tx, &e); err != nil {
			return err
		}
		a.Event = e
		return nil
	})
	return a, err
}

// checkHead checks the archive at path ends at info's head.
func (db *DB) checkHead(info archiveInfo, path string) error {
	bdb, err := openArchiveFile(path)
	if err != nil {
		return err
	}
	defer bdb.Close()
	return bdb.View(func(tx *bbolt.Tx) error {
		m, err := readMeta(tx, path)
		if err != nil {
			return err
		}
		if m.headSeq != info.HeadSeq || m.headHash != info.HeadHash {
			return corruptf("the archive %s ends at event %d, but the journal moved events up to %d into it: restore the archive from a backup", path, m.headSeq, info.HeadSeq)
		}
		return nil
	})
}
