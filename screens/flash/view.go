package flash

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/flow"
	"till/ui"
)

// View draws the current step under a stepper showing where the sale is.
func (f *Flow) View() string {
	var body string
	switch f.step {
	case StepProduct:
		body = f.viewProducts()
	case StepInput:
		body = f.viewInput()
	case StepLookup:
		body = f.chosen() + "\n\n" + f.progressLine()
	case StepCard:
		body = f.viewCard()
	case StepConfirm:
		body = f.confirm.View()
	case StepTender:
		return f.Tender.View()
	case StepProcessing:
		body = f.viewProcessing()
	case StepResult:
		return f.viewResult()
	}
	return f.stepper() + "\n\n" + body
}

// stepNames are the stepper's steps and the index of the current one.
func (f *Flow) stepNames() ([]string, int) {
	e := f.env
	var names []string
	cur := 0
	if f.spec.pick {
		names = append(names, e.T("fla.step.product"))
	}
	for i, fs := range f.spec.fields {
		if (f.step == StepInput || f.step == StepLookup || f.step == StepCard) && i == f.field {
			cur = len(names)
		}
		names = append(names, e.T(fs.name))
	}
	if f.spec.noSale {
		return names, cur
	}
	names = append(names, e.T("fla.step.confirm"))
	if f.step == StepConfirm {
		cur = len(names) - 1
	}
	if f.spec.tender {
		names = append(names, e.T("fla.step.pay"))
		if f.step == StepTender {
			cur = len(names) - 1
		}
	}
	names = append(names, e.T("fla.step.done"))
	if f.step >= StepProcessing {
		cur = len(names) - 1
	}
	return names, cur
}

// stepper is "✓ Meter › 2 Amount › 3 Confirm › 4 Pay › 5 Done".
func (f *Flow) stepper() string {
	st := f.env.St
	names, cur := f.stepNames()
	return flow.Stepper(st, names, cur, f.width)
}

// catalogueNote says how fresh the product list is (the Flash
// catalogue's texts, shared with the airtime flow).
func (f *Flow) catalogueNote() string {
	st, e := f.env.St, f.env
	if !f.showsCatalogue() {
		return ""
	}
	age := e.Ago(f.now, f.Cat.FetchedAt)
	switch {
	case f.Loading && !f.CatLoaded:
		return st.Muted.Render(e.T("air.fetching"))
	case f.Loading:
		return st.Muted.Render(e.T("air.refreshing", age))
	case f.CatErr != nil && f.CatLoaded && len(f.Cat.Products) > 0:
		return st.Warning.Render(e.T("air.offline", age))
	case f.CatErr == nil && f.CatLoaded:
		return st.Muted.Render(e.T("air.updated", age))
	}
	return ""
}

// head is a title with the catalogue's age on the right.
func (f *Flow) head(title string) string {
	st := f.env.St
	t, note := st.Strong.Render(title), f.catalogueNote()
	return t + strings.Repeat(" ", max(f.width-lipgloss.Width(t)-lipgloss.Width(note), 2)) + note
}

func (f *Flow) viewProducts() string {
	st, e := f.env.St, f.env
	head := f.head(e.T("fla.choose", f.what()))
	switch {
	case len(f.products) > 0:
	case f.Loading:
		return head
	case f.CatErr != nil:
		return head + "\n\n" + st.Error.Render("✗ "+ui.Clean(e.Err(f.CatErr))) + "\n\n" +
			st.Muted.Render(e.T("air.no_cache"))
	default:
		return head + "\n\n" + st.Warning.Render(e.T("fla.no_products", f.what())) + "\n\n" +
			st.Muted.Render(e.T("air.fetch_again")) + f.unmappedNote()
	}
	h := max(f.height-10, 3)
	top := max(f.cursor-h+1, 0)
	var lines []string
	for i := top; i < len(f.products) && i < top+h; i++ {
		p := f.products[i]
		num := "   "
		if i < 9 {
			num = fmt.Sprintf("%d  ", i+1)
		}
		rng := flow.AmountRangeIn(e, p)
		text := " " + num + ui.Pad(ui.Clean(p.Name), max(f.width-8-len(num)-lipgloss.Width(rng), 10)) + "  " + rng + " "
		if i == f.cursor {
			lines = append(lines, st.Marker.Render("›")+" "+st.Selected.Render(text))
		} else {
			lines = append(lines, "  "+st.Text.Render(text))
		}
	}
	out := head + "\n\n" + strings.Join(lines, "\n")
	if p := f.products[f.cursor]; len(productDetails(p)) > 0 {
		out += "\n\n" + ui.KV(st, f.rows(productDetails(p)), f.width)
	}
	return out + f.unmappedNote()
}

