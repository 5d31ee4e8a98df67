package kit

import (
	tea "charm.land/bubbletea/v2"

	"till/sale"
)

// OverrideRequestMsg asks the App to open the supervisor override dialog:
// a supervisor picks themselves, types their own PIN and a reason, and
// sale.Auth.Authorize journals the override. Any screen asks for one with
// RequestOverrideCmd and gets exactly one OverrideMsg back with its Tag.
type OverrideRequestMsg struct {
	// Tag says which request an OverrideMsg answers (e.g. "airtime").
	Tag string
	// Action and Subject are what is authorised (sale.SellSubject, a
	// reference, a day, a cashier id).
	Action  sale.Action
	Subject string
	// Title heads the dialog; Rows show what is being allowed; Why is the
	// refusal the override lifts.
	Title string
	Rows  [][2]string
	Why   string
	// Reason pre-fills the reason (a supervisor's note already typed);
	// Supervisor, an id, picks the supervisor the dialog offers first.
	Reason     string
	Supervisor string
}

// OverrideMsg is the dialog's answer, delivered to every stacked screen.
// Cancelled is set when nobody authorised it; otherwise Override is a
// granted, journaled sale.Override for the request's action and subject.
type OverrideMsg struct {
	Tag       string
	Override  sale.Override
	Cancelled bool
}

// RequestOverrideCmd asks for a supervisor override.
func RequestOverrideCmd(r OverrideRequestMsg) tea.Cmd {
	return func() tea.Msg { return r }
}
