package receipts

import (
	"slices"

	"till/sale"
)

// DrawerLine is the cash drawer of one currency on a day report.
type DrawerLine struct {
	Currency                                        sale.Currency
	Float, PaidIn, CashIn, CashOut, Drops, Expected sale.Money
	Held, GivenBack                                 sale.Money
	Counted, Variance                               sale.Money
	WasCounted                                      bool
}

// DrawerTotals are r's drawer totals by currency, sorted by currency: every
// currency any of them names, none dropped.
func DrawerTotals(r sale.DayReport) []DrawerLine {
	var cs []sale.Currency
	for _, list := range [][]sale.Money{r.Float, r.PaidIn, r.CashIn, r.CashOut, r.Drops, r.Cash, r.CashHeld, r.GivenBack, r.Counted, r.Variance} {
		for _, m := range list {
			if !slices.Contains(cs, m.Currency) {
				cs = append(cs, m.Currency)
			}
		}
	}
	slices.Sort(cs)
	out := make([]DrawerLine, 0, len(cs))
	for _, c := range cs {
		in := func(ms []sale.Money) sale.Money {
			for _, m := range ms {
				if m.Currency == c {
					return m
				}
			}
			return sale.New(0, c)
		}
		out = append(out, DrawerLine{Currency: c, Float: in(r.Float), PaidIn: in(r.PaidIn), CashIn: in(r.CashIn),
			CashOut: in(r.CashOut), Drops: in(r.Drops), Expected: in(r.Cash), Held: in(r.CashHeld), GivenBack: in(r.GivenBack),
			Counted: in(r.Counted), Variance: in(r.Variance), WasCounted: len(r.Counted) > 0})
	}
	return out
}

// drawerSection prints the CASH DRAWER part of an X or Z report: per
// currency the float, paid-ins, cash in, cash out, drops and the cash
// expected; on a counted day the count and the variance (counted less
// expected); on a Z without a count, that it was not counted.
func drawerSection(p *page, r sale.DayReport, z bool) {
	section(p, "CASH DRAWER")
	lines := DrawerTotals(r)
	if len(lines) == 0 {
		p.text("no cash moved")
	}
	for i, d := range lines {
		if i > 0 {
			p.blank()
		}
		p.pair("Float", d.Float.String())
		if d.PaidIn.Minor != 0 {
			p.pair("Paid in", d.PaidIn.String())
		}
		p.pair("Cash in", d.CashIn.String())
		p.pair("Cash out", d.CashOut.String())
		p.pair("Drops", d.Drops.String())
		p.pairStyled("Cash expected", d.Expected.String(), true)
		if d.Held.Minor != 0 {
			p.pair("Held (unresolved)", d.Held.String())
		}
		if d.GivenBack.Minor != 0 {
			p.pair("Given back (failed)", d.GivenBack.String())
		}
		switch {
		case d.WasCounted:
			p.pair("Counted", d.Counted.String())
			p.pairStyled("Variance", d.Variance.String(), true)
		case z || r.Closed != nil:
			p.pair("Counted", "not counted")
		}
	}
}
