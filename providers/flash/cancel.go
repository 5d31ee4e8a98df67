package flash

import (
	"strings"

	"till/sale"
)

// Cancelling a cash-out PIN
//
// The sale state machine has no CANCELLED state, and a cancel is a request
// that moves money back, so it gets everything a sale gets: the cancel is
// a sale of its own, of kind sale.KindCashOutCancel, journaled before it
// is sent, classified, and settled by the engine's resolver with the same
// (cancel) reference when its answer is lost. It names the original sale
// in Params[ParamOriginal] and targets the PIN's serial number, so the
// engine's same-target guard refuses a second cancel of a PIN while one is
// unresolved. Once the cancel is delivered, the original sale gets a note
// event "cancelled by <cancel ref>" (AnnotateCancel): an annotation for
// people reading the journal. What decides whether a PIN is cancelled is
// the cancel sale itself, never the note, so a note that was not written
// (the till stopped in between) changes nothing and is written later
// (AnnotateCancels).

// CancelledByNote starts the note journaled on a cancelled cash-out sale.
const CancelledByNote = "cancelled by "

// CancelOrder finds the cash-out sale to cancel — by its reference (or the
// reference's sequence number) when ref is set, else by the serial number
// of its PIN — checks that it can be cancelled, and returns the order of
// the cancel with the original sale. Only a DELIVERED cash-out PIN that no
// cancel has been delivered for, and none is being settled for, can be
// cancelled. Errors are *sale.Error: CodeInvalid, CodeNotFound,
// CodeConflict (not cancellable), CodeUnresolved (a cancel is being
// settled) or the journal's.
func CancelOrder(j sale.Reader, ref, serial, cashier string) (sale.Order, sale.Sale, error) {
	orig, err := findCashOut(j, strings.TrimSpace(ref), strings.TrimSpace(serial))
	if err != nil {
		return sale.Order{}, orig, err
	}
	if orig.State != sale.StateDelivered {
		return sale.Order{}, orig, sale.Errorf(sale.CodeConflict,
			"sale %s is %s: only a delivered cash-out PIN can be cancelled", orig.Ref, orig.State)
	}
	serial = ItemValue(orig.Outcome.Items, LabelSerial)
	if serial == "" {
		return sale.Order{}, orig, sale.Errorf(sale.CodeConflict, "sale %s has no serial number to cancel by", orig.Ref)
	}
	if c, found, err := cancelOf(j, orig.Ref, serial); err != nil {
		return sale.Order{}, orig, err
	} else if found && c.State == sale.StateDelivered {
		return sale.Order{}, orig, sale.Errorf(sale.CodeConflict, "the PIN of sale %s was already cancelled by %s", orig.Ref, c.Ref)
	} else if found {
		return sale.Order{}, orig, sale.Errorf(sale.CodeUnresolved,
			"cancel %s of this PIN is still %s: it is being settled with the same reference; do not cancel again", c.Ref, c.State)
	}
	o := orig.Order
	return sale.Order{
		Provider:    ProviderName,
		Kind:        sale.KindCashOutCancel,
		Product:     o.Product,
		ProductName: strings.TrimSpace("Cancel " + o.ProductName),
		Target:      sale.Target{Kind: sale.TargetVoucher, Value: serial},
		Amount:      o.Amount,
		Cashier:     cashier,
		Params:      map[string]string{ParamOriginal: string(orig.Ref), ParamSerial: serial},
	}, orig, nil
}

// findCashOut finds a Flash cash-out sale by reference or sequence number
// (ref), or by the serial number of its PIN (newest first).
func findCashOut(j sale.Reader, ref, serial string) (sale.Sale, error) {
	isCashOut := func(s sale.Sale) bool {
		return s.Order.Provider == ProviderName && s.Order.Kind == sale.KindCashOut
	}
	switch {
	case ref != "":
		if err := sale.Reference(ref).Validate(); err != nil {
			return sale.Sale{}, sale.Errorf(sale.CodeInvalid, "%v", err)
		}
		s, err := j.Sale(sale.Reference(ref))
		if err != nil {
			found, lerr := j.List(sale.Query{Ref: sale.Reference(ref), Limit: 1})
			if lerr != nil {
				return sale.Sale{}, lerr
			}
			if len(found) == 0 {
				return sale.Sale{}, sale.Errorf(sale.CodeNotFound, "no sale %q in this journal", ref)
			}
			s = found[0]
		}
		if !isCashOut(s) {
			return s, sale.Errorf(sale.CodeConflict, "sale %s is %s, not a Flash cash-out PIN", s.Ref, s.Order.Kind)
		}
		return s, nil
	case serial != "":
		if err := CheckSerial(serial); err != nil {
			return sale.Sale{}, sale.Errorf(sale.CodeInvalid, "%v", err)
		}
		// The journal's serial index (store: by_serial) narrows the walk to
		// the sales with this serial; the checks below stand for any journal.
		all, err := j.List(sale.Query{Serial: serial, Kind: sale.KindCashOut})
		if err != nil {
			return sale.Sale{}, err
		}
		for _, s := range all {
			if isCashOut(s) && strings.EqualFold(ItemValue(s.Outcome.Items, LabelSerial), serial) {
				return s, nil
			}
		}
		return sale.Sale{}, sale.Errorf(sale.CodeNotFound, "no cash-out PIN with serial number %s was sold on this till", serial)
	}
	return sale.Sale{}, sale.Errorf(sale.CodeInvalid, "give the PIN's serial number or the sale's reference")
}

