package main

import (
	"context"
	"time"

	"till/printer"
	"till/providers/flowix"
	"till/receipts"
	"till/sale"
)

// The printer's own settings ([printer] qr, auto_print, drawer_kick):
// a slip's QR code sent natively (GS ( k) or as a raster image (GS v 0),
// every delivered sale's slip printed without being asked, and the cash
// drawer pulsed (ESC p) when cash is taken or paid out.

// escposJob is lines as one ESC/POS job for this till's printer; kick
// opens the cash drawer first.
func (t *till) escposJob(lines []receipts.Line, kick bool) []byte {
	opt := t.cfg.Printer.escpos()
	opt.Kick = kick
	return receipts.ESCPOSWith(lines, opt)
}

// kickFunc is the drawer pulse for the TUI (screens.Deps.Kick): a job of
// ESC @ and ESC p alone, nothing printed and no cut. It is nil unless a
// printer is configured with drawer_kick.
func (t *till) kickFunc() func() error {
	if t.cfg.Printer == nil || !t.cfg.Printer.DrawerKick {
		return nil
	}
	p, err := printer.Open(t.cfg.Printer.config())
	if err != nil {
		return nil // validated with the config; cannot happen
	}
	return func() error { return p.Print(context.Background(), receipts.DrawerKick()) }
}

// takesCash reports whether a delivered sale took or paid out cash, so the
// drawer must open: paid in cash, or a cash-out paid to the customer.
func takesCash(s sale.Sale) bool {
	if s.State != sale.StateDelivered {
		return false
	}
	return s.Order.Tender.Kind == sale.TenderCash || s.Order.Kind == sale.KindCashOut
}

// printDepositCode prints a waiting deposit's QR code on prn (`till deposit
// --print`), after checking it as printDeposit does. A failed print is
// reported and changes nothing: the deposit still waits, its code is on
// the screen, and `till deposit` is not repeated for it.
func (c *cli) printDepositCode(t *till, prn *printer.Printer, s sale.Sale) {
	var payload, total, expires string
	for _, it := range s.Outcome.Items {
		switch it.Label {
		case flowix.ItemQRIS:
			payload = it.Value
		case flowix.ItemTotal:
			total = it.Value
		case flowix.ItemExpires:
			expires = it.Value
		}
	}
	if payload == "" {
		c.errorf("deposit %s has no QR code to print (a virtual account is paid by transfer)", s.PendingID)
		return
	}
	q, err := flowix.ParseQRIS(payload)
	if err != nil || (q.Amount.Minor != 0 && q.Amount.String() != total) {
		c.errorf("the QR code from Flowix failed its check: it is NOT printed; cancel deposit %s", s.PendingID)
		return
	}
	slip := receipts.CodeSlip{
		Title: "SCAN TO PAY - " + s.Order.ProductName, Payload: payload, At: time.Now(),
		Facts: [][2]string{{"Pay to", q.MerchantName + ", " + q.MerchantCity}, {"Total to pay", total},
			{"Reference", s.PendingID}, {"Sale", string(s.Ref)}},
		Note: "Scan with any QRIS banking or e-wallet app. This is not a receipt: the till prints one when the payment is confirmed.",
	}
	if e, err := time.Parse(time.RFC3339, expires); err == nil {
		slip.Expires = e
	}
	lines, err := receipts.CodeLines(slip, t.receiptOptions(0))
	if err != nil {
		c.errorf("%v", err)
		return
	}
	ctx, stop := signalContext()
	defer stop()
	if err := prn.Print(ctx, t.escposJob(lines, false)); err != nil {
		c.errorf("%v", err)
		c.errorf("the QR code was not printed; the deposit still waits: the customer can scan it on this screen")
		return
	}
	c.errorf("QR code of deposit %s sent to %s", s.PendingID, prn)
}
