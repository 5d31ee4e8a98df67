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
	supervise       = backoffice.SuperviseScreen

	// Supervision is a supervisor's settlement of a sale (backoffice/supervise.go).
	Supervision = backoffice.Supervision
	// SupervisedMsg carries the answer to a supervisor's settlement.
	SupervisedMsg = backoffice.SupervisedMsg
)

// paymentsCmd reads the payments that need a person
// (backoffice/payments.go).
var paymentsCmd = backoffice.PaymentsCmd

var _ busy = (*backoffice.Payments)(nil)

// newUnresolved is the unresolved-sales screen (backoffice/unresolved.go).
var newUnresolved = backoffice.NewUnresolved

// Supervise journals a supervisor's settlement (backoffice/supervise.go).
var Supervise = backoffice.Supervise

var _ busy = (*backoffice.SuperviseScreen)(nil)
