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
	Order   sale.Order
	Tender  *XfTender // the tender step of the confirmed order
	Payment sale.Sale // the settled non-cash payment of order, if any
	// Override is a supervisor's Override for the order (granted on the
	// tender step's gate or on the result), used by the next sale only.
	Override *sale.Override
	Selling  bool // the sale command is running: no quitting, no leaving
	Ref      sale.Reference
	Sold     sale.Sale
	SellErr  error
	Receipt  string
	Pager    ui.Pager
	Prints   int
	Printing bool
	PrintErr error // why the last print failed (nil once one succeeds)
	Progress ui.Progress
}

func XfNewRun(e *env) XfRun { return XfRun{Pager: e.Pager(), Progress: ui.NewProgress(e.St)} }

// OpenTender builds the tender step of the confirmed order in a w×h room
// (the stepper above it) and starts it.
func (r *XfRun) OpenTender(e *env, now time.Time, w, h int) tea.Cmd {
	r.Tender = XfNewTender(e, r.Order, now)
	r.SizeTender(w, h)
	return r.Tender.Init()
}

// XfSteps are what a flow does around the sale flowRun runs: back to its
// confirmation, on to the sale once paid, the keys of the new step, and
// its own reading of the sale's answer, of the engine's updates of it and
// of a supervisor's override.
type XfSteps interface {
	OpenConfirm()
	StartSale() tea.Cmd
	UpdateKeys()
	OnSold(SoldMsg) tea.Cmd
	OnSaleUpdate(sale.Sale) tea.Cmd
	OnOverride(OverrideMsg) tea.Cmd
}

// UpdateTender gives msg to the tender step and acts on what it decides:
// back to the confirmation, or the sale on the settled payment. Engine
// updates still reach the flow, so a sale it follows stays current.
func (r *XfRun) UpdateTender(f XfSteps, msg tea.Msg, now *time.Time) tea.Cmd {
	act, cmd := r.Tender.Update(msg)
	if c, ok := msg.(ClockMsg); ok {
		*now = c.Now
		r.Progress.SetNow(c.Now)
	}
	switch act {
	case XfTenderBack:
		f.OpenConfirm()
	case XfTenderPaid:
		r.tenderPaid()
		cmd = tea.Batch(cmd, f.StartSale())
	}
	f.UpdateKeys()
	return cmd
}

// Handle takes the messages every flow handles — the clock, the spinner,
// the answers to its prints, the sale's answer and the engine's updates of
// it, a supervisor's override (the last three through f); nil for any
// other message.
func (r *XfRun) Handle(f XfSteps, msg tea.Msg, now *time.Time) tea.Cmd {
	switch msg := msg.(type) {
	case ClockMsg:
		*now = msg.Now
		r.Progress.SetNow(msg.Now)
	case spinner.TickMsg:
		return r.Progress.Update(msg)
	case PrintedMsg:
		return r.OnPrinted(msg)
	case ReprintedMsg:
		return r.OnReprinted(msg)
	case SoldMsg:
		return f.OnSold(msg)
	case SaleUpdateMsg:
		return f.OnSaleUpdate(msg.Sale)
	case OverrideMsg:
		return f.OnOverride(msg)
	}
	return nil
}

// ResultKey handles the result-step keys every flow shares: esc home,
// print, the unresolved sales, try again (on the payment still unused,
// else from the confirmation) and scrolling the slip. ok is false for a
// key of the flow's own.
func (r *XfRun) ResultKey(f XfSteps, k tea.KeyPressMsg, keys XfSaleKeys, back key.Binding, d Deps) (cmd tea.Cmd, ok bool) {
	switch {
	case key.Matches(k, back):
		return HomeCmd, true
	case key.Matches(k, keys.Print):
		return r.PrintSlip(d), true
	case key.Matches(k, keys.Unresolved):
		return NavigateCmd(ScreenUnresolved, ""), true
	case key.Matches(k, keys.TryAgain):
		if r.PaidOnly() {
			return f.StartSale(), true // the payment is still unused: sell on it again
		}
		f.OpenConfirm()
		return nil, true
	case key.Matches(k, keys.Scroll, keys.ScrollDown):
		r.Pager.Update(k)
		return nil, true
	}
	return nil, false
}

// SizeTender fits the tender step to the flow's w×h room (the stepper above).
func (r *XfRun) SizeTender(w, h int) {
	if r.Tender != nil {
		r.Tender.SetSize(w, h-2)
		r.Tender.SetFullHeight(h)
	}
}

// tenderPaid takes the order and payment the tender step settled, and the
// override granted on its gate (before the customer paid).
func (r *XfRun) tenderPaid() {
	r.Order, r.Payment = r.Tender.Order(), r.Tender.Payment()
	if ov := r.Tender.Override(); ov != nil {
		r.Override = ov
	}
}

// ClearSale forgets the last sale's answer, receipt and prints.
func (r *XfRun) ClearSale() {
	r.Ref, r.Sold, r.SellErr, r.Receipt, r.Prints, r.PrintErr = "", sale.Sale{}, nil, "", 0, nil
}

// Begin sells the order (Engine.VendWith, with its payment and override).
// It marks the flow selling before the command exists, so a second key
// cannot sell the same order again; nil when a sale is already running.
func (r *XfRun) Begin(e *env) tea.Cmd {
	if r.Selling {
		return nil
	}
	r.Selling = true
	r.ClearSale()
	spin := r.Progress.Start(e.D.Now())
	return tea.Batch(vendWithCmd(e.Ctx, e.D.Engine, r.Order, r.Override), spin)
}

