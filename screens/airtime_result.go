package screens

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/ui"
)

func (m *airtime) keyResult(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.Back):
		return HomeCmd
	case key.Matches(k, m.keys.Print):
		m.printing = true
		if m.prints == 0 {
			return printPaidCmd(m.env.d, m.sold, m.payment) // airtime_tender.go
		}
		return reprintCmd(m.env.d, m.sold.Ref)
	case key.Matches(k, m.keys.NewSale):
		m.reset()
	case key.Matches(k, m.keys.Amount):
		m.step = stepAmount
	case key.Matches(k, m.keys.Number):
		m.step = stepMobile
	case key.Matches(k, m.keys.Override):
		return m.askOverride() // override_sell.go
	case key.Matches(k, m.keys.Unresolved):
		return NavigateCmd(ScreenUnresolved, "")
	case key.Matches(k, m.keys.TryAgain):
		if m.order.Tender.Ref != "" && m.sold.Ref == "" {
			return m.startSale() // the payment is still unused: sell on it again
		}
		m.openConfirm()
	case key.Matches(k, m.keys.Scroll, m.keys.ScrollDown):
		m.pager.Update(k)
	}
	return nil
}

// reset starts a new sale with the catalogue already loaded.
func (m *airtime) reset() {
	m.step = stepProduct
	m.product, m.number, m.money, m.order = sale.Product{}, "", sale.Money{}, sale.Order{}
	m.mobile = ui.NewMobileInput(m.env.st)
	m.mobile.SetWidth(min(24, m.width-6))
	m.amount = ui.NewMoneyInput(m.env.st, m.env.d.Currency)
	m.ref, m.sold, m.sellErr, m.receipt, m.prints, m.printErr = "", sale.Sale{}, nil, "", 0, nil
	m.tender, m.payment = nil, sale.Sale{}
	m.pager.SetContent("")
}

func (m *airtime) onPrinted(msg PrintedMsg) tea.Cmd {
	if !m.printing || msg.Ref != m.sold.Ref {
		return nil
	}
	m.printing = false
	m.printErr = msg.Err
	if msg.Err != nil {
		return ErrorCmd(printError(msg.Err))
	}
	m.prints++
	return StatusCmd("Receipt printed. Hand it to the customer.")
}

func (m *airtime) onReprinted(msg ReprintedMsg) tea.Cmd {
	if !m.printing || msg.Ref != m.sold.Ref {
		return nil
	}
	m.printing = false
	if msg.Sale.Ref == m.sold.Ref && msg.Sale.Events >= m.sold.Events {
		m.sold = msg.Sale
	}
	if msg.Err != nil {
		if msg.Text != "" { // journaled, not printed
			m.printErr = msg.Err
		}
		return ErrorCmd(reprintError(msg))
	}
	m.printErr = nil
	m.prints++
	return StatusCmd("COPY " + itoa(msg.Sale.Reprints) + " printed.")
}

// result classifies what the result step shows.
type result int

const (
	resDelivered  result = iota
	resDeclined          // definitive decline: change and retry
	resNotSent           // nothing left the till: try again
	resRefused           // Sell refused before journaling (bad input, journal down)
	resBlocked           // an unresolved sale to the same number blocks this one
	resInDoubt           // the provider did not answer: the resolver settles it
	resPending           // accepted, the provider will confirm
	resSupervisor        // a person must settle it
)

func (m *airtime) result() result {
	switch {
	case m.sold.Ref == "" && sale.ErrorCode(m.sellErr) == sale.CodeUnresolved:
		return resBlocked
	case m.sold.Ref == "":
		return resRefused
	}
	switch m.sold.State {
	case sale.StateDelivered:
		return resDelivered
	case sale.StateDeclined:
		return resDeclined
	case sale.StateNotSent:
		return resNotSent
	case sale.StatePending:
		return resPending
	case sale.StateNeedsSupervisor:
		return resSupervisor
	}
	return resInDoubt
}
