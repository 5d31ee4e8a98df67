package kit

import (
	"till/sale"
)

// PrintCopy journals the next copy of ref, then prints it: COPY n is
// journaled before a byte reaches the printer, like every other record of
// the till. A print that fails journals that it failed, which frees the
// number again, so the cashier's retry prints COPY n rather than skipping
// one. A till that dies between the two keeps the copy counted: a copy may
// exist. (A copy of a secret from an earlier day needs a supervisor, whose
// authorisation is journaled before this runs.)
func PrintCopy(d Deps, ref sale.Reference) ReprintedMsg {
	ns, err := d.Engine.Reprinted(ref, d.Cashier)
	if err != nil {
		return ReprintedMsg{Ref: ref, Err: err}
	}
	n := ns.Reprints
	lines, err := ReceiptLines(d, ns, n)
	if err == nil {
		err = d.Print(lines)
	}
	if err != nil {
		why := Sentence(PrintReason(err))
		fs, ferr := d.Engine.ReprintFailed(ref, d.Cashier, why)
		if ferr != nil {
			return ReprintedMsg{Ref: ref, Sale: ns, Err: sale.Keyed(sale.CodeUnavailable, "copy_failed_unrecorded", []any{n, why, sale.ErrorMessage(ferr), n + 1},
				"COPY %d not printed: %s The journal could not record that it failed (%v): the next copy is COPY %d.", n, why, ferr, n+1)}
		}
		return ReprintedMsg{Ref: ref, Sale: fs, Err: sale.Keyed(sale.CodeUnavailable, "copy_failed", []any{n, why, n},
			"COPY %d not printed: %s Journaled as not printed: press p to try again (it is still COPY %d).",
			n, why, n)}
	}
	return ReprintedMsg{Ref: ref, Sale: ns, Text: JoinLines(lines), Printed: true}
}
