package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"go.etcd.io/bbolt"
)

// Incremental verification. A check of the whole journal reads every
// event; a till checks its journal daily, and yesterday's events were
// checked yesterday. So a verify records the head it proved (the verified
// point: event sequence and hash) beside the journal, in
// "<journal>.verified", and the next one checks bbolt's pages, then the
// chain from the event after that point (its first link must be the hash
// recorded, and the event at the point must still have that hash), the
// sales those events touched (replayed in full), the day closes and the
// cashiers they record. A point that does not match the journal (a
// restored copy, another file) is ignored and the check runs in full.
// `till verify --full` always checks everything.
//
// What an incremental check cannot see is an edit of an event before the
// point that leaves its stored hash alone: the full check finds it, and
// the Z report prints the verified point so a copy of the chain head is
// on paper.

// VerifyOptions say where a verification starts.
type VerifyOptions struct {
	// From and FromHash are a verified point (VerifiedPoint): the check
	// starts after it. Zero: the whole journal.
	From     uint64
	FromHash string
	// Progress, if set, is called every progressEvery events of the chain
	// walk with the events walked and the journal's event count.
	Progress func(done, total uint64)
	// ArchiveDir is where the journal's archives are (archive.go); empty:
	// beside the journal.
	ArchiveDir string
}

// progressEvery is how many events pass between Progress calls.
const progressEvery = 100_000

// VerifiedSuffix names the file beside a journal that holds its verified point.
const VerifiedSuffix = ".verified"

// VerifiedPoint returns the verified point recorded beside the journal at
// path; ok is false when there is none (or it is unreadable).
func VerifiedPoint(path string) (seq uint64, hash string, ok bool) {
	b, err := os.ReadFile(path + VerifiedSuffix)
	if err != nil {
		return 0, "", false
	}
	f := strings.Fields(string(b))
	if len(f) != 2 || len(f[1]) != sha256.Size*2 {
		return 0, "", false
	}
	if _, err := hex.DecodeString(f[1]); err != nil {
		return 0, "", false
	}
	seq, err = strconv.ParseUint(f[0], 10, 64)
	if err != nil || seq == 0 {
		return 0, "", false
	}
	return seq, f[1], true
}

// RecordVerified records the head of a report that found nothing wrong as
// the journal's verified point (mode 0600, replaced atomically).
func RecordVerified(path string, rep Report, events uint64) error {
	if !rep.OK() || events == 0 {
		return nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	return writeFileAtomic(abs+VerifiedSuffix, []byte(fmt.Sprintf("%d %s\n", events, rep.Head)))
}

// VerifyFileWith verifies the journal at path read-only like VerifyFile,
// from the verified point of o when o has one. It returns the report and
// the sequence of the last event checked (the head), which RecordVerified
// records.
func VerifyFileWith(path string, o VerifyOptions) (Report, uint64, error) {
	if _, err := os.Stat(path); err != nil {
		return Report{}, 0, fmt.Errorf("verify journal: %w", err)
	}
	bdb, err := openBolt(path, &bbolt.Options{ReadOnly: true, Timeout: DefaultLockTimeout})
	if err != nil {
		return Report{}, 0, err
	}
	defer bdb.Close()
	var rep Report
	var head uint64
	err = bdb.View(func(tx *bbolt.Tx) error {
		// The sales are replayed on read transactions of their own, one
		// range each per processor, while the chain is walked on tx.
		var replayTxs []*bbolt.Tx
		for range min(max(runtime.GOMAXPROCS(0), 1), 4) {
			rtx, err := bdb.Begin(false)
			if err != nil {
				return err
			}
			defer rtx.Rollback()
			replayTxs = append(replayTxs, rtx)
		}
		rep, err = verifyTxFrom(tx, replayTxs, path, true, o)
		if m := tx.Bucket(bucketMeta); m != nil && len(m.Get(keyHeadSeq)) == 8 {
			head = fromBE64(m.Get(keyHeadSeq))
		}
		return err
	})
	return rep, head, err
}

// startAt makes v an incremental check after event from, whose hash was
// hash, or says why it cannot be ("" when it can).
func (v *verifier) startAt(from uint64, hash string) string {
	if v.m.schema < SchemaVersion {
		return "the journal is of an older schema"
	}
	if from > v.m.headSeq {
		return fmt.Sprintf("the verified point (event %d) is beyond this journal's head (event %d): it is another or an older copy", from, v.m.headSeq)
	}
	got, ok := storedHash(v.tx.Bucket(bucketEvents).Get(be64(from)))
	if base, baseHash := chainBase(v.tx); base > 0 && from <= base {
		if from < base {
			return fmt.Sprintf("the verified point (event %d) is in an archive", from)
		}
		got, ok = baseHash, true
		v.base, v.baseHash = base, baseHash
	}
	if !ok || got != hash {
		return fmt.Sprintf("event %d no longer has the hash recorded when it was verified", from)
	}
	v.from, v.fromHash, v.touched = from, hash, map[uint64]bool{}
	// The day closes before the point were checked then.
	v.loadCloses(from)
	return ""
}

// loadCloses takes the day closes up to event upTo from the closed-days
// index, in sequence order.
func (v *verifier) loadCloses(upTo uint64) {
	if b := v.tx.Bucket(bucketClosed); b != nil {
		_ = b.ForEach(func(k, val []byte) error {
			if len(val) == 8 && fromBE64(val) <= upTo {
				v.closes = append(v.closes, closeMark{seq: fromBE64(val), day: string(k)})
			}
			return nil
		})
		sort.Slice(v.closes, func(i, j int) bool { return v.closes[i].seq < v.closes[j].seq })
	}
}

// replayTouched replays the sales that events after the verified point
// touched.
func (v *verifier) replayTouched(rep *Report) {
	nos := make([]uint64, 0, len(v.touched))
	for no := range v.touched {
		nos = append(nos, no)
	}
	sort.Slice(nos, func(i, j int) bool { return nos[i] < nos[j] })
	sales := v.tx.Bucket(bucketSales)
	for _, no := range nos {
		rep.Sales++
		val := sales.Get(be64(no))
		if val == nil {
			v.note(v.from+1, "", "sale %d has events after event %d but no record", no, v.from)
			continue
		}
		v.replay(no, val)
	}
}

// VerifyWith is Verify from the verified point of o (none: in full), for
// `till verify` run through the till that holds the journal open. Like
// VerifyFileWith it returns the sequence of the last event checked, which
// RecordVerified records; the sales are replayed in the same read
// transaction as the chain walk (a second one could see a later commit).
func (db *DB) VerifyWith(o VerifyOptions) (Report, uint64, error) {
	var pages Report
	err := func() (err error) {
		defer db.recoverDamage(&err)
		return db.bolt.Update(func(tx *bbolt.Tx) error {
			checkPages(tx, &pages)
			return errStop
		})
	}()
	if err != errStop {
		return Report{}, 0, db.fail(err)
	}
	var rep Report
	var head uint64
	err = db.view(func(tx *bbolt.Tx) error {
		var err error
		rep, err = verifyTxFrom(tx, nil, db.path, false, o)
		if m := tx.Bucket(bucketMeta); m != nil && len(m.Get(keyHeadSeq)) == 8 {
			head = fromBE64(m.Get(keyHeadSeq))
		}
		return err
	})
	rep.Pages = append(pages.Pages, rep.Pages...)
	return rep, head, err
}
