package flow

import (
	"strings"
	"time"

	"till/sale"
	"till/ui"
)

// What a created QRIS payment asks for, read and checked before anything
// is drawn (qris.go).

// learn reads what the created deposit asks for: the QRIS payload (checked
// before it is ever drawn), or the virtual account to pay into, and the
// expiry.
func (q *QRISPay) learn(s sale.Sale) {
	e := q.env
	q.created = s.Outcome
	items := s.Outcome.Items
	if t, err := time.Parse(time.RFC3339, ItemValue(items, sale.FlowixItemExpires)); err == nil {
		q.expires = t
	}
	for _, l := range []string{sale.FlowixItemVANumber, sale.FlowixItemBank, sale.FlowixItemAccountName, sale.FlowixItemPayURL} {
		if v := ItemValue(items, l); v != "" {
			q.va = append(q.va, [2]string{e.D.Language.Label(l), v}) // a provider's label: i18n.Lang.Label
		}
	}
	if s.State != sale.StatePending {
		return
	}
	if s.Outcome.Code == "unusable" {
		q.problem = e.Said(s.Outcome.Message)
		return
	}
	q.payload = ItemValue(items, sale.FlowixItemQRIS)
	if q.payload == "" {
		if len(q.va) == 0 {
			q.problem = e.T("fxr.qris.no_code")
		}
		return
	}
	info, err := e.D.Flowix.ParseQRIS(q.payload)
	switch {
	case err != nil:
		q.problem = e.T("fxr.qris.bad_code", e.Err(err))
	case info.Amount.Minor != 0 && info.Amount != q.total():
		q.problem = e.T("fxr.qris.wrong_amount", e.Money(info.Amount), e.Money(q.total()))
	default:
		if _, _, err := ui.QRSize(q.payload, ui.QRSextant); err != nil {
			q.problem = e.T("fxr.qris.undrawable", err.Error())
			return
		}
		q.info = info
	}
}

// money reads an amount item of the created deposit ("Rp 50.700").
func (q *QRISPay) money(label string) (sale.Money, bool) {
	v := strings.TrimPrefix(ItemValue(q.created.Items, label), "Rp ")
	if v == "" {
		return sale.Money{}, false
	}
	m, err := sale.ParseMoney(strings.ReplaceAll(v, ".", ""), sale.IDR)
	return m, err == nil
}

// total is what the customer pays: the deposit's total, or the amount
// asked for when Flowix did not say.
func (q *QRISPay) total() sale.Money {
	if m, ok := q.money(sale.FlowixItemTotal); ok {
		return m
	}
	return q.req.Amount
}
