package flutterwave

// This file holds every value the Flutterwave document
// (shared/api/flutterwave-tokenized-charges.txt) does not give, with the
// till's assumed default; each row says "documented: <section>" or
// "assumed: …". The config overrides those that decide money:
//
//	[flutterwave.statuses]          charge status words (Options.Statuses)
//	[flutterwave.decline_messages]  declined = [error messages] (Options.DeclineMessages)
//
// The sandbox keeps its own (providers/sandbox).

import (
	"fmt"
	"strings"

	"till/providers"
)

// normStatus is how a charge status is compared: trimmed, lower case.
func normStatus(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NormStatus is normStatus for the config's words.
func NormStatus(s string) string { return normStatus(s) }

// defaultStatuses reads data.status of a charge or a verification.
var defaultStatuses = providers.MustStatuses(
	[]string{"successful"}, // documented: tokenized charge and verify answers
	[]string{"pending"},    // documented: the 3-D Secure answer
	[]string{"failed"},     // assumed: the document shows no failed charge
	normStatus)

// DefaultStatuses returns a copy of the charge status table.
func DefaultStatuses() providers.Statuses { return defaultStatuses.Clone() }

// declines is the allow-list of Flutterwave error messages that are
// definitive card declines: nothing was charged. Matched whole, ignoring
// case, spacing and a final full stop. Any other error is in doubt.
// assumed: every row (the document shows no declined charge); the value
// is the outcome code.
var declines = map[string]string{
	"insufficient funds":   "insufficient_funds",
	"expired card":         "expired_card",
	"card expired":         "expired_card",
	"card has expired":     "expired_card",
	"token expired":        "expired_card",
	"token not found":      "token_not_found",
	"invalid token":        "token_invalid",
	"token is invalid":     "token_invalid",
	"do not honor":         "do_not_honor",
	"do not honour":        "do_not_honor",
	"restricted card":      "restricted_card",
	"lost card":            "lost_card",
	"stolen card":          "stolen_card",
	"pick up card":         "pick_up_card",
	"transaction declined": "declined",
	"card declined":        "declined",
	"declined":             "declined",
	"transaction not permitted to cardholder": "not_permitted",
}

// normMessage is how an error message is compared.
func normMessage(msg string) string {
	return strings.TrimSuffix(strings.Join(strings.Fields(strings.ToLower(msg)), " "), ".")
}

// DefaultDeclineMessages lists the assumed decline messages.
func DefaultDeclineMessages() []string {
	var out []string
	for m := range declines {
		out = append(out, m)
	}
	return out
}

// declineCode looks msg up in the allow-list in force.
func (t *tables) declineCode(msg string) (string, bool) {
	code, ok := t.declines[normMessage(msg)]
	return code, ok
}

// tables are the assumed values in force for a client.
type tables struct {
	statuses providers.Statuses
	declines map[string]string // normalised message -> outcome code
}

var defaultTables = tables{statuses: defaultStatuses, declines: declines}

// newTables takes the options' overrides. A configured decline message
// keeps its default outcome code when it has one, else "declined".
func newTables(o Options) (tables, error) {
	t := defaultTables
	var err error
	if t.statuses, err = providers.Override(t.statuses, o.Statuses, normStatus); err != nil {
		return t, err
	}
	if o.DeclineMessages != nil {
		t.declines = map[string]string{}
		for _, m := range o.DeclineMessages {
			k := normMessage(m)
			if k == "" {
				return t, fmt.Errorf("an empty decline message")
			}
			code := declines[k]
			if code == "" {
				code = "declined"
			}
			t.declines[k] = code
		}
	}
	return t, nil
}
