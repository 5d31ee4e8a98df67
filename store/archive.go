package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

// Archive by year (issue 17). `till archive --before DATE` moves the closed
// business days before DATE out of the live journal into read-only archive
// journals beside it, one file per year: "journal-2025.db" for
// "journal.db". An archive is a journal file of the same schema holding a
// stretch of the hash chain — every event from the one after its base (the
// head of the archive before it, or the genesis) to its head — with the sale
// records whose events all lie in that stretch and their index entries. The
// live journal keeps, in meta, the head it continues from (chain_base_seq,
// chain_base_hash) and, in its archives bucket, what each archive holds, so:
//
//   - the chain is one chain: `till verify --full` walks the archives in
//     order and then the live journal, each link checked across the files;
//     an edit in an archived year breaks its own chain, or, rehashed, the
//     link into the next file;
//   - readers (Sale, Events, List by reference, payment, day, target or
//     serial, EachSale, DayReport, EventsAfter, EachEvent) reach archived
//     sales by their sale number, business day or sequence, opening an
//     archive read-only only for that read, so a 32-bit till never maps its
//     old years while it sells;
//   - references stay unique: the sales bucket's sequence (the next sale
//     number) is never lowered, archived sale numbers stay counted.
//
// What moves: the sales of the days before the cut-off, every one of them
// settled (not open, in doubt, pending, nor a payment issue) — or nothing
// at all. The stretch of the chain moved ends before the first event of the
// first sale that stays (a sale of a later day); journal-level events (day
// closes, cashier and key events) in it go with it. A sale of a moved day
// with an event after the stretch (a refund settled, a copy printed, after
// the next year's first sale) stays live (archiveInfo.Kept), its earlier
// events in the archive, where readers and verify find them by sequence.
//
// The move is crash-safe, in phases:
//
//  1. the archive is written to "<archive>.new" (a copy of the year's
//     archive when one exists, plus the stretch), fsync'd, and verified as
//     part of the chain of the archives before it; its head must be the live
//     journal's event it ends at;
//  2. the live journal records the move as pending (meta archive_pending)
//     and the archive in its archives bucket, in one fsync'd commit;
//  3. "<archive>.new" is renamed over "<archive>" and the directory fsync'd;
//  4. the moved events, records and index keys are deleted from the live
//     journal in batches; the last commit sets the chain base, clears the
//     pending mark and journals a journal_archived event;
//  5. the live journal is compacted into "<journal>.compact" and renamed
//     over the journal (bbolt never gives pages back to the file system).
//
// A crash before 2 leaves the old state (the ".new" file is removed on the
// next open); after 2 the next open rolls forward: it renames the ".new"
// file if that is still to be done and repeats the deletions (each is
// idempotent) — the archive was verified before the mark, so the sales are
// never in neither file; while the mark stands, walks by day take the
// archived days from the archive only and a lookup by reference stops at
// the first file that has the sale, so no sale is seen twice.

// Bucket and meta keys of archives (schema.go lists the others).
var (
	// bucketArchives: year "YYYY" → JSON archiveInfo (live journal only).
	bucketArchives = []byte("archives")
	// keyBaseSeq, keyBaseHash: the event this file's chain continues from
	// (absent: the genesis). In the live journal, the head of its newest
	// archive; in an archive, the head of the archive before it.
	keyBaseSeq  = []byte("chain_base_seq")
	keyBaseHash = []byte("chain_base_hash")
	// keyArchivePending: JSON archiveInfo of a move not finished (phases 2-4).
	keyArchivePending = []byte("archive_pending")
	// keyArchivedClosed: the last closed day whose close event was archived,
	// "YYYY-MM-DD" + be64(seq), for lastClosed once closed_days lost it.
	keyArchivedClosed = []byte("archived_last_closed")
	// keyArchiveYear: in an archive, the year it holds.
	keyArchiveYear = []byte("archive_year")
	// bucketArchiveReprints: be64(sale no) → be64(copies of the archived
	// sale's receipt journaled since it was archived; archive_read.go).
	bucketArchiveReprints = []byte("archive_reprints")
)

