package receipts

import (
	"till/sale"
)

// Flowix sales: pulsa and prepaid PPOB, bill payments, bank payouts and
// QRIS deposits (also QRIS as a tender, until a tender body says more).
func init() {
	bodies[sale.KindPulsa] = pulsaBody
	bodies[sale.KindBill] = billBody
	bodies[sale.KindPayout] = payoutBody
	bodies[sale.KindDeposit] = depositBody
	bodies[sale.KindTenderQRIS] = depositBody
}

// Labels of the items the Flowix client returns (providers/flowix Item*)
// and Order.Params keys the till's Flowix screens journal for receipts
// (screens FlowixParam*). Receipts import neither package; tests in both
// check they agree.
const (
	fxItemQRIS     = "qris" // the QRIS payload: drawn on screen, never printed
	fxItemPayURL   = "Pay URL"
	fxItemExpires  = "Expires"
	fxItemToken    = "Token"
	fxItemBank     = "Bank"
	fxItemAccount  = "Account name"
	fxItemDeposit  = "Deposit ref"
	fxItemAmount   = "Amount"
	fxItemReceived = "Received"

	fxParamInquiry     = "inquiry_id"
	fxParamAccountName = "account_name"
	fxParamBankCode    = "bank_code"
	fxParamBankName    = "bank_name"
	fxParamMethod      = "method"
	fxParamFeeByCo     = "fee_by_customer"
	fxParamCustomer    = "customer_name"
	fxParamPeriod      = "period"
	fxParamBill        = "bill_amount"
	fxParamAdminFee    = "admin_fee"
)

// fxItems prints a Flowix answer's items in order, leaving out those in
// skip and the QRIS payload (a payment request, not something to print).
func fxItems(p *page, s sale.Sale, skip ...string) {
	for _, it := range s.Outcome.Items {
		if it.Label == fxItemQRIS || it.Label == fxItemPayURL || contains(skip, it.Label) {
			continue
		}
		p.item(it.Label, it.Value, it.Secret)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// rupiahText is a whole-rupiah amount journaled as plain digits, as the
// receipt prints money ("Rp 54.500"); "" when it is not one.
func (p *page) rupiahText(plain string) string {
	m, err := sale.ParseMoney(plain, sale.IDR)
	if err != nil {
		return ""
	}
	return p.money(m)
}

// pulsaBody prints a pulsa, data, game or PLN token sale: the service code
// and what Flowix returned — the serial number, or the PLN token set apart
// with how to use it.
func pulsaBody(p *page, s sale.Sale) {
	p.rule('-')
	p.pair(p.lang.T("fx.service"), s.Order.Product)
	fxItems(p, s)
	if s.State == sale.StateDelivered && hasItem(s, fxItemToken) {
		p.text(p.lang.T("fx.enter_token"))
	}
}

// billBody prints a postpaid bill payment: whose bill, which period, the
// bill and the admin fee, the inquiry it was paid under and Flowix's
// serial number once paid.
func billBody(p *page, s sale.Sale) {
	o := s.Order
	p.rule('-')
	p.pair(p.lang.T("fx.customer"), o.Params[fxParamCustomer])
	p.pair(p.lang.T("fx.period"), o.Params[fxParamPeriod])
	p.pair(p.lang.T("fx.bill"), p.rupiahText(o.Params[fxParamBill]))
	p.pair(p.lang.T("fx.admin_fee"), p.rupiahText(o.Params[fxParamAdminFee]))
	p.pair(p.lang.T("fx.total"), p.money(o.Amount))
	p.pair(p.lang.T("fx.inquiry"), o.Params[fxParamInquiry])
	fxItems(p, s)
}

// payoutBody prints a transfer to a bank account or e-wallet: to whom, at
// which bank (the account number, masked, is with the order), the amount sent and, once Flowix confirms it, its fee and
// what it took from the shop's balance.
func payoutBody(p *page, s sale.Sale) {
	o := s.Order
	p.rule('-')
	p.center(p.lang.T("fx.transfer"), true)
	name := itemOr(s, fxItemAccount, o.Params[fxParamAccountName])
	bank := itemOr(s, fxItemBank, o.Params[fxParamBankName])
	if code := o.Params[fxParamBankCode]; code != "" && code != bank {
		bank += " (" + code + ")"
	}
	p.pair(p.lang.T("fx.to"), name)
	p.pair(p.lang.T("fx.bank"), bank)
	switch s.State {
	case sale.StateDelivered:
		p.pair(p.lang.T("fx.sent"), p.money(o.Amount))
	case sale.StateDeclined, sale.StateNotSent:
		p.pair(p.lang.T("fx.not_sent"), p.money(o.Amount))
	default:
		p.pair(p.lang.T("fx.sending"), p.money(o.Amount))
	}
	fxItems(p, s, fxItemAccount, fxItemBank)
}

// depositBody prints a QRIS (or virtual account) deposit: the method, the
// deposit reference, the amount asked for, the fee and who paid it, what
// the customer paid and what was credited, and when. A deposit still open
// prints what is to be paid and until when; the QRIS payload never prints.
func depositBody(p *page, s sale.Sale) {
	o := s.Order
	p.rule('-')
	p.pair(p.lang.T("fx.method"), o.Params[fxParamMethod])
	if dep := itemOr(s, fxItemDeposit, s.PendingID); dep != s.ProviderRef {
		p.pair(p.lang.T("fx.deposit_ref"), dep)
	}
	p.pair(p.lang.T("fx.requested"), p.money(o.Amount))
	if o.Params[fxParamFeeByCo] == "true" {
		p.pair(p.lang.T("fx.fee_by"), p.lang.T("fx.fee_customer"))
	} else if o.Params[fxParamFeeByCo] == "false" {
		p.pair(p.lang.T("fx.fee_by"), p.lang.T("fx.fee_shop"))
	}
	if s.State == sale.StateDelivered && s.Outcome.Amount.Minor > 0 {
		p.pair(p.lang.T("fx.customer_paid"), p.money(s.Outcome.Amount))
	}
	for _, it := range s.Outcome.Items {
		switch it.Label {
		case fxItemQRIS, fxItemPayURL, fxItemDeposit, fxItemAmount:
		case fxItemExpires:
			if s.State.Unresolved() {
				p.pair(p.lang.T("fx.pay_before"), providerStamp(it.Value, p.loc))
			}
		case fxItemReceived:
			if s.State == sale.StateDelivered {
				p.pair(p.lang.T("fx.credited"), p.answer(it.Value))
			}
		default:
			p.item(it.Label, it.Value, it.Secret)
		}
	}
}

// hasItem reports whether the answer has an item labelled label.
func hasItem(s sale.Sale, label string) bool {
	for _, it := range s.Outcome.Items {
		if it.Label == label {
			return true
		}
	}
	return false
}

// itemOr is the value of the item labelled label, or def.
func itemOr(s sale.Sale, label, def string) string {
	for _, it := range s.Outcome.Items {
		if it.Label == label && clean(it.Value) != "" {
			return it.Value
		}
	}
	return def
}
