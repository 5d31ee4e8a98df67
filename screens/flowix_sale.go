package screens

import (
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/ui"
)

// fxSale sells one confirmed Flowix order and follows it: the order is sold
// exactly once (Engine.Sell journals it first), a PENDING answer is followed
// live with status queries through the engine until it settles, the
// receipt of a delivered sale is rendered, and printed on request. The
// pulsa, bill and payout screens each hold one.
type fxSale struct {
	env     *env
	order   sale.Order
	payment sale.Sale // the settled non-cash payment of order, if any
	// override is a supervisor's override for the next sale (granted on the
	// tender step's gate); used once.
	override *sale.Override
	selling  bool // Sell is running: no quitting, no leaving
	polling  bool // a status query is running
	ref      sale.Reference
	sold     sale.Sale
	err      error
	receipt  string
	pager    ui.Pager
	prints   int
	printing bool
	progress ui.Progress
}

func newFxSale(e *env) fxSale {
	return fxSale{env: e, pager: e.pager(), progress: ui.NewProgress(e.st)}
}

// start sells o. It moves to selling before the command exists, so a second
// key cannot sell the same order again.
func (f *fxSale) start(o sale.Order) tea.Cmd { return f.startPaid(o, sale.Sale{}) }

// startPaid sells o as its tender says (Engine.Vend): payment is the
// DELIVERED tender sale of a non-cash o.Tender (zero for cash), whose slip
// is printed after the sale's.
func (f *fxSale) startPaid(o sale.Order, payment sale.Sale) tea.Cmd {
	if f.selling {
		return nil
	}
	ov := f.override
	*f = fxSale{env: f.env, pager: f.pager, progress: f.progress, order: o, payment: payment, selling: true}
	f.pager.SetContent("")
	spin := f.progress.Start(f.env.d.Now())
	return tea.Batch(vendWithCmd(f.env.ctx, f.env.d.Engine, o, ov), spin)
}

// following reports whether the sale is still being followed: sold and
// PENDING.
func (f *fxSale) following() bool { return f.sold.State == sale.StatePending }

// mine reports whether o is this follower's order.
func (f *fxSale) mine(o sale.Order) bool {
	return o.Provider == f.order.Provider && o.Kind == f.order.Kind && o.Target == f.order.Target &&
		o.Amount == f.order.Amount && o.Product == f.order.Product
}

// update follows the sale; it returns the command to run next.
func (f *fxSale) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ClockMsg:
		f.progress.SetNow(msg.Now)
	case spinner.TickMsg:
		return f.progress.Update(msg)
	case SoldMsg:
		if !f.selling || !f.mine(msg.Order) {
			return nil
		}
		f.selling = false
		f.sold, f.err = msg.Sale, msg.Err
		if msg.Sale.Ref != "" {
			f.ref = msg.Sale.Ref
		}
		return f.settled()
	case SaleUpdateMsg:
		s := msg.Sale
		switch {
		case f.selling && f.ref == "" && (s.State == sale.StateNew || s.State == sale.StateSending) && f.mine(s.Order):
			f.ref = s.Ref
		case !f.selling && s.Ref != "" && s.Ref == f.sold.Ref && s.Events >= f.sold.Events:
			f.sold = s
			return f.settled()
		}
	case fxPollMsg:
		if msg.Ref != f.sold.Ref || !f.following() || f.polling {
			return nil
		}
		f.polling = true
		return fxSettleCmd(f.env, f.sold.Ref)
	case fxSettledMsg:
		if msg.Ref != f.sold.Ref || f.sold.Ref == "" {
			return nil
		}
		f.polling = false
		if msg.Sale.Ref == f.sold.Ref && msg.Sale.Events >= f.sold.Events {
			f.sold = msg.Sale
		}
		return f.settled()
	case PrintedMsg:
		if !f.printing || msg.Ref != f.sold.Ref {
			return nil
		}
		f.printing = false
		if msg.Err != nil {
			return ErrorCmd(printError(msg.Err))
		}
		f.prints++
		return StatusCmd("Receipt printed. Hand it to the customer.")
	case ReprintedMsg:
		if !f.printing || msg.Ref != f.sold.Ref {
			return nil
		}
		f.printing = false
		if msg.Sale.Ref == f.sold.Ref && msg.Sale.Events >= f.sold.Events {
			f.sold = msg.Sale
		}
		if msg.Err != nil {
			return ErrorCmd(reprintError(msg))
		}
		f.prints++
		return StatusCmd("COPY " + itoa(msg.Sale.Reprints) + " printed.")
	}
	return nil
}

