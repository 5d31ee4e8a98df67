package screens

import "till/sale"

// refusalNote is what a confirmation of a sale paid in cash at the counter
// (a bill, a bank payout: the cashier takes the cash before confirming)
// says when the engine would refuse o now — limits, an unsettled sale to
// the same target, a supervisor needed, the provider not configured — so
// no cash is taken for a sale the till will not make. "" when it would be
// accepted. Pay and Vend check again.
func refusalNote(e *env, o sale.Order) string {
	if e.d.Engine == nil {
		return ""
	}
	err := e.d.Engine.CanPay(o)
	if err == nil {
		return ""
	}
	return "! Do NOT take the cash: " + sale.ErrorMessage(err)
}
