package water

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"till/i18n"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// View draws the current step under a stepper showing where the sale is.
func (m *Flow) View() string {
	st := m.env.St
	if m.prov == nil && m.step < StepSending {
		return st.Warning.Render(ui.Wrap(m.env.T("wat.not_configured"), m.width))
	}
	var body string
	switch m.step {
	case StepFind:
		body = m.viewFind()
	case StepKey:
		body = m.viewKey()
	case StepDevice:
		body = m.viewDevices()
	case StepAmount:
		body = m.viewAmount()
	case StepConfirm:
		body = m.confirm.View()
	case StepTender:
		if m.Tender.FullHeight() {
			return m.Tender.View() // a QR code needs every row
		}
		body = m.Tender.View()
	case StepSending:
		body = m.viewSending()
	case StepResult:
		return m.viewResult() // the banner says where the sale is
	}
	return m.stepper() + "\n\n" + body
}

// stepper is "✓ Find › 2 Device › 3 Amount › 4 Confirm › 5 Pay › 6 Done".
func (m *Flow) stepper() string {
	st := m.env.St
	names := []string{}
	for _, k := range []string{"find", "device", "amount", "confirm", "pay", "done"} {
		names = append(names, m.env.T("wat.step."+k))
	}
	cur := map[Step]int{StepFind: 0, StepKey: 0, StepDevice: 1, StepAmount: 2, StepConfirm: 3, StepTender: 4}[m.step]
	if m.step >= StepSending {
		cur = 5
	}
	return flow.Stepper(st, names, cur, m.width)
}