// settled reacts to the sale's new state: it schedules the next status
// query of a PENDING sale, stops the clock of a settled one and renders
// the receipt of a delivered one.
func (f *fxSale) settled() tea.Cmd {
	if f.sold.State == sale.StatePending {
		if f.polling {
			return nil
		}
		return fxPollCmd(f.sold.Ref, fxPollEvery)
	}
	f.progress.SetNow(f.env.d.Now())
	f.progress.Stop()
	if (f.sold.State == sale.StateDelivered || sale.RefundDue(f.sold)) && f.receipt == "" {
		text, err := paidReceipt(f.env.d, f.sold, f.payment) // with its payment's slip
		if err != nil {
			return ErrorCmd(err)
		}
		f.receipt = text
		f.pager.SetContent(text)
	}
	return nil
}

// print prints the receipt: the original first, then journaled copies.
func (f *fxSale) print() tea.Cmd {
	if f.printing || f.receipt == "" || f.env.d.Print == nil {
		return nil
	}
	f.printing = true
	if f.prints == 0 {
		return printPaidCmd(f.env.d, f.sold, f.payment)
	}
	return reprintCmd(f.env.d, f.sold.Ref)
}

// canPrint reports whether the print key works.
func (f *fxSale) canPrint() bool {
	return (f.result() == resDelivered || sale.RefundDue(f.sold)) && f.env.d.Print != nil && !f.printing && f.receipt != ""
}

// result classifies what the result step shows.
func (f *fxSale) result() result {
	switch {
	case f.sold.Ref == "" && sale.ErrorCode(f.err) == sale.CodeUnresolved:
		return resBlocked
	case f.sold.Ref == "":
		return resRefused
	}
	switch f.sold.State {
	case sale.StateDelivered:
		return resDelivered
	case sale.StateDeclined:
		return resDeclined
	case sale.StateNotSent:
		return resNotSent
	case sale.StatePending:
		return resPending
	case sale.StateNeedsSupervisor:
		return resSupervisor
	}
	return resInDoubt
}

// fxWords are what a flow says about its sale in each outcome.
type fxWords struct {
	// What is the sale in a line: "Rp 10.500 Telkomsel 10k to 081234567890".
	What string
	// Delivered, Declined and Pending are said under those outcomes.
	Delivered, Declined, Pending string
	// Again names what not to sell again to: "this number".
	Again string
}

// viewSelling is the screen while the sale is being sent.
func (f *fxSale) viewSelling(title string, facts [][2]string, width int) string {
	st := f.env.st
	ref := "being journaled…"
	if f.ref != "" {
		ref = string(f.ref)
	}
	return f.progress.View() + "  " + st.Strong.Render(title) + "\n\n" +
		ui.KV(st, append(facts, [2]string{"Reference", ref}), width) + "\n\n" +
		st.BannerWarn.Render("DO NOT RESELL") + st.Warning.Render("  waiting for Flowix…") + "\n\n" +
		st.Muted.Render(ui.Wrap("Keep the customer at the counter. If Flowix does not answer, the till keeps "+
			"checking with the same reference: nothing is sold twice.", width))
}

// setSize fits the receipt pager to the room the result step has: beside
// the outcome (less the frame) or, in a narrow window, under it.
func (f *fxSale) setSize(width, height int) {
	if width-f.env.d.ReceiptWidth-4 >= 30 {
		f.pager.SetHeight(max(height-2, 3))
	} else {
		f.pager.SetHeight(max(height-14, 3))
	}
}

// viewResult shows the outcome; a delivered sale's receipt stands beside
// it when there is room, and under it otherwise.
func (f *fxSale) viewResult(w fxWords, facts [][2]string, width, height int) string {
	st := f.env.st
	left := width - f.env.d.ReceiptWidth - 4
	if f.result() != resDelivered || f.receipt == "" || left < 30 {
		if f.result() == resDelivered && f.receipt != "" {
			return f.viewOutcome(w, facts, width) + "\n" + st.Receipt.Width(f.env.d.ReceiptWidth+2).Render(f.pager.View())
		}
		return f.viewOutcome(w, facts, width)
	}
	box := st.Receipt.Width(f.env.d.ReceiptWidth + 2).Render(f.pager.View())
	return lipgloss.JoinHorizontal(lipgloss.Top, ui.Block(f.viewOutcome(w, facts, left), left), "  ", box)
}

