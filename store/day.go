package store

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

var _ sale.DayCloser = (*DB)(nil)

// businessDay is the business day of a sale made at `at`: the calendar day
// in the shop's time zone, or the day after the last closed day when that is
// later (a sale made after the Z report belongs to the next day).
func (db *DB) businessDay(tx *bbolt.Tx, at time.Time) string {
	cal := at.In(db.loc).Format(dayLayout)
	if last, _ := lastClosed(tx); last != "" {
		if next := sale.NextDay(last); next > cal {
			return next
		}
	}
	return cal
}

// lastClosed returns the last closed day and the sequence of its close
// event ("" and 0 if no day was ever closed).
func lastClosed(tx *bbolt.Tx) (day string, seq uint64) {
	if b := tx.Bucket(bucketClosed); b != nil {
		if k, v := b.Cursor().Last(); k != nil && len(v) == 8 {
			return string(k), fromBE64(v)
		}
	}
	// Every closed day's close event was archived (archive.go).
	if v := tx.Bucket(bucketMeta).Get(keyArchivedClosed); len(v) == dayLen+8 {
		return string(v[:dayLen]), fromBE64(v[dayLen:])
	}
	return "", 0
}

// BusinessDay returns the business day a sale made at `at` belongs to: the
// calendar day in the shop's time zone, or the day after the last closed day
// if that is later. It is the day Create gives such a sale.
func (db *DB) BusinessDay(at time.Time) (string, error) {
	var day string
	err := db.view(func(tx *bbolt.Tx) error {
		day = db.businessDay(tx, at)
		return nil
	})
	return day, err
}

// LastClosed returns the last business day closed, or "" if none was.
func (db *DB) LastClosed() (string, error) {
	var day string
	err := db.view(func(tx *bbolt.Tx) error {
		day, _ = lastClosed(tx)
		return nil
	})
	return day, err
}

// Closure returns how day was closed, or nil if it was not closed by a Z
// report of its own.
func (db *DB) Closure(day string) (*sale.Closure, error) {
	var c *sale.Closure
	read := func(tx *bbolt.Tx) error {
		var err error
		c, err = closureTx(tx, day)
		return err
	}
	err := db.view(read)
	if err == nil && c == nil {
		err = db.inArchivedDay(day, read) // archive.go
	}
	return c, err
}

func closureTx(tx *bbolt.Tx, day string) (*sale.Closure, error) {
	b := tx.Bucket(bucketClosed)
	if b == nil {
		return nil, nil
	}
	v := b.Get([]byte(day))
	if v == nil {
		return nil, nil
	}
	if len(v) != 8 {
		return nil, corruptf("the closed-days index entry of %s is damaged (run till verify)", day)
	}
	seq := fromBE64(v)
	e, err := loadEvent(tx, seq)
	if err != nil {
		return nil, err
	}
	if e.Type != sale.EventDayClosed || e.Day != day {
		return nil, corruptf("the closed-days index names event %d for %s, which does not close it (run till verify)", seq, day)
	}
	c := &sale.Closure{Seq: e.Seq, Hash: e.Hash, At: e.At, By: e.By, Note: e.Note}
	if e.Cash != nil && e.Cash.Kind == sale.CashCount {
		c.Counted = e.Cash.Counted
	}
	return c, nil
}

