package screens

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"till/sale"
)

// rupiah is n whole rupiah.
func rupiah(n int64) sale.Money { return sale.New(n, sale.IDR) }

// itemValue is the value of the first item labelled label, or "".
func itemValue(items []sale.Item, label string) string {
	for _, it := range items {
		if it.Label == label {
			return it.Value
		}
	}
	return ""
}

// FlowixAccountMsg carries the Flowix account, or why it could not be read.
type FlowixAccountMsg struct {
	Account FlowixAccount
	At      time.Time
	Err     error
}

// flowixAccountCmd reads the Flowix account.
func flowixAccountCmd(e *env) tea.Cmd {
	api, timeout, now := e.D.Flowix, e.D.CatalogueTimeout, e.D.Now
	ctx := e.Ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		a, err := api.Account(ctx)
		return FlowixAccountMsg{Account: a, At: now(), Err: err}
	}
}

// fxSettledMsg carries the result of a status query a Flowix screen asked
// for (its own message, so other screens do not take it for theirs).
type fxSettledMsg struct {
	Ref  sale.Reference
	Sale sale.Sale
	Err  error
}

// fxPollMsg asks a Flowix screen to query a pending sale again.
type fxPollMsg struct{ Ref sale.Reference }

// fxPollEvery is how often a screen following a pending Flowix sale asks
// for its status (the resolver keeps checking too, with its backoff).
const fxPollEvery = 2 * time.Second

// fxPollCmd waits, then asks for the next poll of ref.
func fxPollCmd(ref sale.Reference, d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return fxPollMsg{Ref: ref} })
}

// fxSettleCmd queries a pending sale now, through the engine, so that any
// change is journaled.
func fxSettleCmd(e *env, ref sale.Reference) tea.Cmd {
	eng, ctx := e.D.Engine, e.Ctx
	return func() tea.Msg {
		s, err := eng.SettleNow(ctx, ref)
		return fxSettledMsg{Ref: ref, Sale: s, Err: err}
	}
}

// fxResentMsg carries the answer to a webhook resend.
type fxResentMsg struct {
	Ref sale.Reference
	Err error
}

// fxWebhookRef is what Flowix knows a sale by, for a webhook resend: our
// reference for pulsa and payouts, the inquiry id for a bill, the DEP
// reference for a deposit; "" when it is not a Flowix sale or Flowix never
// learnt of it.
func fxWebhookRef(s sale.Sale) string {
	if s.Order.Provider != flowixProvider {
		return ""
	}
	switch s.Order.Kind {
	case sale.KindPulsa, sale.KindPayout:
		return string(s.Ref)
	case sale.KindBill:
		if s.PendingID != "" {
			return s.PendingID
		}
		return s.Order.Params[FlowixParamInquiryID]
	case sale.KindDeposit, sale.KindTenderQRIS:
		return s.PendingID
	}
	return ""
}

// fxResendCmd asks Flowix to send the webhook of s again (for when the
// till's listener missed it); the answer arrives as a webhook, which moves
// the sale forward through its status query.
func fxResendCmd(e *env, s sale.Sale) tea.Cmd {
	api, ctx, timeout, ref, id := e.D.Flowix, e.Ctx, e.D.CatalogueTimeout, s.Ref, fxWebhookRef(s)
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return fxResentMsg{Ref: ref, Err: api.WebhookResend(ctx, id)}
	}
}

// fxResendUpdate is the unresolved screen's handling of a resend answer.
func fxResendUpdate(msg fxResentMsg) tea.Cmd {
	if msg.Err != nil {
		return ErrorCmd(sale.Errorf(sale.CodeUnavailable, "webhook resend for %s: %s", msg.Ref, sale.ErrorMessage(msg.Err)))
	}
	return StatusCmd(string(msg.Ref) + ": Flowix will send its webhook again.")
}

// fxCanResend reports whether the unresolved screen's resend key works
// for s.
func fxCanResend(e *env, s sale.Sale) bool { return e.D.Flowix != nil && fxWebhookRef(s) != "" }
