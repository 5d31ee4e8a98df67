package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

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
