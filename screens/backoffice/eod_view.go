package backoffice

import (
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"till/receipts"
	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// View draws the screen (kit.Component): what the day's state is and what can
// be done beside the report, or a dialog over it.
func (m *EndOfDay) View() string {
	st, e := m.env.St, m.env
	switch {
	case m.env.D.Days == nil:
		return st.Warning.Render(ui.Wrap(e.T("eod.no_days"), m.width))
	case m.dialog == eodCountDialog:
		return m.viewCount() // eod_count.go
	case m.dialog == EODMoveDialog:
		return m.viewMove() // eod_drawer.go
	case m.dialog != EODNoDialog:
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, m.confirm.View())
	case m.err != nil:
		return st.Error.Render("✗ "+ui.Clean(sale.ErrorMessage(m.err))) + "\n\n" +
			st.Muted.Render(e.T("eod.read_again"))
	case !m.loaded:
		return st.Muted.Render(e.T("jnl.reading"))
	}
	rw, wide := m.reportWidth()
	box := st.Receipt.Width(rw + 2).Render(m.pager.View())
	if !wide {
		return m.summary(m.width) + "\n" + box
	}
	pw := m.width - rw - 4
	return lipgloss.JoinHorizontal(lipgloss.Top, ui.Block(m.panel(pw), pw), "  ", box)
}

// panel is the column beside the report: the day's state, its totals, and
// what to do next.
func (m *EndOfDay) panel(w int) string {
	st, e := m.env.St, m.env
	r := m.report
	var parts []string
	add := func(p ...string) { parts = append(parts, p...) }
	para := func(style lipgloss.Style, text string) string { return style.Render(ui.Wrap(text, w)) }

	switch {
	case m.closing:
		add(st.Title.Render(e.T("eod.closing")))
	case m.z:
		add(st.BannerOK.Render(e.T("eod.closed_z")))
	case m.refused != nil:
		add(st.BannerBad.Render(e.T("eod.not_closed")))
	case r.Closed != nil:
		add(st.Title.Render(e.T("eod.x_closed")))
	default:
		add(st.Title.Render(e.T("eod.x_open")))
	}
	add(st.Strong.Render(m.dayTitle(m.day)), "")

	if m.refused != nil {
		add(m.refusal(w)...)
		return strings.Join(parts, "\n")
	}

	rows := [][2]string{{"Sales", strconv.Itoa(r.Sales)}, {"Sold", e.MoneyList(r.Sold)}}
	if len(r.PaidOut) > 0 {
		rows = append(rows, [2]string{"Paid out", e.MoneyList(r.PaidOut)})
	}
	rows = append(rows, [2]string{"Unresolved", strconv.Itoa(len(r.Unresolved))}, [2]string{"Refund due", strconv.Itoa(len(r.RefundDue))})
	if len(r.Cash) > 0 {
		rows = append(rows, [2]string{"Cash expected", e.MoneyList(r.Cash)})
	}
	if len(r.Counted) > 0 {
		rows = append(rows, [2]string{"Counted", e.MoneyList(r.Counted)}, [2]string{"Variance", e.MoneyList(r.Variance)})
	}
	if c := r.Closed; c != nil {
		rows = append(rows, [2]string{"Closed by", c.By}, [2]string{"Closed at", m.stamp(c.At)})
	} else {
		rows = append(rows, [2]string{"Read at", m.readAt.In(m.env.D.Location).Format("15:04:05")})
	}
	add(ui.KV(st, e.TrRows(rows), w), "")

	switch {
	case m.z:
		add(para(st.Text, e.T("eod.new_sales", sale.NextDay(m.day))))
		if m.env.D.Print != nil {
			add(para(st.Muted, e.T("eod.press_p")))
		} else {
			add(para(st.Muted, e.T("eod.no_printer")))
		}
	case r.Closed != nil:
		add(para(st.Muted, e.T("eod.reading_closed")))
	case len(r.Unresolved) > 0:
		add(para(st.Warning, e.T("eod.settle_first", e.Plural(len(r.Unresolved), "eod.sale_is", "eod.sales_are"))))
	default:
		add(para(st.Muted, e.T("eod.reading_only")))
	}
	if m.current != "" && m.day != m.current && !m.z {
		add(para(st.Muted, e.T("eod.current", m.current)))
	}
	switch {
	case m.printErr != nil:
		add("", para(st.Error, e.T("eod.not_printed", kit.Sentence(kit.PrintReason(m.printErr)))))
	case m.exporting:
		add("", para(st.Muted, e.T("eod.exporting")))
	case m.exportErr != nil:
		add("", para(st.Error, e.T("eod.not_exported", ui.Clean(sale.ErrorMessage(m.exportErr)))))
	case m.exported != "":
		add("", para(st.Success, e.T("eod.exported_n", e.Plural(m.rows, "jnl.sale_one", "jnl.sale_n"))), para(st.Text, ui.Clean(m.exported)))
	}
	return strings.Join(parts, "\n")
}

