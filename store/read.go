package store

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

// List returns the sales matching q, newest first. It walks the narrowest
// index that q allows: the reference (a direct read), the payment a sale
// was paid by and the payment issues (issues_index.go), then the serial, the
// target, the day, the open index for an unresolved State, the kind, and
// only with no other filter the whole sales bucket. q.Ref matches the exact reference or one
// ending in "-"+q.Ref, so a cashier can type just the sequence number. A
// malformed q.Day is CodeInvalid.
func (db *DB) List(q sale.Query) ([]sale.Sale, error) {
	if q.Day != "" {
		if err := checkDay("day", q.Day); err != nil {
			return nil, err
		}
	}
	var out []sale.Sale
	list := func(tx *bbolt.Tx) error {
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
		case q.PaidBy != "":
			if pno, ok := saleNo(q.PaidBy); ok {
				if v := tx.Bucket(bucketTenderUsed).Get(be64(pno)); len(v) == 8 {
					_, err := visit(fromBE64(v))
					return err
				}
			}
			return nil
		case q.Issues:
			return reverse(tx.Bucket(bucketAttention), nil, visit)
		case q.Serial != "":
			return reverse(tx.Bucket(bucketBySerial), serialPrefix(q.Serial), visit)
		case q.Target != "":
			return reverse(tx.Bucket(bucketByTarget), targetPrefix(q.Target), visit)
		case q.Day != "":
			return reverse(tx.Bucket(bucketByDay), []byte(q.Day), visit)
		case q.State.Unresolved():
			return reverse(tx.Bucket(bucketOpen), nil, visit)
		case q.Kind != "":
			return reverse(tx.Bucket(bucketByKind), targetPrefix(string(q.Kind)), visit)
		default:
			return reverse(tx.Bucket(bucketSales), nil, visit)
		}
	}
	// A reference or a day of an archived year is read from its archive
	// (archive.go); a search by target or serial goes on into the archives,
	// newest first, while it has fewer than q.Limit; other searches look at
	// the live journal only.
	a, ok, err := db.archiveFor(q)
	if err != nil {
		return nil, err
	}
	if err = db.view(list); err != nil {
		return nil, err
	}
	if search := q.Ref == "" && q.PaidBy == "" && !q.Issues && (q.Serial != "" || q.Target != ""); search && (q.Limit <= 0 || len(out) < q.Limit) {
		as, err := db.archives()
		if err != nil {
			return nil, err
		}
		for i := len(as) - 1; i >= 0 && (q.Limit <= 0 || len(out) < q.Limit); i-- {
			if err := db.viewArchive(as[i], list); err != nil {
				return nil, err
			}
		}
		sortNewestFirst(out)
		return db.openSales(out), nil
	}
	if !ok || ((q.Ref != "" || q.PaidBy != "") && len(out) > 0) {
		return db.openSales(out), nil
	}
	// The archive, and for a day the sales of it the archive left live.
	live := out
	out = nil
	if err := db.viewArchive(a, list); err != nil {
		return nil, err
	}
	out = append(out, live...)
	sortNewestFirst(out)
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return db.openSales(out), nil
}

// sortNewestFirst orders sales by sale number, largest first.
func sortNewestFirst(out []sale.Sale) {
	sort.SliceStable(out, func(i, j int) bool {
		ni, _ := saleNo(out[i].Ref)
		nj, _ := saleNo(out[j].Ref)
		return ni > nj
	})
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
	case q.Kind != "" && s.Order.Kind != q.Kind:
		return false
	case q.Serial != "" && !strings.EqualFold(serialOf(s), q.Serial):
		return false
	case q.PaidBy != "" && s.Order.Tender.Ref != q.PaidBy:
		return false
	}
	if _, ok := sale.PaymentIssue(s, false); q.Issues && !ok {
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
	walk := func(tx *bbolt.Tx) error {
		cd := codecOf(tx)
		_, prev := chainBase(tx)
		c := tx.Bucket(bucketEvents).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			e, _, _, err := readEvent(cd, v, prev)
			if err != nil {
				return fmt.Errorf("event %d is unreadable (run till verify): %v", fromBE64(k), err)
			}
			prev = e.Hash
			if fnErr = fn(db.openEvent(e)); fnErr != nil {
				return fnErr
			}
		}
		return nil
	}
	as, err := db.archives() // archive.go: the archived years first
	for _, a := range as {
		if err == nil && fnErr == nil {
			err = db.viewArchive(a, walk)
		}
	}
	if err == nil && fnErr == nil {
		err = db.view(walk)
	}
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
//
// The walk and the decoding run on a goroutine of their own, a batch of
// eachSaleBatch sales ahead of fn (at most three batches exist), so that on
// a machine with two cores decoding overlaps whatever fn does; fn is called
// on the caller's goroutine, one sale at a time, in order. Each sale is fn's
// to keep: nothing in it is shared with the journal or with other sales.
func (db *DB) EachSale(from, to string, fn func(sale.Sale) error) error {
	return db.eachSale(from, to, salePlan(), true, fn)
}

