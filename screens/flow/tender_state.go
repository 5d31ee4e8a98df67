package flow

import "till/sale"

// What a tender step and a QRIS payment hold, read by the App-level tests
// (and set by them to draw each step of the tender in every language).

// TenderState is the part of a tender step's state a test reads and sets.
type TenderState struct {
	Step     TenderStep
	Asked    sale.Payment // the payment entered, as Engine.Pay gets it
	Paid     sale.Sale    // the tender sale as last known
	Checking bool         // a status check of it is running
	GateErr  error        // why the gate refused the order
	Notice   string       // why the last payment failed, shown on the choice
}

// State is the tender step's state.
func (t *Tender) State() TenderState {
	return TenderState{Step: t.step, Asked: t.payment, Paid: t.paid, Checking: t.checking, GateErr: t.gateErr, Notice: t.notice}
}

// SetState puts the tender step in state s (a test draws each step so).
func (t *Tender) SetState(s TenderState) {
	t.step, t.payment, t.paid, t.checking, t.gateErr, t.notice = s.Step, s.Asked, s.Paid, s.Checking, s.GateErr, s.Notice
}

// ID is the tender step's id, as its messages carry it.
func (t *Tender) ID() int64 { return t.id }

// QRIS is the QRIS payment of the step (nil until one is started).
func (t *Tender) QRIS() *QRISPay { return t.qris }

// CashValue is the amount tendered as typed.
func (t *Tender) CashValue() string { return t.cash.Value() }

// Refused is the inline error after a refused Enter.
func (t *Tender) Refused() string { return t.refused }

// Payload is the QRIS code's payload, once the deposit gave one.
func (q *QRISPay) Payload() string { return q.payload }

// Problem is why the code is not drawn ("" when it is).
func (q *QRISPay) Problem() string { return q.problem }

// KeyMap is the payment's keys, each enabled only when it works.
func (q *QRISPay) KeyMap() QRISKeys { return q.keys }

// Started is the order the payment journaled once Start ran (zero before).
func (q *QRISPay) Started() sale.Order { return q.order }