// unmappedNote names the products not sold because their productType is
// not in [flash.product_types] ("unknown type N"), so the cashier can tell
// the supervisor why a product Flash lists is missing.
func (f *Flow) unmappedNote() string {
	u := f.unmapped()
	if len(u) == 0 {
		return ""
	}
	st := f.env.St
	return "\n\n" + st.Warning.Render(f.env.T("fla.unmapped")) +
		"\n" + st.Muted.Render(ui.Clean(strings.Join(u, ", ")))
}

// chosen recalls what has been chosen and found so far, or is the flow's
// title with the catalogue's age when nothing is yet.
func (f *Flow) chosen() string {
	if parts := f.chosenParts(); len(parts) > 0 {
		return strings.Join(parts, "\n")
	}
	return f.head(f.env.Tr(f.spec.title))
}

// chosenParts are the lines of chosen.
func (f *Flow) chosenParts() []string {
	st, e := f.env.St, f.env
	var parts []string
	if p := f.product; p.Name != "" && f.NeedsProduct() && f.spec.kind != sale.KindVoucherRefund && f.spec.kind != sale.KindVoucherPayout {
		parts = append(parts, st.Strong.Render(ui.Clean(p.Name))+st.Muted.Render("  ·  "+flow.AmountRangeIn(e, p)))
	}
	if f.limits.Name != "" && f.field > 0 {
		parts = append(parts, st.Strong.Render(e.T("fla.meter_no", f.values[0]))+st.Muted.Render("  ·  "+
			ui.Clean(flashItem(f.card, "Customer"))+"  ·  "+ui.Clean(f.limits.Name)))
		if f.fbe {
			parts = append(parts, st.Success.Render(e.T("fla.fbe_added")))
		}
	}
	for i := 0; i < f.field && i < len(f.values); i++ {
		switch f.inputs[i].kind {
		case fieldPIN:
			parts = append(parts, st.Muted.Render(e.T("fla.voucher_word"))+st.Strong.Render(maskPIN(f.values[i])))
		case fieldAmount:
			what := e.Money(f.money)
			if f.full {
				what += e.T("fla.whole_suffix")
			}
			parts = append(parts, st.Muted.Render(e.T(f.spec.fields[i].name)+" ")+st.Strong.Render(what))
		}
	}
	return parts
}

func (f *Flow) viewInput() string {
	st, e := f.env.St, f.env
	in := f.inputs[f.field]
	label := st.Text.Render(e.T(f.spec.fields[f.field].label))
	if in.kind == fieldAmount {
		rng := sale.Product{Min: f.product.Min, Max: f.product.Max}
		if f.spec.kind == sale.KindVoucherRedeem {
			rng.Min = sale.Money{}
		}
		if f.limits.Name != "" {
			rng = f.limits
		}
		label += st.Muted.Render("  (" + flow.AmountRangeIn(e, rng) + ")")
	}
	out := f.chosen() + "\n\n" + label + "\n" + in.View() + "\n" + in.Status()
	if f.notice != nil {
		out += "\n" + st.Error.Render("✗ "+ui.Clean(e.Err(f.notice)))
	}
	if f.spec.kind == sale.KindVoucherRedeem && in.kind == fieldAmount {
		hint := e.T("fla.hint.whole")
		if f.full {
			hint = e.T("fla.hint.whole_on")
		}
		out += "\n\n" + st.Muted.Render(ui.Wrap(hint, f.width))
	}
	if f.field == 0 && f.showsCatalogue() && !f.spec.pick && len(f.chosenParts()) > 0 {
		if n := f.catalogueNote(); n != "" {
			out += "\n\n" + n
		}
	}
	return out
}

// progressLine is the spinner and what is being asked.
func (f *Flow) progressLine() string {
	st, e := f.env.St, f.env
	what := e.T("fla.asking")
	switch f.spec.fields[f.field].then {
	case lookupMeter:
		what = e.T("fla.looking.meter", f.values[f.field])
	case lookupCashOut:
		what = e.T("fla.looking.cashout", f.values[f.field])
	case lookupCancel:
		what = e.T("fla.looking.cancel")
	}
	return f.Progress.View() + "  " + st.Strong.Render(what) + "\n\n" + st.Muted.Render(e.T("fla.looking.nothing"))
}

