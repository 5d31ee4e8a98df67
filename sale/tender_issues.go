package sale

// Payments that need a person: a payment taken for a sale that failed is
// owed back (refund due) until a supervisor settles it; TenderIssues lists
// them for the unresolved screen.

import (
	"fmt"
	"strings"
)

// PaymentIssue says whether sale s needs a person about a payment, and why:
// money is owed back (RefundDue), or s is a paid tender sale (a tender-*
// kind, DELIVERED) that no sale used (used false) and no refund was
// journaled for. Whether the payment is in use right now is the engine's
// to add (TenderIssues). The journal indexes the sales for which it holds.
func PaymentIssue(s Sale, used bool) (IssueKind, bool) {
	switch {
	case RefundDue(s):
		return IssueRefundDue, true
	case TenderOf(s.Order.Kind) != "" && s.State == StateDelivered && !used && !refundNoted(s):
		return IssuePaidNotVended, true
	}
	return 0, false
}

// refundNoted reports whether a refund was journaled for s: its latest
// note is a refund due or a refund settled.
func refundNoted(s Sale) bool {
	n := strings.ToLower(strings.TrimSpace(s.Note))
	return strings.HasPrefix(n, RefundDueNote) || strings.HasPrefix(n, RefundSettledNote)
}

// refundIfDue journals EventRefundDue on a vend that has just ended DECLINED
// or NOT_SENT after its non-cash tender was paid (RefundDue), once. The
// engine calls it after recording an outcome or a supervisor's settlement.
// A failure to journal it is logged: RefundDue still lists the sale.
func (e *Engine) refundIfDue(s Sale) Sale {
	if !RefundDue(s) || s.Order.Kind.Flow() == FlowTender || s.Order.CashEffect() == CashIn || refundNoted(s) {
		return s
	}
	t := s.Order.Tender
	note := fmt.Sprintf("%s: %s paid by %s (payment %s); the sale was %s", RefundDueNote, s.Order.Amount, t.Kind.Name(), t.Ref, s.State)
	ns, err := e.j.Append(Event{Ref: s.Ref, Type: EventRefundDue, At: e.now(), By: s.Order.Cashier, Note: note})
	if err != nil {
		e.log.Error("could not journal a refund due", "ref", s.Ref, "err", err)
		return s
	}
	e.log.Warn("refund due", "ref", s.Ref, "payment", t.Ref, "amount", s.Order.Amount.String())
	e.publish(ns)
	return ns
}

// MarkRefundDue records, for a supervisor, that payment ref — a DELIVERED
// tender sale that no sale used — is owed back to the customer, instead of
// being used for its vend. A note and the supervisor's id are required.
func (e *Engine) MarkRefundDue(ref Reference, note, by string) (Sale, error) {
	if strings.TrimSpace(note) == "" || strings.TrimSpace(by) == "" {
		return Sale{}, errorf(CodeInvalid, "a refund needs a note saying why and the supervisor's id")
	}
	if !e.acquire(ref) {
		return Sale{}, errorf(CodeConflict, "payment %s is being used or settled right now", ref)
	}
	defer e.release(ref)
	p, err := e.j.Sale(ref)
	if err != nil {
		return p, err
	}
	switch {
	case TenderOf(p.Order.Kind) == "":
		return p, errorf(CodeConflict, "sale %s is not a payment: a failed sale is marked refund due by itself", ref)
	case p.State != StateDelivered:
		return p, errorf(CodeConflict, "payment %s is %s: only a payment that was made can be refunded", ref, p.State)
	case refundNoted(p):
		return p, errorf(CodeConflict, "payment %s is already marked: %s", ref, p.Note)
	}
	if used, ok, err := e.usedBy(p); err != nil {
		return p, err
	} else if ok {
		return p, errorf(CodeConflict, "payment %s paid for sale %s (%s)", ref, used.Ref, used.State)
	}
	ns, err := e.j.Append(Event{Ref: ref, Type: EventRefundDue, At: e.now(), By: by, Note: RefundDueNote + ": " + strings.TrimSpace(note)})
	if err != nil {
		return p, wrapJournal(err)
	}
	e.log.Warn("payment marked refund due", "ref", ref, "by", by)
	e.publish(ns)
	return ns, nil
}

