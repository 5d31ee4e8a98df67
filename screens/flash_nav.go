package screens

import (
	"fmt"
	"strings"

	flashflow "till/screens/flash"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/ui"
)

// openFlash builds the Flash screen a NavigateMsg asks for (the registry's
// opener of every Flash screen but airtime, ids.go), or nil. A cancel
// opened with a reference (from a lookup) starts with it.
func openFlash(e *env, o opening) Screen {
	msg := o.msg
	switch msg.To {
	case ScreenVoucherMenu:
		return newFlashMenu(e, ScreenVoucherMenu, "1Voucher", []homeItem{
			{label: "Sell a 1Voucher", hint: "the customer pays; the PIN is on the receipt", to: ScreenVoucherBuy},
			{label: "Redeem a 1Voucher", hint: "all of it or part: the change comes as a new voucher", to: ScreenVoucherRedeem},
			{label: "Refund a redemption", hint: "a new voucher for the amount refunded", to: ScreenVoucherRefund},
			{label: "Disburse a 1Voucher", hint: "paid from the shop's Flash account", to: ScreenVoucherDisburse},
		})
	case ScreenCashOutMenu:
		return newFlashMenu(e, ScreenCashOutMenu, "Cash-out PIN", []homeItem{
			{label: "Sell a cash-out PIN", hint: "the recipient withdraws the cash with it", to: ScreenCashOutBuy},
			{label: "Look up a PIN", hint: "by the serial number on the slip", to: ScreenCashOutLookup},
			{label: "Cancel a PIN", hint: "an unused PIN this till sold: refund the customer", to: ScreenCashOutCancel},
		})
	}
	spec := flashflow.SpecOf(msg.To)
	if spec == nil {
		return nil
	}
	f := flashflow.New(e, spec, o.now)
	if msg.To == ScreenCashOutCancel && msg.Ref != "" {
		f.Prefill = string(msg.Ref)
	}
	return f
}

// flashHomeItems are the home menu's Flash entries besides airtime, when
// Flash is configured.
func flashHomeItems(e *env) []homeItem {
	if _, ok := e.Flash(); !ok {
		return nil
	}
	return []homeItem{
		{label: "Electricity", hint: "prepaid electricity tokens: meter lookup first (Flash)", to: ScreenElectricity},
		{label: "1Voucher", hint: "sell, redeem, refund or disburse a 1Voucher", to: ScreenVoucherMenu},
		{label: "Gift voucher", hint: "gift vouchers from the Flash catalogue", to: ScreenGiftVoucher},
		{label: "Eezi voucher", hint: "Eezi airtime vouchers for any network", to: ScreenEezi},
		{label: "Cash-out PIN", hint: "sell, look up or cancel a cash-out PIN", to: ScreenCashOutMenu},
	}
}

// flashMenu is a small menu of Flash screens (1Voucher, cash-out).
type flashMenu struct {
	env           *env
	id            ScreenID
	title         string
	items         []homeItem
	cursor        int
	width, height int
	keys          homeKeys
}

var _ Screen = (*flashMenu)(nil)

func newFlashMenu(e *env, id ScreenID, title string, items []homeItem) *flashMenu {
	m := &flashMenu{env: e, id: id, title: title, items: items}
	m.keys = homeKeys{
		Up:    e.Keys.Up,
		Down:  e.Keys.Down,
		Pick:  ui.Bind(fmt.Sprintf("1-%d", len(items)), "pick", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Enter: ui.Relabel(e.Keys.Enter, "enter", "open"),
		Quit:  ui.Relabel(e.Keys.Back, "esc", "back"),
	}
	m.keys.Refresh.SetEnabled(false)
	return m
}

// ID names the screen (Screen).
func (m *flashMenu) ID() ScreenID { return m.id }

// Title is the breadcrumb text (Screen).
func (m *flashMenu) Title() string { return m.title }

// Init starts the screen (Component).
func (m *flashMenu) Init() tea.Cmd { return nil }

// SetSize sets the room the screen has (Component).
func (m *flashMenu) SetSize(w, h int) { m.width, m.height = w, h }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (m *flashMenu) ShortHelp() []key.Binding {
	return []key.Binding{m.keys.Up, m.keys.Pick, m.keys.Enter, m.keys.Quit}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (m *flashMenu) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }

// Update handles one message (Component).
func (m *flashMenu) Update(msg tea.Msg) (Component, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil
	}
	switch {
	case key.Matches(k, m.keys.Up):
		m.cursor = (m.cursor + len(m.items) - 1) % len(m.items)
	case key.Matches(k, m.keys.Down):
		m.cursor = (m.cursor + 1) % len(m.items)
	case key.Matches(k, m.keys.Enter):
		return m, NavigateCmd(m.items[m.cursor].to, "")
	case key.Matches(k, m.keys.Quit):
		return m, BackCmd
	case key.Matches(k, m.keys.Pick):
		if i := int(k.Code - '1'); i >= 0 && i < len(m.items) {
			m.cursor = i
			return m, NavigateCmd(m.items[i].to, "")
		}
	}
	return m, nil
}

// View draws the screen (Component).
func (m *flashMenu) View() string {
	st := m.env.St
	var b strings.Builder
	b.WriteString("\n" + st.Title.Render(m.env.Tr(m.title)) + "\n\n")
	for i, it := range m.items {
		row := fmt.Sprintf(" %d  %s", i+1, ui.Pad(m.env.Tr(it.label), 22))
		marker := "  "
		if i == m.cursor {
			marker = st.Marker.Render("› ")
			row = st.Selected.Render(row + " ")
		} else {
			row = st.Strong.Render(row + " ")
		}
		b.WriteString(marker + row + "  " + st.Muted.Render(ui.Truncate(m.env.Tr(it.hint), max(m.width-32, 10))) + "\n\n")
	}
	return strings.TrimRight(b.String(), "\n")
}
