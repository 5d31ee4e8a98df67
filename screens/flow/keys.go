package flow

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/i18n"
	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// The keys and small widgets every sale flow shares.

// PickList is the keys of a numbered list the cashier picks a row from: up
// and down move the cursor (round the ends), a digit picks its row, enter
// the cursor's.
type PickList struct{ Up, Down, Pick, Enter key.Binding }

// Key moves *cursor over n rows for k, and returns the row picked (-1 when
// none) and whether k was one of the list's keys (never with no rows).
func (l PickList) Key(k tea.KeyPressMsg, cursor *int, n int) (picked int, ok bool) {
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

// SaleKeys are the keys of a sale flow's result step.
type SaleKeys struct {
	Print, Unresolved, Scroll, ScrollDown, TryAgain, Override key.Binding
}

// NewSaleKeys are the result step's keys, with their help.
func NewSaleKeys() SaleKeys {
	return SaleKeys{
		Print:      ui.Bind("p", "print", "p"),
		Unresolved: ui.Bind("u", "unresolved", "u"),
		Scroll:     ui.Bind("↑/↓", "scroll", "up", "k", "pgup"),
		ScrollDown: key.NewBinding(key.WithKeys("down", "j", "pgdown", "space")),
		TryAgain:   ui.Bind("enter", "try again", "enter"),
		Override:   ui.Bind("o", "supervisor override", "o"),
	}
}

// DialogKeys are the help of a confirm dialog: enter to confirm, tab to
// switch buttons, esc to go back.
func DialogKeys(k ui.Keys, yes, no string) []key.Binding {
	return []key.Binding{
		ui.Relabel(k.Enter, "enter", yes),
		ui.Bind("tab", "switch", "tab"),
		ui.Relabel(k.Back, "esc", no),
	}
}

// PINBox is the input box of a 1Voucher PIN, masked as it is typed: the
// redeem screen and the tender's 1Voucher step both draw it, so a PIN is
// never on screen in full.
func PINBox(st *ui.Styles, pin string) string { return pinBox(st, pin, i18n.EN) }

// PINBoxIn is PINBox in the till's language.
func PINBoxIn(e *kit.Env, pin string) string { return pinBox(e.St, pin, e.D.Language) }

func pinBox(st *ui.Styles, pin string, l i18n.Lang) string {
	box := st.Focused.Width(26)
	masked := maskTyped(pin)
	if masked == "" {
		return box.Render(st.Cursor.Render(" ") + st.Muted.Render(l.T("tnd.pin.placeholder")))
	}
	return box.Render(st.Strong.Render(masked) + st.Cursor.Render(" "))
}

// PINStatus is the line under a PIN box: how many digits, and once it is
// complete only its last four.
func PINStatus(st *ui.Styles, pin string) string { return pinStatus(st, pin, i18n.EN) }

// PINStatusIn is PINStatus in the till's language.
func PINStatusIn(e *kit.Env, pin string) string { return pinStatus(e.St, pin, e.D.Language) }

func pinStatus(st *ui.Styles, pin string, l i18n.Lang) string {
	if len(pin) == kit.VoucherPINDigits {
		return st.Success.Render(l.T("tnd.pin.done", pin[len(pin)-4:]))
	}
	return st.Muted.Render(l.T("tnd.pin.count", len(pin)))
}

// maskTyped shows a PIN being typed in groups of four, all but the last
// four digits hidden: "•••• •••• 9012 3".
func maskTyped(pin string) string {
	var b strings.Builder
	for i, r := range pin {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		if i < len(pin)-4 {
			b.WriteString("•")
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ItemValue is the value of the first item labelled label, or "".
func ItemValue(items []sale.Item, label string) string {
	for _, it := range items {
		if it.Label == label {
			return it.Value
		}
	}
	return ""
}

// AmountKey gives k to an amount step: back reports esc, and enter a valid
// amount (ok); any other key types into in.
func AmountKey(k tea.KeyPressMsg, in *ui.MoneyInput, back, enter key.Binding) (v sale.Money, ok, isBack bool) {
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
