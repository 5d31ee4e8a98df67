package receipts

import (
	"strconv"

	"till/sale"
)

func init() { bodies[sale.KindElectricity] = electricityBody }

// isTokenDetail reports whether an item describes the token before it.
func isTokenDetail(label string) bool { return label == "Units" || label == "Value" }

// electricityBody prints a prepaid electricity sale: every token the
// provider returned, in the order they must be entered (key change tokens
// first), each printed large in groups of four digits with its units;
// then the tariff, blocks, fixed costs, debt recovered and VAT; then the
// meter (SGC, KRN, TI) and the utility (name, VAT number, call centre),
// each under its own heading.
func electricityBody(p *page, s sale.Sale) {
	items := s.Outcome.Items
	if len(items) == 0 {
		return
	}
	tokens := 0
	for _, it := range items {
		if it.Secret {
			tokens++
		}
	}
	p.rule('-')
	switch {
	case tokens > 1:
		p.center(p.lang.T("elec.tokens"), true)
	case tokens == 1:
		p.center(p.lang.T("elec.token"), true)
	}
	n, inToken := 0, false
	for i, it := range items {
		switch {
		case it.Secret:
			n++
			label := p.lang.Label(it.Label)
			if tokens > 1 {
				label = strconv.Itoa(n) + ". " + label
			}
			p.secret(label, it.Value)
			inToken = true
		case inToken && isTokenDetail(it.Label):
			p.pair(p.lang.Label(it.Label), p.answer(it.Value))
		default:
			if inToken {
				p.rule('-')
				inToken = false
			}
			sections(p, items[i:])
			return
		}
	}
}
