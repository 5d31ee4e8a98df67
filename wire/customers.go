package wire

import (
	"time"

	"till/providers/sandbox"
	"till/sale"
)

// CustomerStore is the card-on-file book with its writes.
type CustomerStore interface {
	sale.CustomerBook
	AddCustomer(c sale.Customer, at time.Time) (sale.Customer, error)
}

// SeedDemoCustomers is seedDemoCustomers for a journal opened elsewhere
// (tests).
func SeedDemoCustomers(db CustomerStore, now time.Time) error { return seedDemoCustomers(db, now) }

// seedDemoCustomers fills an empty demo customer book with the sandbox's
// demo cards, so a new user can pay by card at once.
func seedDemoCustomers(db CustomerStore, now time.Time) error {
	cs, err := db.Customers()
	if err != nil || len(cs) > 0 {
		return err
	}
	for i, c := range sandbox.FlutterwaveCards() {
		created := now.AddDate(0, -2-i, 0)
		if c.Token == sandbox.FlutterwaveToken3DS {
			created = now.Add(-sale.TokenLife + 20*24*time.Hour) // shows the renewal warning
		}
		if _, err := db.AddCustomer(sale.Customer{Name: c.Name, Email: c.Email, Token: c.Token, Brand: c.Brand,
			Last4: c.Last4, Expiry: c.Expiry, TokenCreated: created}, now); err != nil {
			return err
		}
	}
	return nil
}
