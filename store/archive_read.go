package store

import (
	"fmt"
	"sort"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

// Reads that reach the archived years (archive.go).

// archiveFor is the archive a List query reads instead of the live
// journal: the one holding its reference's sale number, or its day.
func (db *DB) archiveFor(q sale.Query) (archiveInfo, bool, error) {
	if q.Ref == "" && q.Day == "" && q.PaidBy == "" {
		return archiveInfo{}, false, nil
	}
	as, err := db.archives()
	if err != nil || len(as) == 0 {
		return archiveInfo{}, false, err
	}
	if q.Ref != "" || q.PaidBy != "" {
		ref := q.Ref
		if ref == "" {
			ref = q.PaidBy // the archive of the payment holds its tender_used entry
		}
		if no, ok := saleNo(ref); ok {
			a, ok := archiveOfNo(as, no)
			return a, ok, nil
		}
		return archiveInfo{}, false, nil
	}
	a, ok := archiveOfDay(as, q.Day)
	return a, ok, nil
}

// inArchivedDay runs fn on the archive holding business day day, if one
// does.
func (db *DB) inArchivedDay(day string, fn func(*bbolt.Tx) error) error {
	as, err := db.archives()
	if err != nil {
		return err
	}
	if a, ok := archiveOfDay(as, day); ok {
		return db.viewArchive(a, fn)
	}
	return nil
}

// appendArchived is Append for a sale not in the live journal (notFound is
// why): an archived sale is read-only, so only a receipt copy of it is
// journaled — as a journal event of the live journal naming the sale
// (sale.EventArchiveReprinted), with the copy's number, counted in the
// archive_reprints bucket — and the sale is returned as it is archived,
// its Reprints counting the copies made since. Any other event is refused.
func (db *DB) appendArchived(e sale.Event, notFound error) (sale.Sale, error) {
	var s sale.Sale
	ok, err := db.inArchive(e.Ref, func(tx *bbolt.Tx) error {
		var err error
		_, s, err = loadSale(tx, e.Ref)
		return err
	})
	if !ok {
		return sale.Sale{}, notFound
	}
	if err != nil {
		return sale.Sale{}, err
	}
	if e.Type != sale.EventReprinted && e.Type != sale.EventReprintFailed {
		return sale.Sale{}, sale.Errorf(sale.CodeConflict, "sale %s is archived (its year was moved to a read-only archive journal): a %s event cannot be added to it", e.Ref, e.Type)
	}
	no, _ := saleNo(e.Ref)
	by := e.By
	if by == "" {
		by = "till"
	}
	at := e.At
	if at.IsZero() {
		at = time.Now()
	}
	var copies uint64
	err = db.update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketArchiveReprints)
		if err != nil {
			return err
		}
		if v := b.Get(be64(no)); len(v) == 8 {
			copies = fromBE64(v)
		}
		j := sale.Event{Type: sale.EventArchiveReprinted, At: at, By: by}
		if e.Type == sale.EventReprintFailed {
			if copies == 0 {
				return sale.Errorf(sale.CodeConflict, "sale %s: no copy of it was journaled since it was archived, so none can have failed", e.Ref)
			}
			copies--
			j.Note = fmt.Sprintf("ref=%s failed: %s", e.Ref, e.Note)
		} else {
			copies++
			j.Note = fmt.Sprintf("ref=%s copy=%d", e.Ref, uint64(s.Reprints)+copies)
		}
		if err := b.Put(be64(no), be64(copies)); err != nil {
			return err
		}
		if j.Seq, err = tx.Bucket(bucketEvents).NextSequence(); err != nil {
			return err
		}
		return chainEvent(tx, &j)
	})
	if err != nil {
		return sale.Sale{}, err
	}
	s.Reprints += int(copies)
	return db.openSale(s), nil
}

// archivedEvent reads event seq from the archive whose stretch of the
// chain holds it (an event of a sale an archive left live).
func (db *DB) archivedEvent(seq uint64) (sale.Event, error) {
	as, err := db.archives()
	if err != nil {
		return sale.Event{}, err
	}
	for _, a := range as {
		if seq > a.BaseSeq && seq <= a.HeadSeq {
			var e sale.Event
			err := db.viewArchive(a, func(tx *bbolt.Tx) error {
				var err error
				e, err = loadEvent(tx, seq)
				return err
			})
			return e, err
		}
	}
	return sale.Event{}, sale.JournalErrorf("event %d is in no archive of this journal (run till verify)", seq)
}

// keptSale is a sale an archive left live, with its sale number.
type keptSale struct {
	sale.Sale
	no uint64
}

// keptSales are the sales of archive a's days between from and to that it
// left in the live journal, in day and creation order, opened.
func (db *DB) keptSales(a archiveInfo, from, to string) ([]keptSale, error) {
	if len(a.Kept) == 0 {
		return nil, nil
	}
	var out []keptSale
	err := db.view(func(tx *bbolt.Tx) error {
		for _, no := range a.Kept {
			s, ok, err := saleByNo(tx, no)
			if err != nil {
				return err
			}
			if ok && (from == "" || s.Day >= from) && (to == "" || s.Day <= to) {
				out = append(out, keptSale{db.openSale(s), no})
			}
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].Day != out[j].Day {
			return out[i].Day < out[j].Day
		}
		return out[i].no < out[j].no
	})
	return out, err
}
