package store

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

// List returns the sales matching q, newest first. It walks the narrowest
// index that q allows: the reference (a direct read), then the target, the
// day, the open index for an unresolved State, and only with no filter at
// all the whole sales bucket. q.Ref matches the exact reference or one
// ending in "-"+q.Ref, so a cashier can type just the sequence number. A
// malformed q.Day is CodeInvalid.
func (db *DB) List(q sale.Query) ([]sale.Sale, error) {
	if q.Day != "" {
		if err := checkDay("day", q.Day); err != nil {
			return nil, err
		}
	}
	var out []sale.Sale
	err := db.view(func(tx *bbolt.Tx) error {
		visit := func(no uint64) (bool, error) {
			s, ok, err := saleByNo(tx, no)
			if err != nil || !ok {
				return err == nil, err
			}
			if matches(s, q) {
				out = append(out, s)
			}
			return q.Limit <= 0 || len(out) < q.Limit, nil
		}
		switch {
		case q.Ref != "":
			if no, ok := saleNo(q.Ref); ok {
				_, err := visit(no)
				return err
			}
			return nil
		case q.Target != "":
			return reverse(tx.Bucket(bucketByTarget), targetPrefix(q.Target), visit)
		case q.Day != "":
			return reverse(tx.Bucket(bucketByDay), []byte(q.Day), visit)
		case q.State.Unresolved():
			return reverse(tx.Bucket(bucketOpen), nil, visit)
		default:
			return reverse(tx.Bucket(bucketSales), nil, visit)
		}
	})
	return out, err
}

func matches(s sale.Sale, q sale.Query) bool {
	switch {
	case q.Ref != "" && s.Ref != q.Ref && !strings.HasSuffix(string(s.Ref), "-"+string(q.Ref)):
		return false
	case q.Day != "" && s.Day != q.Day:
		return false
	case q.State != "" && s.State != q.State:
		return false
	case q.Target != "" && s.Order.Target.Value != q.Target:
		return false
	}
	return true
}

// reverse calls fn with the sale number of every key of b made of prefix and
// an 8-byte sale number, largest (newest) first, until fn returns false or
// an error.
func reverse(b *bbolt.Bucket, prefix []byte, fn func(no uint64) (bool, error)) error {
	c := b.Cursor()
	upper := cat(prefix, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})
	k, _ := c.Seek(upper)
	if k == nil {
		k, _ = c.Last()
	} else if !bytes.Equal(k, upper) {
		k, _ = c.Prev()
	}
	for ; k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Prev() {
		if len(k) != len(prefix)+8 {
			continue
		}
		more, err := fn(fromBE64(k[len(prefix):]))
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// EachEvent calls fn with every event of the journal in sequence order,
// inside one read transaction and in constant memory, stopping at and
// returning the first error of fn. fn must not write to the journal.
func (db *DB) EachEvent(fn func(sale.Event) error) error {
	var fnErr error
	err := db.view(func(tx *bbolt.Tx) error {
		cd := codecOf(tx)
		prev := genesisHash
		c := tx.Bucket(bucketEvents).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			e, _, _, err := readEvent(cd, v, prev)
			if err != nil {
				return fmt.Errorf("event %d is unreadable (run till verify): %v", fromBE64(k), err)
			}
			prev = e.Hash
			if fnErr = fn(e); fnErr != nil {
				return fnErr
			}
		}
		return nil
	})
	if fnErr != nil {
		return fnErr
	}
	return err
}

// EachSale calls fn with every sale whose business day is between from and
// to (YYYY-MM-DD, inclusive; "" leaves that end open), in day order and
// within a day in creation order, walking the day index inside one read
// transaction in constant memory. It stops at and returns the first error of
// fn. fn must not write to the journal.
func (db *DB) EachSale(from, to string, fn func(sale.Sale) error) error {
	for what, d := range map[string]string{"from day": from, "to day": to} {
		if d != "" {
			if err := checkDay(what, d); err != nil {
				return err
			}
		}
	}
	var fnErr error
	err := db.view(func(tx *bbolt.Tx) error {
		cd, sales := codecOf(tx), tx.Bucket(bucketSales).Cursor()
		c := tx.Bucket(bucketByDay).Cursor()
		k, _ := c.Seek([]byte(from))
		for ; k != nil; k, _ = c.Next() {
			if len(k) != dayLen+8 {
				continue
			}
			if to != "" && string(k[:dayLen]) > to {
				break
			}
			no := fromBE64(k[dayLen:])
			s, ok, err := saleIn(cd, sales, no)
			if err != nil {
				return err
			}
			if !ok {
				return corruptf("day index names sale %d, which is missing (run till verify)", no)
			}
			if fnErr = fn(s); fnErr != nil {
				return fnErr
			}
		}
		return nil
	})
	if fnErr != nil {
		return fnErr
	}
	return err
}

func checkDay(what, d string) error {
	if _, err := time.Parse(dayLayout, d); err != nil || len(d) != dayLen {
		return sale.Errorf(sale.CodeInvalid, "%s %q is not a date like 2006-01-02", what, d)
	}
	return nil
}
