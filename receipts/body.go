package receipts

import (
	"strings"

	"till/i18n"
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

// kindTitle is the heading over what was sold, in l.
func kindTitle(l i18n.Lang, k sale.Kind) string {
	if t := tenderTitle(l, k); t != "" { // tender.go: "CARD PAYMENT"
		return t
	}
	if i18n.Has("kind." + string(k)) {
		return l.T("kind." + string(k))
	}
	return strings.ToUpper(strings.ReplaceAll(string(k), "-", " "))
}

// kindName names a kind when the order has no product name: "Airtime".
func kindName(l i18n.Lang, k sale.Kind) string {
	s := strings.ReplaceAll(string(k), "-", " ")
	if l == i18n.ID && i18n.Has("kind."+string(k)) {
		s = strings.ToLower(l.T("kind." + string(k)))
	}
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// targetNoun names the target in a sentence: "this number".
func targetNoun(l i18n.Lang, k sale.TargetKind) string {
	switch k {
	case sale.TargetMobile:
		return l.T("target.mobile")
	case sale.TargetMeter:
		return l.T("target.meter")
	case sale.TargetDevice:
		return l.T("target.device")
	case sale.TargetCard:
		return l.T("target.card")
	case sale.TargetAccount:
		return l.T("target.account")
	case sale.TargetVoucher:
		return l.T("target.voucher")
	}
	return l.T("target.other")
}

// tenderName is how the customer paid, in words.
func tenderName(l i18n.Lang, k sale.TenderKind) string {
	switch k {
	case sale.TenderCash:
		return l.T("tender.cash")
	case sale.TenderMpesa:
		return l.T("tender.mpesa")
	case sale.TenderCard:
		return l.T("tender.card")
	case sale.TenderVoucher:
		return l.T("tender.1voucher")
	case sale.TenderQRIS:
		return l.T("tender.qris")
	}
	return string(k)
}
