package backoffice

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"

	"till/receipts"
	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// View draws the sale being settled and the current step (kit.Component).
func (v *SuperviseScreen) View() string {
	st, e := v.env.St, v.env
	switch {
	case v.err != nil:
		return st.Error.Render("✗ " + ui.Clean(sale.ErrorMessage(v.err)))
	case v.step == SupLoading:
		return st.Muted.Render(e.T("jnl.reading"))
	case v.step == SupConfirm:
		return v.confirm.View()
	}
	var b strings.Builder
	b.WriteString(v.facts())
	b.WriteString("\n\n")
	switch v.step {
	case SupClosed:
		b.WriteString(st.Success.Render(e.T("sup.settled", e.StateName(v.sale.State))))
		b.WriteString("\n" + st.Muted.Render(e.T("sup.nothing_left")))
	case SupChoose:
		b.WriteString(st.Strong.Render(e.T("sup.did_they")) + "\n")
		b.WriteString(v.option(0, e.T("sup.delivered"), e.T("sup.delivered_is")) + "\n")
		b.WriteString(v.option(1, e.T("sup.not_delivered"), e.T("sup.not_delivered_is")))
	case SupBy, SupNote, SupSaving:
		b.WriteString(st.Text.Render(e.T("sup.settling_as")) + st.Strong.Render(v.verdict()))
		if v.step != SupBy && !v.authorised() {
			b.WriteString(st.Text.Render(e.T("sup.by")) + st.Strong.Render(ui.Clean(v.by.Value())))
		}
		b.WriteString("\n")
		switch v.step {
		case SupBy:
			b.WriteString(st.Text.Render(e.T("sup.id")) + "\n" + v.by.View())
		case SupNote:
			b.WriteString(st.Text.Render(e.T("sup.what_checked")) + st.Muted.Render(e.T("sup.journaled_with")) + "\n" + v.note.View())
		default:
			b.WriteString(st.Muted.Render(e.T("sup.journaling")))
		}
		if v.refused != nil {
			b.WriteString("\n" + st.Error.Render("✗ "+e.Err(v.refused)))
		}
	}
	return b.String()
}

// verdict is the chosen outcome in capitals.
func (v *SuperviseScreen) verdict() string {
	if v.delivered {
		return v.env.T("sup.v.delivered")
	}
	return v.env.T("sup.v.not_delivered")
}

func (v *SuperviseScreen) option(i int, label, hint string) string {
	st := v.env.St
	row := " " + strconv.Itoa(i+1) + "  " + ui.Pad(label, 15)
	if i == v.cursor {
		return st.Marker.Render("› ") + st.Selected.Render(row) + "  " + st.Muted.Render(hint)
	}
	return "  " + st.Strong.Render(row) + "  " + st.Muted.Render(hint)
}

// facts sums up the sale: what, to whom, why it is unresolved and, for a
// 1Flow recharge, why the shop must check the device.
func (v *SuperviseScreen) facts() string {
	st, e := v.env.St, v.env
	s := v.sale
	title := st.Title.Render(e.T("sup.title"))
	state := st.Warning.Render(e.StateName(s.State))
	head := title + strings.Repeat(" ", max(v.width-lipgloss.Width(title)-lipgloss.Width(state), 2)) + state
	rows := [][2]string{
		{"Sale", string(s.Ref)},
		{"What", e.SaleWhat(s)},
	}
	if c := customerOf(s); c != "" {
		rows = append(rows, [2]string{"Customer", c})
	}
	rows = append(rows, [2]string{"Started", e.Ago(v.env.D.Now(), s.CreatedAt) + " · " + e.Plural(s.Attempts, "jnl.attempt_one", "jnl.attempt_n")})
	if s.PendingID != "" {
		rows = append(rows, [2]string{"Provider id", s.PendingID})
	}
	if w := e.LastWord(s); w != "" {
		rows = append(rows, [2]string{"Last answer", ui.Truncate(ui.Clean(w), max(v.width-14, 10))})
	}
	out := head + "\n" + ui.KV(st, e.TrRows(rows), 0)
	if s.Order.Provider == kit.OneFlowProvider {
		why := e.T("sup.oneflow_no_ref")
		if s.PendingID != "" {
			why = e.T("sup.oneflow_has_id")
		}
		out += "\n\n" + st.Warning.Render(ui.Wrap(why, v.width))
	}
	return out
}

// customerOf is the customer a water sale was looked up for: "Jane Doe ·
// +254712345678", or "".
func customerOf(s sale.Sale) string {
	var parts []string
	for _, k := range []string{receipts.WaterCustomer, receipts.WaterPhone} {
		if v := ui.Clean(s.Order.Params[k]); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " · ")
}
