package flow

import (
	"context"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
)

// tenderPollEvery is how often a pending payment is checked;
// mpesaReceiptLength is how long an M-Pesa receipt code is.
const (
	tenderPollEvery    = 2 * time.Second
	mpesaReceiptLength = 10
)

// tenders returns what this till takes for an amount in currency c, each
// with why it cannot be used ("" when it can).
func tenders(e *kit.Env, c sale.Currency) []tenderOption {
	var kinds []sale.TenderKind
	var pay kit.PayDeps
	if e.D.Pay != nil {
		pay = *e.D.Pay
		kinds = pay.Tenders
	}
	if len(kinds) == 0 {
		// A 1Voucher is taken only when main says the Flash client redeems
		// one as a tender.
		kinds = []sale.TenderKind{sale.TenderCash}
		for _, t := range sale.Tenders[1:] {
			if t != sale.TenderVoucher && e.Configured(sale.TenderProviders[t]) {
				kinds = append(kinds, t)
			}
		}
	}
	out := make([]tenderOption, 0, len(kinds))
	for _, t := range kinds {
		o := tenderOption{kind: t}
		switch {
		case t != sale.TenderCash && e.D.Engine == nil:
			o.why = e.T("tnd.why.not_conf")
		case t != sale.TenderCash && !e.Configured(sale.TenderProviders[t]):
			o.why = e.T("tnd.why.not_here")
		case !t.Accepts(c):
			o.why = e.T("tnd.why.currency", string(c))
		case t == sale.TenderCard && pay.Customers == nil:
			o.why = e.T("tnd.why.no_book")
		case t == sale.TenderMpesa && (pay.ValidReceipt == nil || pay.NormalizePhone == nil),
			t == sale.TenderQRIS && e.D.Flowix == nil:
			o.why = e.T("tnd.why.not_here")
		}
		out = append(out, o)
	}
	return out
}

// tenderOption is one line of the tender choice.
type tenderOption struct {
	kind sale.TenderKind
	why  string // why it cannot be used here; "" when it can
}

// tenderIDs numbers tender components, so each knows its own answers.
var tenderIDs atomic.Int64

// Messages of the tender step; ID is the component that asked.
type (
	// TenderPaidMsg carries the answer to Engine.Pay.
	TenderPaidMsg struct {
		ID   int64
		Sale sale.Sale
		Err  error
	}
	// TenderCheckedMsg carries the answer to a status check of a payment.
	TenderCheckedMsg struct {
		ID   int64
		Sale sale.Sale
		Err  error
	}
	// tenderPollMsg asks for the next status check of a pending payment.
	tenderPollMsg struct {
		ID  int64
		Ref sale.Reference
	}
	// CustomersMsg carries the customer book.
	CustomersMsg struct {
		ID        int64
		Customers []sale.Customer
		Err       error
	}
	// DemoPaidMsg says the demo's "customer" approved or paid, or why not.
	DemoPaidMsg struct {
		ID  int64
		Err error
	}
)

func payCmd(ctx context.Context, e *sale.Engine, id int64, vend sale.Order, p sale.Payment, ov *sale.Override) tea.Cmd {
	return func() tea.Msg {
		s, err := e.PayWith(ctx, vend, p, sale.SellOptions{Override: ov})
		return TenderPaidMsg{ID: id, Sale: s, Err: err}
	}
}

func tenderCheckCmd(ctx context.Context, e *sale.Engine, id int64, ref sale.Reference) tea.Cmd {
	return func() tea.Msg {
		s, err := e.SettleNow(ctx, ref)
		if s.Ref == "" {
			s, _ = e.Reader().Sale(ref)
		}
		return TenderCheckedMsg{ID: id, Sale: s, Err: err}
	}
}

func tenderPollCmd(id int64, ref sale.Reference) tea.Cmd {
	return tea.Tick(tenderPollEvery, func(time.Time) tea.Msg { return tenderPollMsg{ID: id, Ref: ref} })
}

func customersCmd(book sale.CustomerBook, id int64) tea.Cmd {
	return func() tea.Msg {
		cs, err := book.Customers()
		return CustomersMsg{ID: id, Customers: cs, Err: err}
	}
}
