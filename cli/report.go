package cli

import (
	"context"
	"fmt"
	"time"

	"till/providers/oneflow"
	"till/receipts"
	"till/sale"
)

// How a sale ends on the command line: follow polls a sale the provider is
// still applying, report prints it and says what happens next. Every sale
// command ends with them.

// pollable reports whether the till can still learn a water sale's outcome
// from 1Flow: it is pending, or in doubt with a known recharge id.
func pollable(s sale.Sale) bool {
	return s.State == sale.StatePending || (s.State == sale.StateInDoubt && s.PendingID != "")
}

// follow polls a sale the provider is still applying through the engine
// (Engine.Follow: a status query, never a resend) while it is pending — or,
// for a 1Flow recharge, in doubt with a known recharge id (pollable) —
// until it settles, wait has passed or ctx ends, and returns it as it last
// was.
func (c *cli) follow(ctx context.Context, t *till, s sale.Sale, wait time.Duration) sale.Sale {
	followable := func(s sale.Sale) bool {
		return s.State == sale.StatePending || (s.Order.Provider == oneflow.ProviderName && pollable(s))
	}
	if wait <= 0 || !followable(s) {
		return s
	}
	if s.Order.Provider == oneflow.ProviderName {
		c.tell(c.t("cli.follow_water", s.Ref, s.PendingID, wait))
	} else {
		c.tell(c.t("cli.follow", s.Ref, providerName(s), wait))
	}
	return t.Engine.Follow(ctx, s, wait, followable, func(err error) { c.errorf("%s: %s", s.Ref, c.said(err)) })
}

// providerName is the provider of s as people call it.
func providerName(s sale.Sale) string {
	switch s.Order.Provider {
	case sale.ProviderFlowix:
		return "Flowix"
	case oneflow.ProviderName:
		return "1Flow"
	}
	return s.Order.Provider
}

// report prints a sale's receipt (or JSON) to stdout and its state to
// stderr — in the provider's words where they differ (water: sayWater) —
// and returns the exit code of its state.
func (c *cli) report(t *till, s sale.Sale, asJSON bool) int {
	if asJSON {
		c.printJSON(recordOf(s))
	} else if s.State == sale.StateDelivered || s.State.Unresolved() {
		text, err := receipts.Render(s, t.receiptOptions(0))
		if err != nil {
			c.errorf("receipt: %v", err)
		} else {
			fmt.Fprint(c.stdout, text)
		}
	}
	c.afterSale(t, s) // print.go: print, open the drawer; a failure is reported, the sale stands
	if s.Order.Provider == oneflow.ProviderName {
		c.sayWater(s)
	} else {
		c.say(s)
	}
	if what, key, args := sale.GiveBackKeyed(s); what != "" { // sale/drawer.go: what the cashier does about the payment
		c.tell(c.lang().Tf("cli.give_back."+key, args...)) // the English is what.
	}
	return exitForSale(s)
}

// say is what a sale's state means for the cashier.
func (c *cli) say(s sale.Sale) {
	switch s.State {
	case sale.StateDelivered:
		c.tell(c.t("cli.delivered", s.Ref))
	case sale.StateDeclined:
		c.tell(c.t("cli.declined", s.Ref, c.outcome(s.Outcome.Message)))
	case sale.StateNotSent:
		c.tell(c.t("cli.not_sent", s.Ref, c.outcome(s.Outcome.Message)))
	case sale.StatePending:
		c.tell(c.t("cli.pending", s.Ref))
	default:
		// "lost" only when no answer arrived: an answer that did arrive
		// (an unknown code, a server error) is quoted as it was.
		why := c.outcome(s.Outcome.Message)
		if why == "" {
			why = c.t("cli.no_answer", s.Outcome.Code)
		}
		c.tell(c.t("cli.unresolved", s.Ref, s.State, why))
	}
}

// sayWater is say for a 1Flow recharge, which carries no reference the
// till could resend: in doubt without a recharge id, only a supervisor
// settles it.
func (c *cli) sayWater(s sale.Sale) {
	switch {
	case s.State == sale.StateDelivered:
		c.tell(c.t("cli.water.delivered", s.Ref, s.PendingID))
	case s.State == sale.StateDeclined:
		c.tell(c.t("cli.declined", s.Ref, c.outcome(s.Outcome.Message)))
	case s.State == sale.StateNotSent:
		c.tell(c.t("cli.water.not_sent", s.Ref, c.outcome(s.Outcome.Message)))
	case pollable(s):
		c.tell(c.t("cli.water.applying", s.Ref, s.State, s.PendingID))
	default:
		c.errorf("%s %s: %s", s.Ref, c.t("state."+string(s.State)), c.outcome(s.Outcome.Message))
		c.tell(c.t("cli.water.no_resend"))
		c.tell(c.t("cli.water.supervise", s.Ref))
	}
}
