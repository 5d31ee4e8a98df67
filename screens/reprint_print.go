package screens

import (
	"till/sale"
)

// printCopy prints the next copy of ref on the printer and only then
// journals it: COPY n is rendered with the number the journal will give it
// (the copies so far, plus one), sent, and journaled once the printer took
// it. A print that fails journals nothing, so the cashier's retry prints
// COPY n again rather than skipping a number. (A copy of a secret from an
// earlier day needs a supervisor, whose authorisation is journaled before
// this runs.)
func printCopy(d Deps, ref sale.Reference) ReprintedMsg {
	s, err := d.Engine.Journal().Sale(ref)
	if err != nil {
		return ReprintedMsg{Ref: ref, Err: err}
	}
	n := s.Reprints + 1
	lines, err := receiptLines(d, s, n)
	if err != nil {
		return ReprintedMsg{Ref: ref, Sale: s, Err: err}
	}
	if err := d.Print(lines); err != nil {
		return ReprintedMsg{Ref: ref, Sale: s, Err: sale.Errorf(sale.CodeUnavailable,
			"COPY %d not printed: %s Nothing was journaled: press p to try again (it is still COPY %d).",
			n, sentence(printReason(err)), n)}
	}
	ns, err := d.Engine.Reprinted(ref, d.Cashier)
	if err != nil {
		return ReprintedMsg{Ref: ref, Sale: s, Err: sale.Errorf(sale.CodeUnavailable,
			"COPY %d was printed but the journal did not record it: %v", n, err)}
	}
	return ReprintedMsg{Ref: ref, Sale: ns, Text: joinLines(lines), Printed: true}
}
