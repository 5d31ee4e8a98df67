package screens

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/ui"
)

// pickList is the keys of a numbered list the cashier picks a row from: up
// and down move the cursor (round the ends), a digit picks its row, enter
// the cursor's.
type pickList struct{ Up, Down, Pick, Enter key.Binding }

// key moves *cursor over n rows for k, and returns the row picked (-1 when
// none) and whether k was one of the list's keys (never with no rows).
func (l pickList) key(k tea.KeyPressMsg, cursor *int, n int) (picked int, ok bool) {
	if n == 0 {
		return -1, false
	}
	switch {
	case key.Matches(k, l.Up):
		*cursor = (*cursor + n - 1) % n
	case key.Matches(k, l.Down):
		*cursor = (*cursor + 1) % n
	case key.Matches(k, l.Pick):
		if i := int(k.Code - '1'); i >= 0 && i < n {
			*cursor = i
			return i, true
		}
	case key.Matches(k, l.Enter):
		return *cursor, true
	default:
		return -1, false
	}
	return -1, true
}

// saleKeys are the keys of a sale flow's result step.
type saleKeys struct {
	Print, Unresolved, Scroll, ScrollDown, TryAgain, Override key.Binding
}

func newSaleKeys() saleKeys {
	return saleKeys{
		Print:      ui.Bind("p", "print", "p"),
		Unresolved: ui.Bind("u", "unresolved", "u"),
		Scroll:     ui.Bind("↑/↓", "scroll", "up", "k", "pgup"),
		ScrollDown: key.NewBinding(key.WithKeys("down", "j", "pgdown", "space")),
		TryAgain:   ui.Bind("enter", "try again", "enter"),
		Override:   ui.Bind("o", "supervisor override", "o"),
	}
}

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
