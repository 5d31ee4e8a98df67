package water

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
)

// Outcome classifies what the result step shows.
type Outcome int

const (
	Delivered  Outcome = iota // COMPLETED: the receipt
	Pending                   // 1Flow accepted it and is applying it: followed live
	Checking                  // in doubt, but the recharge id is known: still polled
	Lost                      // the initiation's answer was lost: no resend, a supervisor settles it
	Supervisor                // waiting for a supervisor
	Declined                  // refused by 1Flow, or FAILED on the device
	NotSent                   // nothing left the till
	Blocked                   // an unresolved recharge of the same device blocks this one
	Refused                   // Sell refused before journaling (bad input, journal down)
)

// Outcome is flow.Run's result in 1Flow's terms: a sale in doubt is still
// polled when the recharge id is known, and lost (a supervisor settles it)
// when not.
func (m *Flow) Outcome() Outcome {
	switch m.Run.Result() {
	case flow.ResBlocked:
		return Blocked
	case flow.ResRefused:
		return Refused
	case flow.ResDelivered:
		return Delivered
	case flow.ResDeclined:
		return Declined
	case flow.ResNotSent:
		return NotSent
	case flow.ResPending:
		return Pending
	case flow.ResSupervisor:
		return Supervisor
	}
	if m.Sold.PendingID != "" {
		return Checking
	}
	return Lost
}

func (m *Flow) keyResult(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, m.keys.NewSale):
		m.reset()
	case key.Matches(k, m.keys.Amount):
		m.step = StepAmount
	case key.Matches(k, m.keys.Device):
		m.step = StepDevice
	case key.Matches(k, m.keys.Check):
		m.checking = true
		return kit.SettleCmd(m.env.Ctx, m.env.D.Engine, m.Sold.Ref)
	case key.Matches(k, m.keys.Override) && m.overridable():
		return m.askOverride() // override.go
	case key.Matches(k, m.keys.Supervisor):
		return kit.NavigateCmd(kit.ScreenSupervise, m.Sold.Ref)
	default:
		cmd, _ := m.ResultKey(m, k, m.keys.SaleKeys, m.keys.Back, m.env.D) // flow/run.go: print with its payment's slip
		return cmd
	}
	return nil
}

// reset starts a new sale, keeping the lookup method.
func (m *Flow) reset() {
	m.step = StepFind
	m.input, m.inputErr = m.newInput(), nil
	m.customer, m.device, m.cursor = kit.WaterCustomer{}, kit.WaterDevice{}, 0
	m.amount = m.env.MoneyInput(m.currency)
	m.money, m.Order = sale.Money{}, sale.Order{}
	m.Tender, m.Payment, m.Override = nil, sale.Sale{}, nil
	m.ClearSale()
	m.checking = false
	m.Progress.Stop()
	m.Pager.SetContent("")
}

// UpdateKeys enables exactly the keys that work in the current state.
func (m *Flow) UpdateKeys() {
	k := &m.keys
	kit.Enable(false, &k.Up, &k.Down, &k.Pick, &k.Enter, &k.Back, &k.Switch, &k.Print, &k.NewSale, &k.Amount, &k.Device, &k.Check, &k.Supervisor, &k.Unresolved, &k.Scroll, &k.ScrollDown, &k.TryAgain, &k.CancelLookup, &k.Override)
	k.Back.SetHelp("esc", "back")
	switch m.step {
	case StepFind:
		k.Up.SetEnabled(m.prov != nil)
		k.Down.SetEnabled(m.prov != nil)
		k.Pick.SetEnabled(m.prov != nil)
		k.Pick.SetHelp("1-3", "pick")
		k.Enter.SetEnabled(m.prov != nil)
		k.Enter.SetHelp("enter", "choose")
		k.Back.SetEnabled(true)
	case StepKey:
		k.CancelLookup.SetEnabled(m.looking)
		k.Enter.SetEnabled(!m.looking)
		k.Enter.SetHelp("enter", "look up")
		k.Back.SetEnabled(!m.looking)
	case StepDevice:
		has := len(m.customer.Devices) > 0
		k.Up.SetEnabled(len(m.customer.Devices) > 1)
		k.Down.SetEnabled(len(m.customer.Devices) > 1)
		k.Pick.SetEnabled(has)
		k.Pick.SetHelp("1-9", "pick")
		k.Enter.SetEnabled(has)
		k.Enter.SetHelp("enter", "choose")
		k.Back.SetEnabled(true)
	case StepAmount:
		kit.EnterBack(&k.Enter, &k.Back, "next")
	case StepConfirm:
		kit.EnterBack(&k.Enter, &k.Back, "take payment")
		k.Switch.SetEnabled(true)
	case StepResult:
		k.Back.SetEnabled(true)
		k.Back.SetHelp("esc", "home")
		r := m.Outcome()
		e := m.env.D.Engine
		inFlight := e != nil && m.Sold.Ref != "" && e.InFlight(m.Sold.Ref)
		k.Print.SetEnabled((r == Delivered || sale.RefundDue(m.Sold)) && m.env.D.Print != nil && !m.Printing && m.Receipt != "")
		k.Scroll.SetEnabled(r == Delivered && m.Pager.Scrollable())
		k.ScrollDown.SetEnabled(k.Scroll.Enabled())
		k.NewSale.SetEnabled(r != Refused)
		// A payment taken for a recharge that was refused pays for this
		// order only: try it again, or leave it to the Unresolved screen.
		paidOnly := m.PaidOnly()
		k.Amount.SetEnabled((r == Declined || r == NotSent || r == Refused) && !paidOnly)
		k.Device.SetEnabled((r == Declined || r == NotSent || r == Refused || r == Blocked) && !paidOnly)
		k.TryAgain.SetEnabled((r == NotSent && m.Order.Tender.Ref == "") || r == Refused || (r == Blocked && paidOnly))
		k.Check.SetEnabled((r == Pending || r == Checking) && !m.checking && !inFlight)
		k.Supervisor.SetEnabled((r == Lost || r == Supervisor) && !inFlight)
		k.Unresolved.SetEnabled(r == Blocked || r == Pending || r == Checking || r == Lost || r == Supervisor)
		k.Override.SetEnabled(m.overridable())
	}
}