// archiveInfo is what the live journal knows of one archive.
type archiveInfo struct {
	Year     int    `json:"year"`
	File     string `json:"file"` // base name, beside the live journal
	BaseSeq  uint64 `json:"baseSeq"`
	BaseHash string `json:"baseHash"`
	HeadSeq  uint64 `json:"headSeq"`
	HeadHash string `json:"headHash"`
	LoNo     uint64 `json:"loNo"` // sale numbers held: LoNo to HiNo, but Kept
	HiNo     uint64 `json:"hiNo"`
	// Kept are sales of the archived days that stayed in the live journal
	// (an event of theirs came after the archived stretch); the archive
	// holds their events up to its head.
	Kept []uint64 `json:"kept,omitempty"`
	// MoveLo and MoveHi are the sale numbers of the last move into it.
	MoveLo   uint64 `json:"moveLo"`
	MoveHi   uint64 `json:"moveHi"`
	FirstDay string `json:"firstDay"`
	LastDay  string `json:"lastDay"`
	Sales    int    `json:"sales"`
	// Cutoff is the first day not moved by the move that wrote it (only
	// in a pending mark).
	Cutoff string `json:"cutoff,omitempty"`
}

// Archived is one year an Archive moved.
type Archived struct {
	Year              int
	Path              string
	Sales             int    // sales moved by this run
	FirstDay, LastDay string // the business days the archive now holds
	HeadSeq           uint64 // the archive's last event
	HeadHash          string
	Event             sale.Event // the journal_archived event in the live journal
}

// ArchiveResult is what Archive did.
type ArchiveResult struct {
	Years       []Archived
	BytesBefore int64 // the live journal file before and after (compacted)
	BytesAfter  int64
}

// ArchiveInfo describes an archive for a person (till archive --list).
type ArchiveInfo struct {
	Year              int
	Path              string
	FirstDay, LastDay string
	Sales             int
	FirstSale         uint64
	LastSale          uint64
	HeadSeq           uint64
	HeadHash          string
}

// ArchivePath is the archive file of year beside the journal at journal:
// "journal-2025.db" for "journal.db".
func ArchivePath(journal string, year int) string {
	ext := filepath.Ext(journal)
	return fmt.Sprintf("%s-%04d%s", strings.TrimSuffix(journal, ext), year, ext)
}

// archiveBatch is how many keys one transaction of an archive move writes
// or deletes.
const archiveBatch = 20_000

// chainBase returns the event the chain of tx's file continues from: 0 and
// the genesis hash for a file whose chain starts at the first event.
func chainBase(tx *bbolt.Tx) (uint64, string) {
	m := tx.Bucket(bucketMeta)
	if m == nil {
		return 0, genesisHash
	}
	v := m.Get(keyBaseSeq)
	if len(v) != 8 || fromBE64(v) == 0 {
		return 0, genesisHash
	}
	return fromBE64(v), string(m.Get(keyBaseHash))
}

// prevHash is the recorded hash of event seq-1 of tx's file: the chain base
// when seq-1 is it, the genesis for seq 1.
func prevHash(tx *bbolt.Tx, seq uint64) (string, bool) {
	if seq <= 1 {
		return genesisHash, true
	}
	if base, h := chainBase(tx); base > 0 && seq-1 == base {
		return h, true
	}
	return storedHash(tx.Bucket(bucketEvents).Get(be64(seq - 1)))
}

