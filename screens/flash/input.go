package flash

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
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
	env    *kit.Env
	st     *ui.Styles
	money  ui.MoneyInput
	mobile ui.MobileInput
	text   ui.Field
	err    error // why the last Enter was refused, until the next key
}

// newFlowInput returns a focused input of kind k, speaking the till's
// language.
func newFlowInput(e *kit.Env, k fieldKind, c sale.Currency) flowInput {
	st := e.St
	in := flowInput{kind: k, env: e, st: st}
	switch k {
	case fieldAmount:
		in.money = e.MoneyInput(c)
	case fieldMobile:
		in.mobile = ui.NewMobileInput(st)
	case fieldMeter:
		in.text = ui.NewField(st, 20, func(_ string, r rune) (rune, bool) { return r, r >= '0' && r <= '9' })
		in.text.SetPlaceholder(e.T("fla.ph.meter"))
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
		in.text.SetPlaceholder(e.T("fla.ph.cashout"))
		in.text.SetWidth(34)
	}
	return in
}

// Update applies a key or a paste.
func (in *flowInput) Update(msg tea.Msg) {
	if in.kind == fieldMobile {
		if in.mobile.Update(msg) {
			in.err = nil // as the input forgets its refusal
		}
		return
	}
	in.err = nil
	switch in.kind {
	case fieldAmount:
		in.money.Update(msg)
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
	v, e := in.Value(), in.env
	switch in.kind {
	case fieldMobile:
		if strings.TrimSpace(v) == "" {
			return "", nil
		}
		n, err := in.mobile.Submit()
		return n, err
	case fieldMeter:
		if len(v) < 6 {
			return "", sale.Errorf(sale.CodeInvalid, "%s", e.T("fla.err.meter"))
		}
	case fieldPIN:
		if len(v) != 16 {
			return "", sale.Errorf(sale.CodeInvalid, "%s", e.T("fla.err.pin", len(v)))
		}
	case fieldCashOut:
		if len(strings.Trim(v, "-")) < 1 {
			return "", sale.Errorf(sale.CodeInvalid, "%s", e.T("fla.err.serial"))
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
		return flow.PINBoxIn(in.env, in.text.Value())
	}
	return in.text.View()
}

// Status is the line under the input.
func (in flowInput) Status() string {
	st, e := in.st, in.env
	switch in.kind {
	case fieldAmount:
		return in.money.Status()
	case fieldMobile:
		if in.Value() == "" {
			return st.Muted.Render(e.T("fla.st.optional"))
		}
		return in.mobileStatus()
	}
	if in.err != nil {
		return st.Error.Render("✗ " + ui.Clean(e.Err(in.err)))
	}
	v := in.Value()
	switch in.kind {
	case fieldPIN:
		return flow.PINStatusIn(e, v)
	case fieldMeter:
		if len(v) >= 6 {
			return st.Success.Render("✓ " + e.T("fla.st.meter_ok", v))
		}
		return st.Muted.Render(e.T("fla.st.meter"))
	}
	return st.Muted.Render(e.T("fla.st.cashout"))
}

// mobileStatus is the line under a mobile number being typed, as the
// mobile input draws it (ui.MobileInput.Status) but in the till's
// language: the number once it reads as one, the refusal once Enter was
// refused or ten digits are in, else a prompt to keep typing.
func (in flowInput) mobileStatus() string {
	st, e := in.st, in.env
	_, err := in.mobile.Number()
	switch {
	case err == nil:
		return in.mobile.Status()
	case in.err != nil || len(strings.Map(digitsOnly, in.Value())) >= 10:
		return st.Error.Render("✗ " + ui.Clean(e.Err(err)))
	}
	return st.Muted.Render(e.T("fla.st.keep_typing"))
}

// digitsOnly keeps the digits of a string (strings.Map).
func digitsOnly(r rune) rune {
	if r >= '0' && r <= '9' {
		return r
	}
	return -1
}
