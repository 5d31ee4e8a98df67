package screens

import "till/screens/backoffice"

// The back-office screens live in package backoffice; these names keep the
// screens that use their pieces (home, unresolved) as they were.

type (
	payments        = backoffice.Payments
	PaymentsMsg     = backoffice.PaymentsMsg
	paymentActedMsg = backoffice.PaymentActedMsg
	unresolved      = backoffice.Unresolved
	journal         = backoffice.Journal
)

// The payments that need a person: the command that reads them and the
// unresolved screen's summary of them (backoffice/payments.go).
var (
	paymentsCmd     = backoffice.PaymentsCmd
	paymentsLines   = backoffice.PaymentsLines
	paymentsSummary = backoffice.PaymentsSummary
)

var _ busy = (*backoffice.Payments)(nil)

// newUnresolved is the unresolved-sales screen (backoffice/unresolved.go).
var newUnresolved = backoffice.NewUnresolved
