package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"till/config"
	"till/wire"

	"till/backoffice"
	"till/receipts"
	"till/sale"
)

// cli carries what every subcommand needs.
type cli struct {
	configPath string
	stdin      io.Reader
	stdout     io.Writer
	stderr     io.Writer
	env        env
	clock      func() time.Time // Env.Now
	// cashierID is --cashier: who the command acts as, after their PIN;
	// lines reads PINs from stdin a line at a time (cli_cashier.go).
	cashierID string
	lines     *bufio.Reader
	// demo is --demo: the demo journal and the embedded sandbox, whatever
	// config exists; demoFallback lets the TUI open the demo when no config
	// is found (mode.go).
	demo, demoFallback bool
	// printSlip is `till sell … --print` (cli_print_code.go).
	printSlip bool
	// held and client are set when the command runs inside a running till
	// for a command line on its back-office socket (backoffice_cli.go).
	held   *till
	client *backoffice.Session
	// helped is set when a command only printed its help (cli_help.go).
	helped bool
	// zone is the shop's time zone once the config is read, for --json
	// (cli_json.go).
	zone *time.Location
}

// now is the command's clock (Env.Now).
func (c *cli) now() time.Time {
	if c.clock == nil {
		return time.Now()
	}
	return c.clock()
}

func (c *cli) errorf(format string, args ...any) {
	fmt.Fprintf(c.stderr, "till: "+format+"\n", args...)
}

// fail prints err and returns its exit code.
func (c *cli) fail(err error) int {
	if errors.Is(err, wire.ErrLocked) {
		if who := c.runningTill(); who != "" { // backoffice_cli.go
			c.errorf("the journal is in use by %s: do this at that till, or close it first", who)
			return exitJournal
		}
		c.errorf("%v: close that till, or wait for the command that holds it to finish", err)
		return exitJournal
	}
	var ce *config.Error
	var se *sale.Error
	if errors.As(err, &ce) {
		c.errorf("%s", ce.Message())
	} else if !errors.As(err, &se) && exitFor(err) == exitJournal {
		c.errorf("%v", err) // store's own errors: a message for a person, not an internal error
	} else if exitFor(err) == exitDeclined && sale.ErrorCode(err) == sale.CodeUnavailable {
		c.errorf("NOT SENT: %s (nothing was journaled or sent; it is safe to try again)", sale.ErrorMessage(err))
	} else {
		c.errorf("%s", sale.ErrorMessage(err))
	}
	return exitFor(err)
}

// flags returns a flag set for a subcommand whose parse errors exit 2.
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("till "+name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {} // --help: cli_help.go
	return fs
}

// parse parses a subcommand's flags, refusing stray arguments unless
// positional is set. It returns false (and has printed why) on bad input.
func (c *cli) parse(fs *flag.FlagSet, args []string, positional int) bool {
	if err := c.parseFlags(fs, args); err != nil { // cli_help.go: --help, flags given twice
		return false
	}
	if fs.NArg() > positional {
		c.errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(positional))
		return false
	}
	return true
}

// signalContext is cancelled on SIGINT/SIGTERM so an interrupted send is
// recorded in doubt instead of being lost mid-flight.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// sell is `till sell KIND ...`.
func (c *cli) sell(args []string) int {
	if len(args) == 0 {
		c.errorf("sell: what? try: till sell airtime --mobile 0821234567 --amount 10.00")
		return exitUsage
	}
	args = c.takePrintFlag(args) // cli_print_code.go
	switch args[0] {
	case "airtime":
		return c.sellAirtime(args[1:])
	case "water":
		return c.sellWater(args[1:]) // cli_water.go
	case "pulsa":
		return c.sellPulsa(args[1:]) // cli_flowix.go
	case "electricity", "1voucher", "giftvoucher", "eezi", "cashout":
		return c.sellFlash(args[0], args[1:]) // cli_flash.go
	default:
		c.errorf("sell: unknown product kind %q (this till sells: airtime, electricity, 1voucher, giftvoucher, eezi, cashout, water, pulsa)", args[0])
		return exitUsage
	}
}

