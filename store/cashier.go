package store

import (
	"encoding/json"
	"strings"

	"go.etcd.io/bbolt"

	"till/sale"
)

var _ sale.CashierStore = (*DB)(nil)

// Cashiers returns every cashier with its PIN hash, ordered by id. A
// journal without cashiers returns none.
func (db *DB) Cashiers() ([]sale.Cashier, error) {
	var out []sale.Cashier
	err := db.view(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketCashiers)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			c, err := decodeCashier(k, v)
			if err != nil {
				return err
			}
			out = append(out, c)
			return nil
		})
	})
	return out, err
}

// Cashier returns one cashier with its PIN hash, or CodeNotFound.
func (db *DB) Cashier(id string) (sale.Cashier, error) {
	var c sale.Cashier
	err := db.view(func(tx *bbolt.Tx) error {
		var ok bool
		var err error
		c, ok, err = cashierTx(tx, id)
		if err == nil && !ok {
			err = sale.Errorf(sale.CodeNotFound, "no cashier %q on this till", id)
		}
		return err
	})
	return c, err
}

func cashierTx(tx *bbolt.Tx, id string) (sale.Cashier, bool, error) {
	b := tx.Bucket(bucketCashiers)
	if b == nil {
		return sale.Cashier{}, false, nil
	}
	v := b.Get([]byte(id))
	if v == nil {
		return sale.Cashier{}, false, nil
	}
	c, err := decodeCashier([]byte(id), v)
	return c, err == nil, err
}

func decodeCashier(k, v []byte) (sale.Cashier, error) {
	var c sale.Cashier
	if err := json.Unmarshal(v, &c); err != nil { // copies out of the transaction
		return c, corruptf("the record of cashier %q is unreadable (run till verify): %v", k, err)
	}
	if c.ID != string(k) {
		return c, corruptf("the record stored as cashier %q names cashier %q (run till verify)", k, c.ID)
	}
	return c, nil
}

// UpdateCashier runs fn on cashier id inside one write transaction
// committed with fsync (sale.CashierStore): when fn returns a record and an
// event, the record is stored and the event, with the record as its
// Cashier (PIN hash replaced by its fingerprint), is appended to the hash
// chain as a journal-level event. If fn fails or returns no event, nothing
// is written.
func (db *DB) UpdateCashier(id string, fn func(c sale.Cashier, found bool) (sale.Cashier, *sale.Event, error)) (sale.Event, error) {
	if err := sale.ValidID("cashier id", id); err != nil {
		return sale.Event{}, sale.Errorf(sale.CodeNotFound, "no cashier %q on this till", id)
	}
	var out sale.Event
	err := db.update(func(tx *bbolt.Tx) error {
		cur, found, err := cashierTx(tx, id)
		if err != nil {
			return err
		}
		next, e, err := fn(cur, found)
		if err != nil || e == nil {
			return err
		}
		switch {
		case next.ID != id:
			return sale.Errorf(sale.CodeInvalid, "cashier %s: the record names cashier %q", id, next.ID)
		case !e.Type.AuthEvent():
			return sale.Errorf(sale.CodeInvalid, "cashier %s: %q is not a cashier event", id, e.Type)
		case e.Ref != "":
			return sale.Errorf(sale.CodeInvalid, "a %s event belongs to the journal, not to sale %s", e.Type, e.Ref)
		case e.At.IsZero() || strings.TrimSpace(e.By) == "":
			return sale.Errorf(sale.CodeInvalid, "cashier %s: a %s event needs its time and who did it", id, e.Type)
		}
		v, err := json.Marshal(next)
		if err != nil {
			return sale.Errorf(sale.CodeInvalid, "cashier %s cannot be encoded: %v", id, err)
		}
		b, err := tx.CreateBucketIfNotExists(bucketCashiers)
		if err != nil {
			return err
		}
		if err := b.Put([]byte(id), v); err != nil {
			return err
		}
		rec := chainRecord(next)
		ev := *e
		ev.Cashier = &rec
		if ev.Seq, err = tx.Bucket(bucketEvents).NextSequence(); err != nil {
			return err
		}
		if err := chainEvent(tx, &ev); err != nil {
			return err
		}
		out = ev
		return nil
	})
	if err != nil {
		return sale.Event{}, err
	}
	return out, nil
}

