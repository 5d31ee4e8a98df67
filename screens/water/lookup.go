package water

import (
	"context"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// The first steps of the water flow: how to find the customer, what was
// typed, and the 1Flow lookup.

// lookupTimeout bounds a lookup; the client's own timeout is usually shorter.
const lookupTimeout = 45 * time.Second

// LookupMsg carries the answer to a 1Flow customer lookup. Seq tells
// the answer to the latest lookup from one the cashier abandoned.
type LookupMsg struct {
	Seq      int
	Key      kit.WaterKey
	Customer kit.WaterCustomer
	Err      error
}

// waterLookupCmd looks a customer up at 1Flow.
func waterLookupCmd(ctx context.Context, p kit.WaterAPI, seq int, k kit.WaterKey) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
		defer cancel()
		c, err := p.Lookup(ctx, k)
		return LookupMsg{Seq: seq, Key: k, Customer: c, Err: err}
	}
}

// waterMethods are the ways to find a customer, in menu order.
var waterMethods = []struct {
	by          kit.WaterLookupBy
	label, hint string
}{
	{kit.WaterByPhone, "wat.m.phone", "wat.h.phone"}, // catalogue keys (i18n/texts/products.toml)
	{kit.WaterByDevice, "wat.m.device", "wat.h.device"},
	{kit.WaterByCard, "wat.m.card", "wat.h.card"},
}

// countryOf is the country a local phone number is read in: Kenya for KES,
// Ghana for GHS, none otherwise (international form only).
func countryOf(c sale.Currency) string {
	switch c {
	case sale.KES:
		return "KE"
	case sale.GHS:
		return "GH"
	}
	return ""
}

// newInput is the field for the chosen lookup method: a phone number
// (digits, spaces, a leading '+') or a device or card id (letters, digits,
// '-' and '_').
func (m *Flow) newInput() ui.Field {
	var f ui.Field
	if waterMethods[m.method].by == kit.WaterByPhone {
		f = ui.NewField(m.env.St, 20, func(typed string, r rune) (rune, bool) {
			switch {
			case r >= '0' && r <= '9', r == ' ':
				return r, true
			case r == '+':
				return r, typed == ""
			}
			return 0, false
		})
		f.SetPlaceholder(map[string]string{"KE": "0712 345 678", "GH": "024 123 4567"}[m.country])
	} else {
		f = ui.NewField(m.env.St, 64, func(_ string, r rune) (rune, bool) {
			ok := r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_'
			return r, ok
		})
		f.SetPlaceholder(map[kit.WaterLookupBy]string{kit.WaterByDevice: "68753500140920", kit.WaterByCard: "CA254000123"}[waterMethods[m.method].by])
	}
	f.SetWidth(min(24, max(m.width-6, 10)))
	return f
}

func (m *Flow) keyFind(k tea.KeyPressMsg) tea.Cmd {
	n := len(waterMethods)
	switch {
	case key.Matches(k, m.keys.Back):
		return kit.BackCmd
	case m.prov == nil:
	case key.Matches(k, m.keys.Up):
		m.method = (m.method + n - 1) % n
	case key.Matches(k, m.keys.Down):
		m.method = (m.method + 1) % n
	case key.Matches(k, m.keys.Pick):
		if i := int(k.Code - '1'); i >= 0 && i < n {
			m.method = i
			m.chooseMethod()
		}
	case key.Matches(k, m.keys.Enter):
		m.chooseMethod()
	}
	return nil
}

func (m *Flow) chooseMethod() {
	m.input, m.inputErr, m.step = m.newInput(), nil, StepKey
}

func (m *Flow) keyInput(k tea.KeyPressMsg) tea.Cmd {
	if m.looking {
		if key.Matches(k, m.keys.CancelLookup) {
			m.looking, m.lookupSeq = false, m.lookupSeq+1 // the late answer is dropped
			m.Progress.Stop()
		}
		return nil
	}
	switch {
	case key.Matches(k, m.keys.Back):
		m.inputErr, m.step = nil, StepFind
	case key.Matches(k, m.keys.Enter):
		lk, err := m.lookupKeyOf()
		if err != nil {
			m.inputErr = err
			return nil
		}
		m.looking, m.inputErr, m.lookupKey = true, nil, lk
		m.lookupSeq++
		return tea.Batch(waterLookupCmd(m.env.Ctx, m.prov, m.lookupSeq, lk), m.Progress.Start(m.env.D.Now()))
	default:
		if m.input.Update(k) {
			m.inputErr = nil
		}
	}
	return nil
}

// lookupKeyOf checks what was typed and returns the lookup it asks for.
func (m *Flow) lookupKeyOf() (kit.WaterKey, error) {
	by := waterMethods[m.method].by
	v := m.input.Value()
	if m.prov == nil {
		return kit.WaterKey{}, sale.Errorf(sale.CodeInvalid, "%s", m.env.T("wat.no_oneflow"))
	}
	if by == kit.WaterByPhone {
		if v == "" {
			return kit.WaterKey{}, sale.Errorf(sale.CodeInvalid, "%s", m.env.T("wat.type_phone"))
		}
		p, err := m.prov.NormalizePhone(v, m.country)
		return kit.WaterKey{By: by, Value: p}, err
	}
	return kit.WaterKey{By: by, Value: v}, m.prov.CheckTargetID(v)
}

func (m *Flow) onLookup(msg LookupMsg) {
	if !m.looking || msg.Seq != m.lookupSeq {
		return
	}
	m.looking = false
	m.Progress.Stop()
	if msg.Err != nil {
		m.inputErr = msg.Err
		return
	}
	m.customer, m.cursor, m.step = msg.Customer, 0, StepDevice
	for i, d := range msg.Customer.Devices {
		if msg.Key.By != kit.WaterByPhone && d.ID == msg.Key.Value {
			m.cursor = i
		}
	}
}