func (c *cli) sellAirtime(args []string) int {
	fs := c.flags("sell airtime")
	mobile := fs.String("mobile", "", "mobile `number` (0821234567, +27 82 123 4567 or 27821234567)")
	amount := fs.String("amount", "", "amount in rand, e.g. 10.00")
	product := fs.String("product", "", "Flash product `code` (default: the network guessed from the number)")
	asJSON := fs.Bool("json", false, "print the sale as JSON instead of the receipt")
	sup, reason := c.overrideFlags(fs) // cli_cashier.go: --supervisor, --reason
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	// Everything the cashier typed is checked before the journal is opened.
	if *mobile == "" || *amount == "" {
		c.errorf("sell airtime: --mobile and --amount are required")
		return exitUsage
	}
	msisdn, err := sale.NormalizeMobileZA(*mobile)
	if err != nil {
		return c.fail(err)
	}
	money, err := sale.ParseMoney(*amount, sale.ZAR)
	if err != nil {
		c.errorf("sell airtime: --amount: %v", err)
		return exitUsage
	}
	t, code := c.open(false)
	if t == nil {
		return code
	}
	defer t.Close()
	if t.Cfg.Flash == nil {
		c.errorf("sell airtime: Flash is not configured: add a [flash] table to %s", t.Cfg.Path)
		return exitUsage
	}
	ctx, stop := signalContext()
	defer stop()
	cat, err := t.Engine.Catalogue(ctx, "flash", true)
	if err != nil && len(cat.Products) == 0 {
		return c.fail(err)
	} else if err != nil {
		c.errorf("warning: %s; using the catalogue from %s", sale.ErrorMessage(err), cat.FetchedAt.Format(time.DateTime))
	}
	p, err := pickAirtime(cat, *product, msisdn)
	if err != nil {
		return c.fail(err)
	}
	if err := p.Allows(money); err != nil {
		return c.fail(err)
	}
	s, err := c.sellAs(ctx, t, sale.Order{
		Provider: "flash", Kind: sale.KindAirtime, Product: p.Code, ProductName: p.Name,
		Target: sale.Target{Kind: sale.TargetMobile, Value: msisdn},
		Amount: money, Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: t.Cashier,
	}, *sup, *reason)
	if err != nil && s.Ref == "" {
		return c.fail(err)
	}
	return c.report(t, s, *asJSON)
}

// pickAirtime chooses the airtime product: by code, or by the network the
// number's prefix belongs to (numbers can be ported, so the cashier can
// always name the product).
func pickAirtime(cat sale.Catalogue, code, msisdn string) (sale.Product, error) {
	var airtime []sale.Product
	for _, p := range cat.Products {
		if p.Kind == sale.KindAirtime && p.Active {
			airtime = append(airtime, p)
		}
	}
	if code != "" {
		if msg := flashNotSold(cat, sale.KindAirtime, code); msg != "" { // cli_flash.go
			return sale.Product{}, sale.Errorf(sale.CodeInvalid, "%s; nothing was sent", msg)
		}
		for _, p := range airtime {
			if p.Code == code {
				return p, nil
			}
		}
		return sale.Product{}, sale.Errorf(sale.CodeInvalid, "no active airtime product %q in the catalogue (%s)", code, productCodes(airtime))
	}
	if len(airtime) == 0 {
		return sale.Product{}, sale.Errorf(sale.CodeInvalid, "the Flash catalogue has no active airtime product%s", flashUnmapped(cat))
	}
	network := sale.NetworkOfMobileZA(msisdn) // the TUI's airtime flow proposes the same
	for _, p := range airtime {
		if network != "" && strings.EqualFold(p.Brand, network) {
			return p, nil
		}
	}
	return sale.Product{}, sale.Errorf(sale.CodeInvalid, "cannot tell the network of %s: name the product with --product (%s)", msisdn, productCodes(airtime))
}

func productCodes(ps []sale.Product) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = %s", p.Code, p.Name)
	}
	return b.String()
}

