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
	var names []string
	cur := 0
	if f.spec.pick {
		names = append(names, "Product")
	}
	for i, fs := range f.spec.fields {
		if (f.step == StepInput || f.step == StepLookup || f.step == StepCard) && i == f.field {
			cur = len(names)
		}
		names = append(names, fs.name)
	}
	if f.spec.noSale {
		return names, cur
	}
	names = append(names, "Confirm")
	if f.step == StepConfirm {
		cur = len(names) - 1
	}
	if f.spec.tender {
		names = append(names, "Pay")
		if f.step == StepTender {
			cur = len(names) - 1
		}
	}
	names = append(names, "Done")
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

// catalogueNote says how fresh the product list is.
func (f *Flow) catalogueNote() string {
	st := f.env.St
	if !f.showsCatalogue() {
		return ""
	}
	age := ui.Ago(f.now, f.Cat.FetchedAt)
	switch {
	case f.Loading && !f.CatLoaded:
		return st.Muted.Render("fetching the Flash catalogue…")
	case f.Loading:
		return st.Muted.Render("refreshing… (catalogue from " + age + ")")
	case f.CatErr != nil && f.CatLoaded && len(f.Cat.Products) > 0:
		return st.Warning.Render("catalogue from " + age + " (offline)")
	case f.CatErr == nil && f.CatLoaded:
		return st.Muted.Render("catalogue updated " + age)
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
	st := f.env.St
	head := f.head("Choose the " + f.spec.what)
	switch {
	case len(f.products) > 0:
	case f.Loading:
		return head
	case f.CatErr != nil:
		return head + "\n\n" + st.Error.Render("✗ "+ui.Clean(sale.ErrorMessage(f.CatErr))) + "\n\n" +
			st.Muted.Render("No catalogue is cached on this till yet. Press r to try again.")
	default:
		return head + "\n\n" + st.Warning.Render("The Flash catalogue has no active "+f.spec.what+" products.") + "\n\n" +
			st.Muted.Render("Press r to fetch it again.") + f.unmappedNote()
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
		rng := flow.AmountRange(p)
		text := " " + num + ui.Pad(ui.Clean(p.Name), max(f.width-8-len(num)-lipgloss.Width(rng), 10)) + "  " + rng + " "
		if i == f.cursor {
			lines = append(lines, st.Marker.Render("›")+" "+st.Selected.Render(text))
		} else {
			lines = append(lines, "  "+st.Text.Render(text))
		}
	}
	out := head + "\n\n" + strings.Join(lines, "\n")
	if p := f.products[f.cursor]; len(productDetails(p)) > 0 {
		out += "\n\n" + ui.KV(st, productDetails(p), f.width)
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
	return "\n\n" + st.Warning.Render("Not sold: their Flash type is not in [flash.product_types] (see till doctor):") +
		"\n" + st.Muted.Render(ui.Clean(strings.Join(u, ", ")))
}

// chosen recalls what has been chosen and found so far, or is the flow's
// title with the catalogue's age when nothing is yet.
func (f *Flow) chosen() string {
	if parts := f.chosenParts(); len(parts) > 0 {
		return strings.Join(parts, "\n")
	}
	return f.head(f.spec.title)
}

// chosenParts are the lines of chosen.
func (f *Flow) chosenParts() []string {
	st := f.env.St
	var parts []string
	if p := f.product; p.Name != "" && f.NeedsProduct() && f.spec.kind != sale.KindVoucherRefund && f.spec.kind != sale.KindVoucherPayout {
		parts = append(parts, st.Strong.Render(ui.Clean(p.Name))+st.Muted.Render("  ·  "+flow.AmountRange(p)))
	}
	if f.limits.Name != "" && f.field > 0 {
		parts = append(parts, st.Strong.Render("Meter "+f.values[0])+st.Muted.Render("  ·  "+
			ui.Clean(flashItem(f.card, "Customer"))+"  ·  "+ui.Clean(f.limits.Name)))
		if f.fbe {
			parts = append(parts, st.Success.Render("+ free basic electricity"))
		}
	}
	for i := 0; i < f.field && i < len(f.values); i++ {
		switch f.inputs[i].kind {
		case fieldPIN:
			parts = append(parts, st.Muted.Render("Voucher ")+st.Strong.Render(maskPIN(f.values[i])))
		case fieldAmount:
			what := f.money.String()
			if f.full {
				what += " (the whole voucher)"
			}
			parts = append(parts, st.Muted.Render(f.spec.fields[i].name+" ")+st.Strong.Render(what))
		}
	}
	return parts
}

func (f *Flow) viewInput() string {
	st := f.env.St
	in := f.inputs[f.field]
	label := st.Text.Render(f.spec.fields[f.field].label)
	if in.kind == fieldAmount {
		rng := sale.Product{Min: f.product.Min, Max: f.product.Max}
		if f.spec.kind == sale.KindVoucherRedeem {
			rng.Min = sale.Money{}
		}
		if f.limits.Name != "" {
			rng = f.limits
		}
		label += st.Muted.Render("  (" + flow.AmountRange(rng) + ")")
	}
	out := f.chosen() + "\n\n" + label + "\n" + in.View() + "\n" + in.Status()
	if f.notice != nil {
		out += "\n" + st.Error.Render("✗ "+ui.Clean(sale.ErrorMessage(f.notice)))
	}
	if f.spec.kind == sale.KindVoucherRedeem && in.kind == fieldAmount {
		hint := "Press f to redeem the whole voucher: type the value the customer says it holds."
		if f.full {
			hint = "WHOLE VOUCHER: Flash redeems all it holds; if that is not the amount typed, the sale goes to a supervisor. Press f for part only."
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
	st := f.env.St
	what := "Asking Flash…"
	switch f.spec.fields[f.field].then {
	case lookupMeter:
		what = "Looking up meter " + f.values[f.field] + " with Flash…"
	case lookupCashOut:
		what = "Looking up cash-out PIN " + f.values[f.field] + " with Flash…"
	case lookupCancel:
		what = "Finding the cash-out sale and asking Flash about its PIN…"
	}
	return f.Progress.View() + "  " + st.Strong.Render(what) + "\n\n" + st.Muted.Render("Nothing is sold by a lookup. Esc to correct the number.")
}

func (f *Flow) viewCard() string {
	st := f.env.St
	if f.cardErr != nil {
		msg := "✗ " + ui.Clean(sale.ErrorMessage(f.cardErr))
		tail := "Nothing was sold and nothing was journaled. Press esc to correct it."
		if sale.ErrorCode(f.cardErr) == sale.CodeNotFound && f.spec.fields[f.field].then == lookupMeter {
			msg = "✗ METER NOT FOUND: " + ui.Clean(sale.ErrorMessage(f.cardErr))
		}
		banner := " NOT POSSIBLE "
		switch sale.ErrorCode(f.cardErr) {
		case sale.CodeNotFound:
			banner = " NOT FOUND "
		case sale.CodeUnavailable:
			banner = " NO ANSWER "
		}
		return f.head(f.spec.title) + "\n\n" + st.BannerBad.Render(banner) + "\n\n" +
			st.Error.Render(ui.Wrap(msg, f.width)) + "\n\n" + st.Text.Render(ui.Wrap(tail, f.width))
	}
	title := map[lookupKind]string{lookupMeter: "Meter found: read it back to the customer",
		lookupCashOut: "Cash-out PIN", lookupCancel: "Cash-out sale to cancel"}[f.spec.fields[f.field].then]
	rows := make([][2]string, 0, len(f.card)+4)
	if f.spec.fields[f.field].then == lookupCancel {
		o := f.original
		rows = append(rows, [2]string{"Sale", string(o.Ref)},
			[2]string{"Sold", o.CreatedAt.In(f.env.D.Location).Format("2006-01-02 15:04") + " by " + ui.Clean(o.Order.Cashier)},
			[2]string{"Amount", o.Order.Amount.String()})
	}
	for _, it := range f.card {
		rows = append(rows, [2]string{it.Label, it.Value})
	}
	out := st.Title.Render(title) + "\n\n" + ui.KV(st, rows, f.width)
	if f.cardNote != "" {
		out += "\n\n" + st.Text.Render(ui.Wrap(ui.Clean(f.cardNote), f.width))
	}
	switch {
	case f.spec.noSale && f.cancellable && f.original.Ref != "":
		out += "\n\n" + st.Muted.Render("Press c to cancel this PIN, n to look up another.")
	case f.spec.noSale:
		out += "\n\n" + st.Muted.Render("Press n to look up another PIN.")
	case f.fbeEligible():
		on := "Free basic electricity: NOT asked for (press f to add it)."
		if f.fbe {
			on = "Free basic electricity: asked for with this purchase (press f to leave it out)."
		}
		out += "\n\n" + st.Success.Render(on) + "\n" + st.Muted.Render("Press enter to type the amount.")
	default:
		out += "\n\n" + st.Muted.Render("Press enter to go on.")
	}
	return out
}

func (f *Flow) viewProcessing() string {
	st := f.env.St
	ref := "being journaled…"
	if f.Ref != "" {
		ref = string(f.Ref)
	}
	rows := append([][2]string(nil), f.confirm.Rows...)
	rows = append(rows, [2]string{"Tender", flow.TenderLine(f.Order.Tender, f.Order.Amount)}, [2]string{"Reference", ref})
	return f.Progress.View() + "  " + st.Strong.Render(f.doing()) + "\n\n" + ui.KV(st, rows, f.width) + "\n\n" +
		st.BannerWarn.Render("DO NOT RESELL") + st.Warning.Render("  waiting for Flash…") + "\n\n" +
		st.Muted.Render(ui.Wrap("Keep the customer at the counter. If Flash does not answer, the till keeps checking "+
			"with the same reference: nothing is ever done twice.", f.width))
}

// doing says what the flow is doing: "Selling R 50.00 electricity to meter 1412…".
func (f *Flow) doing() string {
	o := f.Order
	switch o.Kind {
	case sale.KindElectricity:
		return "Selling " + o.Amount.String() + " electricity to meter " + o.Target.Value
	case sale.KindVoucherRedeem:
		return "Redeeming " + o.Amount.String() + " from voucher " + o.Target.Value
	case sale.KindVoucherRefund:
		return "Refunding " + o.Amount.String() + " as a new 1Voucher"
	case sale.KindVoucherPayout:
		return "Disbursing a 1Voucher of " + o.Amount.String()
	case sale.KindCashOutCancel:
		return "Cancelling cash-out PIN " + o.Target.Value
	}
	return "Selling " + o.Amount.String() + " " + ui.Clean(o.ProductName)
}
