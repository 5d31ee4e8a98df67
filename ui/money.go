package ui

import (
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"till/sale"
)

// MoneyInput is an amount field: it takes digits and one decimal point
// (a comma is read as the point), never more decimals than the currency has,
// and validates with sale.ParseMoney plus an optional check (a product's
// minimum and maximum). It shows the amount as it will be sold.
type MoneyInput struct {
	Field
	currency sale.Currency
	check    func(sale.Money) error
	refused  error // the error shown after a refused submit
	// Prompt is the status line while nothing is typed, and Lang the
	// language the amount is written in (sale.Money.Format); empty, they
	// are English.
	Prompt, Lang string
	// Say writes a refusal for the cashier (the till's language: the
	// screens give i18n's Lang.Error); nil is sale.ErrorMessage.
	Say func(error) string
}

// NewMoneyInput returns a focused amount input for currency c.
func NewMoneyInput(st *Styles, c sale.Currency) MoneyInput {
	d, _ := c.Decimals()
	filter := func(typed string, r rune) (rune, bool) {
		whole, frac, hasPoint := strings.Cut(typed, ".")
		switch {
		case r >= '0' && r <= '9':
			if strings.Contains(frac, ".") {
				return r, true // "1.2.3" stays as typed, to be refused, never read as 1.23
			}
			if hasPoint {
				return r, len(frac) < d
			}
			return r, len(whole) < 9
		case r == '.' || r == ',':
			// A second point is kept so Amount refuses it: dropping it
			// would turn "1.2.3" into 1.23.
			return '.', d > 0 && typed != ""
		}
		return 0, false
	}
	m := MoneyInput{Field: NewField(st, 13, filter), currency: c}
	m.SetWidth(16)
	zero := sale.New(0, c)
	m.SetPrefix(strings.TrimSuffix(zero.String(), zero.Plain()))
	if d > 0 {
		m.SetPlaceholder("0." + strings.Repeat("0", d))
	} else {
		m.SetPlaceholder("0")
	}
	return m
}

// SetCheck adds a check run on every valid amount, such as Product.Allows.
func (m *MoneyInput) SetCheck(check func(sale.Money) error) { m.check = check }

// Currency is the input's currency.
func (m MoneyInput) Currency() sale.Currency { return m.currency }

// Amount returns the typed amount, or why it cannot be sold.
func (m MoneyInput) Amount() (sale.Money, error) {
	// "10." is read as 10: the cashier typed the point but no cents.
	typed := m.Value()
	if strings.Count(typed, ".") == 1 {
		typed = strings.TrimSuffix(typed, ".")
	}
	v, err := sale.ParseMoney(typed, m.currency)
	if err != nil {
		return sale.Money{}, amountReason(m.Value(), err)
	}
	if m.check != nil {
		if err := m.check(v); err != nil {
			return v, err
		}
	}
	return v, nil
}

// amountReason is why typed is not an amount, keyed for the catalogue
// ("err.amount_"+key) like the domain's refusals.
func amountReason(typed string, err error) error {
	if strings.TrimSpace(typed) == "" {
		return &sale.Error{Code: sale.CodeInvalid, Message: "type the amount", Key: "amount_type"}
	}
	if ae, ok := errors.AsType[*sale.AmountError](err); ok {
		return &sale.Error{Code: sale.CodeInvalid, Message: ae.Message, Key: "amount_" + ae.Key, Args: ae.Args}
	}
	return sale.Errorf(sale.CodeInvalid, "%s", err)
}

// say is err as the cashier reads it.
func (m MoneyInput) say(err error) string {
	if m.Say != nil {
		return Clean(m.Say(err))
	}
	return Clean(sale.ErrorMessage(err))
}

// Submit validates the amount for Enter: it returns the amount, or the
// error, which the input then shows until the next key.
func (m *MoneyInput) Submit() (sale.Money, error) {
	v, err := m.Amount()
	m.refused = err
	return v, err
}

// Update applies a key or paste to the input.
func (m *MoneyInput) Update(msg tea.Msg) bool {
	handled := m.Field.Update(msg)
	if handled {
		m.refused = nil
	}
	return handled
}

// Status is the line under the input: the amount as it will be sold, or
// the reason it cannot be (in the error colour after a refused Enter).
func (m MoneyInput) Status() string {
	st := m.st
	if m.Value() == "" && m.refused == nil {
		if m.Prompt != "" {
			return st.Muted.Render(m.Prompt)
		}
		return st.Muted.Render("type the amount and press enter")
	}
	v, err := m.Amount()
	switch {
	case err == nil:
		return st.Success.Render("✓ " + v.Format(m.Lang))
	case m.refused != nil:
		return st.Error.Render("✗ " + m.say(err))
	default:
		return st.Warning.Render("! " + m.say(err))
	}
}
