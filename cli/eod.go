package cli

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"till/printer"
	"till/receipts"
	"till/sale"
	"till/wire"
)

// openJournalFor opens the journal for a back-office command. A journal
// held by a running till is refused with locked, which says where to do it
// instead, and exit code 4.
func (c *cli) openJournalFor(locked string) (*till, int) {
	t, err := c.openTill(false, false)
	if errors.Is(err, wire.ErrLocked) {
		c.errorf("%s", locked)
		return nil, exitJournal
	}
	if err != nil {
		return nil, c.fail(err)
	}
	return t, exitOK
}

// eod is `till eod [--day D] [--close [--supervisor ID [--reason T]]]
// [--json] [--print]`: the X report of a business day (a reading; nothing
// is written), or with --close the Z report, which closes the day with a
// journal event. A day with unresolved or refund-due sales closes only with
// a supervisor's override (cashier.go: closeOverride).
func (c *cli) eod(args []string) int {
	fs := c.flags("eod")
	day := fs.String("day", "", "business `day` YYYY-MM-DD (default: the current business day)")
	closeDay := fs.Bool("close", false, "close the day: the Z report, journaled; new sales then belong to the next day")
	force := fs.Bool("force", false, "replaced by --supervisor: a supervisor's PIN authorises the close")
	sup := fs.String("supervisor", "", "with --close: the supervisor `id` who authorises closing a day with unresolved or refund-due sales (their PIN is read from stdin)")
	reason := fs.String("reason", "", "with --supervisor: why the day is closed anyway (journaled)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	toPrinter := fs.Bool("print", false, "send the report to the [printer] instead of stdout")
	by := fs.String("by", "", "who closes the day (default: $USER)")
	countedFlag := fs.String("counted", "", "with --close: the cash counted in the drawer, `AMOUNT` like 215.00, or ZAR:215.00,IDR:50000 for several currencies")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	if *countedFlag != "" && !*closeDay {
		c.tell(c.t("cli.eod.counted_close"))
		return exitUsage
	}
	if *countedFlag != "" { // checked before the journal is opened: bad input journals nothing
		if _, err := sale.ParseCount(*countedFlag, sale.ZAR); err != nil && !strings.Contains(sale.ErrorMessage(err), "which currency") {
			c.tell(c.t("cli.eod.counted_bad", c.said(err)))
			return exitUsage
		}
	}
	if *day != "" {
		if _, err := time.Parse(time.DateOnly, *day); err != nil {
			c.errorf("eod: %s", c.t("cli.day_bad", *day))
			return exitUsage
		}
	}
	if *force {
		c.tell(c.t("cli.eod.force"))
		return exitUsage
	}
	if *sup != "" && !*closeDay {
		c.tell(c.t("cli.eod.sup_close"))
		return exitUsage
	}
	if *asJSON && *toPrinter {
		c.tell(c.t("cli.eod.json_print"))
		return exitUsage
	}
	t, code := c.openJournalFor(c.t("cli.eod.locked"))
	if t == nil {
		return code
	}
	defer t.Close()
	var prn *printer.Printer
	if *toPrinter {
		var err error
		if prn, err = t.printer(); err != nil {
			return c.fail(err)
		}
	}
	now := c.now()
	d := *day
	if d == "" {
		var err error
		if d, err = t.Journal.BusinessDay(now); err != nil {
			return c.fail(err)
		}
	}
	var r sale.DayReport
	var err error
	who := c.who(*by, t)
	if *closeDay {
		var counted []sale.Money
		if *countedFlag != "" {
			if counted, err = c.parseCounted(t, d, *countedFlag); err != nil {
				return c.fail(err)
			}
		}
		var forced bool
		if forced, who, err = c.closeOverride(t, d, *sup, *reason, who); err != nil { // cashier.go
			return c.fail(err)
		}
		r, err = t.Journal.CloseDayCounted(d, now, who, forced, counted)
	} else {
		r, err = t.Journal.DayReport(d)
	}
	if err != nil {
		return c.fail(err)
	}
	switch {
	case *closeDay:
		c.tell(c.t("cli.eod.closed", d, who, r.Closed.Seq, sale.NextDay(d)))
		if n := len(r.Unresolved); n > 0 {
			c.tell(c.t("cli.eod.closed_unresolved", n))
		}
		if len(r.Counted) > 0 {
			c.tell(c.t("cli.eod.variance", c.moneyText(r.Cash), c.moneyText(r.Counted), c.moneyText(r.Variance)))
		}
	case r.Closed != nil:
		c.tell(c.t("cli.eod.x_closed", d, r.Closed.At.In(t.Cfg.Till.Location()).Format("2006-01-02 15:04"), r.Closed.By))
	default:
		c.tell(c.t("cli.eod.x", d))
	}
	if *asJSON {
		c.printJSON(maskReport(r))
		return exitOK
	}
	opt := receipts.ReportOptions{Width: t.Cfg.Till.ReceiptWidth, Location: t.Cfg.Till.Location(), Z: *closeDay, Language: t.Cfg.Till.Lang(),
		Printed: now, PrintedBy: who, Header: t.receiptOptions(0).Header, CashierName: t.Auth.Name}
	lines, err := receipts.ReportLines(r, opt)
	if err != nil {
		return c.fail(err)
	}
	if *closeDay {
		lines = append(lines, verifiedLines(t.Journal.Path())...) // verify.go
	}
	if prn != nil {
		what := c.t("cli.eod.print_x", d)
		again := "till eod --day " + d + " --print"
		if *closeDay {
			what = c.t("cli.eod.print_z", d)
			again += c.t("cli.eod.print_again_z")
		}
		return c.printJob(prn, receipts.ESCPOS(lines), what, again)
	}
	for _, l := range lines {
		fmt.Fprintln(c.stdout, l.Text)
	}
	return exitOK
}

// maskReport masks the targets of the sales a report lists, as the printed
// report does: JSON output may end up in logs and mail.
func maskReport(r sale.DayReport) sale.DayReport {
	for _, list := range []*[]sale.Exception{&r.Unresolved, &r.RefundDue} {
		xs := append([]sale.Exception(nil), (*list)...)
		for i := range xs {
			if xs[i].Target.Value != "" {
				xs[i].Target.Value = xs[i].Target.Masked()
			}
		}
		*list = xs
	}
	return r
}

// parseCounted parses --counted against the drawer of day d: a bare amount
// is in the drawer's only currency; every currency it should hold must be
// counted (sale.CheckCount). Errors are bad input: nothing is closed.
func (c *cli) parseCounted(t *till, d, typed string) ([]sale.Money, error) {
	r, err := t.Journal.DayReport(d)
	if err != nil {
		return nil, err
	}
	counted, err := sale.ParseCount(typed, sale.DefaultCountCurrency(r, sale.ZAR))
	if err != nil {
		return nil, sale.Errorf(sale.CodeInvalid, "--counted: %s (nothing was closed)", sale.ErrorMessage(err))
	}
	if err := sale.CheckCount(r, counted); err != nil {
		return nil, sale.Errorf(sale.CodeInvalid, "--counted: %s (nothing was closed)", sale.ErrorMessage(err))
	}
	return counted, nil
}

// moneyText lists amounts per currency in the till's language: "R 220.00,
// Rp 50.000".
func (c *cli) moneyText(ms []sale.Money) string {
	if len(ms) == 0 {
		return c.t("cli.none")
	}
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = c.lang().Money(m)
	}
	return strings.Join(parts, ", ")
}