// eachSale is EachSale decoding with plan p (a projection: project.go),
// opening the secrets of each sale when open is set.
func (db *DB) eachSale(from, to string, p *structPlan, open bool, fn func(sale.Sale) error) error {
	for what, d := range map[string]string{"from day": from, "to day": to} {
		if d != "" {
			if err := checkDay(what, d); err != nil {
				return err
			}
		}
	}
	// The archived years first (archive.go), each from its own file, then
	// the live journal from the day after the last archived one.
	as, err := db.archives()
	if err != nil {
		return err
	}
	for _, a := range as {
		if (to != "" && a.FirstDay > to) || (from != "" && a.LastDay < from) {
			continue
		}
		// The sales of its days the archive left live come in their
		// place in the order.
		kept, err := db.keptSales(a, from, to)
		if err != nil {
			return err
		}
		emit := func(s sale.Sale) error {
			no, _ := saleNo(s.Ref)
			for len(kept) > 0 && (kept[0].Day < s.Day || (kept[0].Day == s.Day && kept[0].no < no)) {
				if err := fn(kept[0].Sale); err != nil {
					return err
				}
				kept = kept[1:]
			}
			return fn(s)
		}
		bdb, err := openArchiveFile(db.archivePath(a))
		if err != nil {
			return db.fail(err)
		}
		err = db.eachSaleIn(func(fn func(*bbolt.Tx) error) (err error) {
			defer db.recoverDamage(&err)
			return db.fail(bdb.View(fn))
		}, from, to, p, open, emit)
		_ = bdb.Close()
		for ; err == nil && len(kept) > 0; kept = kept[1:] {
			err = fn(kept[0].Sale)
		}
		if err != nil {
			return err
		}
	}
	if n := len(as); n > 0 && from <= as[n-1].LastDay {
		from = sale.NextDay(as[n-1].LastDay)
	}
	return db.eachSaleIn(db.view, from, to, p, open, fn)
}

// eachSaleIn is EachSale over the file view reads.
func (db *DB) eachSaleIn(view func(func(*bbolt.Tx) error) error, from, to string, p *structPlan, open bool, fn func(sale.Sale) error) error {
	const buffers = 3
	batches := make(chan []sale.Sale, buffers-1)
	free := make(chan []sale.Sale, buffers)
	for range buffers {
		free <- make([]sale.Sale, 0, eachSaleBatch)
	}
	done := make(chan struct{})
	walked := make(chan error, 1)
	go func() {
		defer close(batches)
		walked <- view(func(tx *bbolt.Tx) error {
			buf := <-free
			send := func() bool {
				select {
				case batches <- buf:
				case <-done:
					return false
				}
				select {
				case buf = <-free:
				case <-done:
					return false
				}
				buf = buf[:0]
				return true
			}
			cd, sales := codecOf(tx), tx.Bucket(bucketSales).Cursor()
			positioned := false
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
				buf = append(buf, sale.Sale{})
				// The next sale of the day index is most often the next
				// record: a step of the cursor, not a seek from the root.
				var ok bool
				var err error
				var sk, v []byte
				if positioned {
					sk, v = sales.Next()
				}
				if len(sk) == 8 && fromBE64(sk) == no && v != nil {
					ok = true
					if _, err = decodeSaleWith(cd, p, v, false, &buf[len(buf)-1]); err != nil {
						err = fmt.Errorf("sale record %d is unreadable (run till verify): %v", no, err)
					}
				} else {
					ok, err = saleIntoWith(cd, p, sales, no, &buf[len(buf)-1])
				}
				positioned = true
				if err != nil {
					return err
				}
				if !ok {
					return corruptf("day index names sale %d, which is missing (run till verify)", no)
				}
				if len(buf) == eachSaleBatch && !send() {
					return nil
				}
			}
			if len(buf) > 0 {
				select {
				case batches <- buf:
				case <-done:
				}
			}
			return nil
		})
	}()
	var fnErr error
	for b := range batches {
		for i := 0; i < len(b) && fnErr == nil; i++ {
			s := b[i]
			if open {
				s = db.openSale(s)
			}
			if fnErr = fn(s); fnErr != nil {
				close(done)
			}
		}
		clear(b)
		free <- b[:0]
	}
	err := <-walked
	if fnErr != nil {
		return fnErr
	}
	return err
}

// eachSaleBatch is how many decoded sales EachSale hands over at a time.
const eachSaleBatch = 256

func checkDay(what, d string) error {
	if _, err := time.Parse(dayLayout, d); err != nil || len(d) != dayLen {
		return sale.Errorf(sale.CodeInvalid, "%s %q is not a date like 2006-01-02", what, d)
	}
	return nil
}