// viewOutcome explains the result in plain words.
func (f *fxSale) viewOutcome(w fxWords, facts [][2]string, width int) string {
	st := f.env.st
	s := f.sold
	para := func(style lipgloss.Style, text string) string { return style.Render(ui.Wrap(text, width)) }
	all := [][2]string{{"Ref", string(s.Ref)}}
	if s.ProviderRef != "" {
		all = append(all, [2]string{"Flowix ID", s.ProviderRef})
	}
	all = append(all, facts...)
	e := f.env
	kv := func(rows [][2]string) string { return ui.KV(st, e.trRows(rows), width) } // lang.go
	reason := ui.Clean(s.Outcome.Message)
	if c := ui.Clean(s.Outcome.Code); c != "" {
		reason = strings.TrimSpace(reason + " (" + c + ")")
	}
	if reason == "" {
		reason = "-"
	}
	what := st.Strong.Render(ui.Wrap(ui.Clean(w.What), width))
	var parts []string
	add := func(p ...string) { parts = append(parts, p...) }
	switch f.result() {
	case resDelivered:
		add(st.BannerOK.Render(f.env.t("tui.res.delivered")), "", what, "")
		for _, it := range s.Outcome.Items {
			if it.Secret {
				add(st.Label.Render(ui.Clean(it.Label)), st.BannerOK.Render(" "+ui.Clean(it.Value)+" "), "")
			}
		}
		var shown [][2]string
		for _, it := range s.Outcome.Items {
			if !it.Secret && it.Label != FlowixItemQRIS {
				shown = append(shown, [2]string{it.Label, it.Value})
			}
		}
		add(ui.KV(st, append(e.trRows(all), e.labels(shown)...), width), "")
		if w.Delivered != "" {
			add(para(st.Text, w.Delivered))
		}
		switch {
		case f.env.d.Print == nil:
			add(para(st.Muted, e.t("fxr.no_printer")))
		case f.prints == 0:
			add(para(st.Muted, e.t("fxr.press_p")))
		default:
			add(st.Success.Render(e.t("fxr.printed")))
		}
	case resDeclined:
		add(st.BannerBad.Render(f.env.t("tui.res.declined")), "", what, "",
			kv(append([][2]string{{"Reason", reason}}, all...)), "", para(st.Text, w.Declined))
	case resNotSent:
		add(st.BannerBad.Render(f.env.t("tui.res.not_sent")), "", what, "",
			kv(append([][2]string{{"Reason", reason}}, all...)), "",
			para(st.Text, e.t("fxr.not_sent")))
	case resBlocked:
		add(st.BannerBad.Render(f.env.t("tui.res.not_sold")), "", what, "",
			para(st.Warning, ui.Clean(sale.ErrorMessage(f.err))), "",
			para(st.Text, e.t("fxr.blocked", w.Again)))
	case resRefused:
		add(st.BannerBad.Render(f.env.t("tui.res.not_sold")), "", what, "",
			para(st.Error, ui.Clean(sale.ErrorMessage(f.err))), "",
			para(st.Text, e.t("fxr.refused")))
	case resPending:
		add(f.progress.View()+"  "+st.BannerWarn.Render(f.env.t("tui.res.processing")), "", what, "",
			kv(append(all, [2]string{"Flowix says", reason})), "",
			para(st.Text, e.t("fxr.pending", w.Pending, w.Again)))
	case resSupervisor:
		add(st.BannerBad.Render(f.env.t("tui.res.supervisor")), "", what, "",
			kv(append(all, [2]string{"Why", s.Note})), "",
			para(st.Text, e.t("fxr.supervisor", w.Again)))
	default:
		last := reason
		if f.err != nil {
			last = ui.Clean(sale.ErrorMessage(f.err))
		}
		add(st.BannerWarn.Render(f.env.t("tui.res.in_doubt"))+"  "+st.Warning.Render(f.env.checkingNote(s)), "", what, "",
			kv(append(all, [2]string{"Last answer", last})), "",
			para(st.Text, e.t("fxr.in_doubt", w.Again)),
			st.Muted.Render(e.t("fxr.follow")))
	}
	// A non-cash payment owed back (refund due) or waiting unused.
	if r := f.result(); f.order.Tender.Ref != "" {
		if paid := paidNoteIn(f.env.d.Language, f.order, r == resDeclined || r == resNotSent, r == resRefused || r == resBlocked); paid != "" {
			add("", para(st.Warning, paid))
		}
	}
	return strings.Join(parts, "\n")
}
