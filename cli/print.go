package cli

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
	opt := t.Cfg.Printer.ESCPOS()
	opt.Kick = kick
	return receipts.ESCPOSWith(lines, opt)
}

// kickFunc is the drawer pulse for the TUI (screens.Deps.Kick): a job of
// ESC @ and ESC p alone, nothing printed and no cut. It is nil unless a
// printer is configured with drawer_kick.
func (t *till) kickFunc() func() error {
	if t.Cfg.Printer == nil || !t.Cfg.Printer.DrawerKick {
		return nil
	}
	p, err := printer.Open(t.Cfg.Printer.Config())
	if err != nil {
		return nil // validated with the config; cannot happen
	}
	return func() error { return p.Print(context.Background(), receipts.DrawerKick()) }
}

// takesCash reports whether a delivered sale took or paid out cash, so the
// drawer must open: paid in cash.
func takesCash(s sale.Sale) bool {
	if s.State != sale.StateDelivered {
		return false
	}
	return s.Order.Tender.Kind == sale.TenderCash
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
		c.tell(c.t("cli.qr.none", s.PendingID))
		return
	}
	q, err := flowix.ParseQRIS(payload)
	if err != nil || (q.Amount.Minor != 0 && q.Amount.String() != total) {
		c.tell(c.t("cli.qr.not_printed_bad", s.PendingID))
		return
	}
	slip := receipts.DepositCodeSlip(t.Cfg.Till.Lang(), receipts.DepositCode{Method: s.Order.ProductName,
		PayTo: q.MerchantName + ", " + q.MerchantCity, Total: total, Reference: s.PendingID, Sale: string(s.Ref)}, payload)
	slip.At = c.now()
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
		c.tell(c.lang().Said(err.Error())) // a printer's failure and its hint in the till's language
		c.tell(c.t("cli.qr.not_printed"))
		return
	}
	c.tell(c.t("cli.qr.sent", s.PendingID, prn))
}

// takePrintFlag takes --print out of a `till sell` command line, for every
// kind of sale at once.
func (c *cli) takePrintFlag(args []string) []string {
	out := args[:0:0]
	for _, a := range args {
		if a == "--print" || a == "-print" {
			c.printSlip = true
			continue
		}
		out = append(out, a)
	}
	return out
}

// afterSale does what the printer settings ask once a sale is reported:
// with --print or [printer] auto_print a delivered sale's slip is printed
// (the original: nothing is journaled, so a failed print uses no COPY
// number), and with drawer_kick a sale that took or paid out cash opens
// the drawer — in the same job as its slip, or alone. A failure is
// reported with what to do; it returns exitPrinter then.
func (c *cli) afterSale(t *till, s sale.Sale) int {
	pc := t.Cfg.Printer
	if s.State != sale.StateDelivered {
		return exitOK
	}
	print := c.printSlip || (pc != nil && pc.AutoPrint)
	kick := pc != nil && pc.DrawerKick && takesCash(s)
	if !print && !kick {
		return exitOK
	}
	prn, err := t.printer()
	if err != nil {
		c.errorf("%v", err)
		return exitPrinter
	}
	job, what := receipts.DrawerKick(), c.t("cli.print.drawer_pulse")
	if print {
		lines, err := receipts.Lines(s, t.receiptOptions(0))
		if err != nil {
			c.errorf("receipt: %v", err)
			return exitPrinter
		}
		job, what = t.escposJob(lines, kick), c.t("cli.print.receipt_of", s.Ref)
	}
	ctx, stop := signalContext()
	defer stop()
	if err := prn.Print(ctx, job); err != nil {
		c.tell(c.lang().Said(err.Error())) // a printer's failure and its hint in the till's language
		if print {
			c.tell(c.t("cli.print.slip_failed", what, s.Ref))
		} else {
			c.tell(c.t("cli.print.drawer_failed"))
		}
		return exitPrinter
	}
	c.tell(c.t("cli.print.sent", what, prn))
	return exitOK
}

// printCopy journals the next copy of s (`till reprint … --print`), then
// prints it; a print that fails is journaled as failed, so it uses no COPY
// number: the retry prints COPY n again. An override a copy needed is
// journaled before.
func (c *cli) printCopy(t *till, prn *printer.Printer, s sale.Sale) int {
	// The copy is journaled first, like every record of the till; a print
	// that fails journals that it failed, which frees its number again.
	ns, err := t.Engine.Reprinted(s.Ref, t.Cashier)
	if err != nil {
		return c.fail(err)
	}
	n := ns.Reprints
	lines, err := receipts.Lines(ns, t.receiptOptions(n))
	if err == nil {
		ctx, stop := signalContext()
		err = prn.Print(ctx, t.escposJob(lines, false))
		stop()
	}
	if err != nil {
		c.tell(c.lang().Said(err.Error())) // a printer's failure and its hint in the till's language
		if _, ferr := t.Engine.ReprintFailed(s.Ref, t.Cashier, err.Error()); ferr != nil {
			c.tell(c.t("cli.copy.unrecorded", n, s.Ref, ferr, n+1))
			return exitJournal
		}
		c.tell(c.t("cli.copy.failed", n, s.Ref, s.Ref))
		return exitPrinter
	}
	c.tell(c.t("cli.copy.sent", n, s.Ref, prn))
	return exitOK
}
