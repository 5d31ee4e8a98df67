package receipts

import (
	"strings"

	"till/sale"
)

// body prints the part of a receipt that depends on what was sold: the
// details the provider returned, after the outcome. It writes only through
// the page, which cleans, wraps and masks.
type body func(p *page, s sale.Sale)

// bodies holds the kinds whose details need more than a list of items, such
// as electricity tokens in groups of four or vouchers with PIN, serial and
// expiry. A kind not listed gets genericBody.
var bodies = map[sale.Kind]body{}

// bodyFor returns the body for kind k.
func bodyFor(k sale.Kind) body {
	if b, ok := bodies[k]; ok {
		return b
	}
	return genericBody
}

// genericBody prints the provider's items in order, label left and value
// right, with secrets set apart.
func genericBody(p *page, s sale.Sale) {
	if len(s.Outcome.Items) == 0 {
		return
	}
	p.rule('-')
	for _, it := range s.Outcome.Items {
		p.item(it.Label, it.Value, it.Secret)
	}
}

// kindTitle is the heading over what was sold.
func kindTitle(k sale.Kind) string {
	if t := tenderTitle(k); t != "" { // tender.go: "CARD PAYMENT"
		return t
	}
	switch k {
	case sale.KindElectricity:
		return "PREPAID ELECTRICITY"
	case sale.KindWater:
		return "PREPAID WATER"
	case sale.KindBill:
		return "BILL PAYMENT"
	case sale.KindCashOut:
		return "CASH OUT"
	case sale.KindGiftVoucher:
		return "GIFT VOUCHER"
	}
	return strings.ToUpper(strings.ReplaceAll(string(k), "-", " "))
}

// kindName names a kind when the order has no product name: "Airtime".
func kindName(k sale.Kind) string {
	s := strings.ReplaceAll(string(k), "-", " ")
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// targetNoun names the target in a sentence: "this number".
func targetNoun(k sale.TargetKind) string {
	switch k {
	case sale.TargetMobile:
		return "number"
	case sale.TargetMeter:
		return "meter"
	case sale.TargetDevice:
		return "device"
	case sale.TargetCard:
		return "card"
	case sale.TargetAccount:
		return "account"
	case sale.TargetVoucher:
		return "voucher"
	}
	return "product"
}

// tenderName is how the customer paid, in words.
func tenderName(k sale.TenderKind) string {
	switch k {
	case sale.TenderCash:
		return "Cash"
	case sale.TenderMpesa:
		return "M-Pesa"
	case sale.TenderCard:
		return "Card"
	case sale.TenderVoucher:
		return "1Voucher"
	case sale.TenderQRIS:
		return "QRIS"
	}
	return string(k)
}