func (f *Flow) viewCard() string {
	st, e := f.env.St, f.env
	if f.cardErr != nil {
		why := e.Said(e.Err(f.cardErr)) // the Flash client's words in the till's language, Flash's own as sent
		msg := "✗ " + why
		tail := e.T("fla.card.nothing")
		if sale.ErrorCode(f.cardErr) == sale.CodeNotFound && f.spec.fields[f.field].then == lookupMeter {
			msg = e.T("fla.card.no_meter", why)
		}
		banner := e.T("fla.banner.not_possible")
		switch sale.ErrorCode(f.cardErr) {
		case sale.CodeNotFound:
			banner = e.T("fla.banner.not_found")
		case sale.CodeUnavailable:
			banner = e.T("fla.banner.no_answer")
		}
		return f.head(e.Tr(f.spec.title)) + "\n\n" + st.BannerBad.Render(banner) + "\n\n" +
			st.Error.Render(ui.Wrap(msg, f.width)) + "\n\n" + st.Text.Render(ui.Wrap(tail, f.width))
	}
	title := e.T(map[lookupKind]string{lookupMeter: "fla.card.meter",
		lookupCashOut: "fla.card.cashout", lookupCancel: "fla.card.cancel"}[f.spec.fields[f.field].then])
	rows := make([][2]string, 0, len(f.card)+4)
	if f.spec.fields[f.field].then == lookupCancel {
		o := f.original
		rows = append(rows, [2]string{"Sale", string(o.Ref)},
			[2]string{"Sold", e.T("fla.sold_by", o.CreatedAt.In(e.D.Location).Format("2006-01-02 15:04"), ui.Clean(o.Order.Cashier))},
			[2]string{"Amount", e.Money(o.Order.Amount)})
	}
	for _, it := range f.card {
		rows = append(rows, [2]string{it.Label, f.cardValue(it)})
	}
	out := st.Title.Render(title) + "\n\n" + ui.KV(st, f.rows(rows), f.width)
	if n := f.cardNote.text(e); n != "" {
		out += "\n\n" + st.Text.Render(ui.Wrap(ui.Clean(n), f.width))
	}
	switch {
	case f.spec.noSale && f.cancellable && f.original.Ref != "":
		out += "\n\n" + st.Muted.Render(e.T("fla.card.press_c"))
	case f.spec.noSale:
		out += "\n\n" + st.Muted.Render(e.T("fla.card.press_n"))
	case f.fbeEligible():
		on := e.T("fla.card.fbe_off")
		if f.fbe {
			on = e.T("fla.card.fbe_on")
		}
		out += "\n\n" + st.Success.Render(on) + "\n" + st.Muted.Render(e.T("fla.card.to_amount"))
	default:
		out += "\n\n" + st.Muted.Render(e.T("fla.card.go_on"))
	}
	return out
}

func (f *Flow) viewProcessing() string {
	st, e := f.env.St, f.env
	ref := e.T("prod.journaling")
	if f.Ref != "" {
		ref = string(f.Ref)
	}
	rows := append([][2]string(nil), f.confirm.Rows...) // in the till's language already
	rows = append(rows, f.rows([][2]string{{"Tender", flow.TenderLineIn(e, f.Order.Tender, f.Order.Amount)}, {"Reference", ref}})...)
	return f.Progress.View() + "  " + st.Strong.Render(f.doing()) + "\n\n" + ui.KV(st, rows, f.width) + "\n\n" +
		st.BannerWarn.Render(e.T("outcome.no_resell")) + st.Warning.Render(e.T("fla.waiting")) + "\n\n" +
		st.Muted.Render(ui.Wrap(e.T("fla.keep"), f.width))
}

// doing says what the flow is doing: "Selling R 50.00 electricity to meter 1412…".
func (f *Flow) doing() string {
	e, o := f.env, f.Order
	amount := e.Money(o.Amount)
	switch o.Kind {
	case sale.KindElectricity:
		return e.T("fla.doing.electricity", amount, o.Target.Value)
	case sale.KindVoucherRedeem:
		return e.T("fla.doing.redeem", amount, o.Target.Value)
	case sale.KindVoucherRefund:
		return e.T("fla.doing.refund", amount)
	case sale.KindVoucherPayout:
		return e.T("fla.doing.disburse", amount)
	case sale.KindCashOutCancel:
		return e.T("fla.doing.cancel", o.Target.Value)
	}
	return e.T("fla.doing.sell", amount, ui.Clean(f.productName()))
}
