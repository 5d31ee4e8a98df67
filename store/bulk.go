package store

import (
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

// BulkSale is one whole sale for Bulk: its order, when it was created and
// the events that follow its creation, oldest first. Bulk fills in each
// event's Ref, Seq, Prev and Hash.
type BulkSale struct {
	Order  sale.Order
	At     time.Time
	Events []sale.Event
}

// Bulk journals many whole sales in one transaction (one fsync), through
// the same code as Create and Append: references, business days, the hash
// chain, indexes and state checks are exactly theirs, so the result passes
// Verify. It is for test data and benchmarks (bench/genjournal), where an
// fsync per event would take hours for a million sales; a till never uses
// it, because a sale must be durable before anything is sent. Any error
// rolls the whole batch back.
func (db *DB) Bulk(sales []BulkSale) error {
	for _, b := range sales {
		if err := b.Order.Validate(); err != nil {
			return err
		}
		if b.At.IsZero() {
			return sale.Errorf(sale.CodeInvalid, "a sale needs the time it was made")
		}
		for _, e := range b.Events {
			if e.Type == sale.EventCreated || e.Type == "" || e.Type.JournalLevel() || e.At.IsZero() {
				return sale.Errorf(sale.CodeInvalid, "bulk: a %q event cannot follow a sale's creation", e.Type)
			}
		}
	}
	if db.cont != nil && db.cont.rec != nil && db.gap == nil {
		// One write of the continuity record covers the whole batch.
		var next uint64
		if err := db.view(func(tx *bbolt.Tx) error { next = tx.Bucket(bucketSales).Sequence() + 1; return nil }); err != nil {
			return err
		}
		if err := db.cont.reserveThrough(next, next+uint64(len(sales))-1+ReserveBlock); err != nil {
			return sale.JournalErrorf("%v; nothing was written", err)
		}
	}
	var last uint64
	err := db.update(func(tx *bbolt.Tx) error {
		for _, b := range sales {
			no, s, err := db.createTx(tx, b.Order, b.At)
			if err != nil {
				return err
			}
			last = no
			for _, e := range b.Events {
				e.Ref = s.Ref
				if err := db.sealEvent(&e); err != nil { // seal.go
					return err
				}
				if s, err = appendTx(tx, no, s, e); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err == nil {
		db.committed(last)
	}
	return err
}
