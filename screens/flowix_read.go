package screens

import (
	"till/sale"
	"till/screens/flow"
)

// What the Flowix flows show, read by the App-level tests.

// Step is the step shown.
func (m *XxPulsa) Step() XxPulsaStep { return m.step }

// Shown are the services the search shows.
func (m *XxPulsa) Shown() []sale.Product { return m.list.shown }

// Product is the service chosen.
func (m *XxPulsa) Product() sale.Product { return m.product }

// TenderStep is the tender step of the confirmed order (nil before).
func (m *XxPulsa) TenderStep() *flow.Tender { return m.tender }

// Step is the step shown.
func (m *XxBill) Step() XxBillStep { return m.step }

// Step is the step shown.
func (m *XxPayout) Step() XxPayoutStep { return m.step }

// Step is the step shown.
func (m *XxDeposit) Step() XxDepositStep { return m.step }

// Pay is the deposit's QRIS payment (nil before it is created).
func (m *XxDeposit) Pay() *flow.QRISPay { return m.pay }

// Done is how the payment ended.
func (m *XxDeposit) Done() flow.QRISDoneMsg { return m.done }

// Receipt is the deposit's slip as shown.
func (m *XxDeposit) Receipt() string { return m.receipt }
