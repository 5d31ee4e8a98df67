package flow

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"till/sale"
	"till/ui"
)

// View draws the payment: the QR code with its facts beside it, the
// virtual account to pay into, or why the code is not drawn.
func (q *QRISPay) View() string {
	st := q.env.St
	if q.confirm != nil {
		return lipgloss.Place(q.width, q.height, lipgloss.Center, lipgloss.Center, q.confirm.View())
	}
	if q.selling || q.sold.Ref == "" {
		what := q.env.T("fxr.qris.creating", q.req.Method.Name, q.env.Money(q.req.Amount))
		if q.err != nil {
			return st.Error.Render(ui.Wrap("✗ "+ui.Clean(q.env.Err(q.err)), q.width))
		}
		return q.progress.View() + "  " + st.Strong.Render(ui.Wrap(what, q.width-8))
	}
	facts := q.facts()
	if q.payload == "" || q.problem != "" {
		w := min(q.width, 72)
		return ui.KV(st, q.env.TrRows(facts), w) + "\n\n" + q.status(w)
	}
	code, ok, err := q.qr.fit(q.env, q.payload, q.width, q.height)
	if err == nil && ok {
		right := q.width - code.Cols - qrGap
		return besideQR(code, ui.KV(st, q.env.TrRows(facts), right)+"\n\n"+q.status(right), right)
	}
	// Too small for the code: say how large the window must be, offer to
	// print it, and still give the reference and the amounts.
	hint := q.env.T("fxr.qris.no_room")
	if err == nil {
		hint = qrHint(q.env, code, q.width-qrGap-qrSideWidth, q.height) +
			q.env.T("fxr.qris.terminal", code.Cols+qrGap+qrSideWidth+2, code.Rows+5)
	}
	w := min(q.width, 72)
	return st.Warning.Render(ui.Wrap("! "+hint+" "+printOffer(q.env), q.width)) + "\n\n" +
		ui.KV(st, q.env.TrRows(facts), w) + "\n\n" + q.status(w)
}

// facts are what the customer is asked to pay, and under which references.
func (q *QRISPay) facts() [][2]string {
	rows := [][2]string{}
	if q.info.MerchantName != "" {
		rows = append(rows, [2]string{"Pay to", strings.TrimSpace(q.info.MerchantName + ", " + q.info.MerchantCity)})
	}
	rows = append(rows, [2]string{"Method", q.req.Method.Name})
	rows = append(rows, q.va...)
	rows = append(rows, [2]string{"Amount", q.env.Money(q.req.Amount)})
	if fee := ItemValue(q.created.Items, sale.FlowixItemFee); fee != "" {
		who := q.env.T("fxr.qris.fee_deposit")
		if q.req.FeeByCustomer {
			who = q.env.T("fxr.qris.fee_customer")
		}
		rows = append(rows, [2]string{"Fee", fee + " (" + who + ")"})
	}
	rows = append(rows, [2]string{"Total to pay", q.env.Money(q.total())})
	if dep := q.sold.PendingID; dep != "" {
		rows = append(rows, [2]string{"Reference", dep})
	}
	rows = append(rows, [2]string{"Sale", string(q.sold.Ref)})
	if !q.expires.IsZero() {
		rows = append(rows, [2]string{"Expires in", q.env.T("fxr.qris.expires_at", countdown(q.now, q.expires),
			q.expires.In(q.env.D.Location).Format("15:04"))})
	}
	return rows
}

// status is the line under the facts: what the till is doing, the last
// note, and the demo's pay key.
func (q *QRISPay) status(w int) string {
	st := q.env.St
	var parts []string
	switch {
	case q.outcome != 0:
		parts = append(parts, st.Strong.Render(q.env.T(qrisEnd[q.outcome])))
	case q.problem != "":
		parts = append(parts, st.Error.Render(ui.Wrap("✗ "+q.problem, w)))
	case q.sold.State == sale.StatePending:
		what := q.env.T("fxr.qris.waiting")
		if !q.expires.IsZero() && !q.now.Before(q.expires) {
			what = q.env.T("fxr.qris.ran_out")
		}
		parts = append(parts, q.progress.View()+"  "+st.Text.Render(what+"…"))
		if !q.checked.IsZero() {
			parts = append(parts, st.Muted.Render(q.env.T("fxr.qris.checked", q.env.Ago(q.now, q.checked))))
		}
	default:
		parts = append(parts, st.Warning.Render(ui.Wrap(q.env.T("fxr.qris.unclear", cmp.Or(q.env.LastWord(q.sold), q.env.T("jnl.no_answer"))), w)))
	}
	if q.note != "" {
		style := st.Muted
		if q.noteBad {
			style = st.Error
		}
		parts = append(parts, style.Render(ui.Wrap(ui.Clean(q.note), w)))
	}
	if q.keys.Pay.Enabled() {
		demo := st.Demo.Render(q.env.T("tui.demo"))
		parts = append(parts, "", demo+st.Muted.Render(ui.Wrap(q.env.T("fxr.qris.demo_pay"), w-lipgloss.Width(demo))))
	}
	return strings.Join(parts, "\n")
}

// qrisEnd is the status line of an ended payment, by outcome.
var qrisEnd = map[QRISOutcome]string{
	QRISPaid: "fxr.qris.end_paid", QRISExpired: "fxr.qris.end_expired", QRISCancelled: "fxr.qris.end_cancelled",
	QRISFailed: "fxr.qris.end_failed", QRISUnresolved: "fxr.qris.end_unresolved",
}

// countdown is the time left before t as "14:59" (or "1:02:03"), and
// "0:00" once it has passed.
func countdown(now, t time.Time) string {
	d := t.Sub(now)
	if d < 0 {
		d = 0
	}
	d = d.Truncate(time.Second)
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}
