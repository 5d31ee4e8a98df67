package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"

	"till/printer"
	"till/providers/flowix"
	"till/sale"
	"till/screens"
	"till/ui"
)

// The Flowix commands (Indonesia, amounts in whole rupiah):
//
//	till sell pulsa --service CODE --target NUMBER [--wait D] [--json]
//	till deposit    --amount 50000 [--method QRIS] [--fee-by-customer] [--wait D] [--json]
//	till bill check --service CODE --customer NO [--json]
//	till bill pay   --service CODE --customer NO [--inquiry ID] [--amount A] [--wait D] [--json]
//	till payout     --bank CODE --account NO --amount A [--name NAME] [--wait D] [--json]
//
// Every money call goes through Engine.Sell (journaled first). Exit codes
// are ARCHITECTURE.md §4's: 0 delivered, 1 declined or not sent (for a bill
// check: Flowix refused or could not be reached), 2 bad input, 3 pending or
// in doubt, 4 journal unavailable.

// defaultFlowixWait is how long a pulsa, bill or payout PENDING at Flowix
// is followed before the command reports it (exit 3).
const defaultFlowixWait = 30 * time.Second

// openFlowix opens the till with its providers and checks Flowix is
// configured.
func (c *cli) openFlowix(cmd string) (*till, int) {
	t, code := c.open(false)
	if t == nil {
		return nil, code
	}
	if t.Flowix == nil {
		t.Close()
		c.tell(c.t("cli.fx.not_configured", cmd))
		return nil, exitUsage
	}
	return t, exitOK
}

// waitFlag adds --wait to fs.
func waitFlag(fs *flag.FlagSet, def time.Duration) *time.Duration {
	return fs.Duration("wait", def, "follow a PENDING sale for up to this `long` (e.g. 30s, 0 = report at once)")
}

// flowixReportFlags adds how a Flowix sale command reports (c.report):
// --wait, following a PENDING sale for up to defaultFlowixWait, and --json.
func flowixReportFlags(fs *flag.FlagSet) (wait *time.Duration, asJSON *bool) {
	return waitFlag(fs, defaultFlowixWait), fs.Bool("json", false, "print the sale as JSON instead of the receipt")
}

// sellPulsa is `till sell pulsa`: a Flowix prepaid service (pulsa, data, a
// PLN token, game credit) to a number, meter or game id, with our reference
// as Flowix's ref_id, followed while Flowix processes it.
func (c *cli) sellPulsa(args []string) int {
	fs := c.flags("sell pulsa")
	service := fs.String("service", "", "Flowix service `code` (TSEL10, PLN20, ML86, …)")
	target := fs.String("target", "", "the customer's mobile `number` (0812…), PLN meter or game id")
	wait, asJSON := flowixReportFlags(fs)
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	if *service == "" || *target == "" || *wait < 0 {
		c.tell(c.t("cli.pulsa.required"))
		return exitUsage
	}
	t, code := c.openFlowix("sell pulsa")
	if t == nil {
		return code
	}
	defer t.Close()
	ctx, stop := signalContext()
	defer stop()
	p, code := c.flowixService(ctx, t, sale.KindPulsa, *service)
	if code != exitOK {
		return code
	}
	number, tkind, err := screens.PulsaTarget(p, *target)
	if err != nil {
		return c.fail(err)
	}
	s, err := t.Engine.Sell(ctx, sale.Order{
		Provider: flowix.ProviderName, Kind: sale.KindPulsa, Product: p.Code, ProductName: p.Name,
		Target: sale.Target{Kind: tkind, Value: number}, Amount: p.Price,
		Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: t.Cashier,
	})
	if err != nil && s.Ref == "" {
		return c.fail(err)
	}
	return c.report(t, c.follow(ctx, t, s, *wait), *asJSON)
}

// flowixService finds an available service of kind k in the Flowix
// catalogue (fresh, or cached when Flowix cannot be reached).
func (c *cli) flowixService(ctx context.Context, t *till, k sale.Kind, code string) (sale.Product, int) {
	cat, err := t.Engine.Catalogue(ctx, flowix.ProviderName, true)
	if err != nil && len(cat.Products) == 0 {
		return sale.Product{}, c.fail(err)
	} else if err != nil {
		c.tell(c.t("cli.fx.stale", c.said(err), cat.FetchedAt.Format(time.DateTime)))
	}
	var codes []string
	for _, p := range cat.Products {
		if p.Kind != k {
			continue
		}
		if strings.EqualFold(p.Code, code) {
			if !p.Active {
				c.tell(c.t("cli.fx.inactive", p.Code, p.Name))
				return p, exitUsage
			}
			return p, exitOK
		}
		if p.Active {
			codes = append(codes, p.Code)
		}
	}
	c.tell(c.t("cli.fx.no_service", code, strings.Join(codes, ", ")))
	return sale.Product{}, exitUsage
}

