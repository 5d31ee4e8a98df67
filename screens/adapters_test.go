package screens

import (
	"context"

	"till/providers/flash"
	"till/providers/oneflow"
	"till/sale"
	signin "till/screens/auth"
)

// The adapters the wiring gives the screens (Deps.Flash, Deps.Water), as
// the tests build them from the real clients.

// flashBound is the Flash client bound to the engine (FlashAPI): it reads
// the journal through the engine's Reader and journals notes through it.
type flashBound struct {
	c *flash.Client
	e *sale.Engine
}

var _ FlashAPI = flashBound{}

func (b flashBound) LookupMeterCard(ctx context.Context, meter string, amount sale.Money, fbe bool) (sale.Product, []sale.Item, error) {
	return b.c.LookupMeterCard(ctx, meter, amount, fbe)
}

func (b flashBound) LookupCashOutCard(ctx context.Context, serial, product string) ([]sale.Item, bool, error) {
	return b.c.LookupCashOutCard(ctx, serial, product)
}

func (b flashBound) CancelOrder(ref, serial, cashier string) (sale.Order, sale.Sale, error) {
	return b.c.CancelOrder(b.e.Reader(), ref, serial, cashier)
}

func (b flashBound) AnnotateCancels(by string) (int, error) {
	return b.c.AnnotateCancels(b.e.Reader(), b.e, by)
}

// oneflowWater is the 1Flow client with the screens' types (WaterAPI).
type oneflowWater struct{ c oneflowLookup }

// oneflowLookup is the 1Flow client's lookup (a *oneflow.Client, or a
// scripted one in the tests).
type oneflowLookup interface {
	Lookup(ctx context.Context, by oneflow.LookupKey) (oneflow.Customer, error)
	Currency() sale.Currency
}

var _ WaterAPI = oneflowWater{}

func (w oneflowWater) Lookup(ctx context.Context, k WaterKey) (WaterCustomer, error) {
	c, err := w.c.Lookup(ctx, oneflow.LookupKey{By: oneflow.LookupBy(k.By), Value: k.Value})
	out := WaterCustomer{Name: c.Name, Phone: c.Phone}
	for _, d := range c.Devices {
		out.Devices = append(out.Devices, WaterDevice{ID: d.ID, Type: d.Type, Name: d.Name, CardIDs: d.CardIDs})
	}
	return out, err
}

func (w oneflowWater) Currency() sale.Currency { return w.c.Currency() }

func (w oneflowWater) NormalizePhone(phone, country string) (string, error) {
	return oneflow.NormalizePhone(phone, country)
}

func (oneflowWater) CheckTargetID(id string) error { return oneflow.CheckTargetID(id) }

// cashiersCmd reads the till's cashiers for the sign-in gate (the tests
// name their *sale.Auth auth, as the package is named).
var cashiersCmd = signin.CashiersCmd
