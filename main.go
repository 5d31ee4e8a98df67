// Command till is a point-of-sale program for the terminal: a cashier sells
// prepaid value (airtime, electricity, vouchers, water, bills, payouts) and
// every sale is journaled before it is sent. With no config it runs a demo
// against an embedded sandbox that speaks every provider's wire protocol.
//
// See README.md for the commands and docs/ARCHITECTURE.md for the design.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	_ "time/tzdata" // shop time zones must load on machines without tzdata

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens"
	"till/store"
)

// Exit codes (docs/ARCHITECTURE.md §4).
const (
	exitOK       = 0 // delivered / ok
	exitDeclined = 1 // declined, or not sent
	exitUsage    = 2 // bad input or config: nothing journaled or sent
	exitInDoubt  = 3 // in doubt or pending: journaled, will be settled
	exitJournal  = 4 // journal unavailable: locked by a running till, corrupt
	// exitPrinter (5, cli_print.go): the printer failed; nothing was lost.
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// env is how the program reads its environment (injected for tests).
type env = func(string) string

// run parses the global flags and dispatches to a subcommand; it returns the
// process exit code.
func run(args []string, stdout, stderr io.Writer, getenv env) (code int) {
	fs := flag.NewFlagSet("till", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "config `file` (default: $TILL_CONFIG, ./till.toml, $XDG_CONFIG_HOME/till/config.toml; none = demo)")
	cashierID := fs.String("cashier", "", "act as this cashier `id` (their PIN is read from stdin; cli_cashier.go)")
	demo := fs.Bool("demo", false, "use the demo journal and the built-in sandbox, whatever config exists (mode.go)")
	version := fs.Bool("version", false, "print the version and exit (version.go)")
	fs.Usage = func() {}
	refuseRepeats(fs) // cli_help.go
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usageText)
			return exitOK
		}
		fmt.Fprintln(stderr, "Run 'till --help' for usage.")
		return exitUsage
	}
	if *version {
		fmt.Fprintln(stdout, versionText())
		return exitOK
	}
	if *demo && *configPath != "" {
		fmt.Fprintln(stderr, "till: --demo and --config cannot be given together")
		return exitUsage
	}
	rest := fs.Args()
	cmd := ""
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	c := &cli{configPath: *configPath, stdout: stdout, stderr: stderr, env: getenv, cashierID: *cashierID, demo: *demo}
	defer func() { code = c.exitAfter(code) }() // cli_help.go: --help exits 0 at every level
	if c.groupHelp(cmd, rest) {
		return exitOK
	}
	if !wantsHelp(rest) { // cli_help.go: help never goes through the running till
		if code, done := c.throughRunningTill(cmd, rest); done { // backoffice_cli.go: a till holds the journal
			return code
		}
	}
	switch cmd {
	case "":
		c.demoFallback = true // the TUI opens the demo when no config is found
		return c.tui()
	case "doctor":
		return c.doctor(rest) // cli_doctor.go
	case "sandbox":
		return c.sandbox(rest)
	case "sell":
		return c.sell(rest)
	case "journal":
		return c.journal(rest)
	case "reprint":
		return c.reprint(rest)
	case "resolve":
		return c.resolve(rest)
	case "supervise":
		return c.supervise(rest) // cli_water.go
	case "deposit":
		return c.deposit(rest) // cli_flowix.go
	case "bill":
		return c.bill(rest) // cli_flowix.go
	case "payout":
		return c.payout(rest) // cli_flowix.go
	case "customer":
		return c.customer(rest) // cli_tender.go
	case "payments":
		return c.payments(rest) // cli_tender.go
	case "card":
		return c.card(rest) // cli_bulk.go
	case "cashier":
		return c.cashierCmd(rest) // cli_cashier.go
	case "1voucher":
		return c.oneVoucher(rest) // cli_flash.go
	case "cashout":
		return c.cashOut(rest) // cli_flash.go
	case "eod":
		return c.eod(rest)
	case "drawer":
		return c.drawer(rest) // cli_drawer.go
	case "export":
		return c.export(rest)
	case "verify":
		return c.verify(rest)
	case "backup":
		return c.backup(rest) // cli_continuity.go
	case "ship":
		return c.shipCmd(rest) // cli_ship.go
	case "hq":
		return c.hq(rest) // cli_ship.go
	case "key":
		return c.key(rest) // cli_key.go
	case "archive":
		return c.archive(rest) // cli_archive.go
	case "help":
		return c.help(rest) // cli_help.go
	default:
		fmt.Fprintf(stderr, "till: unknown command %q\n\n%s", cmd, usageText)
		return exitUsage
	}
}

