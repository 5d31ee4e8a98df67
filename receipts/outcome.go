package receipts

import (
	"till/i18n"
	"till/sale"
)

// outcome prints how the sale ended, in words a customer understands. Only a
// delivered sale is called successful; anything the till cannot yet prove
// says so, so that nobody sells the same value twice.
func outcome(p *page, s sale.Sale) {
	heading, note := status(p.lang, s)
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
func status(l i18n.Lang, s sale.Sale) (heading, note []string) {
	again := l.T("outcome.again", targetNoun(l, s.Order.Target.Kind))
	switch s.State {
	case sale.StateDelivered:
		return []string{l.T("outcome.delivered")}, nil
	case sale.StateDeclined:
		return []string{l.T("outcome.declined")}, []string{reason(l, s.Outcome), l.T("outcome.nothing")}
	case sale.StateNotSent:
		return []string{l.T("outcome.not_sent")}, []string{l.T("outcome.not_sent_is")}
	case sale.StatePending:
		return []string{l.T("outcome.processing")}, []string{l.T("outcome.processing_is", again)}
	}
	// NEW, SENDING, IN_DOUBT, NEEDS_SUPERVISOR and anything unknown: the
	// value may or may not have been delivered.
	return []string{l.T("outcome.pending"), l.T("outcome.no_resell")}, []string{l.T("outcome.pending_is", again)}
}

// reason is the provider's explanation of a decline.
func reason(l i18n.Lang, o sale.Outcome) string {
	switch {
	case clean(o.Message) != "":
		return l.T("outcome.reason", o.Message)
	case clean(o.Code) != "":
		return l.T("outcome.reason_code", o.Code)
	}
	return ""
}