// refusal says why the day was not closed: its unresolved sales one by one
// (as many as fit), or the journal's reason.
func (m *EndOfDay) refusal(w int) []string {
	st, e := m.env.St, m.env
	para := func(style lipgloss.Style, text string) string { return style.Render(ui.Wrap(text, w)) }
	un := m.report.Unresolved
	if len(un) == 0 {
		return []string{para(st.Error, ui.Clean(sale.ErrorMessage(m.refused))), "",
			para(st.Muted, e.T("eod.other_days"))}
	}
	out := []string{
		para(st.Warning, e.T("eod.unres", e.Plural(len(un), "eod.sale_is", "eod.sales_are"))),
		para(st.Text, e.T("eod.must_not")), "",
	}
	fits := max((m.height-lipgloss.Height(strings.Join(out, "\n"))-3)/2, 1)
	for i, x := range un {
		if i == fits && len(un) > fits {
			out = append(out, st.Muted.Render(e.T("eod.and_more", len(un)-i)))
			break
		}
		state := e.StateName(x.State)
		ref := ui.TruncateLeft(string(x.Ref), max(w-len(state)-1, 8))
		out = append(out,
			st.Strong.Render(ui.Pad(ref, w-len(state)-1))+" "+st.Warning.Render(state),
			st.Muted.Render(ui.Truncate("  "+e.Money(x.Amount)+" · "+x.Target.Masked()+" · "+m.clock(x.At), w)))
	}
	return out
}

// summary is the report's two-line head in a narrow window.
func (m *EndOfDay) summary(w int) string {
	st, e := m.env.St, m.env
	r := m.report
	head := e.T("eod.x")
	switch {
	case m.z:
		head = e.T("eod.z_closed")
	case r.Closed != nil:
		head = e.T("eod.x_closed")
	}
	line1 := st.Title.Render(head) + st.Muted.Render("  "+m.day+" · "+e.Plural(r.Sales, "jnl.sale_one", "jnl.sale_n")+" · "+e.MoneyList(r.Sold))
	var line2 string
	switch {
	case m.refused != nil && len(r.Unresolved) > 0:
		line2 = st.Error.Render(e.T("eod.not_closed_n", e.Plural(len(r.Unresolved), "eod.sale_is", "eod.sales_are")))
	case m.refused != nil:
		line2 = st.Error.Render("✗ " + ui.Clean(sale.ErrorMessage(m.refused)))
	case m.printErr != nil:
		line2 = st.Error.Render(e.T("eod.not_printed", kit.PrintReason(m.printErr)))
	case m.exported != "":
		line2 = st.Success.Render(e.T("eod.exported_to", ui.Clean(m.exported)))
	case len(r.Unresolved) > 0:
		line2 = st.Warning.Render(e.T("eod.unres_n", e.Plural(len(r.Unresolved), "eod.sale_is", "eod.sales_are")))
	}
	return ui.Truncate(line1, w) + "\n" + ui.Truncate(line2, w)
}

// dayTitle is a business day as people read it: "Sun 23 Nov 2025".
func (m *EndOfDay) dayTitle(day string) string {
	t, err := time.ParseInLocation(time.DateOnly, day, m.env.D.Location)
	if err != nil {
		return day
	}
	return m.env.T("tui.day."+t.Format("Mon")) + " " + m.env.Date(t, "")
}

func (m *EndOfDay) stamp(t time.Time) string {
	t = t.In(m.env.D.Location)
	return t.Format("2") + " " + m.env.T("tui.month."+t.Format("Jan")) + " " + t.Format("15:04")
}

func (m *EndOfDay) clock(t time.Time) string { return t.In(m.env.D.Location).Format("15:04") }

// SetSize sets the room the screen has (kit.Component).
func (m *EndOfDay) SetSize(w, h int) {
	m.width, m.height = w, h
	m.confirm.SetSize(min(w, dialogWidth), h)
	rw, wide := m.reportWidth()
	if wide {
		m.pager.SetHeight(max(h-2, 3)) // inside the frame
	} else {
		m.pager.SetHeight(max(h-4, 3)) // under a two-line summary
	}
	if m.loaded && rw != m.rendered {
		m.render()
	}
}

// reportWidth is the report's width on screen: the printer's when it fits
// beside a panel of at least 30 columns (wide), else the whole width.
func (m *EndOfDay) reportWidth() (int, bool) {
	if rw := min(m.env.D.ReceiptWidth, m.width-34); rw >= 32 {
		return rw, true
	}
	return min(max(m.width-2, 32), 120), false
}

// render lays the report out for the screen.
func (m *EndOfDay) render() {
	rw, _ := m.reportWidth()
	lines, err := receipts.ReportLines(m.report, receipts.ReportOptions{
		Width: rw, Screen: true, Header: m.env.D.Header, Location: m.env.D.Location, Z: m.z, Language: m.env.D.Language,
		CashierName: m.env.D.CashierName, // kit.Deps.CashierName
	})
	if err != nil {
		m.pager.SetContent("report: " + sale.ErrorMessage(err))
		return
	}
	m.rendered = rw
	m.pager.SetContent(kit.JoinLines(lines))
}

// prevDay is the calendar day before day (YYYY-MM-DD), or "".
func prevDay(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, -1).Format(time.DateOnly)
}
