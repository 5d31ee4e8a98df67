package screens

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// waterOutcome classifies what the result step shows.
type waterOutcome int

const (
	wDelivered  waterOutcome = iota // COMPLETED: the receipt
	wPending                        // 1Flow accepted it and is applying it: followed live
	wChecking                       // in doubt, but the recharge id is known: still polled
	wLost                           // the initiation's answer was lost: no resend, a supervisor settles it
	wSupervisor                     // waiting for a supervisor
	wDeclined                       // refused by 1Flow, or FAILED on the device
	wNotSent                        // nothing left the till
	wBlocked                        // an unresolved recharge of the same device blocks this one
	wRefused                        // Sell refused before journaling (bad input, journal down)
)

// result is flow.Run's result in 1Flow's terms: a sale in doubt is still
// polled when the recharge id is known, and lost (a supervisor settles it)
// when not.
func (m *water) result() waterOutcome {
	switch m.Run.Result() {
	case flow.ResBlocked:
		return wBlocked
	case flow.ResRefused:
		return wRefused
	case flow.ResDelivered:
		return wDelivered
	case flow.ResDeclined:
		return wDeclined
	case flow.ResNotSent:
		return wNotSent
	case flow.ResPending:
		return wPending
	case flow.ResSupervisor:
		return wSupervisor
	}
	if m.Sold.PendingID != "" {
		return wChecking
	}
	return wLost
}

func (m *water) keyResult(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.NewSale):
		m.reset()
	case key.Matches(k, m.keys.Amount):
		m.step = waterAmount
	case key.Matches(k, m.keys.Device):
		m.step = waterDevice
	case key.Matches(k, m.keys.Check):
		m.checking = true
		return kit.SettleCmd(m.env.Ctx, m.env.D.Engine, m.Sold.Ref)
	case key.Matches(k, m.keys.Override) && m.overridable():
		return m.askOverride() // water_override.go
	case key.Matches(k, m.keys.Supervisor):
		return NavigateCmd(ScreenSupervise, m.Sold.Ref)
	default:
		cmd, _ := m.ResultKey(m, k, m.keys.SaleKeys, m.keys.Back, m.env.D) // flow_run.go: print with its payment's slip
		return cmd
	}
	return nil
}

// reset starts a new sale, keeping the lookup method.
func (m *water) reset() {
	m.step = waterFind
	m.input, m.inputErr = m.newInput(), nil
	m.customer, m.device, m.cursor = WaterCustomer{}, WaterDevice{}, 0
	m.amount = ui.NewMoneyInput(m.env.St, m.currency)
	m.money, m.Order = sale.Money{}, sale.Order{}
	m.Tender, m.Payment, m.Override = nil, sale.Sale{}, nil
	m.ClearSale()
	m.checking = false
	m.Progress.Stop()
	m.Pager.SetContent("")
}

// UpdateKeys enables exactly the keys that work in the current state.
func (m *water) UpdateKeys() {
	k := &m.keys
	enable(false, &k.Up, &k.Down, &k.Pick, &k.Enter, &k.Back, &k.Switch, &k.Print, &k.NewSale, &k.Amount, &k.Device, &k.Check, &k.Supervisor, &k.Unresolved, &k.Scroll, &k.ScrollDown, &k.TryAgain, &k.CancelLookup, &k.Override)
	k.Back.SetHelp("esc", "back")
	switch m.step {
	case waterFind:
		k.Up.SetEnabled(m.prov != nil)
		k.Down.SetEnabled(m.prov != nil)
		k.Pick.SetEnabled(m.prov != nil)
		k.Pick.SetHelp("1-3", "pick")
		k.Enter.SetEnabled(m.prov != nil)
		k.Enter.SetHelp("enter", "choose")
		k.Back.SetEnabled(true)
	case waterKey:
		k.CancelLookup.SetEnabled(m.looking)
		k.Enter.SetEnabled(!m.looking)
		k.Enter.SetHelp("enter", "look up")
		k.Back.SetEnabled(!m.looking)
	case waterDevice:
		has := len(m.customer.Devices) > 0
		k.Up.SetEnabled(len(m.customer.Devices) > 1)
		k.Down.SetEnabled(len(m.customer.Devices) > 1)
		k.Pick.SetEnabled(has)
		k.Pick.SetHelp("1-9", "pick")
		k.Enter.SetEnabled(has)
		k.Enter.SetHelp("enter", "choose")
		k.Back.SetEnabled(true)
	case waterAmount:
		enterBack(&k.Enter, &k.Back, "next")
	case waterConfirm:
		enterBack(&k.Enter, &k.Back, "take payment")
		k.Switch.SetEnabled(true)
	case waterResult:
		k.Back.SetEnabled(true)
		k.Back.SetHelp("esc", "home")
		r := m.result()
		e := m.env.D.Engine
		inFlight := e != nil && m.Sold.Ref != "" && e.InFlight(m.Sold.Ref)
		k.Print.SetEnabled((r == wDelivered || sale.RefundDue(m.Sold)) && m.env.D.Print != nil && !m.Printing && m.Receipt != "")
		k.Scroll.SetEnabled(r == wDelivered && m.Pager.Scrollable())
		k.ScrollDown.SetEnabled(k.Scroll.Enabled())
		k.NewSale.SetEnabled(r != wRefused)
		// A payment taken for a recharge that was refused pays for this
		// order only: try it again, or leave it to the Unresolved screen.
		paidOnly := m.PaidOnly()
		k.Amount.SetEnabled((r == wDeclined || r == wNotSent || r == wRefused) && !paidOnly)
		k.Device.SetEnabled((r == wDeclined || r == wNotSent || r == wRefused || r == wBlocked) && !paidOnly)
		k.TryAgain.SetEnabled((r == wNotSent && m.Order.Tender.Ref == "") || r == wRefused || (r == wBlocked && paidOnly))
		k.Check.SetEnabled((r == wPending || r == wChecking) && !m.checking && !inFlight)
		k.Supervisor.SetEnabled((r == wLost || r == wSupervisor) && !inFlight)
		k.Unresolved.SetEnabled(r == wBlocked || r == wPending || r == wChecking || r == wLost || r == wSupervisor)
		k.Override.SetEnabled(m.overridable())
	}
}
