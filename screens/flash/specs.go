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

// fieldSpec is one input of a flow.
type fieldSpec struct {
	kind  fieldKind
	name  string // the stepper's name: "Meter", "Amount"
	label string // what is asked
	then  lookupKind
}

// Spec describes one Flash flow: what it sells, from which catalogue
// products, what it asks, whether the customer pays for it (the tender
// step), and the order it builds with the confirmation's facts.
type Spec struct {
	id    kit.ScreenID
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
	// what names what is sold in sentences: "electricity", "1Voucher".
	what string
	// yes is the confirm button's verb: "Sell", "Redeem", "Cancel PIN".
	yes string
	// order builds the order, the confirmation's title and facts, and a
	// note for the cashier.
	order func(f *Flow) (sale.Order, string, [][2]string, string)
}

// SpecOf returns the spec of a Flash screen, or nil.
func SpecOf(id kit.ScreenID) *Spec {
	amount := fieldSpec{kind: fieldAmount, name: "Amount", label: "Amount"}
	mobile := fieldSpec{kind: fieldMobile, name: "SMS", label: "Send the voucher by SMS to (optional)"}
	switch id {
	case kit.ScreenElectricity:
		return &Spec{id: id, title: "Electricity", kind: sale.KindElectricity, catKind: sale.KindElectricity,
			fields: []fieldSpec{{kind: fieldMeter, name: "Meter", label: "Customer's meter number", then: lookupMeter}, amount},
			tender: true, what: "electricity", yes: "Sell", order: electricityOrder}
	case kit.ScreenVoucherBuy:
		return &Spec{id: id, title: "Sell a 1Voucher", kind: sale.KindVoucher, catKind: sale.KindVoucher,
			fields: []fieldSpec{amount}, tender: true, what: "1Voucher", yes: "Sell", order: productOrder}
	case kit.ScreenVoucherRedeem:
		return &Spec{id: id, title: "Redeem a 1Voucher", kind: sale.KindVoucherRedeem, catKind: sale.KindVoucher,
			fields: []fieldSpec{{kind: fieldPIN, name: "PIN", label: "The voucher's 16-digit PIN"},
				{kind: fieldAmount, name: "Amount", label: "Amount to redeem"},
				{kind: fieldMobile, name: "SMS", label: "Send the change voucher by SMS to (optional)"}},
			what: "1Voucher redemption", yes: "Redeem", order: redeemOrder}
	case kit.ScreenVoucherRefund:
		return &Spec{id: id, title: "Refund a 1Voucher redemption", kind: sale.KindVoucherRefund, catKind: sale.KindVoucher,
			fields: []fieldSpec{amount, mobile}, what: "1Voucher refund", yes: "Refund", order: refundOrder}
	case kit.ScreenVoucherDisburse:
		return &Spec{id: id, title: "Disburse a 1Voucher", kind: sale.KindVoucherPayout, catKind: sale.KindVoucher,
			fields: []fieldSpec{amount}, what: "1Voucher disbursement", yes: "Disburse", order: disburseOrder}
	case kit.ScreenGiftVoucher:
		return &Spec{id: id, title: "Gift voucher", kind: sale.KindGiftVoucher, catKind: sale.KindGiftVoucher, pick: true,
			fields: []fieldSpec{amount}, tender: true, what: "gift voucher", yes: "Sell", order: productOrder}
	case kit.ScreenEezi:
		return &Spec{id: id, title: "Eezi voucher", kind: sale.KindEezi, catKind: sale.KindEezi, pick: true,
			fields: []fieldSpec{amount}, tender: true, what: "Eezi voucher", yes: "Sell", order: productOrder}
	case kit.ScreenCashOutBuy:
		return &Spec{id: id, title: "Sell a cash-out PIN", kind: sale.KindCashOut, catKind: sale.KindCashOut, pick: true,
			fields: []fieldSpec{amount}, tender: true, what: "cash-out PIN", yes: "Sell", order: productOrder}
	case kit.ScreenCashOutLookup:
		return &Spec{id: id, title: "Look up a cash-out PIN", kind: sale.KindCashOut, catKind: sale.KindCashOut,
			fields: []fieldSpec{{kind: fieldCashOut, name: "Serial", label: "Serial number on the slip", then: lookupCashOut}},
			noSale: true, what: "cash-out PIN"}
	case kit.ScreenCashOutCancel:
		return &Spec{id: id, title: "Cancel a cash-out PIN", kind: sale.KindCashOutCancel,
			fields: []fieldSpec{{kind: fieldCashOut, name: "PIN", label: "Serial number on the slip, or the sale's reference", then: lookupCancel}},
			what:   "cash-out cancel", yes: "Cancel the PIN", order: cancelOrder}
	}
	return nil
}

