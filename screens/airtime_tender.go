package screens

import (
	tea "charm.land/bubbletea/v2"

	"till/sale"
)

// The airtime flow's tender step (tender.go): after the confirm step the
// customer pays, and only a settled payment leads to the sale.

// openTender moves from the confirm step to the tender step.
func (m *airtime) openTender() tea.Cmd {
	m.step = stepTender
	return m.Run.OpenTender(m.env, m.now, m.width, m.height)
}

// tenderLine says how an order is paid, for the processing and result
// facts: "Cash (R 20.00, change R 10.00)", "Card (payment …-12)".
func tenderLine(t sale.Tender, amount sale.Money) string {
	switch {
	case t.Kind == "":
		return "-"
	case t.Kind == sale.TenderCash && t.Tendered.Minor > amount.Minor && t.Tendered.Currency == amount.Currency:
		return "Cash " + t.Tendered.String() + ", change " + sale.New(t.Tendered.Minor-amount.Minor, amount.Currency).String()
	case t.Kind == sale.TenderCash:
		return "Cash"
	}
	return t.Kind.Name() + " (payment " + string(t.Ref) + ")"
}
