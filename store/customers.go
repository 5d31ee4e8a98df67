package store

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"go.etcd.io/bbolt"

	"till/sale"
)

// The customer book: card-on-file customers (sale.Customer) in the journal
// file, beside the sales but outside the hash chain — it is reference data
// that changes (a new email, a renewed token), not a record of money.
//
//	customers    be64(customer no) → JSON of sale.Customer; ID = "C" + no
//	             bucket sequence = last customer no
//
// The bucket is optional: it is made by the first AddCustomer, so a journal
// without it needs no migration. The card token is sealed like a journaled
// order's secrets (store/seal.go); every method that returns a customer
// returns it opened, and callers show sale.Customer.MaskedCard instead.

var _ sale.CustomerBook = (*DB)(nil)

// AddCustomer validates c, gives it the next ID ("C1", "C2", …) and the time
// it was added, and writes it with fsync. An email already in the book is
// refused (CodeConflict): update that customer instead.
func (db *DB) AddCustomer(c sale.Customer, at time.Time) (sale.Customer, error) {
	c = tidy(c)
	if err := c.Validate(); err != nil {
		return sale.Customer{}, err
	}
	err := db.update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketCustomers)
		if err != nil {
			return err
		}
		if other, ok, err := byEmail(b, c.Email); err != nil {
			return err
		} else if ok {
			return sale.Errorf(sale.CodeConflict, "%s is already in the book as %s (%s)", c.Email, other.ID, other.Name)
		}
		no, err := b.NextSequence()
		if err != nil {
			return err
		}
		c.ID, c.Added, c.Updated = "C"+strconv.FormatUint(no, 10), at, time.Time{}
		sealed, err := db.sealCustomer(c) // seal.go
		if err != nil {
			return err
		}
		return putCustomer(b, no, sealed)
	})
	if err != nil {
		return sale.Customer{}, err
	}
	return c, nil
}

// UpdateCustomer replaces the customer with c.ID by c (validated), keeping
// when it was added, and writes it with fsync. CodeNotFound if there is no
// such customer; CodeConflict if c's email belongs to another.
func (db *DB) UpdateCustomer(c sale.Customer, at time.Time) (sale.Customer, error) {
	c = tidy(c)
	no, ok := customerNo(c.ID)
	if !ok {
		return sale.Customer{}, sale.Errorf(sale.CodeNotFound, "no customer %q (IDs look like C1)", c.ID)
	}
	if err := c.Validate(); err != nil {
		return sale.Customer{}, err
	}
	err := db.update(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketCustomers)
		old, found, err := getCustomer(b, no)
		if err != nil {
			return err
		}
		if !found {
			return sale.Errorf(sale.CodeNotFound, "no customer %s", c.ID)
		}
		if other, ok, err := byEmail(b, c.Email); err != nil {
			return err
		} else if ok && other.ID != c.ID {
			return sale.Errorf(sale.CodeConflict, "%s belongs to %s (%s)", c.Email, other.ID, other.Name)
		}
		c.Added, c.Updated = old.Added, at
		sealed, err := db.sealCustomer(c) // seal.go
		if err != nil {
			return err
		}
		return putCustomer(b, no, sealed)
	})
	if err != nil {
		return sale.Customer{}, err
	}
	return c, nil
}

// Customers returns every customer, in the order they were added.
func (db *DB) Customers() ([]sale.Customer, error) {
	out := []sale.Customer{}
	err := db.view(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketCustomers)
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, v []byte) error {
			var c sale.Customer
			if err := json.Unmarshal(v, &c); err != nil {
				return corruptf("journal %s: a customer cannot be read: %v", db.path, err)
			}
			out = append(out, db.openCustomer(c))
			return nil
		})
	})
	return out, err
}

// Customer returns the customer with id ("C7", any case), or CodeNotFound.
func (db *DB) Customer(id string) (sale.Customer, error) {
	no, ok := customerNo(id)
	if !ok {
		return sale.Customer{}, sale.Errorf(sale.CodeNotFound, "no customer %q (IDs look like C1)", id)
	}
	var c sale.Customer
	err := db.view(func(tx *bbolt.Tx) error {
		var found bool
		var err error
		c, found, err = getCustomer(tx.Bucket(bucketCustomers), no)
		if err == nil && !found {
			err = sale.Errorf(sale.CodeNotFound, "no customer %s", strings.ToUpper(id))
		}
		return err
	})
	return db.openCustomer(c), err
}

// tidy trims what a person typed.
func tidy(c sale.Customer) sale.Customer {
	c.ID = strings.ToUpper(strings.TrimSpace(c.ID))
	c.Name, c.Phone = strings.TrimSpace(c.Name), strings.TrimSpace(c.Phone)
	c.Email = strings.ToLower(strings.TrimSpace(c.Email))
	c.Token, c.Brand, c.Last4, c.Expiry = strings.TrimSpace(c.Token), strings.ToUpper(strings.TrimSpace(c.Brand)), strings.TrimSpace(c.Last4), strings.TrimSpace(c.Expiry)
	c.Currency = sale.Currency(strings.ToUpper(strings.TrimSpace(string(c.Currency))))
	return c
}

// customerNo parses "C7" (any case) into 7.
func customerNo(id string) (uint64, bool) {
	id = strings.ToUpper(strings.TrimSpace(id))
	if !strings.HasPrefix(id, "C") {
		return 0, false
	}
	n, err := strconv.ParseUint(id[1:], 10, 64)
	return n, err == nil && n > 0
}

func putCustomer(b *bbolt.Bucket, no uint64, c sale.Customer) error {
	v, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return b.Put(be64(no), v)
}

func getCustomer(b *bbolt.Bucket, no uint64) (sale.Customer, bool, error) {
	if b == nil {
		return sale.Customer{}, false, nil
	}
	v := b.Get(be64(no))
	if v == nil {
		return sale.Customer{}, false, nil
	}
	var c sale.Customer
	if err := json.Unmarshal(v, &c); err != nil {
		return c, false, sale.JournalErrorf("customer C%d cannot be read: %v", no, err)
	}
	return c, true, nil
}

// byEmail finds the customer with email (already lower case).
func byEmail(b *bbolt.Bucket, email string) (sale.Customer, bool, error) {
	var found sale.Customer
	ok := false
	err := b.ForEach(func(_, v []byte) error {
		var c sale.Customer
		if err := json.Unmarshal(v, &c); err != nil {
			return err
		}
		if strings.EqualFold(c.Email, email) {
			found, ok = c, true
		}
		return nil
	})
	return found, ok, err
}
