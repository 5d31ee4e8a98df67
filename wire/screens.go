package wire

import (
	"context"

	"till/providers/flash"
	"till/providers/oneflow"
	"till/sale"
	"till/screens"
)

// The screens reach Flash and 1Flow through interfaces of their own
// (screens.FlashAPI, screens.WaterAPI), so they import no provider: these
// adapters bind the clients to the till's engine.

// FlashAPI is the Flash client as the screens use it, or nil without [flash].
func (t *Till) FlashAPI() screens.FlashAPI {
	p, ok := t.Engine.Provider(flash.ProviderName)
	if !ok {
		return nil
	}
	c, ok := p.(*flash.Client)
	if !ok {
		return nil
	}
	return flashAPI{c: c, e: t.Engine}
}

// flashAPI is the Flash client bound to the engine: it reads the journal
// through the engine's Reader and journals the cancels' notes through it.
type flashAPI struct {
	c *flash.Client
	e *sale.Engine
}

var _ screens.FlashAPI = flashAPI{}

func (a flashAPI) LookupMeterCard(ctx context.Context, meter string, amount sale.Money, fbe bool) (sale.Product, []sale.Item, error) {
	return a.c.LookupMeterCard(ctx, meter, amount, fbe)
}

func (a flashAPI) LookupCashOutCard(ctx context.Context, serial, product string) ([]sale.Item, bool, error) {
	return a.c.LookupCashOutCard(ctx, serial, product)
}

func (a flashAPI) CancelOrder(ref, serial, cashier string) (sale.Order, sale.Sale, error) {
	return a.c.CancelOrder(a.e.Reader(), ref, serial, cashier)
}

func (a flashAPI) AnnotateCancels(by string) (int, error) {
	return a.c.AnnotateCancels(a.e.Reader(), a.e, by)
}

// WaterAPI is the 1Flow client with the screens' own types, or nil
// without [oneflow].
func (t *Till) WaterAPI() screens.WaterAPI {
	p, ok := t.Engine.Provider(oneflow.ProviderName)
	if !ok {
		return nil
	}
	c, ok := p.(*oneflow.Client)
	if !ok {
		return nil
	}
	return waterAPI{c: c}
}

// waterAPI is the 1Flow client as the screens use it.
type waterAPI struct{ c *oneflow.Client }

var _ screens.WaterAPI = waterAPI{}

func (w waterAPI) Lookup(ctx context.Context, k screens.WaterKey) (screens.WaterCustomer, error) {
	c, err := w.c.Lookup(ctx, oneflow.LookupKey{By: oneflow.LookupBy(k.By), Value: k.Value})
	out := screens.WaterCustomer{Name: c.Name, Phone: c.Phone}
	for _, d := range c.Devices {
		out.Devices = append(out.Devices, screens.WaterDevice{ID: d.ID, Type: d.Type, Name: d.Name, CardIDs: d.CardIDs})
	}
	return out, err
}

func (w waterAPI) Currency() sale.Currency { return w.c.Currency() }

func (w waterAPI) NormalizePhone(phone, country string) (string, error) {
	return oneflow.NormalizePhone(phone, country)
}

func (waterAPI) CheckTargetID(id string) error { return oneflow.CheckTargetID(id) }