func (m *Flow) viewFind() string {
	st := m.env.St
	var b strings.Builder
	b.WriteString(st.Strong.Render(m.env.T("wat.find")) + "\n\n")
	for i, w := range waterMethods {
		row := fmt.Sprintf(" %d  %s", i+1, ui.Pad(m.env.T(w.label), 14))
		if i == m.method {
			b.WriteString(st.Marker.Render("› ") + st.Selected.Render(row+" ") + "  " + st.Muted.Render(m.env.T(w.hint)))
		} else {
			b.WriteString("  " + st.Strong.Render(row+" ") + "  " + st.Muted.Render(m.env.T(w.hint)))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n" + st.Muted.Render(ui.Wrap(m.env.T("wat.find_note", string(m.currency)), m.width)))
	return b.String()
}

// inputLabel names what is typed for the chosen method.
func (m *Flow) inputLabel() string {
	switch waterMethods[m.method].by {
	case kit.WaterByDevice:
		return m.env.T("wat.in.device")
	case kit.WaterByCard:
		return m.env.T("wat.m.card")
	}
	return m.env.T("wat.in.phone")
}

func (m *Flow) viewKey() string {
	st := m.env.St
	var status string
	lk, err := m.lookupKeyOf()
	switch {
	case m.looking:
		status = m.Progress.View() + "  " + st.Text.Render(m.env.T("wat.looking", ui.Clean(m.lookupKey.Value)))
	case m.inputErr != nil:
		status = st.Error.Render("✗ " + ui.Clean(m.env.Err(m.inputErr)))
	case m.input.Value() == "" && waterMethods[m.method].by == kit.WaterByPhone:
		status = st.Muted.Render(phoneHint(m.env, m.country))
	case m.input.Value() == "":
		status = st.Muted.Render(m.env.T("wat.type_it"))
	case err == nil && lk.By == kit.WaterByPhone:
		status = st.Success.Render("✓ " + lk.Value)
	case err == nil:
		status = st.Muted.Render(m.env.T("wat.press_enter"))
	default:
		status = st.Muted.Render(m.env.T("wat.keep_typing"))
	}
	return st.Text.Render(m.inputLabel()) + "\n" + m.input.View() + "\n" + status
}

// phoneHint shows the forms a phone number may be typed in.
func phoneHint(e *kit.Env, country string) string {
	switch country {
	case "KE":
		return e.T("wat.phone_forms", "0712345678", "+254 712 345 678", "254712345678")
	case "GH":
		return e.T("wat.phone_forms", "0241234567", "+233 24 123 4567", "233241234567")
	}
	return e.T("wat.intl", "+254 712 345 678")
}

func (m *Flow) viewDevices() string {
	st := m.env.St
	c := m.customer
	head := st.Strong.Render(ui.Clean(c.Name))
	if p := ui.Clean(c.Phone); p != "" {
		head += st.Muted.Render("  ·  " + p)
	}
	head += st.Muted.Render("  ·  " + m.env.Plural(len(c.Devices), "wat.device_one", "wat.device_many"))
	by := m.env.T("wat.by." + map[kit.WaterLookupBy]string{
		kit.WaterByPhone: "phone", kit.WaterByDevice: "device", kit.WaterByCard: "card"}[m.lookupKey.By])
	found := st.Muted.Render(m.env.T("wat.found_by", by, ui.Clean(m.lookupKey.Value)))
	if len(c.Devices) == 0 {
		return head + "\n" + found + "\n\n" + st.Warning.Render(ui.Wrap(m.env.T("wat.no_devices"), m.width))
	}
	var b strings.Builder
	b.WriteString(head + "\n" + found + "\n\n" + st.Text.Render(m.env.T("wat.choose_device")) + "\n")
	h := max(m.height-8, 3)
	top := 0
	if m.cursor >= h {
		top = m.cursor - h + 1
	}
	end := min(top+h, len(c.Devices))
	for i := top; i < end; i++ {
		b.WriteString(m.deviceRow(i, c.Devices[i]))
		if i < end-1 {
			b.WriteString("\n")
		}
	}
	if end < len(c.Devices) {
		b.WriteString("\n" + st.Muted.Render(m.env.T("jnl.more", len(c.Devices)-end)))
	}
	return b.String()
}

func (m *Flow) deviceRow(i int, d kit.WaterDevice) string {
	st := m.env.St
	num := "   "
	if i < 9 {
		num = fmt.Sprintf("%d  ", i+1)
	}
	cards := ""
	if len(d.CardIDs) > 0 {
		cards = m.env.T("wat.card_ids", ui.Clean(strings.Join(d.CardIDs, ", ")))
	}
	kindW := 7 // "Meter", "Card" and a space
	if m.env.D.Language == i18n.ID {
		kindW = 8 // "Meteran", "Kartu" and a space
	}
	nameW := max(m.width-4-len(num)-16-kindW-lipgloss.Width(cards)-3, 8)
	text := " " + num + ui.Pad(ui.Clean(d.ID), 16) + ui.Pad(m.kind(d), kindW) + ui.Pad(ui.Clean(d.Name), nameW) + " " + cards + " "
	if i == m.cursor {
		return st.Marker.Render("›") + " " + st.Selected.Render(text)
	}
	return "  " + st.Text.Render(text)
}

// deviceKind names what a 1Flow device is: "Meter", "Card", or 1Flow's own
// word for anything else.
func deviceKind(d kit.WaterDevice) string {
	switch strings.ToUpper(d.Type) {
	case "CARD":
		return "Card"
	case "DEVICE", "":
		return "Meter"
	}
	return ui.Clean(d.Type)
}

// kind is deviceKind in the till's language.
func (m *Flow) kind(d kit.WaterDevice) string { return m.env.Tr(deviceKind(d)) }

// deviceLine is "68753500140920 (Home meter)".
func deviceLine(d kit.WaterDevice) string {
	s := ui.Clean(d.ID)
	if n := ui.Clean(d.Name); n != "" {
		s += " (" + n + ")"
	}
	return s
}

// customerLine is "Jane Doe (+254712345678)".
func customerLine(c kit.WaterCustomer) string {
	s := ui.Clean(c.Name)
	if p := ui.Clean(c.Phone); p != "" {
		s = strings.TrimSpace(s + " (" + p + ")")
	}
	if s == "" {
		return "-"
	}
	return s
}

// chosen recalls the customer and device.
func (m *Flow) chosen() string {
	st := m.env.St
	return st.Strong.Render(ui.Clean(m.customer.Name)) + st.Muted.Render("  ·  "+m.kind(m.device)+" ") +
		st.Strong.Render(deviceLine(m.device))
}

func (m *Flow) viewAmount() string {
	st := m.env.St
	return m.chosen() + "\n\n" +
		st.Text.Render(m.env.Tr("Amount")) + st.Muted.Render(m.env.T("wat.in_currency", string(m.currency))) + "\n" +
		m.amount.View() + "\n" +
		m.amount.Status()
}

func (m *Flow) viewSending() string {
	st, e := m.env.St, m.env
	ref := e.T("prod.journaling")
	if m.Ref != "" {
		ref = string(m.Ref)
	}
	o := m.Order
	var b strings.Builder
	b.WriteString(m.Progress.View() + "  " + st.Strong.Render(e.T("wat.sending", e.Money(o.Amount),
		strings.ToLower(m.kind(m.device)), ui.Clean(m.device.ID))))
	b.WriteString("\n\n")
	b.WriteString(ui.KV(st, e.TrRows([][2]string{
		{"Customer", customerLine(m.customer)},
		{deviceKind(m.device), deviceLine(m.device)},
		{"Amount", e.Money(o.Amount)},
		{"Tender", flow.TenderLineIn(e, o.Tender, o.Amount)},
		{"Reference", ref},
	}), m.width))
	b.WriteString("\n\n")
	b.WriteString(st.BannerWarn.Render(e.T("outcome.no_resell")))
	b.WriteString(st.Warning.Render(e.T("wat.waiting")))
	b.WriteString("\n\n")
	b.WriteString(st.Muted.Render(ui.Wrap(e.T("wat.keep"), m.width)))
	return b.String()
}