// deposit is `till deposit`: a QRIS (or virtual account) deposit of the
// amount into the shop's Flowix balance. The QR code is printed as text,
// after its payload is checked (EMVCo TLV and CRC); the command exits 3
// while the deposit is waiting to be paid, unless --wait sees it paid.
func (c *cli) deposit(args []string) int {
	fs := c.flags("deposit")
	amount := fs.String("amount", "", "amount in rupiah, e.g. 50000")
	method := fs.String("method", "QRIS", "deposit method `code` (QRIS, QRISFAST, BCAVA, …)")
	feeByCustomer := fs.Bool("fee-by-customer", false, "the customer pays the fee on top (default: it comes off the deposit)")
	wait := waitFlag(fs, 0)
	asJSON := fs.Bool("json", false, "print the sale as JSON")
	toPrinter := fs.Bool("print", false, "also print the QR code on the [printer], for the customer to scan")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	money, err := sale.ParseMoney(*amount, sale.IDR)
	if err != nil || *wait < 0 {
		c.tell(c.t("cli.deposit.amount", c.amountWhy(err)))
		return exitUsage
	}
	t, code := c.openFlowix("deposit")
	if t == nil {
		return code
	}
	defer t.Close()
	var prn *printer.Printer
	if *toPrinter {
		if prn, err = t.printer(); err != nil { // before anything is created
			return c.fail(err)
		}
	}
	ctx, stop := signalContext()
	defer stop()
	methods, err := t.FlowixAPI().DepositMethods(ctx)
	if err != nil {
		c.errorf("deposit: %s", c.said(err))
		return exitDeclined
	}
	var dm screens.FlowixDepositMethod
	var codes []string
	for _, m := range methods {
		codes = append(codes, m.Code)
		if strings.EqualFold(m.Code, *method) {
			dm = m
		}
	}
	switch {
	case dm.Code == "":
		c.tell(c.t("cli.deposit.no_method", *method, strings.Join(codes, ", ")))
		return exitUsage
	case dm.Min.Minor > 0 && money.Minor < dm.Min.Minor, dm.Max.Minor > 0 && money.Minor > dm.Max.Minor:
		c.tell(c.t("cli.deposit.range", dm.Name, dm.Min, dm.Max))
		return exitUsage
	}
	fee := "false"
	if *feeByCustomer {
		fee = "true"
	}
	s, err := t.Engine.Sell(ctx, sale.Order{
		Provider: flowix.ProviderName, Kind: sale.KindDeposit, Product: dm.Code, ProductName: dm.Name, Amount: money,
		Cashier: t.Cashier, Params: map[string]string{flowix.ParamMethod: dm.Code, flowix.ParamFeeByCustomer: fee},
	})
	if err != nil && s.Ref == "" {
		return c.fail(err)
	}
	if s.State == sale.StatePending && !*asJSON {
		c.printDeposit(s)
	}
	if s.State == sale.StatePending && prn != nil {
		c.printDepositCode(t, prn, s) // print.go
	}
	if s.State == sale.StatePending && *wait > 0 {
		c.tell(c.t("cli.deposit.waiting", s.PendingID, *wait))
		s = c.follow(ctx, t, s, *wait)
	}
	if s.State == sale.StatePending {
		if *asJSON {
			c.printJSON(recordOf(s))
		}
		c.tell(c.t("cli.deposit.pending", s.Ref, s.PendingID))
		return exitInDoubt
	}
	return c.report(t, s, *asJSON)
}

// printDeposit prints what the customer must pay: the QR code drawn as
// text (only after its payload passed the EMVCo and CRC check, and asks
// for the total), or the virtual account to pay into, with the amounts,
// the reference and the expiry.
func (c *cli) printDeposit(s sale.Sale) {
	items := s.Outcome.Items
	item := func(label string) string {
		for _, it := range items {
			if it.Label == label {
				return ui.Clean(it.Value)
			}
		}
		return ""
	}
	if payload := item(flowix.ItemQRIS); payload != "" {
		q, err := flowix.ParseQRIS(payload)
		switch {
		case err != nil:
			c.tell(c.t("cli.qr.bad", err, s.PendingID))
		case q.Amount.Minor != 0 && q.Amount.String() != item(flowix.ItemTotal):
			c.tell(c.t("cli.qr.amount", q.Amount, item(flowix.ItemTotal), s.PendingID))
		default:
			color := os.Getenv("NO_COLOR") == ""
			if f, ok := c.stdout.(*os.File); !ok || !term.IsTerminal(f.Fd()) {
				color = false
			}
			if code, err := ui.QR(payload, ui.QRHalf, false, !color); err == nil {
				fmt.Fprintln(c.stdout, code.String())
			}
			fmt.Fprintf(c.stdout, "%-17s %s, %s\n", c.t("cli.qr.scan"), q.MerchantName, q.MerchantCity)
		}
	}
	for _, l := range []string{flowix.ItemVANumber, flowix.ItemBank, flowix.ItemAccountName, flowix.ItemAmount,
		flowix.ItemFee, flowix.ItemTotal, flowix.ItemDeposit} {
		if v := item(l); v != "" {
			fmt.Fprintf(c.stdout, "%-17s %s\n", c.lang().Label(l), v)
		}
	}
	if t, err := time.Parse(time.RFC3339, item(flowix.ItemExpires)); err == nil {
		if z := c.shopZone(); z != nil {
			t = t.In(z) // the shop's clock: WIB, not "+0700"
		}
		fmt.Fprintf(c.stdout, "%-17s %s\n", c.lang().Label("Expires"), t.Format("2006-01-02 15:04:05 MST"))
	}
	fmt.Fprintf(c.stdout, "%-17s %s\n", c.t("cli.qr.sale"), s.Ref)
	if s.Outcome.Code == "unusable" {
		c.tell(c.outcome(s.Outcome.Message))
	}
}