// DayReport returns the X report of a business day: every sale of the day
// added up as it is now, the journal's hash-chain head and, for a closed
// day, how it was closed. It writes nothing and reads the day index only,
// in one read transaction.
func (db *DB) DayReport(day string) (sale.DayReport, error) {
	if err := checkDay("day", day); err != nil {
		return sale.DayReport{}, err
	}
	var r sale.DayReport
	var archived bool
	var kept []sale.Sale
	err := db.view(func(tx *bbolt.Tx) error {
		as, err := archivesOf(tx)
		if err != nil {
			return err
		}
		_, archived = archiveOfDay(as, day)
		if archived {
			// The sales of the day the archive left live (archive.go).
			err = reverse(tx.Bucket(bucketByDay), []byte(day), func(no uint64) (bool, error) {
				s, ok, err := saleByNo(tx, no)
				if ok {
					kept = append(kept, s)
				}
				return true, err
			})
		} else {
			r, err = db.reportTx(tx, day)
		}
		if err != nil {
			return err
		}
		m := tx.Bucket(bucketMeta)
		r.HeadSeq, r.HeadHash = fromBE64(m.Get(keyHeadSeq)), string(m.Get(keyHeadHash))
		r.Closed, err = closureTx(tx, day)
		return err
	})
	if err == nil && archived { // archive.go: the day is in an archive
		headSeq, headHash, closed := r.HeadSeq, r.HeadHash, r.Closed
		err = db.inArchivedDay(day, func(tx *bbolt.Tx) error {
			var err error
			if r, err = db.reportTx(tx, day); err != nil {
				return err
			}
			for i := len(kept) - 1; i >= 0; i-- {
				if err := r.Add(kept[i]); err != nil {
					return err
				}
			}
			if closed == nil {
				closed, err = closureTx(tx, day)
			}
			return err
		})
		r.HeadSeq, r.HeadHash, r.Closed = headSeq, headHash, closed
	}
	if err != nil || r.Closed == nil {
		return r, err
	}
	return r, r.SetCounted(r.Closed.Counted)
}

// reportTx adds up the sales of day inside tx.
func (db *DB) reportTx(tx *bbolt.Tx, day string) (sale.DayReport, error) {
	r := sale.NewDayReport(day, db.storeID, db.terminalID)
	prefix := []byte(day)
	c := tx.Bucket(bucketByDay).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) != dayLen+8 {
			continue
		}
		no := fromBE64(k[dayLen:])
		s, ok, err := saleByNo(tx, no)
		if err != nil {
			return r, err
		}
		if !ok {
			return r, corruptf("day index names sale %d, which is missing (run till verify)", no)
		}
		if err := r.Add(s); err != nil {
			return r, err
		}
	}
	return r, addCashTx(tx, &r) // drawer.go: floats, drops, paid-ins, refunds paid in cash
}

// CloseDay closes business day `day` and returns its Z report, in one
// transaction committed with fsync: the report is added up, and a
// sale.EventDayClosed (Day, At, By and the report's Summary as its note) is
// appended to the hash chain in the same transaction, so the report is
// exactly what was closed. The report's head is the close event itself.
// After it, Create gives new sales the next day (BusinessDay).
//
// It refuses, with a *sale.Error and writing nothing: a day that has not
// begun on the shop's calendar at `at`; a day already closed, or before the
// last closed day (CodeConflict); a day when an earlier day with sales was
// never closed (close that first); and, unless force is set, a day with
// unresolved sales (a later issue adds supervisor overrides; the report lists
// them either way). by (who closes) is required.
func (db *DB) CloseDay(day string, at time.Time, by string, force bool) (sale.DayReport, error) {
	return db.CloseDayCounted(day, at, by, force, nil)
}

// CloseDayCounted is CloseDay recording the drawer's count (nil: not
// counted) on the close event, so the Z shows the counted cash and the
// variance. A count that leaves out a currency the drawer should hold is
// refused (sale.CheckCount), writing nothing.
func (db *DB) CloseDayCounted(day string, at time.Time, by string, force bool, counted []sale.Money) (sale.DayReport, error) {
	for _, m := range counted {
		if !m.Currency.Valid() || m.Minor < 0 {
			return sale.DayReport{}, sale.Errorf(sale.CodeInvalid, "a count of %s: counted cash is zero or more in a known currency", m)
		}
	}
	if err := checkDay("day", day); err != nil {
		return sale.DayReport{}, err
	}
	if at.IsZero() {
		return sale.DayReport{}, sale.Errorf(sale.CodeInvalid, "closing a day needs the time it is closed")
	}
	if strings.TrimSpace(by) == "" {
		return sale.DayReport{}, sale.Errorf(sale.CodeInvalid, "closing a day needs who closes it")
	}
	var r sale.DayReport
	err := db.update(func(tx *bbolt.Tx) error {
		if err := db.canClose(tx, day, at); err != nil {
			return err
		}
		var err error
		if r, err = db.reportTx(tx, day); err != nil {
			return err
		}
		if len(counted) > 0 {
			if err := sale.CheckCount(r, counted); err != nil {
				return err
			}
			if err := r.SetCounted(counted); err != nil {
				return err
			}
		}
		note := r.Summary()
		if n := len(r.Unresolved); n > 0 {
			if !force {
				return sale.Errorf(sale.CodeConflict, "day %s has %d unresolved sale(s) (%s): settle them first (till resolve), "+
					"or close with --force and they are listed on the Z report", day, n, refs(r.Unresolved, 5))
			}
			note = fmt.Sprintf("forced with %d unresolved; %s", n, note)
		}
		e := sale.Event{Type: sale.EventDayClosed, At: at, Day: day, By: by, Note: note}
		if len(counted) > 0 {
			e.Cash = &sale.CashMove{Kind: sale.CashCount, Counted: r.Counted}
		}
		if e.Seq, err = tx.Bucket(bucketEvents).NextSequence(); err != nil {
			return err
		}
		if err := chainEvent(tx, &e); err != nil {
			return err
		}
		b, err := tx.CreateBucketIfNotExists(bucketClosed)
		if err != nil {
			return err
		}
		if err := b.Put([]byte(day), be64(e.Seq)); err != nil {
			return err
		}
		r.HeadSeq, r.HeadHash = e.Seq, e.Hash
		r.Closed = &sale.Closure{Seq: e.Seq, Hash: e.Hash, At: e.At, By: e.By, Note: e.Note, Counted: r.Counted}
		return db.signZ(tx, &r) // sign.go
	})
	if err != nil {
		return sale.DayReport{}, err
	}
	return r, nil
}

