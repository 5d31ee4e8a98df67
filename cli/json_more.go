package cli

import (
	"fmt"
	"time"

	"till/sale"
)

// customerRecordOf is a customer as --json prints it: never the token.
func customerRecordOf(cu sale.Customer, now time.Time) customerRecord {
	return customerRecord{ID: cu.ID, Name: cu.Name, Email: cu.Email, Phone: cu.Phone, Card: cu.MaskedCard(),
		Currency: string(cu.Currency), TokenCreated: cu.TokenCreated, TokenExpires: cu.TokenExpires(), Warning: cu.CardWarning(now)}
}

// printCustomer prints a customer added or updated: one line, or JSON.
func (c *cli) printCustomer(cu sale.Customer, asJSON bool) {
	if asJSON {
		c.printJSON(customerRecordOf(cu, c.now()))
		return
	}
	fmt.Fprintf(c.stdout, "%s  %s  %s  %s\n", cu.ID, cu.Name, cu.Email, cu.MaskedCard())
}
