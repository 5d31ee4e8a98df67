package screens

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"till/sale"
	"till/ui"
)

// View draws the screen (Component): what the day's state is and what can
// be done beside the report, or a dialog over it.
func (m *eod) View() string {
	st := m.env.st
	switch {
	case m.env.d.Days == nil:
		return st.Warning.Render(ui.Wrap("End of day needs the journal's day index, and this till has none.", m.width))
	case m.dialog == eodCountDialog:
		return m.viewCount() // eod_count.go
	case m.dialog == eodMoveDialog:
		return m.viewMove() // eod_drawer.go
	case m.dialog != eodNoDialog:
		return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, m.confirm.View())
	case m.err != nil:
		return st.Error.Render("✗ "+ui.Clean(sale.ErrorMessage(m.err))) + "\n\n" +
			st.Muted.Render("Press r to read it again, or ←/→ for another day.")
	case !m.loaded:
		return st.Muted.Render("Reading the journal…")
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
func (m *eod) panel(w int) string {
	st := m.env.st
	r := m.report
	var parts []string
	add := func(p ...string) { parts = append(parts, p...) }
	para := func(style lipgloss.Style, text string) string { return style.Render(ui.Wrap(text, w)) }

	switch {
	case m.closing:
		add(st.Title.Render("Closing the day…"))
	case m.z:
		add(st.BannerOK.Render("✓ DAY CLOSED · Z REPORT"))
	case m.refused != nil:
		add(st.BannerBad.Render("✗ NOT CLOSED"))
	case r.Closed != nil:
		add(st.Title.Render("X report · day closed"))
	default:
		add(st.Title.Render("X report · day open"))
	}
	add(st.Strong.Render(m.dayTitle(m.day)), "")

	if m.refused != nil {
		add(m.refusal(w)...)
		return strings.Join(parts, "\n")
	}

	rows := [][2]string{{"Sales", itoa(r.Sales)}, {"Sold", moneyList(r.Sold)}}
	if len(r.PaidOut) > 0 {
		rows = append(rows, [2]string{"Paid out", moneyList(r.PaidOut)})
	}
	rows = append(rows, [2]string{"Unresolved", itoa(len(r.Unresolved))}, [2]string{"Refund due", itoa(len(r.RefundDue))})
	if len(r.Cash) > 0 {
		rows = append(rows, [2]string{"Cash expected", moneyList(r.Cash)})
	}
	if len(r.Counted) > 0 {
		rows = append(rows, [2]string{"Counted", moneyList(r.Counted)}, [2]string{"Variance", moneyList(r.Variance)})
	}
	if c := r.Closed; c != nil {
		rows = append(rows, [2]string{"Closed by", c.By}, [2]string{"Closed at", m.stamp(c.At)})
	} else {
		rows = append(rows, [2]string{"Read at", m.readAt.In(m.env.d.Location).Format("15:04:05")})
	}
	add(ui.KV(st, rows, w), "")

	switch {
	case m.z:
		add(para(st.Text, "New sales belong to "+sale.NextDay(m.day)+"."))
		if m.env.d.Print != nil {
			add(para(st.Muted, "Press p to print the Z report."))
		} else {
			add(para(st.Muted, "No printer: the Z report is kept in the journal."))
		}
	case r.Closed != nil:
		add(para(st.Muted, "A reading of a closed day: its sales as they are now."))
	case len(r.Unresolved) > 0:
		add(para(st.Warning, plural(len(r.Unresolved), "sale is", "sales are")+" still unresolved: settle them (u) before the Z report."))
	default:
		add(para(st.Muted, "A reading only: nothing is closed. Press z to close the day with the Z report."))
	}
	if m.current != "" && m.day != m.current && !m.z {
		add(para(st.Muted, "The current business day is "+m.current+"."))
	}
	switch {
	case m.printErr != nil:
		add("", para(st.Error, "✗ Not printed: "+sentence(printReason(m.printErr))))
	case m.exporting:
		add("", para(st.Muted, "Exporting…"))
	case m.exportErr != nil:
		add("", para(st.Error, "✗ Not exported: "+ui.Clean(sale.ErrorMessage(m.exportErr))))
	case m.exported != "":
		add("", para(st.Success, "✓ Exported "+plural(m.rows, "sale", "sales")+" to"), para(st.Text, ui.Clean(m.exported)))
	}
	return strings.Join(parts, "\n")
}

// refusal says why the day was not closed: its unresolved sales one by one
// (as many as fit), or the journal's reason.
func (m *eod) refusal(w int) []string {
	st := m.env.st
	para := func(style lipgloss.Style, text string) string { return style.Render(ui.Wrap(text, w)) }
	un := m.report.Unresolved
	if len(un) == 0 {
		return []string{para(st.Error, ui.Clean(sale.ErrorMessage(m.refused))), "",
			para(st.Muted, "Use ←/→ to see other days.")}
	}
	out := []string{
		para(st.Warning, plural(len(un), "sale is", "sales are")+" still unresolved."),
		para(st.Text, "A Z report must not close over sales whose outcome is not known. "+
			"Settle them first (u), then press z again."), "",
	}
	fits := max((m.height-lipgloss.Height(strings.Join(out, "\n"))-3)/2, 1)
	for i, x := range un {
		if i == fits && len(un) > fits {
			out = append(out, st.Muted.Render(fmt.Sprintf("and %d more: see the report", len(un)-i)))
			break
		}
		state := stateName(x.State)
		ref := ui.TruncateLeft(string(x.Ref), max(w-len(state)-1, 8))
		out = append(out,
			st.Strong.Render(ui.Pad(ref, w-len(state)-1))+" "+st.Warning.Render(state),
			st.Muted.Render(ui.Truncate("  "+x.Amount.String()+" · "+x.Target.Masked()+" · "+m.clock(x.At), w)))
	}
	return out
}

// summary is the report's two-line head in a narrow window.
func (m *eod) summary(w int) string {
	st := m.env.st
	r := m.report
	head := "X report"
	switch {
	case m.z:
		head = "Z report · DAY CLOSED"
	case r.Closed != nil:
		head = "X report · day closed"
	}
	line1 := st.Title.Render(head) + st.Muted.Render("  "+m.day+" · "+plural(r.Sales, "sale", "sales")+" · "+moneyList(r.Sold))
	var line2 string
	switch {
	case m.refused != nil && len(r.Unresolved) > 0:
		line2 = st.Error.Render("✗ Not closed: " + plural(len(r.Unresolved), "sale is", "sales are") + " unresolved (u)")
	case m.refused != nil:
		line2 = st.Error.Render("✗ " + ui.Clean(sale.ErrorMessage(m.refused)))
	case m.printErr != nil:
		line2 = st.Error.Render("✗ Not printed: " + printReason(m.printErr))
	case m.exported != "":
		line2 = st.Success.Render("✓ Exported to " + ui.Clean(m.exported))
	case len(r.Unresolved) > 0:
		line2 = st.Warning.Render(plural(len(r.Unresolved), "sale is", "sales are") + " unresolved")
	}
	return ui.Truncate(line1, w) + "\n" + ui.Truncate(line2, w)
}

// dayTitle is a business day as people read it: "Sun 23 Nov 2025".
func (m *eod) dayTitle(day string) string {
	t, err := time.ParseInLocation(time.DateOnly, day, m.env.d.Location)
	if err != nil {
		return day
	}
	return t.Format("Mon 2 Jan 2006")
}

func (m *eod) stamp(t time.Time) string { return t.In(m.env.d.Location).Format("2 Jan 15:04") }

func (m *eod) clock(t time.Time) string { return t.In(m.env.d.Location).Format("15:04") }
