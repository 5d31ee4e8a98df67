package airtime

import (
	"charm.land/bubbles/v2/key"

	"till/sale"
)

// What the airtime flow shows, read by the App-level tests.

// Step is the step shown.
func (m *Flow) Step() Step { return m.step }

// Products are the airtime products offered.
func (m *Flow) Products() []sale.Product { return m.products }

// Number is the mobile number the airtime is for, in full.
func (m *Flow) Number() string { return m.number }

// AmountTyped is the amount field as typed.
func (m *Flow) AmountTyped() string { return m.amount.Value() }

// MobileTyped is the mobile field as typed.
func (m *Flow) MobileTyped() string { return m.mobile.Value() }

// PrintKey is the result's print key.
func (m *Flow) PrintKey() key.Binding { return m.keys.Print }