// cancelOf returns the cancel of the original sale that matters: a
// delivered one, else an unresolved one. Declined and unsent cancels do
// not count: they changed nothing.
func cancelOf(j sale.Reader, original sale.Reference, serial string) (sale.Sale, bool, error) {
	cancels, err := j.List(sale.Query{Target: serial})
	if err != nil {
		return sale.Sale{}, false, err
	}
	var open sale.Sale
	found := false
	for _, c := range cancels {
		if c.Order.Kind != sale.KindCashOutCancel || c.Order.Params[ParamOriginal] != string(original) {
			continue
		}
		if c.State == sale.StateDelivered {
			return c, true, nil
		}
		if c.State.Unresolved() && !found {
			open, found = c, true
		}
	}
	return open, found, nil
}

// CancelledBy returns the delivered cancel of a cash-out sale, if any.
func CancelledBy(j sale.Reader, original sale.Sale) (sale.Reference, bool, error) {
	c, found, err := cancelOf(j, original.Ref, ItemValue(original.Outcome.Items, LabelSerial))
	if err != nil || !found || c.State != sale.StateDelivered {
		return "", false, err
	}
	return c.Ref, true, nil
}

// AnnotateCancel journals "cancelled by <ref>" (through n) on the sale a
// delivered cancel cancelled, unless j shows it there already. It does
// nothing for any other sale.
func AnnotateCancel(j sale.Reader, n sale.Noter, cancel sale.Sale, by string) error {
	if cancel.Order.Kind != sale.KindCashOutCancel || cancel.State != sale.StateDelivered {
		return nil
	}
	orig := sale.Reference(cancel.Order.Params[ParamOriginal])
	if orig.Validate() != nil {
		return nil
	}
	note := CancelledByNote + string(cancel.Ref)
	evs, err := j.Events(orig)
	if err != nil {
		return err
	}
	for _, e := range evs {
		if e.Type == sale.EventNote && e.Note == note {
			return nil
		}
	}
	_, err = n.Note(orig, note, by)
	return err
}

// AnnotateCancels writes the missing notes of every delivered cancel (a
// cancel the resolver settled while no cash-out screen was open, or one
// whose note a stop interrupted), and returns how many it wrote.
func AnnotateCancels(j sale.Reader, n sale.Noter, by string) (int, error) {
	done, err := j.List(sale.Query{Kind: sale.KindCashOutCancel, State: sale.StateDelivered})
	if err != nil {
		return 0, err
	}
	count := 0
	for _, s := range done {
		if s.Order.Kind != sale.KindCashOutCancel {
			continue
		}
		orig, err := j.Sale(sale.Reference(s.Order.Params[ParamOriginal]))
		if err != nil {
			continue
		}
		if strings.HasPrefix(orig.Note, CancelledByNote+string(s.Ref)) {
			continue
		}
		before := orig.Events
		if err := AnnotateCancel(j, n, s, by); err != nil {
			return count, err
		}
		if after, err := j.Sale(orig.Ref); err == nil && after.Events > before {
			count++
		}
	}
	return count, nil
}

// ItemValue returns the value of the first item with this label.
func ItemValue(items []sale.Item, label string) string {
	for _, it := range items {
		if it.Label == label {
			return it.Value
		}
	}
	return ""
}

// CancelOrder is the package's CancelOrder for callers that reach the
// client through sale.Provider (the TUI).
func (c *Client) CancelOrder(j sale.Reader, ref, serial, cashier string) (sale.Order, sale.Sale, error) {
	return CancelOrder(j, ref, serial, cashier)
}

// AnnotateCancels is the package's AnnotateCancels for callers that reach
// the client through sale.Provider (the TUI).
func (c *Client) AnnotateCancels(j sale.Reader, n sale.Noter, by string) (int, error) {
	return AnnotateCancels(j, n, by)
}
