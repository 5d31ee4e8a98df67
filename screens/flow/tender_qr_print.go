package flow

import (
	tea "charm.land/bubbletea/v2"

	"till/receipts"
	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// codePrint prints a payment code slip (receipts.CodeLines) and keeps how
// it went. The slip is not a receipt and is not journaled: no COPY number,
// and a failed print is tried again with the same key.
type codePrint struct {
	id       int64
	printing bool
	note     string
	bad      bool
	env      *kit.Env // the till's language of the notes
}

// CodePrintedMsg ends one print of a code.
type CodePrintedMsg struct {
	id  int64
	err error
}

// start prints slip unless a print is running.
func (c *codePrint) start(e *kit.Env, slip receipts.CodeSlip) tea.Cmd {
	if c.printing || e.D.Print == nil {
		return nil
	}
	d := e.D
	lines, err := receipts.CodeLines(slip, receipts.Options{Width: d.ReceiptWidth, Header: d.Header, Location: d.Location, Cashier: d.Cashier, Language: d.Language})
	if err != nil {
		c.note, c.bad = e.T("fxr.code.unprintable", e.Err(err)), true
		return nil
	}
	c.id, c.env = tenderIDs.Add(1), e
	c.printing, c.note, c.bad = true, e.T("fxr.code.printing"), false
	print, id := d.Print, c.id
	return func() tea.Msg { return CodePrintedMsg{id: id, err: print(lines)} }
}

// done takes the answer of the print started last.
func (c *codePrint) done(msg CodePrintedMsg) {
	if msg.id != c.id || !c.printing {
		return
	}
	c.printing = false
	if msg.err != nil {
		c.note, c.bad = c.env.T("fxr.code.not_printed", msg.err.Error()), true
		return
	}
	c.note, c.bad = c.env.T("fxr.code.printed"), false
}

// view is the note on how printing went, or "".
func (c *codePrint) view(st *ui.Styles, w int) string {
	if c.note == "" {
		return ""
	}
	if c.bad {
		return st.Error.Render(ui.Wrap(c.note, w))
	}
	return st.Muted.Render(ui.Wrap(c.note, w))
}

// printOffer is what a screen offers when a code cannot be drawn.
func printOffer(e *kit.Env) string {
	if e.D.Print == nil {
		return e.T("fxr.code.no_printer")
	}
	return e.T("fxr.code.press_p")
}

// printCode prints the card's 3-D Secure link as a code.
func (t *Tender) printCode() tea.Cmd {
	payload := t.qrPayload()
	if payload == "" || t.paid.State != sale.StatePending {
		return nil
	}
	l := t.env.D.Language
	slip := receipts.CardCodeSlip(l, l.Money(t.paid.Order.Amount), string(t.paid.Ref), payload)
	slip.At = t.env.D.Now()
	return t.code.start(t.env, slip)
}
