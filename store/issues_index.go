package store

import (
	"fmt"

	"go.etcd.io/bbolt"

	"till/sale"
)

// The payment indexes (schema.go): attention holds the sales that may need
// a person about a payment (sale.PaymentIssue), so the Payments screen and
// `till payments` read only those; tender_used maps a tender sale to the
// sale it paid for, so "is this payment used?" is one lookup instead of a
// walk back through the journal. Both are kept in the transaction of the
// event that changes them (putSale). A journal made before them gets them
// built once, on open (ensureIssueIndexes).

// tenderUsed reports whether tender sale no paid for a sale.
func tenderUsed(tx *bbolt.Tx, no uint64) bool {
	b := tx.Bucket(bucketTenderUsed)
	return b != nil && b.Get(be64(no)) != nil
}

// needsAttention is the attention index's rule for sale no.
func needsAttention(tx *bbolt.Tx, no uint64, s sale.Sale) bool {
	used := sale.TenderOf(s.Order.Kind) != "" && tenderUsed(tx, no)
	_, ok := sale.PaymentIssue(s, used)
	return ok
}

// setAttention puts no in the attention index or takes it out, writing only
// when that changes.
func setAttention(tx *bbolt.Tx, no uint64, in bool) error {
	b := tx.Bucket(bucketAttention)
	k := be64(no)
	switch was := b.Get(k) != nil; {
	case in && !was:
		return b.Put(k, []byte{})
	case !in && was:
		return b.Delete(k)
	}
	return nil
}

// paymentOf returns the number and record of the tender sale of this
// journal that sale s (just created) is paid by (ok false if none).
func paymentOf(tx *bbolt.Tx, s sale.Sale) (uint64, sale.Sale, bool, error) {
	ref := s.Order.Tender.Ref
	if ref == "" || ref == s.Ref {
		return 0, sale.Sale{}, false, nil
	}
	no, ok := saleNo(ref)
	if !ok {
		return 0, sale.Sale{}, false, nil
	}
	p, ok, err := saleByNo(tx, no)
	if err != nil || !ok || p.Ref != ref {
		return 0, sale.Sale{}, false, err
	}
	return no, p, true, nil
}

// indexPayments keeps the payment indexes in step with sale no, just
// written as s (created: its first event).
func indexPayments(tx *bbolt.Tx, no uint64, s sale.Sale, created bool) error {
	if created {
		pno, p, ok, err := paymentOf(tx, s)
		if err != nil {
			return fmt.Errorf("the payment of sale %s is unreadable (run till verify): %v", s.Ref, err)
		}
		if ok {
			used := tx.Bucket(bucketTenderUsed)
			if used.Get(be64(pno)) == nil {
				if err := used.Put(be64(pno), be64(no)); err != nil {
					return err
				}
			}
			if err := setAttention(tx, pno, needsAttention(tx, pno, p)); err != nil {
				return err
			}
		}
	}
	return setAttention(tx, no, needsAttention(tx, no, s))
}

// ensureIssueIndexes builds the payment indexes of a journal made before
// them, in one transaction: a crash leaves the journal as it was, and the
// next open builds them again.
func (db *DB) ensureIssueIndexes() error {
	var missing bool
	if err := db.bolt.View(func(tx *bbolt.Tx) error {
		missing = tx.Bucket(bucketAttention) == nil || tx.Bucket(bucketTenderUsed) == nil
		return nil
	}); err != nil || !missing {
		return err
	}
	return db.bolt.Update(func(tx *bbolt.Tx) error {
		for _, name := range [][]byte{bucketAttention, bucketTenderUsed} {
			if tx.Bucket(name) != nil {
				if err := tx.DeleteBucket(name); err != nil {
					return err
				}
			}
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		return buildIssueIndexes(tx)
	})
}

// buildIssueIndexes fills the empty payment indexes from every sale record,
// oldest first: a sale is always created after the payment it uses.
func buildIssueIndexes(tx *bbolt.Tx) error {
	type payment struct {
		ref      sale.Reference
		refund   bool // sale.RefundDue
		unvended bool // an issue if no sale used it
	}
	payments := map[uint64]payment{}
	used := tx.Bucket(bucketTenderUsed)
	cd := codecOf(tx)
	c := tx.Bucket(bucketSales).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if len(k) != 8 || v == nil {
			continue
		}
		no := fromBE64(k)
		var s sale.Sale
		if _, err := decodeSaleInto(cd, v, false, &s); err != nil {
			return fmt.Errorf("sale record %d is unreadable (run till verify): %v", no, err)
		}
		if r := s.Order.Tender.Ref; r != "" && r != s.Ref {
			if pno, ok := saleNo(r); ok {
				if p, ok := payments[pno]; ok && p.ref == r && used.Get(be64(pno)) == nil {
					if err := used.Put(be64(pno), be64(no)); err != nil {
						return err
					}
				}
			}
		}
		if sale.TenderOf(s.Order.Kind) != "" {
			_, unvended := sale.PaymentIssue(s, false)
			payments[no] = payment{ref: s.Ref, refund: sale.RefundDue(s), unvended: unvended}
			continue
		}
		if _, ok := sale.PaymentIssue(s, false); ok {
			if err := setAttention(tx, no, true); err != nil {
				return err
			}
		}
	}
	for no, p := range payments {
		if p.refund || (p.unvended && used.Get(be64(no)) == nil) {
			if err := setAttention(tx, no, true); err != nil {
				return err
			}
		}
	}
	return nil
}
