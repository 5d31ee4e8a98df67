package receipts

import (
	"strings"

	"till/sale"
)

// The bodies of Flash's voucher products: 1Voucher (purchase, redeem,
// refund, disbursement), gift and Eezi vouchers, cash-out PINs and their
// cancellation. The provider's items come in receipt order with the PIN
// first; an item with a label in capitals and no value ("CHANGE VOUCHER")
// starts a section.
func init() {
	for _, k := range []sale.Kind{sale.KindVoucher, sale.KindVoucherPayout, sale.KindVoucherRefund,
		sale.KindGiftVoucher, sale.KindEezi, sale.KindCashOut} {
		bodies[k] = voucherBody
	}
	bodies[sale.KindVoucherRedeem] = redeemBody
	bodies[sale.KindCashOutCancel] = cancelBody
}

// cancelledBy starts the note the till journals on a cash-out sale whose
// PIN a cancel (sale.KindCashOutCancel) cancelled (flash.CancelledByNote).
const cancelledBy = "cancelled by "

// voucherBody prints a voucher: its PIN set apart and printed large, its
// serial, value and expiry, how to redeem it and its terms, and a warning
// to keep the PIN safe. A cash-out PIN that was cancelled says so first,
// so a copy cannot pass for a PIN that still works.
func voucherBody(p *page, s sale.Sale) {
	if len(s.Outcome.Items) == 0 {
		return
	}
	p.rule('-')
	if by, ok := strings.CutPrefix(s.Note, cancelledBy); ok && s.Order.Kind == sale.KindCashOut {
		p.center(p.lang.T("voucher.cancelled"), true)
		p.center(p.lang.T("voucher.cancelled_by", by), false)
		p.rule('-')
	}
	sections(p, s.Outcome.Items)
	if s.State != sale.StateDelivered {
		return
	}
	p.blank()
	switch s.Order.Kind {
	case sale.KindCashOut:
		p.text(p.lang.T("voucher.keep_cashout"))
	case sale.KindVoucherRefund, sale.KindVoucherPayout:
		p.text(p.lang.T("voucher.keep_give"))
	default:
		p.text(p.lang.T("voucher.keep"))
	}
}

// redeemBody prints a 1Voucher redemption: what was redeemed from which
// voucher (its PIN masked), and the change voucher: its PIN printed large,
// or the number it was sent to by SMS.
func redeemBody(p *page, s sale.Sale) {
	if len(s.Outcome.Items) == 0 {
		return
	}
	p.rule('-')
	sections(p, s.Outcome.Items)
	if s.State == sale.StateDelivered && hasSecret(s.Outcome.Items) {
		p.blank()
		p.text(p.lang.T("voucher.keep_change"))
	}
}

// cancelBody prints the cancellation of a cash-out PIN: which sale and
// PIN, and that the PIN can no longer be used.
func cancelBody(p *page, s sale.Sale) {
	if s.State != sale.StateDelivered {
		return
	}
	p.rule('-')
	p.center(p.lang.T("voucher.cashout_cancel"), true)
	sections(p, s.Outcome.Items)
	p.pair(p.lang.T("refund.customer"), p.money(s.Order.Amount))
	p.blank()
	p.text(p.lang.T("voucher.no_longer"))
}

// sections prints items in order: secrets set apart, headings (a label in
// capitals with no value) as centred section titles under a rule, the rest
// as label and value.
func sections(p *page, items []sale.Item) {
	for _, it := range items {
		if isHeading(it) {
			p.rule('-')
			p.center(p.lang.Label(it.Label), true)
			continue
		}
		p.item(it.Label, it.Value, it.Secret)
	}
}

// isHeading reports whether an item starts a section: a label in capitals
// and no value.
func isHeading(it sale.Item) bool {
	l := clean(it.Label)
	return !it.Secret && clean(it.Value) == "" && l != "" && strings.ToUpper(l) == l && strings.ToLower(l) != l
}

func hasSecret(items []sale.Item) bool {
	for _, it := range items {
		if it.Secret {
			return true
		}
	}
	return false
}
