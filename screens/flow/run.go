package flow

import (
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"till/i18n"
	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// Run is the part of a sale flow from the confirm step on, written once
// for every product (airtime, water, the Flash spec flows, Flowix's fxSale):
// the confirmed order, the tender step that takes its payment, the sale in
// flight (sold at most once), its result as it settles, the receipt and its
// prints. A flow embeds it and adds its own input steps, words and keys.
type Run struct {
	Order   sale.Order
	Tender  *Tender   // the tender step of the confirmed order
	Payment sale.Sale // the settled non-cash payment of order, if any
	// Override is a supervisor's override for the order (granted on the
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
	// lang is the till's language of the print statuses, learnt when a
	// print starts (PrintSlip).
	lang i18n.Lang
}

// NewRun is a flow's sale part, before its first order.
func NewRun(e *kit.Env) Run { return Run{Pager: e.Pager(), Progress: NewProgress(e)} }

// OpenTender builds the tender step of the confirmed order in a w×h room
// (the stepper above it) and starts it.
func (r *Run) OpenTender(e *kit.Env, now time.Time, w, h int) tea.Cmd {
	r.Tender = NewTender(e, r.Order, now)
	r.SizeTender(w, h)
	return r.Tender.Init()
}

// Steps are what a flow does around the sale Run runs: back to its
// confirmation, on to the sale once paid, the keys of the new step, and
// its own reading of the sale's answer, of the engine's updates of it and
// of a supervisor's override.
type Steps interface {
	OpenConfirm()
	StartSale() tea.Cmd
	UpdateKeys()
	OnSold(kit.SoldMsg) tea.Cmd
	OnSaleUpdate(sale.Sale) tea.Cmd
	OnOverride(kit.OverrideMsg) tea.Cmd
}

// UpdateTender gives msg to the tender step and acts on what it decides:
// back to the confirmation, or the sale on the settled payment. Engine
// updates still reach the flow, so a sale it follows stays current.
func (r *Run) UpdateTender(f Steps, msg tea.Msg, now *time.Time) tea.Cmd {
	act, cmd := r.Tender.Update(msg)
	if c, ok := msg.(kit.ClockMsg); ok {
		*now = c.Now
		r.Progress.SetNow(c.Now)
	}
	switch act {
	case TenderBack:
		f.OpenConfirm()
	case TenderPaid:
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
func (r *Run) Handle(f Steps, msg tea.Msg, now *time.Time) tea.Cmd {
	switch msg := msg.(type) {
	case kit.ClockMsg:
		*now = msg.Now
		r.Progress.SetNow(msg.Now)
	case spinner.TickMsg:
		return r.Progress.Update(msg)
	case kit.PrintedMsg:
		return r.OnPrinted(msg)
	case kit.ReprintedMsg:
		return r.OnReprinted(msg)
	case kit.SoldMsg:
		return f.OnSold(msg)
	case kit.SaleUpdateMsg:
		return f.OnSaleUpdate(msg.Sale)
	case kit.OverrideMsg:
		return f.OnOverride(msg)
	}
	return nil
}

// ResultKey handles the result-step keys every flow shares: esc home,
// print, the unresolved sales, try again (on the payment still unused,
// else from the confirmation) and scrolling the slip. ok is false for a
// key of the flow's own.
func (r *Run) ResultKey(f Steps, k tea.KeyPressMsg, keys SaleKeys, back key.Binding, d kit.Deps) (cmd tea.Cmd, ok bool) {
	switch {
	case key.Matches(k, back):
		return kit.HomeCmd, true
	case key.Matches(k, keys.Print):
		return r.PrintSlip(d), true
	case key.Matches(k, keys.Unresolved):
		return kit.NavigateCmd(kit.ScreenUnresolved, ""), true
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

// Busy reports whether the sale or its payment is in flight: the App
// refuses to quit or leave (kit.Screen, for every product embedding Run).
func (r *Run) Busy() bool { return r.Selling || (r.Tender != nil && r.Tender.Busy()) }

// SizeTender fits the tender step to the flow's w×h room (the stepper above).
func (r *Run) SizeTender(w, h int) {
	if r.Tender != nil {
		r.Tender.SetSize(w, h-2)
		r.Tender.SetFullHeight(h)
	}
}

// tenderPaid takes the order and payment the tender step settled, and the
// override granted on its gate (before the customer paid).
func (r *Run) tenderPaid() {
	r.Order, r.Payment = r.Tender.Order(), r.Tender.Payment()
	if ov := r.Tender.Override(); ov != nil {
		r.Override = ov
	}
}

// ClearSale forgets the last sale's answer, receipt and prints.
func (r *Run) ClearSale() {
	r.Ref, r.Sold, r.SellErr, r.Receipt, r.Prints, r.PrintErr = "", sale.Sale{}, nil, "", 0, nil
}

// Begin sells the order (Engine.VendWith, with its payment and override).
// It marks the flow selling before the command exists, so a second key
// cannot sell the same order again; nil when a sale is already running.
func (r *Run) Begin(e *kit.Env) tea.Cmd {
	if r.Selling {
		return nil
	}
	r.Selling = true
	r.ClearSale()
	spin := r.Progress.Start(e.D.Now())
	return tea.Batch(vendWithCmd(e.Ctx, e.D.Engine, r.Order, r.Override), spin)
}

// Landed takes the answer of the sale Begin started; the override is used.
func (r *Run) Landed(msg kit.SoldMsg) {
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
func (r *Run) Journaling(s sale.Sale, product bool) bool {
	o := s.Order
	return (s.State == sale.StateNew || s.State == sale.StateSending) && o.Provider == r.Order.Provider &&
		o.Kind == r.Order.Kind && o.Target == r.Order.Target && o.Amount == r.Order.Amount &&
		(!product || o.Product == r.Order.Product)
}

// Newer reports whether s is a later state of the sale shown.
func (r *Run) Newer(s sale.Sale) bool {
	return s.Ref != "" && s.Ref == r.Sold.Ref && s.Events >= r.Sold.Events
}

// Result classifies what the Result step shows.
func (r *Run) Result() Result {
	switch {
	case r.Sold.Ref == "" && sale.ErrorCode(r.SellErr) == sale.CodeUnresolved:
		return ResBlocked
	case r.Sold.Ref == "":
		return ResRefused
	}
	switch r.Sold.State {
	case sale.StateDelivered:
		return ResDelivered
	case sale.StateDeclined:
		return ResDeclined
	case sale.StateNotSent:
		return ResNotSent
	case sale.StatePending:
		return ResPending
	case sale.StateNeedsSupervisor:
		return ResSupervisor
	}
	return ResInDoubt
}

// slipDue reports whether the sale has a slip to show: delivered, or
// failed with its payment due back (the slip says REFUND DUE).
func (r *Run) slipDue() bool {
	return r.Sold.State == sale.StateDelivered || sale.RefundDue(r.Sold)
}

// ShowsReceipt reports whether the result shows (and prints) the slip.
func (r *Run) ShowsReceipt() bool {
	return r.Receipt != "" && (r.Result() == ResDelivered || sale.RefundDue(r.Sold))
}

// RenderReceipt renders the slip of a delivered sale (or one whose payment
// is due back) for the screen, with its payment's slip; once.
func (r *Run) RenderReceipt(d kit.Deps) error {
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
func (r *Run) ReceiptCmd(d kit.Deps) tea.Cmd {
	if err := r.RenderReceipt(d); err != nil {
		return kit.ErrorCmd(err)
	}
	return nil
}

// PrintSlip prints the slip: the original (with its payment's) first, then
// journaled copies.
func (r *Run) PrintSlip(d kit.Deps) tea.Cmd {
	r.Printing, r.lang = true, d.Language
	if r.Prints == 0 {
		return printPaidCmd(d, r.Sold, r.Payment)
	}
	return kit.ReprintCmd(d, r.Sold.Ref)
}

// OnPrinted takes the answer to the original's print.
func (r *Run) OnPrinted(msg kit.PrintedMsg) tea.Cmd {
	if !r.Printing || msg.Ref != r.Sold.Ref {
		return nil
	}
	r.Printing = false
	r.PrintErr = msg.Err
	if msg.Err != nil {
		return kit.ErrorCmd(kit.PrintError(msg.Err))
	}
	r.Prints++
	return kit.StatusCmd(r.lang.T("fxr.receipt_printed"))
}

// OnReprinted takes the answer to a copy's print (journaled first).
func (r *Run) OnReprinted(msg kit.ReprintedMsg) tea.Cmd {
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
		return kit.ErrorCmd(kit.ReprintError(msg))
	}
	r.PrintErr = nil
	r.Prints++
	return kit.StatusCmd(r.lang.T("fxr.copy_printed", msg.Sale.Reprints))
}

// PaidNote is what the result says about a non-cash payment (or cash taken
// at the tender step) when the sale did not deliver: due back when it
// failed, waiting unused when it was refused before it was sent.
func (r *Run) PaidNote(res Result) string {
	return paidNoteOf(r.Order, res == ResDeclined || res == ResNotSent, res == ResRefused || res == ResBlocked)
}

// PaidOnly reports whether the order's non-cash payment is settled but no
// sale was journaled on it: it pays for this order only.
func (r *Run) PaidOnly() bool { return r.Order.Tender.Ref != "" && r.Sold.Ref == "" }
