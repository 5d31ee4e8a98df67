package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"till/receipts"
	"till/sale"
)

// The cash drawer on the command line (README "The cash drawer"):
//
//	till drawer [--json]                                  the drawer now, by currency
//	till drawer float AMOUNT [--reason TEXT]              the opening float
//	till drawer drop AMOUNT --reason TEXT [--supervisor ID]
//	till drawer paid-in AMOUNT --reason TEXT
//
// AMOUNT is "200.00" in --currency (default ZAR) or "IDR:50000". Each is
// journaled by the engine (sale.Engine.MoveCash) with who did it; bad input
// is refused before the journal is opened and journals nothing. A drop of
// more than the cash expected needs a supervisor's override (their PIN is
// read from stdin).

// drawerMoves are the moves of the subcommands.
var drawerMoves = map[string]sale.CashMoveKind{"float": sale.CashFloat, "drop": sale.CashDrop, "paid-in": sale.CashPaidIn}

func (c *cli) drawerMove(sub string, args []string) int {
	fs := c.flags("drawer " + sub)
	reason := fs.String("reason", "", "why (required for a drop or a paid-in; journaled)")
	cur := fs.String("currency", string(sale.ZAR), "the `currency` of AMOUNT when it does not say (ZAR, KES, IDR…)")
	by := fs.String("by", "", "who does it (default: the signed-in cashier, else $USER)")
	var sup *string
	if sub == "drop" {
		sup = fs.String("supervisor", "", "a drop of more than the cash expected: the supervisor `id` who authorises it (their PIN is read from stdin)")
	}
	amount, rest := splitPositional(args)
	if len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' && (args[0][1] >= '0' && args[0][1] <= '9' || args[0][1] == '.') {
		amount, rest = args[0], args[1:] // a negative amount, refused below with its reason
	}
	if !c.parse(fs, rest, 0) {
		return exitUsage
	}
	kind := drawerMoves[sub]
	m, err := sale.ParseCashAmount(amount, sale.Currency(strings.ToUpper(*cur)))
	if err != nil {
		c.tell(c.t("cli.drawer.amount_bad", sub, c.said(err)))
		return exitUsage
	}
	if kind != sale.CashFloat && strings.TrimSpace(*reason) == "" {
		c.tell(c.t("cli.drawer.reason", sub))
		return exitUsage
	}
	t, code := c.openJournalFor(c.t("cli.drawer.locked"))
	if t == nil {
		return code
	}
	defer t.Close()
	req := sale.CashRequest{Kind: kind, Amount: m, Reason: *reason, By: c.drawerWho(*by, t)}
	eng := drawerEngine(t)
	ev, err := eng.MoveCash(req)
	if sale.ErrorCode(err) == sale.CodeSupervised && kind == sale.CashDrop {
		if sup == nil || strings.TrimSpace(*sup) == "" {
			return c.fail(refuse(sale.CodeSupervised, "cli.drawer.add_supervisor", c.said(err)))
		}
		ov, oerr := c.override(t, sale.ActionDrop, sale.DropSubject(m), *sup, *reason) // cashier.go
		if oerr != nil {
			return c.fail(oerr)
		}
		req.Override = &ov
		ev, err = eng.MoveCash(req)
	}
	if err != nil {
		return c.fail(err)
	}
	c.tell(c.t("cli.drawer.moved", c.t("cli.drawer.kind."+string(kind)), m, ev.Seq, ev.Day, ev.By))
	return c.drawerPrint(t, false)
}

// drawerWho is who a drawer move is by: --by, else the signed-in cashier,
// else the login name.
func (c *cli) drawerWho(by string, t *till) string {
	if s := strings.TrimSpace(by); s != "" {
		return s
	}
	if t.Cashier != "" {
		return t.Cashier
	}
	return c.who("", t)
}

func (c *cli) drawerShow(args []string) int {
	fs := c.flags("drawer")
	asJSON := fs.Bool("json", false, "print the drawer as JSON")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	t, code := c.openJournalFor(c.t("cli.drawer.locked"))
	if t == nil {
		return code
	}
	defer t.Close()
	return c.drawerPrint(t, *asJSON)
}

// drawerJSON is `till drawer --json`: the drawer of the current business
// day, each total a list of {"minor", "currency"}.
type drawerJSON struct {
	Day       string       `json:"day"`
	Float     []sale.Money `json:"float"`
	PaidIn    []sale.Money `json:"paid_in"`
	CashIn    []sale.Money `json:"cash_in"`
	CashOut   []sale.Money `json:"cash_out"`
	Drops     []sale.Money `json:"drops"`
	Cash      []sale.Money `json:"cash"`
	CashHeld  []sale.Money `json:"cash_held,omitempty"`
	GivenBack []sale.Money `json:"given_back,omitempty"`
	Cashiers  []sale.Group `json:"cashiers"`
}

// drawerPrint prints the drawer now: stdout gets the table (or JSON).
func (c *cli) drawerPrint(t *till, asJSON bool) int {
	r, err := drawerEngine(t).Drawer()
	if err != nil {
		return c.fail(err)
	}
	if asJSON {
		c.printJSON(drawerJSON{Day: r.Day, Float: r.Float, PaidIn: r.PaidIn, CashIn: r.CashIn, CashOut: r.CashOut,
			Drops: r.Drops, Cash: r.Cash, CashHeld: r.CashHeld, GivenBack: r.GivenBack, Cashiers: nonNil(r.DrawerByCashier)})
		return exitOK
	}
	fmt.Fprintln(c.stdout, c.t("cli.drawer.title", r.Day))
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	var head []string
	for _, col := range []string{"currency", "float", "paid_in", "cash_in", "cash_out", "drops", "expected"} {
		head = append(head, c.t("cli.drawer.col."+col)+"\t")
	}
	fmt.Fprintln(tw, strings.Join(head, ""))
	for _, d := range receipts.DrawerTotals(r) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", d.Currency, d.Float.Plain(), d.PaidIn.Plain(), d.CashIn.Plain(),
			d.CashOut.Plain(), d.Drops.Plain(), d.Expected.Plain())
	}
	tw.Flush()
	if len(r.Cash) == 0 {
		fmt.Fprintln(c.stdout, c.t("cli.drawer.empty"))
	}
	return exitOK
}

func nonNil(gs []sale.Group) []sale.Group {
	if gs == nil {
		return []sale.Group{}
	}
	return gs
}

// drawerEngine is the engine that journals drawer events: the till's, or
// on a till opened without providers (the drawer works offline) one over
// its journal that sells nothing.
func drawerEngine(t *till) *sale.Engine {
	return t.Engine // wire: over the journal alone when opened without providers
}