// report prints a sale's receipt (or JSON) to stdout and its state to
// stderr, and returns the exit code of its state.
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
	c.afterSale(t, s) // cli_print_code.go: print, open the drawer; a failure is reported, the sale stands
	switch s.State {
	case sale.StateDelivered:
		c.errorf("%s DELIVERED", s.Ref)
	case sale.StateDeclined:
		c.errorf("%s DECLINED: %s", s.Ref, s.Outcome.Message)
	case sale.StateNotSent:
		c.errorf("%s NOT SENT: %s (nothing reached the provider; it is safe to sell again)", s.Ref, s.Outcome.Message)
	case sale.StatePending:
		c.errorf("%s PENDING: the provider accepted it and is still processing; the till will follow it up", s.Ref)
	default:
		// "lost" only when no answer arrived: an answer that did arrive
		// (an unknown code, a server error) is quoted as it was.
		why := s.Outcome.Message
		if why == "" {
			why = "no answer arrived (" + s.Outcome.Code + ")"
		}
		c.errorf("%s %s: %s It is journaled and will be settled with the same reference: do NOT sell again; run `till resolve`",
			s.Ref, s.State, why)
	}
	if what := sale.GiveBack(s); what != "" { // sale/drawer.go: what the cashier does about the payment
		c.errorf("%s", what)
	}
	return exitForSale(s)
}

