package screens

// The providers the screens sell through, and the one way the screens ask
// about them. Selling always goes through Deps.Engine; what a product needs
// besides selling (Flash's lookups and cancels, 1Flow's customer lookup,
// Flowix's account, bills and payouts, the tenders' helpers) comes from its
// own field of Deps — Flash, Water, Flowix, Pay — which the wiring fills.
// The screens never look a provider up to type-assert it.

// Names of the providers (sale.Provider.Name), mirrored here because
// screens do not import providers (a test in the wiring checks they agree).
const (
	flashProvider   = "flash"   // airtime, electricity, vouchers, cash-out PINs
	oneflowProvider = "oneflow" // water
	flowixProvider  = "flowix"  // pulsa, bills, payouts, deposits, QRIS
)

// configured reports whether the engine has the provider of that name: the
// home menu offers a product, and the tender step a tender, only then.
func (e *env) configured(name string) bool {
	if e.D.Engine == nil {
		return false
	}
	_, ok := e.D.Engine.Provider(name)
	return ok
}
