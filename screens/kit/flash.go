package kit

import (
	"context"

	"till/sale"
)

// FlashAPI is what the Flash screens need from the Flash client beyond
// selling (which goes through the engine): the lookups, which move no money
// and are not journaled, and the cash-out cancel rules. The wiring fills
// Deps.Flash with the client bound to the journal, so the screens hold no
// writable journal: CancelOrder only reads it, and AnnotateCancels writes
// the "cancelled by" notes the Flash package owns.
type FlashAPI interface {
	// LookupMeterCard looks a meter up before anything is sold to it: what
	// may be sold (the utility's vend limits; Details["isFBE"] "true" when
	// the meter gets free basic electricity) and what to read back to the
	// customer. A meter that is not found is a *sale.Error CodeNotFound.
	LookupMeterCard(ctx context.Context, meter string, amount sale.Money, fbe bool) (sale.Product, []sale.Item, error)
	// LookupCashOutCard looks a cash-out PIN up by serial number: its
	// lines, and whether Flash still lets it be cancelled.
	LookupCashOutCard(ctx context.Context, serial, product string) ([]sale.Item, bool, error)
	// CancelOrder finds the cash-out sale to cancel (by reference or
	// serial), checks it may be cancelled and returns the cancel's order.
	CancelOrder(ref, serial, cashier string) (sale.Order, sale.Sale, error)
	// AnnotateCancels notes "cancelled by <ref>" on every cash-out sale a
	// delivered cancel cancelled, where it is missing.
	AnnotateCancels(by string) (int, error)
}