// record is the stable JSON form of a sale on the command line.
type record struct {
	Reference   string      `json:"reference"`
	Store       string      `json:"store"`
	Terminal    string      `json:"terminal"`
	Day         string      `json:"day"`
	State       sale.State  `json:"state"`
	Provider    string      `json:"provider"`
	Kind        sale.Kind   `json:"kind"`
	Product     string      `json:"product,omitempty"`
	ProductName string      `json:"product_name,omitempty"`
	Target      string      `json:"target,omitempty"`
	Amount      string      `json:"amount"`
	Currency    string      `json:"currency"`
	Attempts    int         `json:"attempts"`
	ProviderRef string      `json:"provider_ref,omitempty"`
	Code        string      `json:"code,omitempty"`
	Message     string      `json:"message,omitempty"`
	Said        string      `json:"provider_message,omitempty"`
	Items       []sale.Item `json:"items,omitempty"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
	NextTry     *time.Time  `json:"next_try,omitempty"`
	Reprints    int         `json:"reprints,omitempty"`
}

func recordOf(s sale.Sale) record {
	r := record{
		Reference: string(s.Ref), Store: s.StoreID, Terminal: s.TerminalID, Day: s.Day, State: s.State,
		Provider: s.Order.Provider, Kind: s.Order.Kind, Product: s.Order.Product, ProductName: s.Order.ProductName,
		Target: s.Order.Target.Value, Amount: s.Order.Amount.Plain(), Currency: string(s.Order.Amount.Currency),
		Attempts: s.Attempts, ProviderRef: s.ProviderRef, Code: s.Outcome.Code, Message: s.Outcome.Message, Said: s.Outcome.ProviderMessage,
		Items: s.Outcome.Items, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, Reprints: s.Reprints,
	}
	if s.State.Unresolved() && !s.NextTry.IsZero() {
		nt := s.NextTry
		r.NextTry = &nt
	}
	return r
}

// journal is `till journal list|show`.
func (c *cli) journal(args []string) int {
	if len(args) == 0 {
		c.errorf("journal: list or show? e.g. till journal list --day 2026-11-23")
		return exitUsage
	}
	switch args[0] {
	case "list":
		return c.journalList(args[1:])
	case "show":
		return c.journalShow(args[1:])
	case "new":
		return c.journalNew(args[1:]) // cli_continuity.go
	case "adopt":
		return c.journalAdopt(args[1:]) // cli_continuity.go
	}
	c.errorf("journal: unknown subcommand %q (list, show, new or adopt)", args[0])
	return exitUsage
}

func (c *cli) journalList(args []string) int {
	fs := c.flags("journal list")
	day := fs.String("day", "", "business `day` YYYY-MM-DD (default: today; \"all\" for every day)")
	status := fs.String("status", "", "only sales in this state (DELIVERED, IN_DOUBT, …)")
	asJSON := fs.Bool("json", false, "print JSON")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	q := sale.Query{}
	if *status != "" {
		st, err := sale.ParseState(*status)
		if err != nil {
			return c.fail(err)
		}
		q.State = st
	}
	if *day != "" && *day != "all" {
		if _, err := time.Parse(time.DateOnly, *day); err != nil {
			c.errorf("journal list: --day %q is not a date like 2026-11-23", *day)
			return exitUsage
		}
		q.Day = *day
	}
	t, code := c.openJournalOnly()
	if t == nil {
		return code
	}
	defer t.Close()
	if *day == "" {
		// Today's business day: after a Z report, new sales belong to the next.
		d, err := t.Journal.BusinessDay(time.Now())
		if err != nil {
			return c.fail(err)
		}
		q.Day = d
	}
	sales, err := t.Journal.List(q)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		recs := make([]record, 0, len(sales))
		for _, s := range sales {
			recs = append(recs, maskRecord(recordOf(s)))
		}
		c.printJSON(recs)
		return exitOK
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tREFERENCE\tKIND\tTARGET\tAMOUNT\tSTATE")
	for _, s := range sales {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.CreatedAt.In(t.Cfg.Till.Location()).Format("15:04:05"), s.Ref,
			s.Order.Kind, s.Order.Target.Masked(), s.Order.Amount, s.State)
	}
	tw.Flush()
	fmt.Fprintf(c.stderr, "%d sale(s)\n", len(sales))
	return exitOK
}

func (c *cli) journalShow(args []string) int {
	fs := c.flags("journal show")
	asJSON := fs.Bool("json", false, "print JSON")
	ref, rest := splitPositional(args)
	if !c.parse(fs, rest, 0) {
		return exitUsage
	}
	if ref == "" {
		c.errorf("journal show: which reference? e.g. till journal show DEMO-TILL1-AB12CD-7")
		return exitUsage
	}
	t, code := c.openJournalOnly()
	if t == nil {
		return code
	}
	defer t.Close()
	s, err := findSale(t.Engine.Reader(), ref)
	if err != nil {
		return c.fail(err)
	}
	evs, err := t.Journal.Events(s.Ref)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		out := struct {
			Sale   record       `json:"sale"`
			Events []sale.Event `json:"events"`
		}{maskRecord(recordOf(s)), maskEvents(evs)}
		c.printJSON(out)
		return exitOK
	}
	loc := t.Cfg.Till.Location()
	fmt.Fprintf(c.stdout, "%s  %s  %s %s to %s  %s\n", s.Ref, s.State, s.Order.Provider, s.Order.Kind, s.Order.Target.Masked(), s.Order.Amount)
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SEQ\tTIME\tEVENT\tSTATE\tATTEMPT\tDETAIL")
	for _, e := range evs {
		detail := e.Note
		if e.Outcome != nil {
			detail = strings.TrimSpace(e.Outcome.Code + " " + e.Outcome.Message)
		}
		if e.By != "" {
			detail = strings.TrimSpace(detail + " by " + e.By)
		}
		attempt := ""
		if e.Attempt > 0 {
			attempt = fmt.Sprint(e.Attempt)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", e.Seq, e.At.In(loc).Format(time.DateTime), e.Type, e.State, attempt, detail)
	}
	tw.Flush()
	return exitOK
}

// maskRecord hides a record's secret items (voucher PINs, electricity
// tokens) down to their last four characters, as maskEvents does: journal
// list and show are for the back office. `reprint` prints them in full.
func maskRecord(r record) record {
	r.Items = maskItems(r.Items)
	return r
}

// maskItems returns a copy of items with every secret value masked.
func maskItems(items []sale.Item) []sale.Item {
	out := append([]sale.Item(nil), items...)
	for k := range out {
		if out[k].Secret {
			out[k].Value = receipts.Mask(out[k].Value)
		}
	}
	return out
}

// maskEvents hides secret items and inputs: journal show is for the back
// office, not for the customer.
func maskEvents(evs []sale.Event) []sale.Event {
	out := make([]sale.Event, len(evs))
	for i, e := range evs {
		if e.Outcome != nil {
			o := *e.Outcome
			o.Items = maskItems(o.Items)
			e.Outcome = &o
		}
		if e.Order != nil && len(e.Order.Secrets) > 0 {
			o := *e.Order
			o.Secrets = map[string]string{}
			for k := range e.Order.Secrets {
				o.Secrets[k] = "[REDACTED]"
			}
			e.Order = &o
		}
		out[i] = e
	}
	return out
}

// splitPositional pulls the first non-flag argument out of args, so
// `show REF --json` and `show --json REF` both work.
func splitPositional(args []string) (string, []string) {
	for i, a := range args {
		if !strings.HasPrefix(a, "-") {
			return a, append(append([]string{}, args[:i]...), args[i+1:]...)
		}
	}
	return "", args
}

// findSale finds a sale by full reference or by its trailing sequence number.
func findSale(j sale.Reader, ref string) (sale.Sale, error) {
	if err := sale.Reference(ref).Validate(); err != nil {
		return sale.Sale{}, sale.Errorf(sale.CodeInvalid, "%v", err)
	}
	if s, err := j.Sale(sale.Reference(ref)); err == nil {
		return s, nil
	}
	found, err := j.List(sale.Query{Ref: sale.Reference(ref), Limit: 2})
	if err != nil {
		return sale.Sale{}, err
	}
	if len(found) == 0 {
		return sale.Sale{}, sale.Errorf(sale.CodeNotFound, "no sale %q in this journal", ref)
	}
	return found[0], nil
}

// reprint (`till reprint`, with search by mobile, meter, device and day and
// --print) is in cli_print.go.

// resolve is `till resolve`: settle every in-doubt sale once, now.
func (c *cli) resolve(args []string) int {
	fs := c.flags("resolve")
	asJSON := fs.Bool("json", false, "print JSON")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	t, code := c.open(false)
	if t == nil {
		return code
	}
	defer t.Close()
	ctx, stop := c.commandContext() // backoffice_cli.go
	defer stop()
	res, err := t.Engine.ResolveAll(ctx)
	if err != nil {
		return c.fail(err)
	}
	open := 0
	for _, s := range res {
		if s.State.Unresolved() {
			open++
		}
	}
	if *asJSON {
		recs := make([]record, 0, len(res))
		for _, s := range res {
			recs = append(recs, maskRecord(recordOf(s)))
		}
		c.printJSON(recs)
	} else {
		for _, s := range res {
			fmt.Fprintf(c.stdout, "%s  %s  %s to %s  %s  attempts %d  %s\n", s.Ref, s.State, s.Order.Kind,
				s.Order.Target.Masked(), s.Order.Amount, s.Attempts, s.Outcome.Message)
		}
	}
	fmt.Fprintf(c.stderr, "%d sale(s) looked at, %d still unresolved\n", len(res), open)
	if open > 0 {
		return exitInDoubt
	}
	return exitOK
}

// verify is `till verify [FILE]`: the journal's (or a backup's) pages,
// with bbolt's own check, and hash chain. Anything broken exits 4.
func (c *cli) verify(args []string) int {
	fs := c.flags("verify")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	progress := fs.Bool("progress", false, "report progress on stderr even when it is not a terminal")
	full := fs.Bool("full", false, "check the whole chain, not only what followed the last verify")
	pub := fs.String("public-key", "", "check the journal's signatures against this till `public key` (hex, from its first Z or till doctor)")
	file, rest := splitPositional(args)
	if !c.parse(fs, rest, 0) {
		return exitUsage
	}
	path := file
	if path == "" {
		cfg, err := c.config()
		if err != nil {
			return c.fail(err)
		}
		if path, err = cfg.JournalPath(c.env); err != nil {
			return c.fail(err)
		}
	}
	return c.verifyJournal(path, *full || file != "", file == "", *pub, *asJSON, *progress) // cli_verify.go
}
