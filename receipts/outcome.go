package receipts

import "till/sale"

// outcome prints how the sale ended, in words a customer understands. Only a
// delivered sale is called successful; anything the till cannot yet prove
// says so, so that nobody sells the same value twice.
func outcome(p *page, s sale.Sale) {
	heading, note := status(s)
	p.rule('=')
	for _, h := range heading {
		p.center(h, true)
	}
	p.rule('=')
	for _, n := range note {
		p.text(n)
	}
}

// status returns the outcome's heading lines and the sentences under them.
func status(s sale.Sale) (heading, note []string) {
	again := "Do not buy again for this " + targetNoun(s.Order.Target.Kind) + " until it is confirmed."
	switch s.State {
	case sale.StateDelivered:
		return []string{"SUCCESSFUL"}, nil
	case sale.StateDeclined:
		return []string{"DECLINED"}, []string{reason(s.Outcome), "No value was delivered."}
	case sale.StateNotSent:
		return []string{"NOT SENT"}, []string{"The sale was not sent to the provider. No value was delivered."}
	case sale.StatePending:
		return []string{"PROCESSING"}, []string{
			"The provider is still processing this sale. " + again + " Keep this slip.",
		}
	}
	// NEW, SENDING, IN_DOUBT, NEEDS_SUPERVISOR and anything unknown: the
	// value may or may not have been delivered.
	return []string{"PENDING CONFIRMATION", "DO NOT RESELL"}, []string{
		"The value may or may not have been delivered. The shop is confirming it with the provider. " +
			again + " Keep this slip.",
	}
}

// reason is the provider's explanation of a decline.
func reason(o sale.Outcome) string {
	switch {
	case clean(o.Message) != "":
		return "Reason: " + o.Message
	case clean(o.Code) != "":
		return "Reason: code " + o.Code
	}
	return ""
}
