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

// targetKeys are the catalogue keys naming each target in a sentence.
var targetKeys = map[sale.TargetKind]string{
	sale.TargetMobile: "target.mobile", sale.TargetMeter: "target.meter", sale.TargetDevice: "target.device",
	sale.TargetCard: "target.card", sale.TargetAccount: "target.account", sale.TargetVoucher: "target.voucher",
}

// targetNoun names the target in a sentence: "this number".
func targetNoun(l i18n.Lang, k sale.TargetKind) string {
	if key, ok := targetKeys[k]; ok {
		return l.T(key)
	}
	return l.T("target.other")
}

// tenderKeys are the catalogue keys naming each tender.
var tenderKeys = map[sale.TenderKind]string{
	sale.TenderCash: "tender.cash", sale.TenderMpesa: "tender.mpesa", sale.TenderCard: "tender.card",
	sale.TenderVoucher: "tender.1voucher", sale.TenderQRIS: "tender.qris",
}

// tenderName is how the customer paid, in words.
func tenderName(l i18n.Lang, k sale.TenderKind) string {
	if key, ok := tenderKeys[k]; ok {
		return l.T(key)
	}
	return string(k)
}
