package screens

import (
	"errors"
	"sync"

	tea "charm.land/bubbletea/v2"

	"till/sale"
)

// Printing without a key press ([printer] auto_print and drawer_kick):
// when a sale is delivered the App prints its original slip, and opens the
// cash drawer (ESC p, in the same job, or alone) when it was paid in cash.
// A payment (a tender sale) is printed with the sale it paid for, not on
// its own. The original is not journaled, so a failed print uses no COPY
// number: the status line says so, and the screen's p prints it again.

// autoPrintedMsg answers one automatic print.
type autoPrintedMsg struct {
	Ref  sale.Reference
	Slip bool // the slip was printed (or tried), not only the drawer
	Err  error
}

// autoPrinted remembers the sales already handled, once each.
type autoPrinted struct {
	mu   sync.Mutex
	refs map[sale.Reference]bool
}

func (p *autoPrinted) first(ref sale.Reference) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.refs == nil {
		p.refs = map[sale.Reference]bool{}
	}
	if p.refs[ref] {
		return false
	}
	p.refs[ref] = true
	return true
}

// autoPrintCmd prints s's slip and opens the drawer as configured, or nil.
func autoPrintCmd(d Deps, done *autoPrinted, s sale.Sale) tea.Cmd {
	if s.State != sale.StateDelivered || sale.TenderOf(s.Order.Kind) != "" {
		return nil
	}
	slip := d.AutoPrint && d.Print != nil
	kick := d.Kick != nil && s.Order.Tender.Kind == sale.TenderCash
	if (!slip && !kick) || !done.first(s.Ref) {
		return nil
	}
	return func() tea.Msg {
		var errs []error
		if kick {
			if err := d.Kick(); err != nil {
				errs = append(errs, errors.New("the cash drawer did not open ("+err.Error()+"): open it with its key"))
			}
		}
		if slip {
			lines, err := receiptLines(d, s, 0)
			if err == nil {
				err = d.Print(lines)
			}
			if err != nil {
				errs = append(errs, printError(err))
			}
		}
		return autoPrintedMsg{Ref: s.Ref, Slip: slip, Err: errors.Join(errs...)}
	}
}

// onAutoPrinted reports an automatic print.
func onAutoPrinted(msg autoPrintedMsg) tea.Cmd {
	if msg.Err != nil {
		return ErrorCmd(msg.Err)
	}
	if msg.Slip {
		return StatusCmd("Receipt of " + string(msg.Ref) + " printed.")
	}
	return nil
}