// chainRecord is how a cashier record goes into the hash chain: its PIN
// hash replaced by the hash's fingerprint.
func chainRecord(c sale.Cashier) sale.Cashier {
	c.PIN = sale.PINFingerprint(c.PIN)
	return c
}

// verifyCashiers checks that the cashiers bucket holds exactly the records
// the cashier events walked (last, by id) left, PIN hashes included by
// their fingerprints: a record or a PIN hash changed outside the till is
// found here even though the bucket is not in the chain itself.
func (v *verifier) verifyCashiers() {
	b := v.tx.Bucket(bucketCashiers)
	seen := map[string]bool{}
	if b != nil {
		_ = b.ForEach(func(k, val []byte) error {
			id := string(k)
			seen[id] = true
			want, ok := v.cashiers[id]
			if !ok && v.from > 0 {
				return nil // no event since the verified point: checked then
			}
			if !ok {
				v.note(0, "", "cashier %q has a record but no cashier event: it was added outside the till", id)
				return nil
			}
			c, err := decodeCashier(k, val)
			if err != nil {
				v.note(want.seq, "", "%v", err)
				return nil
			}
			if diff := cashierDiff(chainRecord(c), want.rec); diff != "" {
				v.note(want.seq, "", "the record of cashier %s differs from its last event in: %s; it was changed outside the till", id, diff)
			}
			return nil
		})
	}
	for id, w := range v.cashiers {
		if !seen[id] {
			v.note(w.seq, "", "cashier %s has events but no record: it was removed outside the till", id)
		}
	}
}

// cashierMark is the last cashier record the chain holds for one cashier.
type cashierMark struct {
	seq uint64
	rec sale.Cashier
}

// cashierDiff names the fields in which a and b differ ("" if none).
func cashierDiff(a, b sale.Cashier) string {
	var d []string
	if a.Name != b.Name {
		d = append(d, "name")
	}
	if a.Role != b.Role {
		d = append(d, "role")
	}
	if a.PIN != b.PIN {
		d = append(d, "PIN")
	}
	if a.Disabled != b.Disabled {
		d = append(d, "disabled")
	}
	if a.Failed != b.Failed || !a.LockedUntil.Equal(b.LockedUntil) {
		d = append(d, "lockout")
	}
	if !a.Added.Equal(b.Added) {
		d = append(d, "added")
	}
	return strings.Join(d, ", ")
}

// cashierEvent checks a cashier or override event of the chain walk and
// keeps its record as the cashier's latest.
func (v *verifier) cashierEvent(e sale.Event) {
	if e.Type == sale.EventOverride && (e.Override == nil || e.Override.Supervisor == "" || strings.TrimSpace(e.Override.Reason) == "") {
		v.note(e.Seq, "", "the override does not name its supervisor and reason")
		return
	}
	if e.Cashier == nil {
		return
	}
	if e.Cashier.ID == "" {
		v.note(e.Seq, "", "the %s event names no cashier", e.Type)
		return
	}
	if v.cashiers == nil {
		v.cashiers = map[string]cashierMark{}
	}
	if _, ok := v.cashiers[e.Cashier.ID]; !ok && e.Type != sale.EventCashierAdded && v.from == 0 {
		v.note(e.Seq, "", "a %s event for cashier %s, who was never added", e.Type, e.Cashier.ID)
		return
	}
	v.cashiers[e.Cashier.ID] = cashierMark{seq: e.Seq, rec: *e.Cashier}
}
