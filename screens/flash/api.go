package flash

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
)

// flashLookupMsg carries the answer to a lookup one flow asked for: a
// meter's card and vend limits, a cash-out PIN's card, or the cash-out
// sale a cancel would cancel and its order.
type flashLookupMsg struct {
	screen kit.ScreenID
	seq    int

	limits      sale.Product
	card        []sale.Item
	note        cardNote
	cancellable bool
	order       sale.Order
	original    sale.Sale
	err         error
}

// cardNote is what the journal says of a looked-up cash-out PIN: sold on
// this till as ref (and, when err, why it cannot be cancelled), or not
// sold here (other); written in the till's language when drawn.
type cardNote struct {
	ref   sale.Reference
	err   error
	other bool
}

// text is the note in the till's language, or "" when there is none.
func (n cardNote) text(e *kit.Env) string {
	switch {
	case n.other:
		return e.T("fla.note.not_ours")
	case n.ref != "" && n.err != nil:
		return e.T("fla.note.ours_but", string(n.ref), e.Said(e.Err(n.err)))
	case n.ref != "":
		return e.T("fla.note.ours", string(n.ref))
	}
	return ""
}

// cancelNotedMsg says the "cancelled by" note of a delivered cancel was
// journaled on the sale it cancelled (or why not).
type cancelNotedMsg struct {
	ref sale.Reference
	err error
}

// meterLookupCmd looks a meter up with the least amount the till sells (the
// lookup needs one; the cashier types the real amount after it).
func meterLookupCmd(ctx context.Context, api kit.FlashAPI, id kit.ScreenID, seq int, meter string, amount sale.Money) tea.Cmd {
	return func() tea.Msg {
		limits, card, err := api.LookupMeterCard(ctx, meter, amount, false)
		return flashLookupMsg{screen: id, seq: seq, limits: limits, card: card, err: err}
	}
}

// cashOutLookupCmd asks Flash about a PIN and the journal about the sale
// that sold it, if this till did.
func cashOutLookupCmd(ctx context.Context, api kit.FlashAPI, id kit.ScreenID, seq int, serial, product, cashier string) tea.Cmd {
	return func() tea.Msg {
		card, ok, err := api.LookupCashOutCard(ctx, serial, product)
		msg := flashLookupMsg{screen: id, seq: seq, card: card, cancellable: ok, err: err}
		if err != nil {
			return msg
		}
		o, orig, cerr := api.CancelOrder("", serial, cashier)
		switch {
		case cerr == nil:
			msg.order, msg.original = o, orig
			msg.note = cardNote{ref: orig.Ref}
		case orig.Ref != "":
			msg.original, msg.cancellable = orig, false
			msg.note = cardNote{ref: orig.Ref, err: cerr}
		default:
			msg.cancellable = false
			msg.note = cardNote{other: true}
		}
		return msg
	}
}

// cancelLookupCmd finds the cash-out sale named by what the cashier typed
// (a reference, its sequence number, or the PIN's serial), checks that it
// may be cancelled, and asks Flash whether the PIN is still unused.
func cancelLookupCmd(ctx context.Context, e *kit.Env, api kit.FlashAPI, id kit.ScreenID, seq int, key, cashier string) tea.Cmd {
	return func() tea.Msg {
		ref, serial := splitCancelKey(key)
		o, orig, err := api.CancelOrder(ref, serial, cashier)
		msg := flashLookupMsg{screen: id, seq: seq, order: o, original: orig, err: err}
		if err != nil {
			return msg
		}
		card, ok, lerr := api.LookupCashOutCard(ctx, o.Params[sale.FlashParamSerial], o.Product)
		switch {
		case lerr != nil:
			msg.err = lerr
		case !ok:
			msg.err = sale.Errorf(sale.CodeConflict, "%s", e.T("fla.no_longer", flashItem(card, "Status")))
		}
		msg.card, msg.cancellable = card, ok && lerr == nil
		return msg
	}
}

// splitCancelKey reads what the cashier typed to name a cash-out: a sale
// reference (it has dashes) or its sequence number (up to 9 digits), else
// a PIN serial number.
func splitCancelKey(key string) (ref, serial string) {
	key = strings.TrimSpace(key)
	switch {
	case strings.Contains(key, "-"):
		return key, ""
	case key != "" && len(key) <= 9 && strings.Trim(key, "0123456789") == "":
		return key, ""
	}
	return "", key
}

// annotateCancelCmd journals the "cancelled by" notes of delivered
// cancels (the one just sold, and any a restart left unwritten).
func annotateCancelCmd(api kit.FlashAPI, ref sale.Reference, by string) tea.Cmd {
	return func() tea.Msg {
		_, err := api.AnnotateCancels(by)
		return cancelNotedMsg{ref: ref, err: err}
	}
}

// flashItem is the value of the first item labelled label.
func flashItem(items []sale.Item, label string) string {
	for _, it := range items {
		if it.Label == label {
			return it.Value
		}
	}
	return ""
}
