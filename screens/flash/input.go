package flash

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/flow"
	"till/ui"
)

// fieldKind is what a Flash flow asks the cashier to type.
type fieldKind int

// Field kinds. Each filters as the cashier types and validates on Enter.
const (
	fieldAmount  fieldKind = iota // an amount in rand
	fieldMeter                    // a meter number: digits
	fieldPIN                      // a 16-digit 1Voucher PIN: digits, shown masked
	fieldMobile                   // a mobile number for an SMS, optional
	fieldCashOut                  // a cash-out PIN's serial number, or its sale's reference
)

// flowInput is one input of a flow: an amount, a mobile number or a text
// field, by kind.
type flowInput struct {
	kind   fieldKind
	st     *ui.Styles
	money  ui.MoneyInput
	mobile ui.MobileInput
	text   ui.Field
	err    error // why the last Enter was refused, until the next key
}

// newFlowInput returns a focused input of kind k.
func newFlowInput(st *ui.Styles, k fieldKind, c sale.Currency) flowInput {
	in := flowInput{kind: k, st: st}
	switch k {
	case fieldAmount:
		in.money = ui.NewMoneyInput(st, c)
	case fieldMobile:
		in.mobile = ui.NewMobileInput(st)
	case fieldMeter:
		in.text = ui.NewField(st, 20, func(_ string, r rune) (rune, bool) { return r, r >= '0' && r <= '9' })
		in.text.SetPlaceholder("11 to 13 digits")
		in.text.SetWidth(22)
	case fieldPIN:
		in.text = ui.NewField(st, 16, func(_ string, r rune) (rune, bool) { return r, r >= '0' && r <= '9' })
		in.text.SetWidth(22)
	case fieldCashOut:
		in.text = ui.NewField(st, 40, func(_ string, r rune) (rune, bool) {
			ok := r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r == '-'
			if r >= 'a' && r <= 'z' {
				r -= 'a' - 'A' // serials are capitals; references too, but for the install tag
			}
			return r, ok
		})
		in.text.SetPlaceholder("CO1234567890 or a reference")
		in.text.SetWidth(34)
	}
	return in
}

// Update applies a key or a paste.
func (in *flowInput) Update(msg tea.Msg) {
	in.err = nil
	switch in.kind {
	case fieldAmount:
		in.money.Update(msg)
	case fieldMobile:
		in.mobile.Update(msg)
	case fieldPIN:
		if p, ok := msg.(tea.PasteMsg); ok { // a pasted PIN may be grouped
			msg = tea.PasteMsg{Content: strings.NewReplacer(" ", "", "-", "").Replace(p.Content)}
		}
		in.text.Update(msg)
	default:
		in.text.Update(msg)
	}
}

// SetCheck sets the amount's check (a product's or a meter's limits).
func (in *flowInput) SetCheck(check func(sale.Money) error) { in.money.SetCheck(check) }

// Value is what was typed, as text (the amount as typed).
func (in flowInput) Value() string {
	switch in.kind {
	case fieldAmount:
		return in.money.Value()
	case fieldMobile:
		return in.mobile.Value()
	}
	return in.text.Value()
}

// Amount validates the amount for Enter.
func (in *flowInput) Amount() (sale.Money, error) {
	v, err := in.money.Submit()
	in.err = err
	return v, err
}

// Submit validates any other kind for Enter and returns its value: the
// normalised mobile number ("" when left empty), the meter, the PIN, the
// serial or reference.
func (in *flowInput) Submit() (string, error) {
	v, err := in.check()
	in.err = err
	return v, err
}

func (in *flowInput) check() (string, error) {
	v := in.Value()
	switch in.kind {
	case fieldMobile:
		if strings.TrimSpace(v) == "" {
			return "", nil
		}
		n, err := in.mobile.Submit()
		return n, err
	case fieldMeter:
		if len(v) < 6 {
			return "", sale.Errorf(sale.CodeInvalid, "type the meter number: 6 to 20 digits, as on the meter")
		}
	case fieldPIN:
		if len(v) != 16 {
			return "", sale.Errorf(sale.CodeInvalid, "a 1Voucher PIN is 16 digits: %d typed", len(v))
		}
	case fieldCashOut:
		if len(strings.Trim(v, "-")) < 1 {
			return "", sale.Errorf(sale.CodeInvalid, "type the serial number on the slip, or the sale's reference")
		}
	}
	return v, nil
}

// View draws the input box.
func (in flowInput) View() string {
	switch in.kind {
	case fieldAmount:
		return in.money.View()
	case fieldMobile:
		return in.mobile.View()
	case fieldPIN:
		return flow.PINBox(in.st, in.text.Value())
	}
	return in.text.View()
}

// Status is the line under the input.
func (in flowInput) Status() string {
	st := in.st
	switch in.kind {
	case fieldAmount:
		return in.money.Status()
	case fieldMobile:
		if in.Value() == "" {
			return st.Muted.Render("optional: leave it empty and press enter to print it on the receipt")
		}
		return in.mobile.Status()
	}
	if in.err != nil {
		return st.Error.Render("✗ " + ui.Clean(sale.ErrorMessage(in.err)))
	}
	v := in.Value()
	switch in.kind {
	case fieldPIN:
		return flow.PINStatus(st, v)
	case fieldMeter:
		if len(v) >= 6 {
			return st.Success.Render("✓ " + v + ": press enter to look it up")
		}
		return st.Muted.Render("the meter number, as printed on the meter (11 to 13 digits)")
	}
	return st.Muted.Render("the serial number on the cash-out slip, or the sale's reference (or its number)")
}