// SettleRefund records, for a supervisor, that the refund due on ref was
// given back; the sale leaves the refund-due lists. A note (how it was
// given back) and the supervisor's id are required.
func (e *Engine) SettleRefund(ref Reference, note, by string) (Sale, error) {
	return e.SettleRefundWith(ref, note, by, false)
}

// SettleRefundWith is SettleRefund saying whether the money was given back
// in cash from the drawer: then the event carries the cash paid out
// (CashRefundPaid), counted on the day it is paid. A refund of cash taken
// for a failed sale is always given back in cash.
func (e *Engine) SettleRefundWith(ref Reference, note, by string, inCash bool) (Sale, error) {
	if strings.TrimSpace(note) == "" || strings.TrimSpace(by) == "" {
		return Sale{}, errorf(CodeInvalid, "settling a refund needs a note saying how it was given back and the supervisor's id")
	}
	if !e.acquire(ref) {
		return Sale{}, errorf(CodeConflict, "sale %s is being sent right now; wait for the answer", ref)
	}
	defer e.release(ref)
	s, err := e.j.Sale(ref)
	if err != nil {
		return s, err
	}
	if !RefundDue(s) {
		return s, errorf(CodeConflict, "sale %s has no refund due", ref)
	}
	ev := Event{Ref: ref, Type: EventRefundSettled, At: e.now(), By: by, Note: RefundSettledNote + ": " + strings.TrimSpace(note)}
	if inCash || s.Order.CashEffect() == CashIn {
		ev.Cash = &CashMove{Kind: CashRefundPaid, Amount: s.Order.Amount}
	}
	ns, err := e.j.Append(ev)
	if err != nil {
		return s, wrapJournal(err)
	}
	e.log.Info("refund settled", "ref", ref, "by", by)
	e.publish(ns)
	return ns, nil
}

// IssueKind says why a payment needs a person.
type IssueKind int

// Issue kinds.
const (
	// IssuePaidNotVended: the customer paid (a DELIVERED tender sale) and
	// no sale used the payment — the till stopped in between, the vend was
	// refused, or the payment was settled after the customer left. The
	// cashier completes the vend (Vend with PaidFor) or a supervisor marks
	// it refund due.
	IssuePaidNotVended IssueKind = iota + 1
	// IssueRefundDue: money is owed back (RefundDue) until a supervisor
	// settles it (SettleRefund).
	IssueRefundDue
)

// String names the issue as the unresolved screen shows it.
func (k IssueKind) String() string {
	switch k {
	case IssuePaidNotVended:
		return "PAID, NOT SOLD"
	case IssueRefundDue:
		return "REFUND DUE"
	}
	return "?"
}

// TenderIssue is a payment that needs a person.
type TenderIssue struct {
	Kind IssueKind
	// Sale is the tender sale (paid, not vended; or marked refund due) or
	// the vend that failed after its payment.
	Sale Sale
	// For is what the payment was for: the vend order (with its Tender).
	For Order
}

// TenderIssues returns the payments that need a person, newest first: paid
// but not vended, and refunds due. It reads the journal's index of them
// (Query.Issues), so it does not grow with the journal. A payment being
// used right now (its vend in flight) is left out.
func (e *Engine) TenderIssues() ([]TenderIssue, error) {
	list, err := e.j.List(Query{Issues: true})
	if err != nil {
		return nil, wrapJournal(err)
	}
	used := map[Reference]bool{}
	var out []TenderIssue
	for _, s := range list { // newest first: a payment's users come before it
		if r := s.Order.Tender.Ref; r != "" {
			used[r] = true
		}
		k, ok := PaymentIssue(s, used[s.Ref])
		switch {
		case !ok:
		case k == IssueRefundDue:
			o := s.Order
			if TenderOf(o.Kind) != "" {
				o, _ = PaidFor(s)
			}
			out = append(out, TenderIssue{Kind: IssueRefundDue, Sale: s, For: o})
		case !e.InFlight(s.Ref):
			o, err := PaidFor(s)
			if err != nil {
				e.log.Warn("payment without a readable order", "ref", s.Ref, "err", err)
			}
			out = append(out, TenderIssue{Kind: IssuePaidNotVended, Sale: s, For: o})
		}
	}
	return out, nil
}
