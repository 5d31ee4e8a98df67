package cli

import (
	"fmt"
	"slices"
	"strings"
)

// The command table: every command and subcommand of till, in the order
// `till --help` lists them, with its usage line(s) and what runs it. The
// help (usageText, `till help CMD`, `till CMD --help`), the usage of every
// flag set and the dispatch all come from it: a new command is one entry.

// command is one entry: path is the command and, for a group, the
// subcommand ("journal list"; alternatives with |: "drawer float|paid-in");
// usage is its help line(s) as `till --help` prints them after "till ".
type command struct {
	path  string
	run   func(c *cli, sub string, args []string) int
	usage string
}

// leaf adapts a command that takes only its arguments.
func leaf(f func(*cli, []string) int) func(*cli, string, []string) int {
	return func(c *cli, _ string, args []string) int { return f(c, args) }
}

// sold adapts `till sell …`: --print anywhere prints the slip too
// (print.go).
func sold(f func(*cli, string, []string) int) func(*cli, string, []string) int {
	return func(c *cli, sub string, args []string) int { return f(c, sub, c.takePrintFlag(args)) }
}

var commands []command

func init() {
	commands = []command{
		{"", nil,
			`(none)                                   the till (a demo against the embedded sandbox when no config is found)`},
		{"doctor", leaf((*cli).doctor),
			`doctor [--json]                          check everything a live till needs, moving no money (see "Going live")`},
		{"sandbox", leaf((*cli).sandbox),
			`sandbox [--addr 127.0.0.1:8700]          serve the provider simulators`},
		{"sell airtime", sold(leaf((*cli).sellAirtime)),
			`sell airtime --mobile N --amount A [--product CODE] [--json]`},
		{"sell electricity", sold((*cli).sellFlash),
			`sell electricity --meter N --amount A [--fbe] [--json]
                                           prepaid electricity tokens through Flash (the meter is looked up first)`},
		{"sell 1voucher|giftvoucher|eezi|cashout", sold((*cli).sellFlash),
			`sell 1voucher|giftvoucher|eezi|cashout --amount A [--product CODE] [--json]
                                           a voucher or cash-out PIN through Flash`},
		{"1voucher redeem", (*cli).oneVoucher,
			`1voucher redeem --pin P|- --amount A [--full] [--mobile N] [--json]`},
		{"1voucher refund", (*cli).oneVoucher,
			`1voucher refund --amount A [--mobile N] [--json]`},
		{"1voucher disburse", (*cli).oneVoucher,
			`1voucher disburse --amount A [--json]    redeem (--pin - reads the PIN from stdin), refund or disburse a 1Voucher`},
		{"cashout lookup", (*cli).cashOut,
			`cashout lookup --serial S [--product CODE] [--json]`},
		{"cashout cancel", (*cli).cashOut,
			`cashout cancel --serial S | REF [--json] look up, or cancel, a cash-out PIN this till sold`},
		{"sell water", sold(leaf((*cli).sellWater)),
			`sell water (--device ID | --card ID | --phone N [--device ID]) --amount A [--wait D] [--json]
                                           recharge a water meter or card through 1Flow`},
		{"sell pulsa", sold(leaf((*cli).sellPulsa)),
			`sell pulsa --service CODE --target NUMBER [--wait D] [--json]
                                           pulsa, data, a PLN token or game credit through Flowix`},
		{"deposit", leaf((*cli).deposit),
			`deposit --amount 50000 [--method QRIS] [--fee-by-customer] [--wait D] [--json]
                                           a QRIS deposit: prints the QR code; exits 3 until paid`},
		{"bill check", leaf((*cli).billCheck),
			`bill check --service CODE --customer NO [--json]`},
		{"bill pay", leaf((*cli).billPay),
			`bill pay --service CODE --customer NO [--inquiry ID] [--amount A] [--wait D] [--json]
                                           check, then pay, a postpaid bill through Flowix`},
		{"payout", leaf((*cli).payout),
			`payout --bank CODE --account NO --amount A [--name NAME] [--wait D] [--json]
                                           send cash to a bank or e-wallet (the holder is checked first)`},
		{"journal list", leaf((*cli).journalList),
			`journal list [--day YYYY-MM-DD] [--status S] [--json]`},
		{"journal show", leaf((*cli).journalShow),
			`journal show REF [--json]`},
		{"reprint", leaf((*cli).reprint),
			`reprint REF | --last | --mobile N | --meter N | --device ID | --day D  [--print]
                                           print a COPY of a receipt (journaled)`},
		{"resolve", leaf((*cli).resolve),
			`resolve [--json]                         settle in-doubt sales now`},
		{"supervise", leaf((*cli).supervise),
			`supervise REF --delivered|--not-delivered --note TEXT --by NAME [--json]
                                           a supervisor settles an unresolved sale by hand`},
		{"payments", leaf((*cli).paymentsList),
			`payments [--json]                        payments that need a person: paid but not sold, refunds due`},
		{"payments complete", leaf((*cli).paymentsComplete),
			`payments complete REF                    make the sale a paid payment was taken for`},
		{"payments refund|refunded", (*cli).paymentsRefund,
			`payments refund|refunded REF --note TEXT --by NAME [--cash] [--json]
                                           a supervisor marks a refund due, or settles one
                                           (--cash: given back from the drawer)`},
		{"customer add", leaf((*cli).customerAdd),
			`customer add --name N --email E --token T|- --brand B --last4 L --expiry MM/YY [--phone P] [--token-created D]`},
		{"customer list", leaf((*cli).customerList),
			`customer list [--json]                   the card-on-file customer book (tokens never shown; add and
                                           update take --json too)`},
		{"customer update", leaf((*cli).customerUpdate),
			`customer update ID [--email E] [--name N] [--phone P] [--token T|-] …
                                           new details go to Flutterwave first (PUT /tokens/{token})`},
		{"card bulk", leaf((*cli).cardBulk),
			`card bulk --file customers.csv --title T [--json]
                                           charge account customers' saved cards (back office)`},
		{"card bulk-status", leaf((*cli).cardBulkStatus),
			`card bulk-status ID [--json]             a bulk charge's progress and charges`},
		{"eod", leaf((*cli).eod),
			`eod [--day D] [--close [--counted AMOUNT] [--supervisor ID [--reason TEXT]]] [--json] [--print]
                                           end of day: X report, or with --close the Z report; a day
                                           with unresolved or refund-due sales needs a supervisor's PIN;
                                           --counted 215.00 or ZAR:215.00,IDR:50000 records the count`},
		{"drawer", leaf((*cli).drawerShow),
			`drawer [--json]                          the cash drawer now, by currency (cash expected)`},
		{"drawer float|paid-in", (*cli).drawerMove,
			`drawer float|paid-in AMOUNT [--reason TEXT]`},
		{"drawer drop", (*cli).drawerMove,
			`drawer drop AMOUNT --reason TEXT [--supervisor ID]
                                           the opening float, cash paid in, a drop to the safe
                                           (a drop of more than expected needs a supervisor)`},
		{"cashier list", (*cli).cashierCmd,
			`cashier list [--json]                    the cashiers (PINs are never shown) and the limits`},
		{"cashier add", (*cli).cashierCmd,
			`cashier add --name N [--role cashier|supervisor] [--id ID] --supervisor ID`},
		{"cashier disable|enable|unlock", (*cli).cashierCmd,
			`cashier disable|enable|unlock ID --supervisor ID [--reason TEXT]`},
		{"cashier reset-pin", (*cli).cashierCmd,
			`cashier reset-pin ID (--supervisor ID | --recover)
                                           PINs are read from stdin, one line each (no echo on a
                                           terminal): the supervisor's first, then a new PIN twice`},
		{"export", leaf((*cli).export),
			`export [--from D] [--to D] [--format csv|jsonl] [-o FILE] [--include-secrets] [--progress]
                                           one row per sale, for the back office`},
		{"verify", leaf((*cli).verify),
			`verify [--full] [FILE] [--public-key HEX] [--json] [--progress]
                                           check the journal's (or a backup's) pages, hash chain and signatures
                                           (the till's own from its last verified point, unless --full);
                                           on the till's own journal, sign a checkpoint of its head`},
		{"key show|rotate", (*cli).key,
			`key show | key rotate --supervisor ID    the till's key (id, public key, file); seal everything under a new key`},
		{"backup", leaf((*cli).backup),
			`backup FILE                              a consistent, verified copy of the journal (mode 0600)`},
		{"archive", leaf((*cli).archive),
			`archive --before DATE --supervisor ID [--reason T] [--json] | archive --list
                                           move closed days before DATE into read-only journal-YYYY.db
                                           files (one chain; reprint, export and verify still reach them)`},
		{"journal new", leaf((*cli).journalNew),
			`journal new --supervisor ID --reason T   start a new journal when the configured one is lost for good`},
		{"journal adopt", leaf((*cli).journalAdopt),
			`journal adopt --supervisor ID --reason T use the journal put back at the configured path (a backup):
                                           lists the sales it lacks; new sales get a new install tag`},
		{"ship", leaf((*cli).shipCmd),
			`ship [--json] [--migrate] [--batch N]    send the journal's new events to head office ([ship] url)`},
		{"hq verify", leaf((*cli).hqVerify),
			`hq verify [--json]                       check head office's copy of every till's chain`},
	}
	usageText = makeUsage()
}

