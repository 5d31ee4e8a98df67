package flowix

import (
	"strings"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// Sale sells one confirmed Flowix order and follows it: the order is sold
// exactly once (Engine.Sell journals it first), a PENDING answer is followed
// live with status queries through the engine until it settles, the
// receipt of a delivered sale is rendered, and printed on request. The
// pulsa, bill and payout screens each hold one.
type Sale struct {
	env     *kit.Env
	polling bool // a status query is running

	flow.Run // the sale, its result and its receipt (flow/run.go)
}

func newFxSale(e *kit.Env) Sale { return Sale{env: e, Run: flow.NewRun(e)} }

// start sells o. It moves to selling before the command exists, so a second
// key cannot sell the same order again.
func (f *Sale) start(o sale.Order) tea.Cmd { return f.startPaid(o, sale.Sale{}) }

// startPaid sells o as its tender says (Engine.Vend): payment is the
// DELIVERED tender sale of a non-cash o.Tender (zero for cash), whose slip
// is printed after the sale's.
func (f *Sale) startPaid(o sale.Order, payment sale.Sale) tea.Cmd {
	if f.Selling {
		return nil
	}
	ov := f.Override
	*f = Sale{env: f.env, Run: flow.Run{Pager: f.Pager, Progress: f.Progress, Order: o, Payment: payment, Override: ov}}
	f.Pager.SetContent("")
	cmd := f.Begin(f.env)
	f.Override = nil // used once
	return cmd
}

// following reports whether the sale is still being followed: sold and
// PENDING.
func (f *Sale) following() bool { return f.Sold.State == sale.StatePending }

// mine reports whether o is this follower's order.
func (f *Sale) mine(o sale.Order) bool {
	return o.Provider == f.Order.Provider && o.Kind == f.Order.Kind && o.Target == f.Order.Target &&
		o.Amount == f.Order.Amount && o.Product == f.Order.Product
}

// update follows the sale; it returns the command to run next.
func (f *Sale) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case kit.ClockMsg:
		f.Progress.SetNow(msg.Now)
	case spinner.TickMsg:
		return f.Progress.Update(msg)
	case kit.SoldMsg:
		if !f.Selling || !f.mine(msg.Order) {
			return nil
		}
		f.Landed(msg)
		return f.settled()
	case kit.SaleUpdateMsg:
		s := msg.Sale
		switch {
		case f.Selling && f.Ref == "" && (s.State == sale.StateNew || s.State == sale.StateSending) && f.mine(s.Order):
			f.Ref = s.Ref
		case !f.Selling && f.Newer(s):
			f.Sold = s
			return f.settled()
		}
	case fxPollMsg:
		if msg.Ref != f.Sold.Ref || !f.following() || f.polling {
			return nil
		}
		f.polling = true
		return fxSettleCmd(f.env, f.Sold.Ref)
	case SettledMsg:
		if msg.Ref != f.Sold.Ref || f.Sold.Ref == "" {
			return nil
		}
		f.polling = false
		if msg.Sale.Ref == f.Sold.Ref && msg.Sale.Events >= f.Sold.Events {
			f.Sold = msg.Sale
		}
		return f.settled()
	case kit.PrintedMsg:
		return f.OnPrinted(msg)
	case kit.ReprintedMsg:
		return f.OnReprinted(msg)
	}
	return nil
}

// settled reacts to the sale's new state: it schedules the next status
// query of a PENDING sale, stops the clock of a settled one and renders
// the receipt of a delivered one.
func (f *Sale) settled() tea.Cmd {
	if f.Sold.State == sale.StatePending {
		if f.polling {
			return nil
		}
		return fxPollCmd(f.Sold.Ref, fxPollEvery)
	}
	f.Progress.SetNow(f.env.D.Now())
	f.Progress.Stop()
	return f.ReceiptCmd(f.env.D) // with its payment's slip
}

// print prints the receipt: the original first, then journaled copies.
func (f *Sale) print() tea.Cmd {
	if f.Printing || f.Receipt == "" || f.env.D.Print == nil {
		return nil
	}
	return f.Run.PrintSlip(f.env.D)
}