const usageText = `Till: a point-of-sale for prepaid value, in the terminal.

Usage:
  till [--config FILE | --demo] [--cashier ID] [command]
  till --version | --help
  till COMMAND [SUBCOMMAND] --help       (or: till help COMMAND [SUBCOMMAND])

Commands:
  (none)                                   the till (a demo against the embedded sandbox when no config is found)
  doctor [--json]                          check everything a live till needs, moving no money (see "Going live")
  sandbox [--addr 127.0.0.1:8700]          serve the provider simulators
  sell airtime --mobile N --amount A [--product CODE] [--json]
  sell electricity --meter N --amount A [--fbe] [--json]
                                           prepaid electricity tokens through Flash (the meter is looked up first)
  sell 1voucher|giftvoucher|eezi|cashout --amount A [--product CODE] [--json]
                                           a voucher or cash-out PIN through Flash
  1voucher redeem --pin P|- --amount A [--full] [--mobile N] [--json]
  1voucher refund --amount A [--mobile N] [--json]
  1voucher disburse --amount A [--json]    redeem (--pin - reads the PIN from stdin), refund or disburse a 1Voucher
  cashout lookup --serial S [--product CODE] [--json]
  cashout cancel --serial S | REF [--json] look up, or cancel, a cash-out PIN this till sold
  sell water (--device ID | --card ID | --phone N [--device ID]) --amount A [--wait D] [--json]
                                           recharge a water meter or card through 1Flow
  sell pulsa --service CODE --target NUMBER [--wait D] [--json]
                                           pulsa, data, a PLN token or game credit through Flowix
  deposit --amount 50000 [--method QRIS] [--fee-by-customer] [--wait D] [--json]
                                           a QRIS deposit: prints the QR code; exits 3 until paid
  bill check --service CODE --customer NO [--json]
  bill pay --service CODE --customer NO [--inquiry ID] [--amount A] [--wait D] [--json]
                                           check, then pay, a postpaid bill through Flowix
  payout --bank CODE --account NO --amount A [--name NAME] [--wait D] [--json]
                                           send cash to a bank or e-wallet (the holder is checked first)
  journal list [--day YYYY-MM-DD] [--status S] [--json]
  journal show REF [--json]
  reprint REF | --last | --mobile N | --meter N | --device ID | --day D  [--print]
                                           print a COPY of a receipt (journaled)
  resolve [--json]                         settle in-doubt sales now
  supervise REF --delivered|--not-delivered --note TEXT --by NAME [--json]
                                           a supervisor settles an unresolved sale by hand
  payments [--json]                        payments that need a person: paid but not sold, refunds due
  payments complete REF                    make the sale a paid payment was taken for
  payments refund|refunded REF --note TEXT --by NAME [--cash] [--json]
                                           a supervisor marks a refund due, or settles one
                                           (--cash: given back from the drawer)
  customer add --name N --email E --token T|- --brand B --last4 L --expiry MM/YY [--phone P] [--token-created D]
  customer list [--json]                   the card-on-file customer book (tokens never shown; add and
                                           update take --json too)
  customer update ID [--email E] [--name N] [--phone P] [--token T|-] …
                                           new details go to Flutterwave first (PUT /tokens/{token})
  card bulk --file customers.csv --title T [--json]
                                           charge account customers' saved cards (back office)
  card bulk-status ID [--json]             a bulk charge's progress and charges
  eod [--day D] [--close [--counted AMOUNT] [--supervisor ID [--reason TEXT]]] [--json] [--print]
                                           end of day: X report, or with --close the Z report; a day
                                           with unresolved or refund-due sales needs a supervisor's PIN;
                                           --counted 215.00 or ZAR:215.00,IDR:50000 records the count
  drawer [--json]                          the cash drawer now, by currency (cash expected)
  drawer float|paid-in AMOUNT [--reason TEXT]
  drawer drop AMOUNT --reason TEXT [--supervisor ID]
                                           the opening float, cash paid in, a drop to the safe
                                           (a drop of more than expected needs a supervisor)
  cashier list [--json]                    the cashiers (PINs are never shown) and the limits
  cashier add --name N [--role cashier|supervisor] [--id ID] --supervisor ID
  cashier disable|enable|unlock ID --supervisor ID [--reason TEXT]
  cashier reset-pin ID (--supervisor ID | --recover)
                                           PINs are read from stdin, one line each (no echo on a
                                           terminal): the supervisor's first, then a new PIN twice
  export [--from D] [--to D] [--format csv|jsonl] [-o FILE] [--include-secrets] [--progress]
                                           one row per sale, for the back office
  verify [--full] [FILE] [--public-key HEX] [--json] [--progress]
                                           check the journal's (or a backup's) pages, hash chain and signatures
                                           (the till's own from its last verified point, unless --full);
                                           on the till's own journal, sign a checkpoint of its head
  key show | key rotate --supervisor ID    the till's key (id, public key, file); seal everything under a new key
  backup FILE                              a consistent, verified copy of the journal (mode 0600)
  archive --before DATE --supervisor ID [--reason T] [--json] | archive --list
                                           move closed days before DATE into read-only journal-YYYY.db
                                           files (one chain; reprint, export and verify still reach them)
  journal new --supervisor ID --reason T   start a new journal when the configured one is lost for good
  journal adopt --supervisor ID --reason T use the journal put back at the configured path (a backup):
                                           lists the sales it lacks; new sales get a new install tag
  ship [--json] [--migrate] [--batch N]    send the journal's new events to head office ([ship] url)
  hq verify [--json]                       check head office's copy of every till's chain

With no config only the till itself, sandbox, --help and --version run; any
other command needs a config or --demo (the demo journal and built-in sandbox).

Exit codes: 0 delivered/ok, 1 declined or not sent, 2 bad input or config,
3 in doubt or pending (journaled, will be settled), 4 journal unavailable,
5 printer failed (nothing lost: print again).
`