// usageHead and usageFoot frame the command table in `till --help`.
const (
	usageHead = `Till: a point-of-sale for prepaid value, in the terminal.

Usage:
  till [--config FILE | --demo] [--cashier ID] [command]
  till --version | --help
  till COMMAND [SUBCOMMAND] --help       (or: till help COMMAND [SUBCOMMAND])

Commands:
`
	usageFoot = `
With no config only the till itself, sandbox, --help and --version run; any
other command needs a config or --demo (the demo journal and built-in sandbox).

`
)

// exitCodes are the documented exit codes (docs/ARCHITECTURE.md §4), as
// `till --help` lists them.
var exitCodes = []struct {
	code int
	what string
}{
	{exitOK, "delivered/ok"}, {exitDeclined, "declined or not sent"}, {exitUsage, "bad input or config"},
	{exitInDoubt, "in doubt or pending (journaled, will be settled)"}, {exitJournal, "journal unavailable"},
	{exitPrinter, "printer failed (nothing lost: print again)"},
}

// usageText is `till --help`: generated from the command table (init).
var usageText string

func makeUsage() string {
	var b strings.Builder
	b.WriteString(usageHead)
	for _, cmd := range commands {
		b.WriteString("  " + cmd.usage + "\n")
	}
	b.WriteString(usageFoot)
	var codes []string
	for _, e := range exitCodes {
		codes = append(codes, fmt.Sprintf("%d %s", e.code, e.what))
	}
	b.WriteString(wrap("Exit codes: "+strings.Join(codes, ", ")+".", 74))
	return b.String()
}