// canPrint reports whether the print key works.
func (f *Sale) canPrint() bool {
	return (f.Result() == flow.ResDelivered || sale.RefundDue(f.Sold)) && f.env.D.Print != nil && !f.Printing && f.Receipt != ""
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
func (f *Sale) viewSelling(title string, facts [][2]string, width int) string {
	st, e := f.env.St, f.env
	ref := e.T("prod.journaling")
	if f.Ref != "" {
		ref = string(f.Ref)
	}
	return f.Progress.View() + "  " + st.Strong.Render(title) + "\n\n" +
		ui.KV(st, e.TrRows(append(facts, [2]string{"Reference", ref})), width) + "\n\n" +
		st.BannerWarn.Render(e.T("outcome.no_resell")) + st.Warning.Render(e.T("fxr.waiting")) + "\n\n" +
		st.Muted.Render(ui.Wrap(e.T("fxr.keep"), width))
}

// setSize fits the receipt pager to the room the result step has: beside
// the outcome (less the frame) or, in a narrow window, under it.
func (f *Sale) setSize(width, height int) {
	if width-f.env.D.ReceiptWidth-4 >= 30 {
		f.Pager.SetHeight(max(height-2, 3))
	} else {
		f.Pager.SetHeight(max(height-14, 3))
	}
}

// viewResult shows the outcome; a delivered sale's receipt stands beside
// it when there is room, and under it otherwise.
func (f *Sale) viewResult(w fxWords, facts [][2]string, width, height int) string {
	st := f.env.St
	left := width - f.env.D.ReceiptWidth - 4
	if f.Result() != flow.ResDelivered || f.Receipt == "" || left < 30 {
		if f.Result() == flow.ResDelivered && f.Receipt != "" {
			return f.viewOutcome(w, facts, width) + "\n" + st.Receipt.Width(f.env.D.ReceiptWidth+2).Render(f.Pager.View())
		}
		return f.viewOutcome(w, facts, width)
	}
	box := st.Receipt.Width(f.env.D.ReceiptWidth + 2).Render(f.Pager.View())
	return lipgloss.JoinHorizontal(lipgloss.Top, ui.Block(f.viewOutcome(w, facts, left), left), "  ", box)
}

// viewOutcome explains the result in plain words.
func (f *Sale) viewOutcome(w fxWords, facts [][2]string, width int) string {
	st := f.env.St
	s := f.Sold
	para := func(style lipgloss.Style, text string) string { return style.Render(ui.Wrap(text, width)) }
	all := [][2]string{{"Ref", string(s.Ref)}}
	if s.ProviderRef != "" {
		all = append(all, [2]string{"Flowix ID", s.ProviderRef})
	}
	all = append(all, facts...)
	e := f.env
	kv := func(rows [][2]string) string { return ui.KV(st, e.TrRows(rows), width) } // kit/lang.go
	reason := e.Reason(s)
	if reason == "" {
		reason = "-"
	}
	what := st.Strong.Render(ui.Wrap(ui.Clean(w.What), width))
	var parts []string
	add := func(p ...string) { parts = append(parts, p...) }
	switch f.Result() {
	case flow.ResDelivered:
		add(st.BannerOK.Render(f.env.T("tui.res.delivered")), "", what, "")
		for _, it := range s.Outcome.Items {
			if it.Secret {
				add(st.Label.Render(ui.Clean(e.D.Language.Label(it.Label))), st.BannerOK.Render(" "+ui.Clean(it.Value)+" "), "")
			}
		}
		var shown [][2]string
		for _, it := range s.Outcome.Items {
			if !it.Secret && it.Label != sale.FlowixItemQRIS {
				shown = append(shown, [2]string{it.Label, it.Value})
			}
		}
		add(ui.KV(st, append(e.TrRows(all), e.Labels(shown)...), width), "")
		if w.Delivered != "" {
			add(para(st.Text, w.Delivered))
		}
		switch {
		case f.env.D.Print == nil:
			add(para(st.Muted, e.T("fxr.no_printer")))
		case f.Prints == 0:
			add(para(st.Muted, e.T("fxr.press_p")))
		default:
			add(st.Success.Render(e.T("fxr.printed")))
		}
	case flow.ResDeclined:
		add(st.BannerBad.Render(f.env.T("tui.res.declined")), "", what, "",
			kv(append([][2]string{{"Reason", reason}}, all...)), "", para(st.Text, w.Declined))
	case flow.ResNotSent:
		add(st.BannerBad.Render(f.env.T("tui.res.not_sent")), "", what, "",
			kv(append([][2]string{{"Reason", reason}}, all...)), "",
			para(st.Text, e.T("fxr.not_sent")))
	case flow.ResBlocked:
		add(st.BannerBad.Render(f.env.T("tui.res.not_sold")), "", what, "",
			para(st.Warning, ui.Clean(f.env.Err(f.SellErr))), "",
			para(st.Text, e.T("fxr.blocked", w.Again)))
	case flow.ResRefused:
		add(st.BannerBad.Render(f.env.T("tui.res.not_sold")), "", what, "",
			para(st.Error, ui.Clean(f.env.Err(f.SellErr))), "",
			para(st.Text, e.T("fxr.refused")))
	case flow.ResPending:
		add(f.Progress.View()+"  "+st.BannerWarn.Render(f.env.T("tui.res.processing")), "", what, "",
			kv(append(all, [2]string{"Flowix says", reason})), "",
			para(st.Text, e.T("fxr.pending", w.Pending, w.Again)))
	case flow.ResSupervisor:
		add(st.BannerBad.Render(f.env.T("tui.res.supervisor")), "", what, "",
			kv(append(all, [2]string{"Why", s.Note})), "",
			para(st.Text, e.T("fxr.supervisor", w.Again)))
	default:
		last := reason
		if f.SellErr != nil {
			last = ui.Clean(f.env.Err(f.SellErr))
		}
		add(st.BannerWarn.Render(f.env.T("tui.res.in_doubt"))+"  "+st.Warning.Render(kit.CheckingNote(f.env, s)), "", what, "",
			kv(append(all, [2]string{"Last answer", last})), "",
			para(st.Text, e.T("fxr.in_doubt", w.Again)),
			st.Muted.Render(e.T("fxr.follow")))
	}
	// A non-cash payment owed back (refund due) or waiting unused.
	if r := f.Result(); f.Order.Tender.Ref != "" {
		if paid := flow.PaidNoteIn(f.env.D.Language, f.Order, r == flow.ResDeclined || r == flow.ResNotSent, r == flow.ResRefused || r == flow.ResBlocked); paid != "" {
			add("", para(st.Warning, paid))
		}
	}
	return strings.Join(parts, "\n")
}
