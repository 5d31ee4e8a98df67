package receipts

import (
	"strings"

	"till/sale"
)

// tenderTitle is the heading of a payment's own slip ("CARD PAYMENT"), or
// "" for a kind that is not a payment.
func tenderTitle(k sale.Kind) string {
	if t := sale.TenderOf(k); t != "" {
		return strings.ToUpper(t.Name()) + " PAYMENT"
	}
	return ""
}

// refund prints, under the outcome, what the customer is owed back: a sale
// that failed after a non-cash payment was taken, or a payment that paid
// for no sale, is REFUND DUE until a supervisor settles it; then the slip
// says how it was given back. Nothing is printed for other sales.
func refund(p *page, s sale.Sale) {
	note := strings.TrimSpace(s.Note)
	settled := strings.HasPrefix(strings.ToLower(note), sale.RefundSettledNote)
	switch {
	case sale.RefundDue(s):
		p.rule('*')
		p.center("REFUND DUE", true)
		p.rule('*')
		if t := s.Order.Tender; s.Order.CashEffect() == sale.CashIn {
			p.text(s.Order.Amount.String() + " was paid in cash and is owed back to the customer. Keep this slip until it is refunded.")
		} else if sale.TenderOf(s.Order.Kind) == "" {
			p.text(s.Order.Amount.String() + " was paid by " + tenderName(t.Kind) + " (payment " + string(t.Ref) +
				") and is owed back to the customer. Keep this slip until it is refunded.")
		} else {
			p.text("This payment paid for no sale: " + s.Order.Amount.String() +
				" is owed back to the customer. Keep this slip until it is refunded.")
		}
	case settled && (s.Order.Tender.Ref != "" || sale.TenderOf(s.Order.Kind) != ""):
		p.rule('-')
		p.center("REFUNDED", true)
		p.text(strings.TrimLeft(note[len(sale.RefundSettledNote):], ": "))
	}
}

// RenderPaid returns the slip of a sale paid by a non-cash tender: the
// sale's receipt, then the payment's own (its provider's reference, and a
// 1Voucher change voucher when the voucher was worth more than the sale).
// With payment zero it is Render.
func RenderPaid(s, payment sale.Sale, opt Options) (string, error) {
	text, err := Render(s, opt)
	if err != nil || payment.Ref == "" {
		return text, err
	}
	pay, err := Render(payment, opt)
	if err != nil {
		return "", err
	}
	return text + "\n" + pay, nil
}
