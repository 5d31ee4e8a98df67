package i18n

import (
	"fmt"
	"time"

	"till/sale"
)

// Tf is T for a message whose arguments are the domain's own values: in
// Indonesian, amounts, kinds, states, tenders and durations are written in
// Indonesian words (as Error writes a refusal's); in English every
// argument prints itself (%s of a Money, a Kind, a State, a Duration), so
// the English is what the program has always printed, byte for byte.
func (l Lang) Tf(key string, args ...any) string {
	t, ok := catalogue[key]
	if !ok {
		return key
	}
	if l != ID {
		if len(args) == 0 {
			return t.EN
		}
		out := make([]any, len(args))
		for i, a := range args {
			if k, ok := a.(sale.TenderKind); ok {
				a = k.Name()
			}
			out[i] = a
		}
		return fmt.Sprintf(t.EN, out...)
	}
	if len(args) == 0 {
		return t.ID
	}
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case sale.TenderKind:
			if tt, ok := catalogue["tender."+string(v)]; ok {
				out[i] = tt.ID
			} else {
				out[i] = v.Name()
			}
		case time.Duration:
			out[i] = l.wait(v)
		default:
			out[i] = l.arg(a)
		}
	}
	return fmt.Sprintf(t.ID, out...)
}

// wait is a duration as a cashier reads it in l: duration's whole hours
// or minutes, and whole seconds ("30 detik") too.
func (l Lang) wait(d time.Duration) string {
	if l == ID && d > 0 && d < time.Minute && d%time.Second == 0 {
		return fmt.Sprintf("%d detik", d/time.Second)
	}
	return l.duration(d)
}
