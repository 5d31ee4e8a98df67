package i18n

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"till/sale"
)

// Error is what err says to a cashier in l: a domain refusal with a
// catalogue entry in l's words (its amounts, kinds, states and durations
// too), anything else as sale.ErrorMessage says it.
func (l Lang) Error(err error) string {
	var e *sale.Error
	if l != ID {
		return sale.ErrorMessage(err)
	}
	if !errors.As(err, &e) {
		ae, ok := errors.AsType[*sale.AmountError](err) // sale.ParseMoney's: "invalid amount: …"
		if !ok {
			return sale.ErrorMessage(err)
		}
		e = &sale.Error{Key: "amount", Args: []any{l.Error(&sale.Error{Message: ae.Message, Key: "amount_" + ae.Key, Args: ae.Args})}}
	}
	if e.Key == "" {
		return sale.ErrorMessage(err)
	}
	t, ok := catalogue["err."+e.Key]
	if !ok {
		return sale.ErrorMessage(err)
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		args[i] = l.arg(a)
	}
	return fmt.Sprintf(t.ID, args...)
}

// arg is one argument of a domain message as l shows it.
func (l Lang) arg(a any) any {
	switch v := a.(type) {
	case sale.Money:
		return l.Money(v)
	case sale.Kind:
		if t, ok := catalogue["kind."+string(v)]; ok {
			return strings.ToLower(l.pick(t))
		}
		return string(v)
	case sale.State:
		if t, ok := catalogue["state."+string(v)]; ok {
			return l.pick(t)
		}
		return string(v)
	case time.Duration:
		return l.duration(v)
	case string:
		return l.Said(v) // a message inside the message: a printer's, a client's
	}
	return a
}

func (l Lang) pick(t Text) string {
	if l == ID {
		return t.ID
	}
	return t.EN
}

// duration is d in whole hours or minutes, in l's words.
func (l Lang) duration(d time.Duration) string {
	hour, minute := "jam", "menit"
	if l != ID {
		hour, minute = "hours", "minutes"
	}
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%d %s", d/time.Hour, hour)
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%d %s", d/time.Minute, minute)
	}
	return d.String()
}
