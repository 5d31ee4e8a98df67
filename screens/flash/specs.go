package flash

import (
	"strings"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// lookupKind is what a flow looks up after a field, before going on.
type lookupKind int

// Lookups.
const (
	lookupNone    lookupKind = iota
	lookupMeter              // the meter: customer, utility, vend limits, FBE
	lookupCashOut            // a cash-out PIN: its state at Flash and on this till
	lookupCancel             // the cash-out sale to cancel, and that Flash lets it be
)

// fieldSpec is one input of a flow. Its name and label are catalogue
// keys (i18n/texts/flash.toml), written in the till's language.
type fieldSpec struct {
	kind  fieldKind
	name  string // the stepper's name: "fla.step.meter" (Meter)
	label string // what is asked: "fla.in.meter"
	then  lookupKind
}

// Spec describes one Flash flow: what it sells, from which catalogue
// products, what it asks, whether the customer pays for it (the tender
// step), and the order it builds with the confirmation's facts.
type Spec struct {
	id kit.ScreenID
	// title is the breadcrumb's English (the App writes it in the till's
	// language through the catalogue's tui.* texts).
	title string
	kind  sale.Kind
	// catKind is the catalogue kind whose products the flow sells (their
	// limits, name and instructions); pick lets the cashier choose one.
	catKind sale.Kind
	pick    bool
	fields  []fieldSpec
	tender  bool
	// noSale marks a flow that only looks up (the cash-out PIN lookup).
	noSale bool
	// what is the catalogue key of what is sold, named in sentences:
	// "fla.what.electricity" (electricity), "fla.what.1voucher".
	what string
	// yes is the catalogue key of the confirm button, taking the amount:
	// "fla.yes.sell" (Sell %s), "fla.yes.redeem", "fla.yes.cancel".
	yes string
	// order builds the order, the confirmation's title and facts (labels
	// in English, written in the till's language by rows), and a note for
	// the cashier.
	order func(f *Flow) (sale.Order, string, [][2]string, string)
}

// SpecOf returns the spec of a Flash screen, or nil.
func SpecOf(id kit.ScreenID) *Spec {
	amount := fieldSpec{kind: fieldAmount, name: "fla.step.amount", label: "fla.in.amount"}
	mobile := fieldSpec{kind: fieldMobile, name: "fla.step.sms", label: "fla.in.sms"}
	switch id {
	case kit.ScreenElectricity:
		return &Spec{id: id, title: "Electricity", kind: sale.KindElectricity, catKind: sale.KindElectricity,
			fields: []fieldSpec{{kind: fieldMeter, name: "fla.step.meter", label: "fla.in.meter", then: lookupMeter}, amount},
			tender: true, what: "fla.what.electricity", yes: "fla.yes.sell", order: electricityOrder}
	case kit.ScreenVoucherBuy:
		return &Spec{id: id, title: "Sell a 1Voucher", kind: sale.KindVoucher, catKind: sale.KindVoucher,
			fields: []fieldSpec{amount}, tender: true, what: "fla.what.1voucher", yes: "fla.yes.sell", order: productOrder}
	case kit.ScreenVoucherRedeem:
		return &Spec{id: id, title: "Redeem a 1Voucher", kind: sale.KindVoucherRedeem, catKind: sale.KindVoucher,
			fields: []fieldSpec{{kind: fieldPIN, name: "fla.step.pin", label: "fla.in.pin"},
				{kind: fieldAmount, name: "fla.step.amount", label: "fla.in.redeem"},
				{kind: fieldMobile, name: "fla.step.sms", label: "fla.in.sms_change"}},
			what: "fla.what.redeem", yes: "fla.yes.redeem", order: redeemOrder}
	case kit.ScreenVoucherRefund:
		return &Spec{id: id, title: "Refund a 1Voucher redemption", kind: sale.KindVoucherRefund, catKind: sale.KindVoucher,
			fields: []fieldSpec{amount, mobile}, what: "fla.what.refund", yes: "fla.yes.refund", order: refundOrder}
	case kit.ScreenVoucherDisburse:
		return &Spec{id: id, title: "Disburse a 1Voucher", kind: sale.KindVoucherPayout, catKind: sale.KindVoucher,
			fields: []fieldSpec{amount}, what: "fla.what.disburse", yes: "fla.yes.disburse", order: disburseOrder}
	case kit.ScreenGiftVoucher:
		return &Spec{id: id, title: "Gift voucher", kind: sale.KindGiftVoucher, catKind: sale.KindGiftVoucher, pick: true,
			fields: []fieldSpec{amount}, tender: true, what: "fla.what.gift", yes: "fla.yes.sell", order: productOrder}
	case kit.ScreenEezi:
		return &Spec{id: id, title: "Eezi voucher", kind: sale.KindEezi, catKind: sale.KindEezi, pick: true,
			fields: []fieldSpec{amount}, tender: true, what: "fla.what.eezi", yes: "fla.yes.sell", order: productOrder}
	case kit.ScreenCashOutBuy:
		return &Spec{id: id, title: "Sell a cash-out PIN", kind: sale.KindCashOut, catKind: sale.KindCashOut, pick: true,
			fields: []fieldSpec{amount}, tender: true, what: "fla.what.cashout", yes: "fla.yes.sell", order: productOrder}
	case kit.ScreenCashOutLookup:
		return &Spec{id: id, title: "Look up a cash-out PIN", kind: sale.KindCashOut, catKind: sale.KindCashOut,
			fields: []fieldSpec{{kind: fieldCashOut, name: "fla.step.serial", label: "fla.in.serial", then: lookupCashOut}},
			noSale: true, what: "fla.what.cashout"}
	case kit.ScreenCashOutCancel:
		return &Spec{id: id, title: "Cancel a cash-out PIN", kind: sale.KindCashOutCancel,
			fields: []fieldSpec{{kind: fieldCashOut, name: "fla.step.pin", label: "fla.in.cancel", then: lookupCancel}},
			what:   "fla.what.cancel", yes: "fla.yes.cancel", order: cancelOrder}
	}
	return nil
}

// productOrder sells the chosen catalogue product for the amount.
func productOrder(f *Flow) (sale.Order, string, [][2]string, string) {
	e := f.env
	p := f.product
	if p.Name == "" && f.spec.kind == sale.KindVoucher {
		p.Name = "1Voucher" // sold without a catalogue entry (no productCode)
	}
	o := sale.Order{Provider: kit.FlashProvider, Kind: f.spec.kind, Product: p.Code, ProductName: p.Name,
		Amount: f.money, Cashier: e.D.Cashier}
	rows := [][2]string{{"Product", p.Name}}
	if b := ui.Clean(p.Brand); b != "" && b != p.Name {
		rows = append(rows, [2]string{"Brand", b})
	}
	rows = append(rows, [2]string{"Amount", e.Money(f.money)})
	rows = append(rows, productDetails(p)...)
	note := e.T("fla.note.pin")
	if f.spec.kind == sale.KindCashOut {
		note = e.T("fla.note.cashout")
	}
	return o, e.T("fla.confirm.product", f.what()), rows, note
}

// productDetails are a product's redemption instructions and terms, as
// the catalogue gives them, for the cashier to read to the customer.
func productDetails(p sale.Product) [][2]string {
	var rows [][2]string
	if v := p.Details["redemptionInstructions"]; v != "" {
		rows = append(rows, [2]string{"How to redeem", v})
	}
	if v := p.Details["termsAndConditions"]; v != "" {
		rows = append(rows, [2]string{"Terms", v})
	}
	return rows
}

func electricityOrder(f *Flow) (sale.Order, string, [][2]string, string) {
	e := f.env
	meter := f.values[0]
	name := f.product.Name
	if name == "" {
		name = "Prepaid electricity" // journaled: the order's own name, in English
	}
	o := sale.Order{Provider: kit.FlashProvider, Kind: sale.KindElectricity, Product: f.product.Code, ProductName: name,
		Target: sale.Target{Kind: sale.TargetMeter, Value: meter}, Amount: f.money, Cashier: e.D.Cashier}
	rows := [][2]string{{"Meter", meter}}
	for _, it := range f.card {
		switch it.Label {
		case "Customer", "Address", "Utility", "Tariff", "Arrears":
			rows = append(rows, [2]string{it.Label, f.cardValue(it)})
		}
	}
	rows = append(rows, [2]string{"Amount", e.Money(f.money)})
	if f.fbeEligible() {
		fbe := e.T("fla.no")
		if f.fbe {
			fbe = e.T("fla.fbe_issued")
			o.Params = map[string]string{sale.FlashParamFBE: "true"}
		}
		rows = append(rows, [2]string{"Free basic", fbe})
	}
	return o, e.T("fla.confirm.electricity"), rows, e.T("fla.note.electricity")
}

func redeemOrder(f *Flow) (sale.Order, string, [][2]string, string) {
	e := f.env
	pin, mobile := f.values[0], f.values[2]
	o := sale.Order{Provider: kit.FlashProvider, Kind: sale.KindVoucherRedeem, ProductName: "1Voucher redemption",
		Target: sale.Target{Kind: sale.TargetVoucher, Value: maskPIN(pin)}, Amount: f.money, Cashier: e.D.Cashier,
		Secrets: map[string]string{sale.FlashSecretPIN: pin}, Params: map[string]string{}}
	what := e.Money(f.money)
	if f.full {
		o.Params[sale.FlashParamFull] = "true"
		what = e.T("fla.redeem_whole", e.Money(f.money))
	}
	change := e.T("fla.change_printed")
	switch {
	case f.full:
		change = e.T("fla.change_none")
	case mobile != "":
		change = e.T("fla.sms_to", ui.LocalMobile(mobile))
	}
	if mobile != "" {
		o.Params[sale.FlashParamMobile] = mobile
	}
	rows := [][2]string{{"Voucher", maskPIN(pin)}, {"Redeem", what}, {"Change voucher", change}}
	return o, e.T("fla.confirm.redeem"), rows, e.T("fla.note.redeem")
}

func refundOrder(f *Flow) (sale.Order, string, [][2]string, string) {
	e := f.env
	mobile := f.values[1]
	o := sale.Order{Provider: kit.FlashProvider, Kind: sale.KindVoucherRefund, ProductName: "1Voucher refund",
		Amount: f.money, Cashier: e.D.Cashier}
	to := e.T("fla.on_receipt")
	if mobile != "" {
		o.Params = map[string]string{sale.FlashParamMobile: mobile}
		o.Target = sale.Target{Kind: sale.TargetMobile, Value: mobile}
		to = e.T("fla.sms_to", ui.LocalMobile(mobile))
	}
	return o, e.T("fla.confirm.refund"), [][2]string{{"Amount", e.Money(f.money)}, {"New voucher", to}},
		e.T("fla.note.refund")
}

func disburseOrder(f *Flow) (sale.Order, string, [][2]string, string) {
	e := f.env
	o := sale.Order{Provider: kit.FlashProvider, Kind: sale.KindVoucherPayout, ProductName: "1Voucher disbursement",
		Amount: f.money, Cashier: e.D.Cashier}
	return o, e.T("fla.confirm.disburse"), [][2]string{{"Amount", e.Money(f.money)}, {"Voucher", e.T("fla.on_receipt")}},
		e.T("fla.note.disburse")
}

func cancelOrder(f *Flow) (sale.Order, string, [][2]string, string) {
	e := f.env
	o := f.cancelOrder
	o.Cashier = e.D.Cashier
	orig := f.original
	rows := [][2]string{
		{"Cancels sale", string(orig.Ref)},
		{"Sold", orig.CreatedAt.In(e.D.Location).Format("2006-01-02 15:04")},
		{"Serial", o.Params[sale.FlashParamSerial]},
		{"Refund", e.Money(o.Amount)},
	}
	if s := flashItem(f.card, "Status"); s != "" {
		rows = append(rows, [2]string{"Flash says", s})
	}
	return o, e.T("fla.confirm.cancel"), rows, e.T("fla.note.cancel")
}

// maskPIN shows the last four digits of a PIN: "**** **** **** 3456".
func maskPIN(pin string) string {
	if len(pin) <= 4 {
		return strings.Repeat("*", len(pin))
	}
	masked := strings.Repeat("*", len(pin)-4) + pin[len(pin)-4:]
	var b strings.Builder
	for i := 0; i < len(masked); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(masked[i:min(i+4, len(masked))])
	}
	return b.String()
}
