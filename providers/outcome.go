package providers

import (
	"errors"
	"fmt"

	"till/sale"
)

// MaxMessage is the longest Outcome message kept, in runes.
const MaxMessage = 200

// NewOutcome returns an Outcome whose message is cleaned and bounded.
func NewOutcome(r sale.Result, code, message string) sale.Outcome {
	return sale.Outcome{Result: r, Code: Clean(code), Message: CleanMax(message, MaxMessage)}
}

// Said records what the provider itself said with an outcome: it is kept
// in ProviderMessage (journaled beside ours) and quoted at the end of
// Message, so every screen that shows the outcome shows the provider's
// words. Control characters are stripped; an empty said changes nothing.
func Said(out sale.Outcome, display, said string) sale.Outcome {
	said = CleanMax(said, MaxMessage)
	if said == "" {
		return out
	}
	out.ProviderMessage = said
	out.Message += " " + display + " said: \u201c" + CleanMax(said, 120) + "\u201d"
	return out
}

// InDoubt is an answer that proves nothing: the money may have moved.
func InDoubt(code, message string) sale.Outcome {
	return NewOutcome(sale.ResultInDoubt, code, message)
}

// Declined is an allow-listed definitive decline: the money did not move.
func Declined(code, message string) sale.Outcome {
	return NewOutcome(sale.ResultDeclined, code, message)
}

// NotSent is a request that never left the till.
func NotSent(code, message string) sale.Outcome {
	return NewOutcome(sale.ResultNotSent, code, message)
}

// TransportOutcome classifies an error from Client.Do or DoWithToken for the
// cashier. display is the provider's name as the cashier knows it ("Flash").
// A *TransportError is NotSent or InDoubt by whether anything was sent; a
// *TokenError is NotSent; anything else is InDoubt.
func TransportOutcome(display string, err error) sale.Outcome {
	if te, ok := errors.AsType[*TokenError](err); ok {
		return NotSent("token", fmt.Sprintf("Could not sign in to %s (%s); nothing was sold.", display, te.Reason))
	}
	te, ok := errors.AsType[*TransportError](err)
	if !ok {
		return InDoubt("error", fmt.Sprintf("Unexpected error talking to %s; the sale may have gone through and will be checked.", display))
	}
	if !te.Sent {
		switch te.Kind {
		case FailRequest:
			return NotSent("request", fmt.Sprintf("The till could not build the request to %s; nothing was sent. Check the base URL.", display))
		case FailTimeout:
			return NotSent("timeout", fmt.Sprintf("Could not reach %s in time; nothing was sent. Check the network and try again.", display))
		case FailCanceled:
			return NotSent("canceled", fmt.Sprintf("Stopped before anything was sent to %s.", display))
		}
		return NotSent("unreachable", fmt.Sprintf("Could not reach %s; nothing was sent. Check the network and try again.", display))
	}
	switch te.Kind {
	case FailTimeout:
		return InDoubt("timeout", fmt.Sprintf("%s did not answer in time. The sale may have gone through; the till will check it.", display))
	case FailCanceled:
		return InDoubt("canceled", fmt.Sprintf("Stopped waiting for %s. The sale may have gone through; the till will check it.", display))
	case FailRedirect:
		return InDoubt(fmt.Sprintf("http_%d", te.Status), fmt.Sprintf("%s answered with a redirect (HTTP %d), which the till never follows. The sale will be checked.", display, te.Status))
	case FailOversize:
		return InDoubt("malformed", fmt.Sprintf("%s's answer was too large to read. The sale may have gone through; the till will check it.", display))
	}
	return InDoubt("broken", fmt.Sprintf("The connection to %s broke after the sale was sent. It may have gone through; the till will check it.", display))
}
