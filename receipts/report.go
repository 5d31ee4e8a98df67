package receipts

import (
	"strconv"
	"strings"
	"time"

	"till/sale"
)

// ReportOptions say how to render an end-of-day report.
type ReportOptions struct {
	// Width is the printer's characters per line: 32, 42 or 48. With Screen
	// set, any width from 32 to 120 is allowed.
	Width int
	// Screen renders for a screen rather than paper (any width 32-120).
	Screen bool
	// Header is the shop's name, address and VAT number; its footer is not
	// printed on reports.
	Header Header
	// Location is the shop's time zone for printed times; nil means UTC.
	Location *time.Location
	// Z marks the report made by closing the day; otherwise it is an X
	// report (a reading that closes nothing), of an open or a closed day.
	Z bool
	// Printed is when the report is printed and PrintedBy who printed it;
	// both are optional.
	Printed   time.Time
	PrintedBy string
	// CashierName turns a cashier id into the name printed in the
	// per-cashier totals; nil prints ids.
	CashierName func(id string) string
}

// RenderReport returns the end-of-day report r as text, one
// "\n"-terminated line per printed line. It fails only for a bad width, with
// a *sale.Error of code sale.CodeInvalid.
func RenderReport(r sale.DayReport, opt ReportOptions) (string, error) {
	lines, err := ReportLines(r, opt)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// ReportLines returns the end-of-day report r line by line, for paper (and
// ESCPOS) or a screen: the shop, X or Z and whether the day is closed, when
// and by whom; the count of sales with the first and last reference;
// delivered totals per currency (sold, paid out, tenders collected; never
// added across currencies); delivered counts and totals by product,
// provider and tender; every sale by outcome; the unresolved and refund-due
// sales one by one, target masked; and the journal's hash-chain head. Its
// errors are RenderReport's.
func ReportLines(r sale.DayReport, opt ReportOptions) ([]Line, error) {
	if opt.Screen {
		if opt.Width < 32 || opt.Width > 120 {
			return nil, sale.Errorf(sale.CodeInvalid, "report width %d: must be 32 to 120 on a screen", opt.Width)
		}
	} else if !ValidWidth(opt.Width) {
		return nil, sale.Errorf(sale.CodeInvalid, "report width %d: must be 32, 42 or 48", opt.Width)
	}
	loc := opt.Location
	if loc == nil {
		loc = time.UTC
	}
	stamp := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") }
	p := &page{width: opt.Width}
	header(p, opt.Header)

	p.rule('=')
	state := "DAY OPEN"
	if r.Closed != nil {
		state = "DAY CLOSED"
	}
	if opt.Z {
		p.center("Z REPORT - "+state, true)
	} else {
		p.center("X REPORT - "+state, true)
	}
	p.rule('=')
	p.pair("Business day", r.Day)
	p.pair("Store "+clean(r.StoreID), "Till "+clean(r.TerminalID))
	if c := r.Closed; c != nil {
		p.pair("Closed", stamp(c.At))
		p.pair("Closed by", c.By)
	}
	if !opt.Printed.IsZero() {
		p.pair("Printed", stamp(opt.Printed))
	}
	p.pair("Printed by", opt.PrintedBy)

	p.rule('-')
	p.pair("Sales", strconv.Itoa(r.Sales))
	p.pair("First ref", string(r.First))
	p.pair("Last ref", string(r.Last))
	p.pair("Reprints", strconv.Itoa(r.Reprints))

	section(p, "TOTALS (DELIVERED)")
	totals(p, "Sold", r.Sold, true)
	totals(p, "Paid out", r.PaidOut, false)
	totals(p, "Tenders collected", r.Collected, false)
	drawerSection(p, r, opt.Z) // drawer.go

	groups(p, "BY PRODUCT (DELIVERED)", r.Products, nil)
	groups(p, "BY PROVIDER (DELIVERED)", r.Providers, nil)
	groups(p, "BY TENDER (DELIVERED)", r.Tenders, func(n string) string {
		if n == "none" {
			return n
		}
		return tenderName(sale.TenderKind(n))
	})
	if len(r.Cashiers) > 1 || len(r.Cashiers) == 1 && r.Cashiers[0].Name != "none" {
		groups(p, "BY CASHIER (SALES)", r.Cashiers, opt.CashierName)
	}
	if len(r.DrawerByCashier) > 1 || len(r.DrawerByCashier) == 1 && r.DrawerByCashier[0].Name != "none" {
		groups(p, "BY CASHIER (DRAWER, NET)", r.DrawerByCashier, opt.CashierName)
	}
	groups(p, "BY OUTCOME (ALL SALES)", r.Outcomes, nil)

	exceptions(p, "UNRESOLVED", r.Unresolved, loc, false)
	exceptions(p, "REFUND DUE", r.RefundDue, loc, true)

	p.rule('=')
	p.text("Journal head: event " + strconv.FormatUint(r.HeadSeq, 10))
	for h := clean(r.HeadHash); h != ""; {
		n := min(32, len(h))
		p.emit(h[:n], false)
		h = h[n:]
	}
	signature(p, r)
	p.rule('=')
	switch {
	case opt.Z && r.Closed != nil:
		p.text("Day closed. New sales belong to " + sale.NextDay(r.Day) + " or later.")
		if n := len(r.Unresolved); n > 0 {
			p.text("Closed with " + strconv.Itoa(n) + " unresolved sale(s): settle them.")
		}
	case r.Closed != nil:
		p.text("A reading of a closed day: the sales as they are now.")
	default:
		p.text("X report: a reading only. The day is still open.")
	}
	return p.lines, nil
}

// section starts a titled part of the report.
func section(p *page, title string) {
	p.rule('-')
	p.text(title)
}

// totals prints one line per currency; with none, "none" if always is set.
func totals(p *page, label string, ms []sale.Money, always bool) {
	if len(ms) == 0 {
		if always {
			p.pair(label, "none")
		}
		return
	}
	for _, m := range ms {
		p.pair(label, m.String())
	}
}

// groups prints a titled list of groups: the name and "(count)" on the
// left, the total on the right; a group in several currencies gets one more
// right-aligned line per currency.
func groups(p *page, title string, gs []sale.Group, name func(string) string) {
	section(p, title)
	if len(gs) == 0 {
		p.text("none")
		return
	}
	for _, g := range gs {
		n := g.Name
		if name != nil {
			n = name(n)
		}
		first := ""
		if len(g.Amounts) > 0 {
			first = g.Amounts[0].String()
		}
		p.amountPair(n+" ("+strconv.Itoa(g.Count)+")", first)
		for _, m := range g.Amounts[min(1, len(g.Amounts)):] {
			p.right(m.String())
		}
	}
}

// exceptions lists sales one by one: the reference, then indented its state
// (and tender, for a refund due) with the amount, then its kind and masked
// target with the time.
func exceptions(p *page, title string, xs []sale.Exception, loc *time.Location, tender bool) {
	section(p, title+" ("+strconv.Itoa(len(xs))+")")
	if len(xs) == 0 {
		p.text("none")
		return
	}
	for _, x := range xs {
		p.text(string(x.Ref))
		state := string(x.State)
		if tender && x.Tender != "" {
			state += " " + tenderName(x.Tender)
		}
		p.indentPair(state, x.Amount.String())
		what := string(x.Kind)
		if v := clean(x.Target.Value); v != "" {
			what += " " + sale.Target{Kind: x.Target.Kind, Value: v}.Masked()
		}
		p.indentPair(what, x.At.In(loc).Format("15:04"))
	}
}

// amountPair is pair for a label and an amount: if they do not fit on one
// line, the label is wrapped and the amount goes right-aligned under it, so
// amounts stay in one column.
func (p *page) amountPair(label, amount string) {
	label, amount = clean(label), clean(amount)
	if len(label)+gap+len(amount) <= p.width {
		p.pair(label, amount)
		return
	}
	p.text(label)
	p.right(amount)
}

// right prints clean text right-aligned.
func (p *page) right(s string) {
	for _, l := range wrap(clean(s), p.width) {
		p.emit(strings.Repeat(" ", p.width-len(l))+l, false)
	}
}

// indentPair is pair indented by two: the label after two spaces on the
// left, the value right-aligned. If they do not fit, the label is wrapped
// indented and the value goes right-aligned under it.
func (p *page) indentPair(label, value string) {
	label, value = clean(label), clean(value)
	if len(value) > p.width-indent {
		value = value[:p.width-indent]
	}
	if indent+len(label)+gap+len(value) <= p.width {
		p.emit(strings.Repeat(" ", indent)+label+strings.Repeat(" ", p.width-indent-len(label)-len(value))+value, false)
		return
	}
	for _, l := range wrap(label, p.width-indent) {
		p.emit(strings.Repeat(" ", indent)+l, false)
	}
	if value != "" {
		p.right(value)
	}
}

// signature prints the till's signature of a Z's head and, on the first Z
// it signs, its public key (what head office verifies the chain with).
func signature(p *page, r sale.DayReport) {
	for _, f := range []struct{ title, hex string }{{"Signed (Ed25519):", r.Signature}, {"Till public key:", r.PublicKey}} {
		h := clean(f.hex)
		if h == "" {
			continue
		}
		p.text(f.title)
		for h != "" {
			n := min(32, len(h))
			p.emit(h[:n], false)
			h = h[n:]
		}
	}
}