// archivesOf lists the archives recorded in tx (a live journal), oldest
// first.
func archivesOf(tx *bbolt.Tx) ([]archiveInfo, error) {
	b := tx.Bucket(bucketArchives)
	if b == nil {
		return nil, nil
	}
	var out []archiveInfo
	err := b.ForEach(func(k, v []byte) error {
		var a archiveInfo
		if err := json.Unmarshal(v, &a); err != nil {
			return corruptf("the archive entry %q of the journal is unreadable (%v)", k, err)
		}
		out = append(out, a)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out, err
}

// archives lists the live journal's archives, oldest first.
func (db *DB) archives() ([]archiveInfo, error) {
	var out []archiveInfo
	err := db.view(func(tx *bbolt.Tx) error {
		var err error
		out, err = archivesOf(tx)
		return err
	})
	return out, err
}

// Archives describes the journal's archives, oldest first.
func (db *DB) Archives() ([]ArchiveInfo, error) {
	as, err := db.archives()
	out := make([]ArchiveInfo, 0, len(as))
	for _, a := range as {
		out = append(out, ArchiveInfo{Year: a.Year, Path: db.archivePath(a), FirstDay: a.FirstDay, LastDay: a.LastDay,
			Sales: a.Sales, FirstSale: a.LoNo, LastSale: a.HiNo, HeadSeq: a.HeadSeq, HeadHash: a.HeadHash})
	}
	return out, err
}

func (db *DB) archivePath(a archiveInfo) string {
	return filepath.Join(filepath.Dir(db.path), a.File)
}

// openArchiveFile opens an archive read-only (a shared lock: readers of
// the same archive do not wait for each other).
func openArchiveFile(path string) (*bbolt.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, unavailablef("the archive %s cannot be read (%v): put it back beside the journal (restore it from a backup)", path, errors.Unwrap(err))
	}
	return openBolt(path, &bbolt.Options{ReadOnly: true, Timeout: DefaultLockTimeout})
}

// viewArchive runs fn in a read transaction of archive a, opened for it
// alone and closed after.
func (db *DB) viewArchive(a archiveInfo, fn func(*bbolt.Tx) error) (err error) {
	bdb, err := openArchiveFile(db.archivePath(a))
	if err != nil {
		return db.fail(err)
	}
	defer bdb.Close()
	defer db.recoverDamage(&err)
	return db.fail(bdb.View(fn))
}

// archiveOfNo is the archive holding sale number no.
func archiveOfNo(as []archiveInfo, no uint64) (archiveInfo, bool) {
	for _, a := range as {
		if no >= a.LoNo && no <= a.HiNo && !a.keeps(no) {
			return a, true
		}
	}
	return archiveInfo{}, false
}

// keeps reports whether sale no, of a's days, stayed in the live journal.
func (a archiveInfo) keeps(no uint64) bool {
	for _, k := range a.Kept {
		if k == no {
			return true
		}
	}
	return false
}

// moved returns whether the last move into a took sale number no along:
// a set built once, for walks over every key.
func (a archiveInfo) moved() func(no uint64) bool {
	kept := make(map[uint64]bool, len(a.Kept))
	for _, no := range a.Kept {
		kept[no] = true
	}
	return func(no uint64) bool { return no >= a.MoveLo && no <= a.MoveHi && !kept[no] }
}

// archiveOfDay is the archive holding business day day.
func archiveOfDay(as []archiveInfo, day string) (archiveInfo, bool) {
	for _, a := range as {
		if day >= a.FirstDay && day <= a.LastDay {
			return a, true
		}
	}
	return archiveInfo{}, false
}

// inArchive runs fn on the archive holding sale ref (ok false: none does).
func (db *DB) inArchive(ref sale.Reference, fn func(*bbolt.Tx) error) (bool, error) {
	no, ok := saleNo(ref)
	if !ok {
		return false, nil
	}
	as, err := db.archives()
	if err != nil {
		return false, err
	}
	a, ok := archiveOfNo(as, no)
	if !ok {
		return false, nil
	}
	return true, db.viewArchive(a, fn)
}

func isNotFound(err error) bool {
	var se *sale.Error
	return errors.As(err, &se) && se.Code == sale.CodeNotFound
}

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