// productOrder sells the chosen catalogue product for the amount.
func productOrder(f *Flow) (sale.Order, string, [][2]string, string) {
	p := f.product
	if p.Name == "" && f.spec.kind == sale.KindVoucher {
		p.Name = "1Voucher" // sold without a catalogue entry (no productCode)
	}
	o := sale.Order{Provider: kit.FlashProvider, Kind: f.spec.kind, Product: p.Code, ProductName: p.Name,
		Amount: f.money, Cashier: f.env.D.Cashier}
	rows := [][2]string{{"Product", p.Name}}
	if b := ui.Clean(p.Brand); b != "" && b != p.Name {
		rows = append(rows, [2]string{"Brand", b})
	}
	rows = append(rows, [2]string{"Amount", f.money.String()})
	rows = append(rows, productDetails(p)...)
	note := "The PIN is printed on the receipt: it is what the customer pays for."
	if f.spec.kind == sale.KindCashOut {
		note = "The recipient needs the PIN to withdraw the cash: it is printed on the receipt. Keep the slip to cancel an unused PIN."
	}
	return o, "Sell this " + f.spec.what + "?", rows, note
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
	meter := f.values[0]
	name := f.product.Name
	if name == "" {
		name = "Prepaid electricity"
	}
	o := sale.Order{Provider: kit.FlashProvider, Kind: sale.KindElectricity, Product: f.product.Code, ProductName: name,
		Target: sale.Target{Kind: sale.TargetMeter, Value: meter}, Amount: f.money, Cashier: f.env.D.Cashier}
	rows := [][2]string{{"Meter", meter}}
	for _, it := range f.card {
		switch it.Label {
		case "Customer", "Address", "Utility", "Tariff", "Arrears":
			rows = append(rows, [2]string{it.Label, it.Value})
		}
	}
	rows = append(rows, [2]string{"Amount", f.money.String()})
	if f.fbeEligible() {
		fbe := "no"
		if f.fbe {
			fbe = "yes: the free basic token is issued with this purchase"
			o.Params = map[string]string{sale.FlashParamFBE: "true"}
		}
		rows = append(rows, [2]string{"Free basic", fbe})
	}
	return o, "Sell this electricity?", rows, "Electricity cannot be refunded: read the meter number and the customer's name back before you sell."
}

func redeemOrder(f *Flow) (sale.Order, string, [][2]string, string) {
	pin, mobile := f.values[0], f.values[2]
	o := sale.Order{Provider: kit.FlashProvider, Kind: sale.KindVoucherRedeem, ProductName: "1Voucher redemption",
		Target: sale.Target{Kind: sale.TargetVoucher, Value: maskPIN(pin)}, Amount: f.money, Cashier: f.env.D.Cashier,
		Secrets: map[string]string{sale.FlashSecretPIN: pin}, Params: map[string]string{}}
	what := f.money.String()
	if f.full {
		o.Params[sale.FlashParamFull] = "true"
		what = "the whole voucher, which the customer says holds " + f.money.String()
	}
	change := "printed on the receipt, if the voucher holds more"
	switch {
	case f.full:
		change = "none: the whole voucher is redeemed"
	case mobile != "":
		change = "sent by SMS to " + ui.LocalMobile(mobile)
	}
	if mobile != "" {
		o.Params[sale.FlashParamMobile] = mobile
	}
	rows := [][2]string{{"Voucher", maskPIN(pin)}, {"Redeem", what}, {"Change voucher", change}}
	return o, "Redeem this 1Voucher?", rows, "Pay the cash out of the drawer only once the redemption shows DELIVERED."
}

func refundOrder(f *Flow) (sale.Order, string, [][2]string, string) {
	mobile := f.values[1]
	o := sale.Order{Provider: kit.FlashProvider, Kind: sale.KindVoucherRefund, ProductName: "1Voucher refund",
		Amount: f.money, Cashier: f.env.D.Cashier}
	to := "printed on the receipt"
	if mobile != "" {
		o.Params = map[string]string{sale.FlashParamMobile: mobile}
		o.Target = sale.Target{Kind: sale.TargetMobile, Value: mobile}
		to = "sent by SMS to " + ui.LocalMobile(mobile)
	}
	return o, "Refund this 1Voucher redemption?", [][2]string{{"Amount", f.money.String()}, {"New voucher", to}},
		"Flash issues the customer a new 1Voucher for the amount refunded."
}

func disburseOrder(f *Flow) (sale.Order, string, [][2]string, string) {
	o := sale.Order{Provider: kit.FlashProvider, Kind: sale.KindVoucherPayout, ProductName: "1Voucher disbursement",
		Amount: f.money, Cashier: f.env.D.Cashier}
	return o, "Disburse this 1Voucher?", [][2]string{{"Amount", f.money.String()}, {"Voucher", "printed on the receipt"}},
		"The shop's Flash account pays for the voucher: give the customer the receipt with its PIN."
}

func cancelOrder(f *Flow) (sale.Order, string, [][2]string, string) {
	o := f.cancelOrder
	o.Cashier = f.env.D.Cashier
	orig := f.original
	rows := [][2]string{
		{"Cancels sale", string(orig.Ref)},
		{"Sold", orig.CreatedAt.In(f.env.D.Location).Format("2006-01-02 15:04")},
		{"Serial", o.Params[sale.FlashParamSerial]},
		{"Refund", o.Amount.String()},
	}
	if s := flashItem(f.card, "Status"); s != "" {
		rows = append(rows, [2]string{"Flash says", s})
	}
	return o, "Cancel this cash-out PIN?", rows,
		"Cancel only with the customer's slip in hand, and refund them once the cancel shows DELIVERED."
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
