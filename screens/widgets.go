package screens

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/ui"
)

// amountKey gives k to an amount step: back reports esc, and enter a valid
// amount (ok); any other key types into in.
func amountKey(k tea.KeyPressMsg, in *ui.MoneyInput, back, enter key.Binding) (v sale.Money, ok, isBack bool) {
	switch {
	case key.Matches(k, back):
		return sale.Money{}, false, true
	case key.Matches(k, enter):
		v, err := in.Submit()
		return v, err == nil, false
	}
	in.Update(k)
	return sale.Money{}, false, false
}
