package screens

import (
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// XfRun is the part of a sale flow from the confirm step on, written once
// for every product (airtime, water, the Flash spec flows, Flowix's fxSale):
// the confirmed order, the tender step that takes its payment, the sale in
// flight (sold at most once), its result as it settles, the receipt and its
// prints. A flow embeds it and adds its own input steps, words and keys.
type XfRun struct {
	order   sale.Order
	tender  *tender   // the tender step of the confirmed order
	payment sale.Sale // the settled non-cash payment of order, if any
	// override is a supervisor's override for the order (granted on the
	// tender step's gate or on the result), used by the next sale only.
	override *sale.Override
	selling  bool // the sale command is running: no quitting, no leaving
	ref      sale.Reference
	sold     sale.Sale
	sellErr  error
	receipt  string
	pager    ui.Pager
	prints   int
	printing bool
	printErr error // why the last print failed (nil once one succeeds)
	progress ui.Progress
}

func newFlowRun(e *env) XfRun { return XfRun{pager: e.Pager(), progress: ui.NewProgress(e.St)} }

// openTender builds the tender step of the confirmed order in a w×h room
// (the stepper above it) and starts it.
func (r *XfRun) openTender(e *env, now time.Time, w, h int) tea.Cmd {
	r.tender = newTender(e, r.order, now)
	r.setSize(w, h)
	return r.tender.Init()
}

// flowSteps are what a flow does around the sale flowRun runs: back to its
// confirmation, on to the sale once paid, the keys of the new step, and
// its own reading of the sale's answer, of the engine's updates of it and
// of a supervisor's override.
type flowSteps interface {
	openConfirm()
	startSale() tea.Cmd
	updateKeys()
	onSold(SoldMsg) tea.Cmd
	onSaleUpdate(sale.Sale) tea.Cmd
	onOverride(OverrideMsg) tea.Cmd
}

// updateTender gives msg to the tender step and acts on what it decides:
// back to the confirmation, or the sale on the settled payment. Engine
// updates still reach the flow, so a sale it follows stays current.
func (r *XfRun) updateTender(f flowSteps, msg tea.Msg, now *time.Time) tea.Cmd {
	act, cmd := r.tender.Update(msg)
	if c, ok := msg.(ClockMsg); ok {
		*now = c.Now
		r.progress.SetNow(c.Now)
	}
	switch act {
	case tenderBack:
		f.openConfirm()
	case tenderPaid:
		r.tenderPaid()
		cmd = tea.Batch(cmd, f.startSale())
	}
	f.updateKeys()
	return cmd
}

// update takes the messages every flow handles — the clock, the spinner,
// the answers to its prints, the sale's answer and the engine's updates of
// it, a supervisor's override (the last three through f); nil for any
// other message.
func (r *XfRun) update(f flowSteps, msg tea.Msg, now *time.Time) tea.Cmd {
	switch msg := msg.(type) {
	case ClockMsg:
		*now = msg.Now
		r.progress.SetNow(msg.Now)
	case spinner.TickMsg:
		return r.progress.Update(msg)
	case PrintedMsg:
		return r.onPrinted(msg)
	case ReprintedMsg:
		return r.onReprinted(msg)
	case SoldMsg:
		return f.onSold(msg)
	case SaleUpdateMsg:
		return f.onSaleUpdate(msg.Sale)
	case OverrideMsg:
		return f.onOverride(msg)
	}
	return nil
}

// resultKey handles the result-step keys every flow shares: esc home,
// print, the unresolved sales, try again (on the payment still unused,
// else from the confirmation) and scrolling the slip. ok is false for a
// key of the flow's own.
func (r *XfRun) resultKey(f flowSteps, k tea.KeyPressMsg, keys saleKeys, back key.Binding, d Deps) (cmd tea.Cmd, ok bool) {
	switch {
	case key.Matches(k, back):
		return HomeCmd, true
	case key.Matches(k, keys.Print):
		return r.print(d), true
	case key.Matches(k, keys.Unresolved):
		return NavigateCmd(ScreenUnresolved, ""), true
	case key.Matches(k, keys.TryAgain):
		if r.paidOnly() {
			return f.startSale(), true // the payment is still unused: sell on it again
		}
		f.openConfirm()
		return nil, true
	case key.Matches(k, keys.Scroll, keys.ScrollDown):
		r.pager.Update(k)
		return nil, true
	}
	return nil, false
}

// setSize fits the tender step to the flow's w×h room (the stepper above).
func (r *XfRun) setSize(w, h int) {
	if r.tender != nil {
		r.tender.SetSize(w, h-2)
		r.tender.SetFullHeight(h)
	}
}

// tenderPaid takes the order and payment the tender step settled, and the
// override granted on its gate (before the customer paid).
func (r *XfRun) tenderPaid() {
	r.order, r.payment = r.tender.Order(), r.tender.Payment()
	if ov := r.tender.Override(); ov != nil {
		r.override = ov
	}
}

// clearSale forgets the last sale's answer, receipt and prints.
func (r *XfRun) clearSale() {
	r.ref, r.sold, r.sellErr, r.receipt, r.prints, r.printErr = "", sale.Sale{}, nil, "", 0, nil
}

// begin sells the order (Engine.VendWith, with its payment and override).
// It marks the flow selling before the command exists, so a second key
// cannot sell the same order again; nil when a sale is already running.
func (r *XfRun) begin(e *env) tea.Cmd {
	if r.selling {
		return nil
	}
	r.selling = true
	r.clearSale()
	spin := r.progress.Start(e.D.Now())
	return tea.Batch(vendWithCmd(e.Ctx, e.D.Engine, r.order, r.override), spin)
}

// landed takes the answer of the sale begin started; the override is used.
func (r *XfRun) landed(msg SoldMsg) {
	r.selling = false
	r.sold, r.sellErr = msg.Sale, msg.Err
	r.override = nil // used once
	if msg.Sale.Ref != "" {
		r.ref = msg.Sale.Ref
	}
}

// journaling reports whether s is the order being sold, still being
// journaled or sent (its reference is then learnt from the engine's
// update); product also compares the product code.
func (r *XfRun) journaling(s sale.Sale, product bool) bool {
	o := s.Order
	return (s.State == sale.StateNew || s.State == sale.StateSending) && o.Provider == r.order.Provider &&
		o.Kind == r.order.Kind && o.Target == r.order.Target && o.Amount == r.order.Amount &&
		(!product || o.Product == r.order.Product)
}

// newer reports whether s is a later state of the sale shown.
func (r *XfRun) newer(s sale.Sale) bool {
	return s.Ref != "" && s.Ref == r.sold.Ref && s.Events >= r.sold.Events
}

// result classifies what the result step shows.
func (r *XfRun) result() result {
	switch {
	case r.sold.Ref == "" && sale.ErrorCode(r.sellErr) == sale.CodeUnresolved:
		return resBlocked
	case r.sold.Ref == "":
		return resRefused
	}
	switch r.sold.State {
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

// slipDue reports whether the sale has a slip to show: delivered, or
// failed with its payment due back (the slip says REFUND DUE).
func (r *XfRun) slipDue() bool {
	return r.sold.State == sale.StateDelivered || sale.RefundDue(r.sold)
}

// showsReceipt reports whether the result shows (and prints) the slip.
func (r *XfRun) showsReceipt() bool {
	return r.receipt != "" && (r.result() == resDelivered || sale.RefundDue(r.sold))
}

// renderReceipt renders the slip of a delivered sale (or one whose payment
// is due back) for the screen, with its payment's slip; once.
func (r *XfRun) renderReceipt(d Deps) error {
	if !r.slipDue() || r.receipt != "" {
		return nil
	}
	text, err := paidReceipt(d, r.sold, r.payment)
	if err != nil {
		return err
	}
	r.receipt = text
	r.pager.SetContent(text)
	return nil
}

// receiptCmd is renderReceipt for Update: an error goes to the status line.
func (r *XfRun) receiptCmd(d Deps) tea.Cmd {
	if err := r.renderReceipt(d); err != nil {
		return ErrorCmd(err)
	}
	return nil
}

// print prints the slip: the original (with its payment's) first, then
// journaled copies.
func (r *XfRun) print(d Deps) tea.Cmd {
	r.printing = true
	if r.prints == 0 {
		return printPaidCmd(d, r.sold, r.payment)
	}
	return kit.ReprintCmd(d, r.sold.Ref)
}

// onPrinted takes the answer to the original's print.
func (r *XfRun) onPrinted(msg PrintedMsg) tea.Cmd {
	if !r.printing || msg.Ref != r.sold.Ref {
		return nil
	}
	r.printing = false
	r.printErr = msg.Err
	if msg.Err != nil {
		return ErrorCmd(kit.PrintError(msg.Err))
	}
	r.prints++
	return StatusCmd("Receipt printed. Hand it to the customer.")
}

// onReprinted takes the answer to a copy's print (journaled first).
func (r *XfRun) onReprinted(msg ReprintedMsg) tea.Cmd {
	if !r.printing || msg.Ref != r.sold.Ref {
		return nil
	}
	r.printing = false
	if r.newer(msg.Sale) {
		r.sold = msg.Sale
	}
	if msg.Err != nil {
		if msg.Text != "" { // journaled, not printed
			r.printErr = msg.Err
		}
		return ErrorCmd(kit.ReprintError(msg))
	}
	r.printErr = nil
	r.prints++
	return StatusCmd("COPY " + itoa(msg.Sale.Reprints) + " printed.")
}

// paidNote is what the result says about a non-cash payment (or cash taken
// at the tender step) when the sale did not deliver: due back when it
// failed, waiting unused when it was refused before it was sent.
func (r *XfRun) paidNote(res result) string {
	return paidNoteOf(r.order, res == resDeclined || res == resNotSent, res == resRefused || res == resBlocked)
}

// paidOnly reports whether the order's non-cash payment is settled but no
// sale was journaled on it: it pays for this order only.
func (r *XfRun) paidOnly() bool { return r.order.Tender.Ref != "" && r.sold.Ref == "" }
