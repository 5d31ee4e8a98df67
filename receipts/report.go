package receipts

import (
	"strconv"
	"strings"
	"time"

	"till/i18n"
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
	// Language is the report's language, for its words and its money
	// ("en" or "id"; empty means en).
	Language i18n.Lang
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
	return joinLines(ReportLines(r, opt))
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
	stamp := func(t time.Time) string { return Stamp(t, loc) } // one time format on every slip, with the zone
	p := &page{width: opt.Width, lang: lang(opt.Language)}
	header(p, opt.Header)

	p.rule('=')
	l := p.lang
	state := l.T("report.open")
	if r.Closed != nil {
		state = l.T("report.closed")
	}
	if opt.Z {
		p.center(l.T("report.z", state), true)
	} else {
		p.center(l.T("report.x", state), true)
	}
	p.rule('=')
	p.pair(l.T("report.day"), r.Day)
	p.pair(l.T("slip.store", clean(r.StoreID)), l.T("slip.till", clean(r.TerminalID)))
	if c := r.Closed; c != nil {
		p.pair(l.T("report.closed_at"), stamp(c.At))
		p.pair(l.T("report.closed_by"), c.By)
	}
	if !opt.Printed.IsZero() {
		p.pair(l.T("slip.printed"), stamp(opt.Printed))
	}
	p.pair(l.T("slip.printed_by"), opt.PrintedBy)

	p.rule('-')
	p.pair(l.T("report.sales"), strconv.Itoa(r.Sales))
	p.pair(l.T("report.first"), string(r.First))
	p.pair(l.T("report.last"), string(r.Last))
	p.pair(l.T("report.reprints"), strconv.Itoa(r.Reprints))

	section(p, l.T("report.totals"))
	totals(p, l.T("report.sold"), r.Sold, true)
	totals(p, l.T("report.paid_out"), r.PaidOut, false)
	totals(p, l.T("report.collected"), r.Collected, false)
	drawerSection(p, r, opt.Z) // drawer.go

	groups(p, l.T("report.by_product"), r.Products, nil)
	groups(p, l.T("report.by_provider"), r.Providers, nil)
	groups(p, l.T("report.by_tender"), r.Tenders, func(n string) string {
		if n == "none" {
			return l.T("report.none_tender")
		}
		return tenderName(l, sale.TenderKind(n))
	})
	cashier := func(n string) string {
		if n == "none" {
			return l.T("report.none_cashier")
		}
		if opt.CashierName != nil {
			return opt.CashierName(n)
		}
		return n
	}
	if len(r.Cashiers) > 1 || len(r.Cashiers) == 1 && r.Cashiers[0].Name != "none" {
		groups(p, l.T("report.by_cashier"), r.Cashiers, cashier)
	}
	if len(r.DrawerByCashier) > 1 || len(r.DrawerByCashier) == 1 && r.DrawerByCashier[0].Name != "none" {
		groups(p, l.T("report.by_drawer"), r.DrawerByCashier, cashier)
	}
	groups(p, l.T("report.by_outcome"), r.Outcomes, func(n string) string { return stateName(l, n) })

	exceptions(p, l.T("report.unresolved"), r.Unresolved, loc, false)
	exceptions(p, l.T("refund.due"), r.RefundDue, loc, true)

	p.rule('=')
	p.text(l.T("report.head", r.HeadSeq))
	for h := clean(r.HeadHash); h != ""; {
		n := min(32, len(h))
		p.emit(h[:n], false)
		h = h[n:]
	}
	signature(p, r)
	p.rule('=')
	switch {
	case opt.Z && r.Closed != nil:
		p.text(l.T("report.day_closed", sale.NextDay(r.Day)))
		if n := len(r.Unresolved); n > 0 {
			p.text(l.T("report.closed_with", n))
		}
	case r.Closed != nil:
		p.text(l.T("report.closed_read"))
	default:
		p.text(l.T("report.x_only"))
	}
	return p.lines, nil
}

// stateName is a sale's state as the report prints it ("DELIVERED";
// "BERHASIL" in Indonesian).
func stateName(l i18n.Lang, state string) string {
	if i18n.Has("state." + state) {
		return l.T("state." + state)
	}
	return state
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
			p.pair(label, p.lang.T("slip.none"))
		}
		return
	}
	for _, m := range ms {
		p.pair(label, p.money(m))
	}
}

// groups prints a titled list of groups: the name and "(count)" on the
// left, the total on the right; a group in several currencies gets one more
// right-aligned line per currency.
func groups(p *page, title string, gs []sale.Group, name func(string) string) {
	section(p, title)
	if len(gs) == 0 {
		p.text(p.lang.T("slip.none"))
		return
	}
	for _, g := range gs {
		n := g.Name
		if name != nil {
			n = name(n)
		}
		first := ""
		if len(g.Amounts) > 0 {
			first = p.money(g.Amounts[0])
		}
		p.amountPair(n+" ("+strconv.Itoa(g.Count)+")", first)
		for _, m := range g.Amounts[min(1, len(g.Amounts)):] {
			p.right(p.money(m))
		}
	}
}

// exceptions lists sales one by one: the reference, then indented its state
// (and tender, for a refund due) with the amount, then its kind and masked
// target with the time.
func exceptions(p *page, title string, xs []sale.Exception, loc *time.Location, tender bool) {
	section(p, title+" ("+strconv.Itoa(len(xs))+")")
	if len(xs) == 0 {
		p.text(p.lang.T("slip.none"))
		return
	}
	for _, x := range xs {
		p.text(string(x.Ref))
		state := stateName(p.lang, string(x.State))
		if tender && x.Tender != "" {
			state += " " + tenderName(p.lang, x.Tender)
		}
		p.indentPair(state, p.money(x.Amount))
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
