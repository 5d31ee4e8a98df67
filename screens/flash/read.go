package flash

import "till/sale"

// What a Flash flow shows, read by the App-level tests.

// Step is the step shown.
func (f *Flow) Step() Step { return f.step }

// CardErr is why the lookup found nothing to show.
func (f *Flow) CardErr() error { return f.cardErr }

// Products are the products offered.
func (f *Flow) Products() []sale.Product { return f.products }

// Typed is what input field i holds ("" past the last).
func (f *Flow) Typed(i int) string {
	if i < 0 || i >= len(f.inputs) {
		return ""
	}
	return f.inputs[i].Value()
}