// tui runs the interactive till until the cashier quits.
func (c *cli) tui() int {
	t, code := c.open(true)
	if t == nil {
		return code
	}
	defer t.Close()
	// The back office beside the running till (backoffice_cli.go).
	if stop, err := c.serveBackOffice(t); err != nil {
		t.log.Warn("back office: command lines cannot reach this till while it runs", "err", err)
	} else {
		defer stop()
	}
	ctx, cancel := context.WithCancel(context.Background())
	backupsDone := make(chan struct{})
	go func() { t.backups.run(ctx); close(backupsDone) }() // cli_continuity.go
	defer func() { cancel(); <-backupsDone }()
	resolverDone := make(chan struct{})
	go func() { t.engine.Run(ctx); close(resolverDone) }()
	// Catalogues are refreshed at start, in the background: the screens show
	// the cached ones (with their age) until the fresh ones arrive.
	catalogueDone := make(chan struct{})
	go func() { _ = t.engine.RefreshCatalogues(ctx); close(catalogueDone) }()
	app := screens.New(t.deps())
	defer app.Close()
	p := tea.NewProgram(app, tea.WithContext(ctx), tea.WithFilter(screens.Filter))
	shipDone := t.shipInBackground(ctx, p.Send) // cli_ship.go: [ship] to head office
	_, err := p.Run()
	cancel()
	<-resolverDone
	<-shipDone
	<-catalogueDone
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, context.Canceled) && !errors.Is(err, tea.ErrInterrupted) {
		fmt.Fprintf(c.stderr, "till: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// exitFor maps an error to the documented exit code.
func exitFor(err error) int {
	var ce *configError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ce):
		return exitUsage
	case errors.Is(err, store.ErrLocked), errors.Is(err, store.ErrCorrupt), errors.Is(err, store.ErrIdentity), errors.Is(err, store.ErrSchema),
		errors.Is(err, store.ErrMissing), errors.Is(err, store.ErrContinuity), errors.Is(err, store.ErrUnavailable), errors.Is(err, sale.ErrJournal),
		errors.Is(err, store.ErrKey):
		return exitJournal
	}
	switch sale.ErrorCode(err) {
	case sale.CodeInvalid, sale.CodeNotFound, sale.CodeConflict, sale.CodeUnresolved:
		return exitUsage
	case sale.CodeUnavailable:
		// Not the journal (that is sale.ErrJournal, above): a provider that
		// could not be reached before anything was journaled or sent.
		return exitDeclined
	}
	return exitUsage
}

// exitForSale maps a sale's state to the documented exit code.
func exitForSale(s sale.Sale) int {
	switch s.State {
	case sale.StateDelivered:
		return exitOK
	case sale.StateDeclined, sale.StateNotSent:
		return exitDeclined
	default:
		return exitInDoubt
	}
}

// failpoint kills the process at the named point when TILL_FAILPOINT names
// it. Only crash tests set that variable.
func failpoint(getenv env) func(string) {
	want := getenv("TILL_FAILPOINT")
	if want == "" {
		return nil
	}
	return func(name string) {
		if name == want {
			killSelf() // failpoint_*.go: SIGKILL, or TerminateProcess on Windows
			select {}
		}
	}
}
