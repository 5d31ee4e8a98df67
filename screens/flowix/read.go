package flowix

import (
	"till/sale"
	"till/screens/flow"
)

// What the Flowix flows show, read by the App-level tests.

// Step is the step shown.
func (m *Pulsa) Step() PulsaStep { return m.step }

// Shown are the services the search shows.
func (m *Pulsa) Shown() []sale.Product { return m.list.shown }

// Product is the service chosen.
func (m *Pulsa) Product() sale.Product { return m.product }

// TenderStep is the tender step of the confirmed order (nil before).
func (m *Pulsa) TenderStep() *flow.Tender { return m.tender }

// Step is the step shown.
func (m *Bill) Step() BillStep { return m.step }

// Step is the step shown.
func (m *Payout) Step() PayoutStep { return m.step }

// Step is the step shown.
func (m *Deposit) Step() DepositStep { return m.step }

// Pay is the deposit's QRIS payment (nil before it is created).
func (m *Deposit) Pay() *flow.QRISPay { return m.pay }

// Done is how the payment ended.
func (m *Deposit) Done() flow.QRISDoneMsg { return m.done }

// Receipt is the deposit's slip as shown.
func (m *Deposit) Receipt() string { return m.receipt }
