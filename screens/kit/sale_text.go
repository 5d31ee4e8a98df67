package kit

import (
	"strings"

	"till/i18n"
	"till/receipts"
	"till/sale"
	"till/ui"
)

// How a sale reads in the lists and dialogs.

// KindName is how a sale kind reads on screen.
func KindName(k sale.Kind) string {
	switch k {
	case sale.KindAirtime:
		return "Airtime"
	case sale.KindElectricity:
		return "Electricity"
	case sale.KindWater:
		return "Water"
	}
	return string(k)
}

// Reason is a sale's outcome message in the till's language (Said) with
// its code after it: "Flowix tidak menjawab tepat waktu. … (timeout)".
func (e *Env) Reason(s sale.Sale) string {
	reason := e.Said(s.Outcome.Message)
	if c := ui.Clean(s.Outcome.Code); c != "" {
		reason = strings.TrimSpace(reason + " (" + c + ")")
	}
	return reason
}

// LastWord is the provider's last answer — in the till's language where
// the till's own client wrote it (Said) — and the journal's note, cleaned;
// "" when there is neither (screens then say jnl.no_answer).
func (e *Env) LastWord(s sale.Sale) string {
	msg := e.Said(s.Outcome.Message)
	if c := ui.Clean(s.Outcome.Code); c != "" && msg != "" {
		msg += " (" + c + ")"
	} else if c != "" {
		msg = c
	}
	if n := e.Note(s); n != "" {
		if msg != "" {
			msg += " — "
		}
		msg += n
	}
	return msg
}

// SaleWhat is "1Flow water · KES 50.91 · device 68753500140921 (Kiosk
// tank)": the product, the amount and the target (mobile numbers masked;
// devices, cards and meters in full, since they are what is checked), in
// the till's language ("KES 50,91 · perangkat 68753500140921").
func (e *Env) SaleWhat(s sale.Sale) string {
	o := s.Order
	name := ui.Clean(o.ProductName)
	if name == "" {
		name = KindName(o.Kind)
	}
	target := o.Target.Masked()
	switch o.Target.Kind {
	case sale.TargetDevice, sale.TargetCard, sale.TargetMeter:
		kind := string(o.Target.Kind)
		if i18n.Has("target." + kind) {
			kind = e.T("target." + kind)
		}
		target = kind + " " + ui.Clean(o.Target.Value)
	}
	what := name + " · " + e.Money(o.Amount)
	if o.Target.Value != "" {
		what += " · " + target
	}
	if d := ui.Clean(o.Params[receipts.WaterDeviceName]); d != "" {
		what += " (" + d + ")"
	}
	return what
}

// OrderLine says what an order sells: "Vodacom Airtime to 082 123 4567".
func OrderLine(o sale.Order) string { return OrderLineIn(nil, o) }

// OrderLineIn is OrderLine in the till's language (English when e is nil).
func OrderLineIn(e *Env, o sale.Order) string {
	name := ui.Clean(o.ProductName)
	if name == "" {
		name = KindName(o.Kind)
		if e != nil {
			name = e.Tr(name)
		}
	}
	if o.Target.Value == "" {
		return name
	}
	to := o.Target.Value
	if o.Target.Kind == sale.TargetMobile && strings.HasPrefix(to, "27") {
		to = ui.LocalMobile(to)
	}
	if e == nil {
		return name + " to " + to
	}
	return e.T("tnd.to", name, to)
}

// Limits on what a supervisor types, in characters.
const (
	MaxSupervisorNote = 200
	MaxSupervisorID   = 40
)

// At is row i of rows, if there is one.
func At[T any](rows []T, i int) (T, bool) {
	if i < 0 || i >= len(rows) {
		var zero T
		return zero, false
	}
	return rows[i], true
}

// FirstSend reports whether s is on its first send: journaled and being
// sent, no answer lost yet. A resend (attempt 2 on) is a sale that was in
// doubt, and stays counted as one.
func FirstSend(s sale.Sale) bool {
	return s.State == sale.StateNew || s.State == sale.StateSending && s.Attempts <= 1
}

// CheckingNote says what the till is doing about a sale whose answer was lost:
// "in doubt — the till is checking · 2 attempts", on every result screen
// and in the unresolved list, so a lost answer never reads as a bare wait.
func CheckingNote(e *Env, s sale.Sale) string {
	return e.T("jnl.checking", e.Plural(s.Attempts, "jnl.attempt_one", "jnl.attempt_n"))
}

// Supervisable reports whether a supervisor may settle s by hand: it is
// still unresolved and past its first send (the engine refuses the rest).
func Supervisable(s sale.Sale) bool {
	switch s.State {
	case sale.StateInDoubt, sale.StateNeedsSupervisor, sale.StatePending:
		return true
	}
	return false
}

// Note is a sale's journal note, cleaned, in the till's language where the
// engine wrote it. The engine journals "refund due: R 20.00 paid by Card
// (payment …); the sale was DECLINED" in English, and a settled refund as
// "refund settled: " and the supervisor's own words; an Indonesian till
// writes the first from the sale's facts and the second's prefix in its
// words. A note a person typed is shown as typed.
func (e *Env) Note(s sale.Sale) string {
	note := ui.Clean(s.Note)
	if e.D.Language != i18n.ID {
		return note
	}
	lower := strings.ToLower(note)
	switch {
	case strings.HasPrefix(lower, sale.RefundDueNote+":"):
		t := s.Order.Tender
		return e.T("pay.refund_due_note", e.Money(s.Order.Amount), e.Tr(t.Kind.Name()), ui.Clean(string(t.Ref)), e.StateName(s.State))
	case strings.HasPrefix(lower, sale.RefundSettledNote+":"):
		return e.T("pay.refund_settled_note", strings.TrimSpace(note[len(sale.RefundSettledNote)+1:]))
	}
	return note
}