// wrap breaks s into lines of at most width characters.
func wrap(s string, width int) string {
	var b strings.Builder
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > width {
			b.WriteString(line + "\n")
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return b.String() + line + "\n"
}

// words are the alternatives of one word of a path ("float|paid-in").
func words(s string) []string { return strings.Split(s, "|") }

// entriesOf returns the table's entries of command name.
func entriesOf(name string) []command {
	var out []command
	for _, cmd := range commands {
		first, _, _ := strings.Cut(cmd.path, " ")
		if first != "" && slices.Contains(words(first), name) {
			out = append(out, cmd)
		}
	}
	return out
}

// dispatch runs command name with args through the table: the entry whose
// subcommand is args[0], else the command's own entry (none, or a flag
// first). It says what is wrong, and returns 2, for anything else.
func (c *cli) dispatch(name string, args []string) int {
	entries := entriesOf(name)
	if len(entries) == 0 {
		fmt.Fprintf(c.stderr, "till: unknown command %q\n\n%s", name, usageText)
		return exitUsage
	}
	var own *command
	var subs []string
	for i, e := range entries {
		_, sub, isGroup := strings.Cut(e.path, " ")
		if !isGroup {
			own = &entries[i]
			continue
		}
		if len(args) > 0 && slices.Contains(words(sub), args[0]) {
			return e.run(c, args[0], args[1:])
		}
		subs = append(subs, words(sub)...)
	}
	switch {
	case own != nil && (len(subs) == 0 || len(args) == 0 || strings.HasPrefix(args[0], "-")):
		return own.run(c, "", args)
	case len(args) == 0:
		c.errorf("%s: which one? %s (till %s --help)", name, orList(subs), name)
	default:
		what := "subcommand"
		if name == "sell" {
			what = "product kind"
		}
		c.errorf("%s: unknown %s %q (%s)", name, what, args[0], orList(subs))
	}
	return exitUsage
}

// orList is "a, b or c".
func orList(ss []string) string {
	if len(ss) < 2 {
		return strings.Join(ss, "")
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " or " + ss[len(ss)-1]
}
