package airtime

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/flow"
)

// The airtime flow proposes the network from the number's prefix, as
// `till sell airtime` picks it (sale.AirtimeFor, one pick for both): once the number typed is valid and its prefix belongs to another
// network than the one chosen, the mobile step says so and tab takes that
// network's airtime. It only proposes: a ported number keeps its old
// prefix, so the cashier's choice stands unless they take it.

// proposal is the airtime product of the number's network by its prefix,
// when the number is valid, the network is known, sold, and not the one
// chosen.
func (m *Flow) proposal() (sale.Product, bool) {
	n, err := m.mobile.Number()
	if err != nil {
		return sale.Product{}, false
	}
	p, network, ok := sale.AirtimeFor(m.products, n)
	if !ok || strings.EqualFold(flow.BrandOf(m.product), network) {
		return sale.Product{}, false
	}
	return p, true
}

// proposalHint is the line under the number that proposes its network.
func (m *Flow) proposalHint() string {
	p, ok := m.proposal()
	if !ok {
		return ""
	}
	st := m.env.St
	n, _ := m.mobile.Number()
	return st.Warning.Render(m.env.T("air.proposal", n[2:4], flow.BrandOf(p), p.Name)) + "\n" +
		st.Muted.Render(m.env.T("air.proposal_keep", flow.BrandOf(m.product)))
}

// takeProposal switches to the proposed network's product, keeping the
// number typed; it reports whether there was one.
func (m *Flow) takeProposal(tea.KeyPressMsg) bool {
	p, ok := m.proposal()
	if !ok {
		return false
	}
	for i := range m.products {
		if m.products[i].Code == p.Code {
			m.cursor = i
		}
	}
	m.choose(p)
	return true
}

// joinHint is sep+s, or "" when s is.
func joinHint(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + s
}
