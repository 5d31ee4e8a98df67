package store

import (
	"bytes"
	"strings"

	"go.etcd.io/bbolt"

	"till/sale"
)

// The cash drawer's events (sale/drawer.go) in the journal: a float, drop
// or paid-in is a journal-level sale.EventDrawer; a refund given back in
// cash is its sale's EventRefundSettled carrying a sale.CashMove. Both are
// indexed by the business day they happened on (bucketDrawer), which the
// day report reads besides the day's sales.

var _ sale.CashJournal = (*DB)(nil)

// RecordCash journals e, a journal-level sale.EventDrawer (a float, a drop
// or a paid-in), on the business day of e.At (set as e.Day), in one
// transaction committed with fsync, and returns it as journaled. A bad
// event returns a *sale.Error and writes nothing.
func (db *DB) RecordCash(e sale.Event) (sale.Event, error) {
	switch {
	case e.Type != sale.EventDrawer:
		return sale.Event{}, sale.Errorf(sale.CodeInvalid, "a %q event is not a drawer event", e.Type)
	case e.Ref != "":
		return sale.Event{}, sale.Errorf(sale.CodeInvalid, "a drawer event belongs to the journal, not to sale %s", e.Ref)
	case e.At.IsZero() || strings.TrimSpace(e.By) == "":
		return sale.Event{}, sale.Errorf(sale.CodeInvalid, "a drawer event needs its time and who did it")
	}
	if err := checkCashMove(e); err != nil {
		return sale.Event{}, err
	}
	err := db.update(func(tx *bbolt.Tx) error {
		e.Day = db.businessDay(tx, e.At)
		var err error
		if e.Seq, err = tx.Bucket(bucketEvents).NextSequence(); err != nil {
			return err
		}
		if err := chainEvent(tx, &e); err != nil {
			return err
		}
		return indexCash(tx, e.Day, e.Seq)
	})
	if err != nil {
		return sale.Event{}, err
	}
	return e, nil
}

// checkCashMove refuses an event whose cash is no movement of a positive
// amount in a known currency.
func checkCashMove(e sale.Event) error {
	c := e.Cash
	switch {
	case c == nil || c.Kind.Sign() == 0:
		return sale.Errorf(sale.CodeInvalid, "a %s event moves no cash", e.Type)
	case !c.Amount.Currency.Valid() || c.Amount.Minor <= 0:
		return sale.Errorf(sale.CodeInvalid, "a %s of %s: the amount must be more than zero in a known currency", c.Kind.Name(), c.Amount)
	case c.Kind == sale.CashRefundPaid && e.Type != sale.EventRefundSettled:
		return sale.Errorf(sale.CodeInvalid, "a refund paid in cash is recorded by settling the refund")
	case c.Kind != sale.CashRefundPaid && e.Type != sale.EventDrawer:
		return sale.Errorf(sale.CodeInvalid, "a %s is a drawer event of its own", c.Kind.Name())
	}
	return nil
}

// indexCash puts event seq under day in the drawer index.
func indexCash(tx *bbolt.Tx, day string, seq uint64) error {
	b, err := tx.CreateBucketIfNotExists(bucketDrawer)
	if err != nil {
		return err
	}
	return b.Put(dayKey(day, seq), nil)
}

// addCashTx adds the day's drawer events (the drawer index) to r.
func addCashTx(tx *bbolt.Tx, r *sale.DayReport) error {
	b := tx.Bucket(bucketDrawer)
	if b == nil {
		return nil
	}
	prefix := []byte(r.Day)
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if len(k) != dayLen+8 {
			continue
		}
		seq := fromBE64(k[dayLen:])
		e, err := loadEvent(tx, seq)
		if err != nil {
			return err
		}
		if e.Cash == nil || e.Day != r.Day {
			return corruptf("the drawer index names event %d for %s, which moves no cash that day (run till verify)", seq, r.Day)
		}
		if err := r.AddCash(e); err != nil {
			return err
		}
	}
	return nil
}

// cashEvent checks a cash-moving event of the chain walk (a float, drop,
// paid-in, a refund paid in cash) and notes the drawer index key it needs.
func (v *verifier) cashEvent(e sale.Event) {
	if e.Type == sale.EventDrawer && e.Cash == nil {
		v.note(e.Seq, e.Ref, "the drawer event moves no cash")
		return
	}
	if e.Cash == nil || e.Cash.Kind.Sign() == 0 {
		return
	}
	if err := checkCashMove(e); err != nil {
		v.note(e.Seq, e.Ref, "%s", sale.ErrorMessage(err))
		return
	}
	if checkDay("day", e.Day) != nil {
		v.note(e.Seq, e.Ref, "it moves cash on %q, which is not a day", e.Day)
		return
	}
	if v.cash == nil {
		v.cash = map[string]uint64{}
	}
	v.cash[string(dayKey(e.Day, e.Seq))] = e.Seq
}

// drawerIndex checks the drawer index lists exactly the cash-moving events
// walked, under the days they moved cash on. An incremental check (walked
// from v.from) leaves the entries of events before its point alone: they
// were checked when the point was verified.
func (v *verifier) drawerIndex() {
	if b := v.tx.Bucket(bucketDrawer); b != nil {
		c := b.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			if _, ok := v.cash[string(k)]; !ok {
				seq := uint64(0)
				if len(k) == dayLen+8 {
					seq = fromBE64(k[dayLen:])
				}
				if v.from > 0 && len(k) == dayLen+8 && seq > 0 && seq <= v.from {
					continue
				}
				v.note(seq, "", "the drawer index names event %d for %q, which moves no cash that day; it was added outside the till", seq, k[:min(len(k), dayLen)])
				continue
			}
			delete(v.cash, string(k))
		}
	}
	for k, seq := range v.cash {
		v.note(seq, "", "it moves cash on %s but is missing from the drawer index", k[:dayLen])
	}
}