// canClose checks that day may be closed at `at`.
func (db *DB) canClose(tx *bbolt.Tx, day string, at time.Time) error {
	if cal := at.In(db.loc).Format(dayLayout); day > cal {
		return sale.Errorf(sale.CodeInvalid, "day %s has not begun yet: it is %s in the shop's time zone", day, cal)
	}
	last, _ := lastClosed(tx)
	if last != "" && day <= last {
		c, err := closureTx(tx, day)
		if err != nil {
			return err
		}
		if c != nil {
			return sale.Errorf(sale.CodeConflict, "day %s was already closed at %s by %s (journal event %d); a day is closed once",
				day, c.At.In(db.loc).Format("2006-01-02 15:04"), c.By, c.Seq)
		}
		return sale.Errorf(sale.CodeConflict, "day %s is before the last closed day %s: it can no longer be closed", day, last)
	}
	// Every earlier day with sales must have been closed first.
	from := ""
	if last != "" {
		from = sale.NextDay(last)
	}
	k, _ := tx.Bucket(bucketByDay).Cursor().Seek([]byte(from))
	if k != nil && len(k) == dayLen+8 && string(k[:dayLen]) < day {
		earlier := string(k[:dayLen])
		return sale.Errorf(sale.CodeConflict, "day %s has sales and was never closed: close it first (till eod --day %s --close)", earlier, earlier)
	}
	return nil
}

// refs names at most max references of xs.
func refs(xs []sale.Exception, max int) string {
	var parts []string
	for i, x := range xs {
		if i == max {
			parts = append(parts, fmt.Sprintf("and %d more", len(xs)-max))
			break
		}
		parts = append(parts, string(x.Ref))
	}
	return strings.Join(parts, ", ")
}

// RecordSecretsExport journals that an export including voucher PINs and
// tokens is about to be written: who asked (by), when (at) and what (note:
// the format, the days and the destination). It returns the event once it is
// committed with fsync; the caller writes no secret before that.
func (db *DB) RecordSecretsExport(at time.Time, by, note string) (sale.Event, error) {
	switch {
	case at.IsZero():
		return sale.Event{}, sale.Errorf(sale.CodeInvalid, "an export record needs the time of the export")
	case strings.TrimSpace(by) == "":
		return sale.Event{}, sale.Errorf(sale.CodeInvalid, "an export with secrets needs who asked for it")
	case strings.TrimSpace(note) == "":
		return sale.Event{}, sale.Errorf(sale.CodeInvalid, "an export record needs what was exported")
	}
	e := sale.Event{Type: sale.EventSecretsExported, At: at, By: by, Note: note}
	err := db.update(func(tx *bbolt.Tx) error {
		var err error
		if e.Seq, err = tx.Bucket(bucketEvents).NextSequence(); err != nil {
			return err
		}
		return chainEvent(tx, &e)
	})
	if err != nil {
		return sale.Event{}, err
	}
	return e, nil
}
