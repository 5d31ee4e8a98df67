package screens

import "till/sale"

// What a Flash flow shows, read by the App-level tests.

// Step is the step shown.
func (f *XsFlow) Step() XsStep { return f.step }

// CardErr is why the lookup found nothing to show.
func (f *XsFlow) CardErr() error { return f.cardErr }

// Products are the products offered.
func (f *XsFlow) Products() []sale.Product { return f.products }

// Typed is what input field i holds ("" past the last).
func (f *XsFlow) Typed(i int) string {
	if i < 0 || i >= len(f.inputs) {
		return ""
	}
	return f.inputs[i].Value()
}
