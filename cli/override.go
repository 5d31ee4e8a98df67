package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"till/sale"
	"till/screens"
)

// The supervisor overrides of the command line: each reads the
// supervisor's PIN from stdin (cashier.go: override) and journals the
// override before the action it allows.

// closeOverride decides how day d is closed: a day with no unresolved or
// refund-due sale closes as usual (by who); any other only with supervisor
// sup's override (their PIN from stdin), which is journaled first — the
// day is then closed by the supervisor, with the sales listed on the Z
// report. It returns whether to force the close and who closes it.
func (c *cli) closeOverride(t *till, d, sup, reason, who string) (bool, string, error) {
	r, err := t.Journal.DayReport(d)
	if err != nil {
		return false, who, err
	}
	if r.Closed != nil || !sale.CloseNeedsOverride(r) {
		return false, who, nil // CloseDay refuses a closed day itself
	}
	what := fmt.Sprintf("%d unresolved and %d refund-due sale(s)", len(r.Unresolved), len(r.RefundDue))
	if strings.TrimSpace(sup) == "" {
		return false, who, refuse(sale.CodeUnresolved, "cli.eod.needs_supervisor", d, len(r.Unresolved), len(r.RefundDue), exceptionRefs(r))
	}
	if strings.TrimSpace(reason) == "" {
		reason = "closed with " + what
	}
	ov, err := c.override(t, sale.ActionCloseDay, d, sup, reason)
	if err != nil {
		return false, who, err
	}
	c.tell(c.t("cli.eod.authorised", ov.Supervisor, d, len(r.Unresolved), len(r.RefundDue), ov.Seq))
	return true, ov.Supervisor, nil
}

// exceptionRefs names up to five of a report's unresolved and refund-due sales.
func exceptionRefs(r sale.DayReport) string {
	var refs []string
	for _, x := range append(append([]sale.Exception(nil), r.Unresolved...), r.RefundDue...) {
		if len(refs) == 5 {
			refs = append(refs, "…")
			break
		}
		refs = append(refs, string(x.Ref))
	}
	return strings.Join(refs, ", ")
}

// superviseOverride puts the supervisor's PIN in front of a settlement by
// hand (`till supervise`): on a till that keeps cashiers, --by names the
// supervisor, whose PIN is read from stdin, and the settlement goes through
// their override (sale.ActionSettle). A till without cashiers settles as
// before, on the --by given.
func (c *cli) superviseOverride(t *till, v *screens.Supervision) error {
	if !t.KeepsCashiers() {
		return nil
	}
	ov, err := c.override(t, sale.ActionSettle, string(v.Ref), v.By, v.Note)
	if err != nil {
		return err
	}
	v.Override, v.By = &ov, ov.Supervisor
	return nil
}

// reprintOverride puts a supervisor in front of a copy of a receipt with a
// PIN or token from an earlier day (sale.ReprintNeedsOverride), on a till
// that keeps cashiers: --supervisor names them, their PIN is read from
// stdin, and the override is journaled before the copy.
func (c *cli) reprintOverride(t *till, s sale.Sale, sup, reason string) error {
	today := c.now().In(t.Cfg.Till.Location()).Format(time.DateOnly)
	if !t.KeepsCashiers() || !sale.ReprintNeedsOverride(s, today) {
		return nil
	}
	if strings.TrimSpace(sup) == "" {
		return sale.Errorf(sale.CodeForbidden, "sale %s is from %s and its receipt carries a PIN or token: a supervisor authorises a copy: --supervisor ID [--reason TEXT], their PIN on stdin", s.Ref, s.Day)
	}
	if strings.TrimSpace(reason) == "" {
		reason = "copy of a receipt from " + s.Day
	}
	_, err := c.override(t, sale.ActionReprint, string(s.Ref), sup, reason)
	return err
}

// overrideFlags adds --supervisor and --reason to a sell command: a sale
// refused by the same-target guard or the per-sale limit, or a refund or
// cancel (sale.Limits.Supervised), is sold under that supervisor's
// override (their PIN is read from stdin).
func (c *cli) overrideFlags(fs *flag.FlagSet) (sup, reason *string) {
	sup = fs.String("supervisor", "", "sell a refund or cancel, or past the same-target guard or the per-sale limit, under this supervisor's `id` (their PIN is read from stdin)")
	reason = fs.String("reason", "", "with --supervisor: why (journaled)")
	return sup, reason
}

// sellAs sells o, under supervisor sup's override when one is named.
func (c *cli) sellAs(ctx context.Context, t *till, o sale.Order, sup, reason string) (sale.Sale, error) {
	ov, err := c.overrideFor(t, o, sup, reason)
	if err != nil {
		return sale.Sale{}, err
	}
	s, err := t.Engine.SellWith(ctx, o, sale.SellOptions{Override: ov})
	if ov == nil && sale.NeedsOverride(err) {
		err = c.overrideHint(t, err)
	}
	return s, err
}

// overrideFor is the supervisor's override o is sold under, asked for
// before anything is journaled or sent: none when sup is empty — but a
// kind never sold without one (a refund, a cancel) is refused at once,
// saying how to give it — else the override of the action the engine
// wants for o (Engine.OverrideAction), with supervisor sup's PIN read
// from stdin and reason journaled with it.
func (c *cli) overrideFor(t *till, o sale.Order, sup, reason string) (*sale.Override, error) {
	if strings.TrimSpace(sup) == "" {
		if err := t.Engine.Admit(o, nil); sale.ErrorCode(err) == sale.CodeSupervised {
			return nil, c.overrideHint(t, err)
		}
		return nil, nil
	}
	if strings.TrimSpace(reason) == "" {
		return nil, sale.Errorf(sale.CodeInvalid, "--supervisor needs --reason: it is journaled with the override")
	}
	ov, err := c.override(t, t.Engine.OverrideAction(o), sale.SellSubject(o), sup, reason)
	if err != nil {
		return nil, err
	}
	return &ov, nil
}

// overrideHint adds to a refusal a supervisor may override how to ask for
// the override on the command line.
func (c *cli) overrideHint(t *till, err error) error {
	how := "add --supervisor ID --reason TEXT to sell it under a supervisor's override; their PIN is read from stdin"
	if !t.KeepsCashiers() {
		how = "this till has no supervisor yet: add one with till cashier add --role supervisor, then " + how
	}
	return sale.Errorf(sale.ErrorCode(err), "%s (%s)", sale.ErrorMessage(err), how)
}

// refundOverride puts the supervisor's PIN in front of marking or settling
// a refund (`till payments refund|refunded`): on a till that keeps
// cashiers, *by names the supervisor, whose PIN is read from stdin; the
// override (sale.ActionRefund for ref) is journaled and *by becomes its
// supervisor. A till without cashiers goes on with the --by given.
func (c *cli) refundOverride(t *till, ref sale.Reference, by *string, note string) error {
	if !t.KeepsCashiers() {
		return nil
	}
	ov, err := c.override(t, sale.ActionRefund, string(ref), *by, note)
	if err != nil {
		return err
	}
	*by = ov.Supervisor
	return nil
}
