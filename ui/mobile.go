package ui

import (
	tea "charm.land/bubbletea/v2"

	"till/sale"
)

// MobileInput is a South African mobile number field: it takes digits,
// spaces and a leading '+', validates inline with sale.NormalizeMobileZA and
// shows the normalised number (27XXXXXXXXX) that will be recharged.
type MobileInput struct {
	Field
	refused error
}

// NewMobileInput returns a focused mobile number input.
func NewMobileInput(st *Styles) MobileInput {
	filter := func(typed string, r rune) (rune, bool) {
		switch {
		case r >= '0' && r <= '9', r == ' ':
			return r, true
		case r == '+':
			return r, typed == ""
		}
		return 0, false
	}
	m := MobileInput{Field: NewField(st, 16, filter)}
	m.SetWidth(18)
	m.SetPlaceholder("082 123 4567")
	return m
}

// Number returns the normalised number, or why what was typed is not one.
func (m MobileInput) Number() (string, error) {
	if m.Value() == "" {
		return "", sale.Errorf(sale.CodeInvalid, "type the customer's mobile number")
	}
	return sale.NormalizeMobileZA(m.Value())
}

// Submit validates for Enter: the normalised number, or the error, which
// the input then shows until the next key.
func (m *MobileInput) Submit() (string, error) {
	n, err := m.Number()
	m.refused = err
	return n, err
}

// Update applies a key or paste to the input.
func (m *MobileInput) Update(msg tea.Msg) bool {
	handled := m.Field.Update(msg)
	if handled {
		m.refused = nil
	}
	return handled
}

// digits counts the digits typed so far.
func (m MobileInput) digits() int {
	n := 0
	for _, r := range m.Value() {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}

// Status is the line under the input: the normalised number once it is
// valid, otherwise the reason — muted while the cashier is still typing,
// in the error colour once enough digits are in or Enter was refused.
func (m MobileInput) Status() string {
	st := m.st
	n, err := m.Number()
	switch {
	case err == nil:
		return st.Success.Render("✓ " + n + " (" + LocalMobile(n) + ")")
	case m.refused != nil || m.digits() >= 10:
		return st.Error.Render("✗ " + Clean(sale.ErrorMessage(err)))
	case m.Value() == "":
		return st.Muted.Render("0821234567, +27 82 123 4567 or 27821234567")
	default:
		return st.Muted.Render("keep typing: 10 digits like 0821234567")
	}
}
