package screens

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/flow"
	"till/screens/kit"
)

// Printing without a key press ([printer] auto_print and drawer_kick):
// when a sale is delivered the App prints its original slip (with its
// payment's, as p does), and opens the cash drawer when it was paid in
// cash. A payment (a tender sale) is printed with the sale it paid for, and
// a deposit by its own screen, never on their own. The original is not
// journaled, so a failed print uses no COPY number: the status line says
// so, and p prints it. Once an original is printed, p prints a journaled
// copy (printedOriginals).

// autoPrintedMsg answers one automatic print.
type autoPrintedMsg struct {
	Ref  sale.Reference
	Slip bool // the slip was printed (or tried), not only the drawer
	Err  error
}

// autoPrinted remembers the sales the App has handled, once each.
type autoPrinted struct{ seen kit.PrintedOriginals }

// first reports whether ref is new to the App, and remembers it.
func (p *autoPrinted) first(ref sale.Reference) bool { return p.seen.Claim(ref) }

// autoPrintCmd prints s's slip and opens the drawer as configured, or nil.
func autoPrintCmd(d Deps, done *autoPrinted, s sale.Sale) tea.Cmd {
	if s.State != sale.StateDelivered || sale.TenderOf(s.Order.Kind) != "" {
		return nil
	}
	slip := d.AutoPrint && d.Print != nil && s.Order.Kind != sale.KindDeposit
	kick := d.Kick != nil && s.Order.Tender.Kind == sale.TenderCash
	if (!slip && !kick) || !done.first(s.Ref) {
		return nil
	}
	return func() tea.Msg {
		var errs []error
		if kick {
			if err := d.Kick(); err != nil {
				errs = append(errs, sale.Keyed(sale.CodeUnavailable, "drawer_kick", []any{err.Error()}, "the cash drawer did not open (%s): open it with its key", err.Error()))
			}
		}
		printed := slip && d.Originals.Claim(s.Ref) // not if a screen printed it already
		if printed {
			if err := printPaid(d, s); err != nil {
				d.Originals.Release(s.Ref)
				errs = append(errs, kit.PrintError(err))
			}
		}
		return autoPrintedMsg{Ref: s.Ref, Slip: printed, Err: errors.Join(errs...)}
	}
}

// printPaid prints the original slip of s with its payment's.
func printPaid(d Deps, s sale.Sale) error {
	var payment sale.Sale
	if t := s.Order.Tender; t.Ref != "" && t.Kind != sale.TenderCash {
		p, err := d.Engine.Reader().Sale(t.Ref)
		if err != nil {
			return err
		}
		payment = p
	}
	lines, err := flow.PaidLines(d, s, payment)
	if err != nil {
		return err
	}
	return d.Print(lines)
}

// onAutoPrinted reports an automatic print.
func onAutoPrinted(msg autoPrintedMsg) tea.Cmd {
	if msg.Err != nil {
		return ErrorCmd(msg.Err)
	}
	if msg.Slip {
		return StatusKeyCmd("tui.st.receipt_of", string(msg.Ref))
	}
	return nil
}
