package kit

import "till/sale"

// The providers the screens sell through, and the one way the screens ask
// about them. Selling always goes through Deps.Engine; what a product needs
// besides selling (Flash's lookups and cancels, 1Flow's customer lookup,
// Flowix's account, bills and payouts, the tenders' helpers) comes from its
// own field of Deps — Flash, Water, Flowix, Pay — which the wiring fills.
// The screens never look a provider up to type-assert it.

// Names of the providers (sale.Provider.Name; sale/params.go).
const (
	FlashProvider   = sale.ProviderFlash   // airtime, electricity, vouchers, cash-out PINs
	OneFlowProvider = sale.ProviderOneFlow // water
	FlowixProvider  = sale.ProviderFlowix  // pulsa, bills, payouts, deposits, QRIS
)

// Configured reports whether the engine has the provider of that name: the
// home menu offers a product, and the tender step a tender, only then.
func (e *Env) Configured(name string) bool {
	if e.D.Engine == nil {
		return false
	}
	_, ok := e.D.Engine.Provider(name)
	return ok
}

// Flash returns the Flash client's services (Deps.Flash), if Flash
// is configured.
func (e *Env) Flash() (FlashAPI, bool) {
	return e.D.Flash, e.D.Flash != nil && e.Configured(FlashProvider)
}

// FlowixEnabled reports whether Flowix is configured on this till.
func (e *Env) FlowixEnabled() bool {
	return e.D.Flowix != nil && e.Configured(FlowixProvider)
}
