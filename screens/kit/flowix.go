package kit

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"till/sale"
)

// FlowixAccount is the shop's Flowix account: its balance, credit limit and
// status.
type FlowixAccount struct {
	Username string
	Level    string
	Balance  sale.Money
	Limit    sale.Money
	Status   string // "active"
	KYC      string
}

// FlowixDepositMethod is one way a customer can pay a deposit.
type FlowixDepositMethod struct {
	Code, Name string
	// Type is "qris", "va", "ewallet", …; only "qris" draws a QR code.
	Type          string
	Min, Max, Fee sale.Money
	// FeePercent is the percentage fee as Flowix wrote it ("0.7").
	FeePercent string
}

// FlowixBill is a checked postpaid bill, payable by its inquiry id.
type FlowixBill struct {
	InquiryID    string
	ServiceCode  string
	CustomerNo   string
	CustomerName string
	Period       string
	BillAmount   sale.Money
	AdminFee     sale.Money
}

// Total is the bill plus the admin fee.
func (b FlowixBill) Total() sale.Money {
	t, err := b.BillAmount.Add(b.AdminFee)
	if err != nil {
		return b.BillAmount
	}
	return t
}

// FlowixBank is a payout destination: a bank or an e-wallet.
type FlowixBank struct {
	Code, Name string
	Type       string // "bank" or "ewallet"
}

// FlowixPayee is an account checked by a payout inquiry: the holder's name
// is read back to the customer before any money moves.
type FlowixPayee struct {
	BankCode, AccountNumber, AccountName string
}

// FlowixQRIS is what the till reads from a verified QRIS payload.
type FlowixQRIS struct {
	MerchantName, MerchantCity string
	// Amount is the amount the code asks for (zero when the payer types it).
	Amount sale.Money
}

// FlowixAPI is what the Flowix screens need besides the engine: the
// account, the deposit methods, bill checks, payout banks and inquiries,
// cancelling a deposit, resending a webhook and checking a QRIS payload.
// None of these moves money. main adapts the Flowix client to it. Errors
// are *sale.Error whose message a cashier can read.
type FlowixAPI interface {
	Account(ctx context.Context) (FlowixAccount, error)
	DepositMethods(ctx context.Context) ([]FlowixDepositMethod, error)
	CancelDeposit(ctx context.Context, depositRef string) error
	BillCheck(ctx context.Context, serviceCode, customerNo string) (FlowixBill, error)
	Banks(ctx context.Context) ([]FlowixBank, error)
	AccountInquiry(ctx context.Context, bankCode, accountNumber string) (FlowixPayee, error)
	WebhookResend(ctx context.Context, ref string) error
	// ParseQRIS parses a QRIS payload as EMVCo TLV and checks its CRC; a
	// payload it refuses must not be drawn.
	ParseQRIS(payload string) (FlowixQRIS, error)
}

// Allows checks an amount against the method's limits.
func (dm FlowixDepositMethod) Allows(v sale.Money) error {
	if dm.Min.Minor > 0 && v.Minor < dm.Min.Minor {
		return sale.Keyed(sale.CodeInvalid, "takes_least", []any{dm.Name, dm.Min}, "%s takes at least %s", dm.Name, dm.Min)
	}
	if dm.Max.Minor > 0 && v.Minor > dm.Max.Minor {
		return sale.Keyed(sale.CodeInvalid, "takes_most", []any{dm.Name, dm.Max}, "%s takes at most %s", dm.Name, dm.Max)
	}
	return nil
}

// FlowixResentMsg carries the answer to a webhook resend.
type FlowixResentMsg struct {
	Ref sale.Reference
	Err error
}

// FlowixWebhookRef is what Flowix knows a sale by, for a webhook resend: our
// reference for pulsa and payouts, the inquiry id for a bill, the DEP
// reference for a deposit; "" when it is not a Flowix sale or Flowix never
// learnt of it.
func FlowixWebhookRef(s sale.Sale) string {
	if s.Order.Provider != FlowixProvider {
		return ""
	}
	switch s.Order.Kind {
	case sale.KindPulsa, sale.KindPayout:
		return string(s.Ref)
	case sale.KindBill:
		if s.PendingID != "" {
			return s.PendingID
		}
		return s.Order.Params[sale.FlowixParamInquiryID]
	case sale.KindDeposit, sale.KindTenderQRIS:
		return s.PendingID
	}
	return ""
}

// FlowixResendCmd asks Flowix to send the webhook of s again (for when the
// till's listener missed it); the answer arrives as a webhook, which moves
// the sale forward through its status query.
func FlowixResendCmd(e *Env, s sale.Sale) tea.Cmd {
	api, ctx, timeout, ref, id := e.D.Flowix, e.Ctx, e.D.CatalogueTimeout, s.Ref, FlowixWebhookRef(s)
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		return FlowixResentMsg{Ref: ref, Err: api.WebhookResend(ctx, id)}
	}
}

// FlowixResendUpdate is the unresolved screen's handling of a resend answer.
func FlowixResendUpdate(msg FlowixResentMsg) tea.Cmd {
	if msg.Err != nil {
		return ErrorCmd(sale.Keyed(sale.CodeUnavailable, "resend_failed", []any{string(msg.Ref), sale.ErrorMessage(msg.Err)},
			"webhook resend for %s: %s", msg.Ref, sale.ErrorMessage(msg.Err)))
	}
	return StatusKeyCmd("tui.st.resend_asked", string(msg.Ref))
}

// FlowixCanResend reports whether the unresolved screen's resend key works
// for s.
func FlowixCanResend(e *Env, s sale.Sale) bool { return e.D.Flowix != nil && FlowixWebhookRef(s) != "" }
