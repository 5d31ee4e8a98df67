package flow

import (
	"fmt"
	"strings"
	"time"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// View draws the current step of the tender.
func (t *Tender) View() string {
	switch t.step {
	case StepCash:
		return t.viewCash()
	case StepMpesa:
		return t.viewMpesa()
	case StepCard:
		return t.viewCard()
	case StepVoucher:
		return t.viewVoucher()
	case StepConfirm:
		return t.confirm.View()
	case StepPaying:
		return t.viewPaying()
	case StepWaiting:
		return t.viewWaiting()
	case StepQRIS:
		return t.qris.View()
	case StepRefused:
		return t.viewGate() // tender_gate.go
	}
	return t.viewChoose()
}

// FullHeight reports whether the step wants the whole height (a QR code):
// the flow then leaves out its stepper.
func (t *Tender) FullHeight() bool {
	if t.step == StepQRIS {
		return t.qris.Waiting()
	}
	return t.step == StepWaiting && t.paid.State == sale.StatePending && t.qrPayload() != ""
}

// head is the line saying what is being paid for.
func (t *Tender) head(title string) string {
	st := t.env.St
	return st.Strong.Render(title) + "\n" + st.Muted.Render(ui.Truncate(t.env.T("tnd.for", kit.OrderLineIn(t.env, t.order)), t.width))
}

func (t *Tender) viewChoose() string {
	st := t.env.St
	var b strings.Builder
	e := t.env
	b.WriteString(t.head(e.T("tnd.how", e.Money(t.order.Amount))))
	b.WriteString("\n\n")
	for i, o := range t.options {
		hint := e.T(tenderHint(o.kind))
		if o.why != "" {
			hint = o.why
		}
		row := fmt.Sprintf(" %d  %s", i+1, ui.Pad(e.Tr(o.kind.Name()), 14))
		marker := "  "
		switch {
		case i == t.cursor:
			marker = st.Marker.Render("› ")
			row = st.Selected.Render(row + " ")
		case o.why != "":
			row = st.Muted.Render(row + " ")
		default:
			row = st.Strong.Render(row + " ")
		}
		hs := st.Muted
		if o.why != "" {
			hs = st.Muted.Strikethrough(!st.NoColor)
		}
		b.WriteString(marker + row + "  " + hs.Render(ui.Truncate(hint, max(t.width-22, 10))) + "\n")
	}
	if t.notice != "" {
		b.WriteString("\n" + st.Error.Render(ui.Wrap("✗ "+ui.Clean(t.notice), t.width)))
	}
	return b.String()
}

// tenderHint is the catalogue key of what a tender does, on the choice.
func tenderHint(k sale.TenderKind) string {
	switch k {
	case sale.TenderCash:
		return "tnd.hint.cash"
	case sale.TenderMpesa:
		return "tnd.hint.mpesa"
	case sale.TenderCard:
		return "tnd.hint.card"
	case sale.TenderVoucher:
		return "tnd.hint.voucher"
	case sale.TenderQRIS:
		return "tnd.hint.qris"
	}
	return ""
}

func (t *Tender) viewCash() string {
	st, e := t.env.St, t.env
	due := t.order.Amount
	given := t.cashValue()
	change := "-"
	if given.Minor >= due.Minor {
		change = e.Money(sale.New(given.Minor-due.Minor, due.Currency))
	}
	if t.cash.Value() == "" {
		change = e.T("tnd.cash.exact", e.Money(sale.New(0, due.Currency)))
	}
	var notes []string
	for i, n := range cashNotes(due.Currency) {
		notes = append(notes, st.Strong.Render(fmt.Sprintf("F%d", i+1))+" "+st.Text.Render(noteName(n)))
	}
	return t.head(e.T("tnd.cash.title", e.Money(due))) + "\n\n" +
		st.Text.Render(e.T("tnd.cash.tendered")) + "\n" + t.cash.View() + "\n" + t.cash.Status() + "\n\n" +
		ui.KV(st, e.TrRows([][2]string{{"Amount due", e.Money(due)}, {"Change due", change}}), t.width) + "\n\n" +
		st.Muted.Render(e.T("tnd.cash.notes")) + strings.Join(notes, st.Muted.Render("  ")) + "\n" +
		st.Muted.Render(ui.Wrap(e.T("tnd.cash.keys"), t.width))
}

func (t *Tender) viewMpesa() string {
	st := t.env.St
	status := func(ok string, err error, typed bool, focused bool) string {
		switch {
		case err == nil:
			return st.Success.Render("✓ " + ok)
		case focused && t.refused != "":
			return st.Error.Render("✗ " + ui.Clean(t.refused))
		case typed:
			return st.Warning.Render("! " + ui.Clean(sale.ErrorMessage(err)))
		}
		return st.Muted.Render("")
	}
	rerr := t.receiptErr()
	phone, perr := t.phoneNumber()
	e := t.env
	return t.head(e.T("tnd.mpesa.title", e.Money(t.order.Amount))) + "\n\n" +
		st.Text.Render(ui.Wrap(e.T("tnd.mpesa.check", e.Money(t.order.Amount)), t.width)) + "\n\n" +
		st.Text.Render(e.T("tnd.mpesa.code")) + "\n" + t.receipt.View() + "\n" +
		status(t.receipt.Value(), rerr, len(t.receipt.Value()) >= mpesaReceiptLength || t.receipt.Value() != "" && rerr != nil && t.refused != "", !t.onPhone) + "\n" +
		st.Text.Render(e.T("tnd.mpesa.phone")) + "\n" + t.phone.View() + "\n" +
		status(phone, perr, t.phone.Value() != "" && len(t.phone.Value()) >= 10, t.onPhone)
}

func (t *Tender) viewCard() string {
	st, e := t.env.St, t.env
	var b strings.Builder
	b.WriteString(t.head(e.T("tnd.card.title", e.Money(t.order.Amount))))
	b.WriteString("\n\n")
	switch {
	case !t.custRead:
		b.WriteString(st.Muted.Render(e.T("tnd.card.reading")))
		return b.String()
	case t.custErr != nil:
		b.WriteString(st.Error.Render("✗ " + ui.Clean(sale.ErrorMessage(t.custErr))))
		return b.String()
	case len(t.customers) == 0:
		b.WriteString(st.Warning.Render(ui.Wrap(e.T("tnd.card.empty"), t.width)))
		return b.String()
	}
	now := t.env.D.Now()
	per := 2
	fits := max((t.height-4)/per, 1)
	top := 0
	if t.custAt >= fits {
		top = t.custAt - fits + 1
	}
	for i := top; i < min(top+fits, len(t.customers)); i++ {
		c := t.customers[i]
		num := "   "
		if i < 9 {
			num = fmt.Sprintf("%d  ", i+1)
		}
		row := " " + num + ui.Pad(ui.Clean(c.Name), 20) + " " + ui.Pad(c.MaskedCard(), 26) + " " + ui.Clean(c.Email)
		row = ui.Truncate(row, t.width-3)
		if i == t.custAt {
			b.WriteString(st.Marker.Render("› ") + st.Selected.Render(ui.Pad(row, t.width-3)))
		} else {
			b.WriteString("  " + st.Text.Render(row))
		}
		b.WriteString("\n")
		if w := c.CardWarning(now); w != "" {
			style := st.Warning
			if c.CardUsable(now) != nil {
				style = st.Error
			}
			b.WriteString("      " + style.Render(ui.Truncate("! "+w, t.width-7)) + "\n")
		} else {
			b.WriteString("      " + st.Muted.Render(ui.Truncate(e.T("tnd.card.token", c.ID, c.TokenCreated.Format(time.DateOnly)), t.width-7)) + "\n")
		}
	}
	if t.refused != "" {
		b.WriteString("\n" + st.Error.Render(ui.Wrap("✗ "+ui.Clean(t.refused), t.width)))
	}
	return strings.TrimRight(b.String(), "\n")
}

func (t *Tender) viewVoucher() string {
	st, e := t.env.St, t.env
	pin := t.pin.Value()
	var status string
	switch {
	case t.refused != "":
		status = st.Error.Render("✗ " + ui.Clean(t.refused))
	case pin == "":
		status = st.Muted.Render(e.T("tnd.v.type"))
	default:
		status = PINStatusIn(e, pin) // keys.go: masked like the redeem screen
	}
	return t.head(e.T("tnd.v.title", e.Money(t.order.Amount))) + "\n\n" +
		st.Text.Render(ui.Wrap(e.T("tnd.v.explain", e.Money(t.order.Amount)), t.width)) + "\n\n" +
		st.Text.Render(e.T("tnd.v.pin")) + "\n" + PINBoxIn(e, pin) + "\n" + status
}

func (t *Tender) viewPaying() string {
	st, e := t.env.St, t.env
	what := e.T(map[sale.TenderKind]string{
		sale.TenderMpesa: "tnd.pay.mpesa", sale.TenderCard: "tnd.pay.card",
		sale.TenderVoucher: "tnd.pay.voucher", sale.TenderQRIS: "tnd.pay.qris",
	}[t.payment.Kind])
	return t.progress.View() + "  " + st.Strong.Render(e.T("tnd.pay.doing", what, e.Money(t.order.Amount))) + "\n\n" +
		st.BannerWarn.Render(e.T("tnd.pay.no_other")) + st.Warning.Render(e.T("tnd.pay.waiting")) + "\n\n" +
		st.Muted.Render(ui.Wrap(e.T("tnd.pay.never_twice"), t.width))
}

// qrPayload is what the waiting step draws as a QR code: the 3-D Secure
// approval link of a card charge. (A QRIS code is QRISPay's.)
func (t *Tender) qrPayload() string {
	if t.paid.Order.Kind != sale.KindTenderCard {
		return ""
	}
	return ItemValue(t.paid.Outcome.Items, sale.CardApprovalLabel)
}

func (t *Tender) viewWaiting() string {
	st, e := t.env.St, t.env
	s := t.paid
	facts := [][2]string{{"Payment", string(s.Ref)}, {"Amount", e.Money(s.Order.Amount)}}
	if s.State == sale.StatePending {
		if payload := t.qrPayload(); payload != "" {
			return t.viewQR(payload)
		}
	}
	var banner, text string
	switch s.State {
	case sale.StateNeedsSupervisor:
		banner = st.BannerBad.Render(e.T("tnd.w.supervisor"))
		text = e.T("tnd.w.supervisor_is", ui.Clean(s.Note))
	case sale.StatePending:
		banner = st.BannerWarn.Render(e.T("tnd.w.pending"))
		text = e.T("tnd.w.pending_is")
	default:
		banner = st.BannerWarn.Render(e.T("tnd.w.in_doubt"))
		text = e.T("tnd.w.in_doubt_is")
	}
	last := e.Reason(s)
	if last != "" {
		facts = append(facts, [2]string{"Last answer", last})
	}
	out := banner + "  " + t.progress.View() + "\n\n" + ui.KV(st, e.TrRows(facts), t.width) + "\n\n" +
		st.Text.Render(ui.Wrap(text, t.width))
	if t.checking {
		out += "\n\n" + st.Muted.Render(e.T("tnd.w.checking"))
	}
	return out
}

// viewQR shows a card's 3-D Secure approval link as a code for the
// customer's phone, beside what it is for.
func (t *Tender) viewQR(payload string) string {
	st, e := t.env.St, t.env
	s := t.paid
	title := e.T("tnd.qr.title")
	how := e.T("tnd.qr.how")
	facts := [][2]string{{"Charge", e.Money(s.Order.Amount)}}
	facts = e.TrRows(append(facts, [2]string{"Payment", string(s.Ref)}, [2]string{"Waiting", e.Elapsed(t.progress.Elapsed())}))
	side := func(w int) string {
		out := st.Title.Render(title) + "\n\n" + ui.KV(st, facts, w) + "\n\n" + st.Text.Render(ui.Wrap(how, w))
		if n := t.code.view(st, w); n != "" {
			out += "\n\n" + n
		}
		if t.demoErr != nil {
			out += "\n\n" + st.Error.Render(ui.Wrap(e.T("tnd.qr.demo_err", ui.Clean(t.demoErr.Error())), w))
		} else if t.canDemo() {
			out += "\n\n" + st.Demo.Render("DEMO") + st.Muted.Render(ui.Wrap(e.T("tnd.qr.demo"), w-6))
		}
		return out
	}
	h := max(t.height, t.fullHeight)
	q, ok, err := t.qr.fit(t.env, payload, t.width, h)
	if err != nil {
		return side(t.width) + "\n\n" + st.Error.Render("✗ "+ui.Clean(err.Error()))
	}
	if !ok {
		return side(t.width) + "\n\n" + st.Warning.Render(ui.Wrap(qrHint(t.env, q, t.width-qrGap-qrSideWidth, h)+" "+
			printOffer(t.env), t.width))
	}
	w := t.width - q.Cols - qrGap
	return besideQR(q, side(w), w)
}

// cashNotes are the round notes of a currency, for the quick keys.
func cashNotes(c sale.Currency) []sale.Money {
	major := map[sale.Currency][]int64{
		sale.ZAR: {10, 20, 50, 100, 200}, sale.KES: {50, 100, 200, 500, 1000},
		sale.NGN: {100, 200, 500, 1000}, sale.GHS: {5, 10, 20, 50, 100},
		sale.IDR: {5000, 10000, 20000, 50000, 100000},
	}[c]
	d, _ := c.Decimals()
	unit := int64(1)
	for range d {
		unit *= 10
	}
	out := make([]sale.Money, len(major))
	for i, n := range major {
		out[i] = sale.New(n*unit, c)
	}
	return out
}

// notesHelp is the help text of the note keys: "R10…R200".
func notesHelp(c sale.Currency) string {
	ns := cashNotes(c)
	if len(ns) == 0 {
		return "notes"
	}
	return noteName(ns[0]) + "…" + noteName(ns[len(ns)-1])
}

// noteName is a round note as it is called: "R10", "KES1000", "Rp50.000".
func noteName(m sale.Money) string {
	s := strings.ReplaceAll(m.String(), " ", "")
	if d, _ := m.Currency.Decimals(); d > 0 {
		s = strings.TrimSuffix(s, "."+strings.Repeat("0", d))
	}
	return s
}

// nextNote is the smallest round amount above given that covers due: a
// note, or a multiple of the largest one.
func nextNote(due, given sale.Money) sale.Money {
	floor := max(due.Minor, given.Minor+1)
	ns := cashNotes(due.Currency)
	for _, n := range ns {
		if n.Minor >= floor {
			return n
		}
	}
	if len(ns) == 0 {
		return due
	}
	big := ns[len(ns)-1].Minor
	return sale.New((floor+big-1)/big*big, due.Currency)
}

func receiptFilter(typed string, r rune) (rune, bool) {
	if r >= 'a' && r <= 'z' {
		r -= 'a' - 'A'
	}
	switch {
	case r >= 'A' && r <= 'Z':
		return r, true
	case r >= '0' && r <= '9':
		return r, typed != ""
	}
	return 0, false
}

func phoneFilter(typed string, r rune) (rune, bool) {
	switch {
	case r >= '0' && r <= '9', r == ' ':
		return r, true
	case r == '+':
		return r, typed == ""
	}
	return 0, false
}

func digitFilter(_ string, r rune) (rune, bool) { return r, r >= '0' && r <= '9' }