// Landed takes the answer of the sale begin started; the override is used.
func (r *XfRun) Landed(msg SoldMsg) {
	r.Selling = false
	r.Sold, r.SellErr = msg.Sale, msg.Err
	r.Override = nil // used once
	if msg.Sale.Ref != "" {
		r.Ref = msg.Sale.Ref
	}
}

// Journaling reports whether s is the order being sold, still being
// journaled or sent (its reference is then learnt from the engine's
// update); product also compares the product code.
func (r *XfRun) Journaling(s sale.Sale, product bool) bool {
	o := s.Order
	return (s.State == sale.StateNew || s.State == sale.StateSending) && o.Provider == r.Order.Provider &&
		o.Kind == r.Order.Kind && o.Target == r.Order.Target && o.Amount == r.Order.Amount &&
		(!product || o.Product == r.Order.Product)
}

// Newer reports whether s is a later state of the sale shown.
func (r *XfRun) Newer(s sale.Sale) bool {
	return s.Ref != "" && s.Ref == r.Sold.Ref && s.Events >= r.Sold.Events
}

// Result classifies what the Result step shows.
func (r *XfRun) Result() XfResult {
	switch {
	case r.Sold.Ref == "" && sale.ErrorCode(r.SellErr) == sale.CodeUnresolved:
		return XfResBlocked
	case r.Sold.Ref == "":
		return XfResRefused
	}
	switch r.Sold.State {
	case sale.StateDelivered:
		return XfResDelivered
	case sale.StateDeclined:
		return XfResDeclined
	case sale.StateNotSent:
		return XfResNotSent
	case sale.StatePending:
		return XfResPending
	case sale.StateNeedsSupervisor:
		return XfResSupervisor
	}
	return XfResInDoubt
}

// slipDue reports whether the sale has a slip to show: delivered, or
// failed with its payment due back (the slip says REFUND DUE).
func (r *XfRun) slipDue() bool {
	return r.Sold.State == sale.StateDelivered || sale.RefundDue(r.Sold)
}

// ShowsReceipt reports whether the result shows (and prints) the slip.
func (r *XfRun) ShowsReceipt() bool {
	return r.Receipt != "" && (r.Result() == XfResDelivered || sale.RefundDue(r.Sold))
}

// RenderReceipt renders the slip of a delivered sale (or one whose payment
// is due back) for the screen, with its payment's slip; once.
func (r *XfRun) RenderReceipt(d Deps) error {
	if !r.slipDue() || r.Receipt != "" {
		return nil
	}
	text, err := paidReceipt(d, r.Sold, r.Payment)
	if err != nil {
		return err
	}
	r.Receipt = text
	r.Pager.SetContent(text)
	return nil
}

// ReceiptCmd is renderReceipt for Update: an error goes to the status line.
func (r *XfRun) ReceiptCmd(d Deps) tea.Cmd {
	if err := r.RenderReceipt(d); err != nil {
		return ErrorCmd(err)
	}
	return nil
}

// PrintSlip prints the slip: the original (with its payment's) first, then
// journaled copies.
func (r *XfRun) PrintSlip(d Deps) tea.Cmd {
	r.Printing = true
	if r.Prints == 0 {
		return printPaidCmd(d, r.Sold, r.Payment)
	}
	return kit.ReprintCmd(d, r.Sold.Ref)
}

// OnPrinted takes the answer to the original's print.
func (r *XfRun) OnPrinted(msg PrintedMsg) tea.Cmd {
	if !r.Printing || msg.Ref != r.Sold.Ref {
		return nil
	}
	r.Printing = false
	r.PrintErr = msg.Err
	if msg.Err != nil {
		return ErrorCmd(kit.PrintError(msg.Err))
	}
	r.Prints++
	return StatusCmd("Receipt printed. Hand it to the customer.")
}

// OnReprinted takes the answer to a copy's print (journaled first).
func (r *XfRun) OnReprinted(msg ReprintedMsg) tea.Cmd {
	if !r.Printing || msg.Ref != r.Sold.Ref {
		return nil
	}
	r.Printing = false
	if r.Newer(msg.Sale) {
		r.Sold = msg.Sale
	}
	if msg.Err != nil {
		if msg.Text != "" { // journaled, not printed
			r.PrintErr = msg.Err
		}
		return ErrorCmd(kit.ReprintError(msg))
	}
	r.PrintErr = nil
	r.Prints++
	return StatusCmd("COPY " + itoa(msg.Sale.Reprints) + " printed.")
}

// PaidNote is what the result says about a non-cash payment (or cash taken
// at the tender step) when the sale did not deliver: due back when it
// failed, waiting unused when it was refused before it was sent.
func (r *XfRun) PaidNote(res XfResult) string {
	return paidNoteOf(r.Order, res == XfResDeclined || res == XfResNotSent, res == XfResRefused || res == XfResBlocked)
}

// PaidOnly reports whether the order's non-cash payment is settled but no
// sale was journaled on it: it pays for this order only.
func (r *XfRun) PaidOnly() bool { return r.Order.Tender.Ref != "" && r.Sold.Ref == "" }
