package screens

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
	"till/ui"
)

// XwOutcome classifies what the result step shows.
type XwOutcome int

const (
	XwDelivered  XwOutcome = iota // COMPLETED: the receipt
	XwPending                     // 1Flow accepted it and is applying it: followed live
	XwChecking                    // in doubt, but the recharge id is known: still polled
	XwLost                        // the initiation's answer was lost: no resend, a supervisor settles it
	XwSupervisor                  // waiting for a supervisor
	XwDeclined                    // refused by 1Flow, or FAILED on the device
	XwNotSent                     // nothing left the till
	XwBlocked                     // an unresolved recharge of the same device blocks this one
	XwRefused                     // Sell refused before journaling (bad input, journal down)
)

// Outcome is flow.Run's Outcome in 1Flow's terms: a sale in doubt is still
// polled when the recharge id is known, and lost (a supervisor settles it)
// when not.
func (m *XwFlow) Outcome() XwOutcome {
	switch m.Run.Result() {
	case flow.ResBlocked:
		return XwBlocked
	case flow.ResRefused:
		return XwRefused
	case flow.ResDelivered:
		return XwDelivered
	case flow.ResDeclined:
		return XwDeclined
	case flow.ResNotSent:
		return XwNotSent
	case flow.ResPending:
		return XwPending
	case flow.ResSupervisor:
		return XwSupervisor
	}
	if m.Sold.PendingID != "" {
		return XwChecking
	}
	return XwLost
}

func (m *XwFlow) keyResult(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.NewSale):
		m.reset()
	case key.Matches(k, m.keys.Amount):
		m.step = XwStepAmount
	case key.Matches(k, m.keys.Device):
		m.step = XwStepDevice
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
func (m *XwFlow) reset() {
	m.step = XwStepFind
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
func (m *XwFlow) UpdateKeys() {
	k := &m.keys
	enable(false, &k.Up, &k.Down, &k.Pick, &k.Enter, &k.Back, &k.Switch, &k.Print, &k.NewSale, &k.Amount, &k.Device, &k.Check, &k.Supervisor, &k.Unresolved, &k.Scroll, &k.ScrollDown, &k.TryAgain, &k.CancelLookup, &k.Override)
	k.Back.SetHelp("esc", "back")
	switch m.step {
	case XwStepFind:
		k.Up.SetEnabled(m.prov != nil)
		k.Down.SetEnabled(m.prov != nil)
		k.Pick.SetEnabled(m.prov != nil)
		k.Pick.SetHelp("1-3", "pick")
		k.Enter.SetEnabled(m.prov != nil)
		k.Enter.SetHelp("enter", "choose")
		k.Back.SetEnabled(true)
	case XwStepKey:
		k.CancelLookup.SetEnabled(m.looking)
		k.Enter.SetEnabled(!m.looking)
		k.Enter.SetHelp("enter", "look up")
		k.Back.SetEnabled(!m.looking)
	case XwStepDevice:
		has := len(m.customer.Devices) > 0
		k.Up.SetEnabled(len(m.customer.Devices) > 1)
		k.Down.SetEnabled(len(m.customer.Devices) > 1)
		k.Pick.SetEnabled(has)
		k.Pick.SetHelp("1-9", "pick")
		k.Enter.SetEnabled(has)
		k.Enter.SetHelp("enter", "choose")
		k.Back.SetEnabled(true)
	case XwStepAmount:
		enterBack(&k.Enter, &k.Back, "next")
	case XwStepConfirm:
		enterBack(&k.Enter, &k.Back, "take payment")
		k.Switch.SetEnabled(true)
	case XwStepResult:
		k.Back.SetEnabled(true)
		k.Back.SetHelp("esc", "home")
		r := m.Outcome()
		e := m.env.D.Engine
		inFlight := e != nil && m.Sold.Ref != "" && e.InFlight(m.Sold.Ref)
		k.Print.SetEnabled((r == XwDelivered || sale.RefundDue(m.Sold)) && m.env.D.Print != nil && !m.Printing && m.Receipt != "")
		k.Scroll.SetEnabled(r == XwDelivered && m.Pager.Scrollable())
		k.ScrollDown.SetEnabled(k.Scroll.Enabled())
		k.NewSale.SetEnabled(r != XwRefused)
		// A payment taken for a recharge that was refused pays for this
		// order only: try it again, or leave it to the Unresolved screen.
		paidOnly := m.PaidOnly()
		k.Amount.SetEnabled((r == XwDeclined || r == XwNotSent || r == XwRefused) && !paidOnly)
		k.Device.SetEnabled((r == XwDeclined || r == XwNotSent || r == XwRefused || r == XwBlocked) && !paidOnly)
		k.TryAgain.SetEnabled((r == XwNotSent && m.Order.Tender.Ref == "") || r == XwRefused || (r == XwBlocked && paidOnly))
		k.Check.SetEnabled((r == XwPending || r == XwChecking) && !m.checking && !inFlight)
		k.Supervisor.SetEnabled((r == XwLost || r == XwSupervisor) && !inFlight)
		k.Unresolved.SetEnabled(r == XwBlocked || r == XwPending || r == XwChecking || r == XwLost || r == XwSupervisor)
		k.Override.SetEnabled(m.overridable())
	}
}
