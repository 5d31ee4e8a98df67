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
	"syscall"
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
func run(args []string, stdout, stderr io.Writer, getenv env) int {
	fs := flag.NewFlagSet("till", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "config `file` (default: $TILL_CONFIG, ./till.toml, $XDG_CONFIG_HOME/till/config.toml; none = demo)")
	fs.Usage = func() { fmt.Fprint(stderr, usageText) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	rest := fs.Args()
	cmd := ""
	if len(rest) > 0 {
		cmd, rest = rest[0], rest[1:]
	}
	c := &cli{configPath: *configPath, stdout: stdout, stderr: stderr, env: getenv}
	switch cmd {
	case "":
		return c.tui()
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
	case "eod":
		return c.eod(rest)
	case "export":
		return c.export(rest)
	case "verify":
		return c.verify(rest)
	case "help":
		fmt.Fprint(stdout, usageText)
		return exitOK
	default:
		fmt.Fprintf(stderr, "till: unknown command %q\n\n%s", cmd, usageText)
		return exitUsage
	}
}

const usageText = `Till: a point-of-sale for prepaid value, in the terminal.

Usage:
  till [--config FILE] [command]

Commands:
  (none)                                   the till (a demo against the embedded sandbox when no config is found)
  sandbox [--addr 127.0.0.1:8700]          serve the provider simulators
  sell airtime --mobile N --amount A [--product CODE] [--json]
  journal list [--day YYYY-MM-DD] [--status S] [--json]
  journal show REF [--json]
  reprint REF | --last | --mobile N | --meter N | --device ID | --day D  [--print]
                                           print a COPY of a receipt (journaled)
  resolve                                  settle in-doubt sales now
  eod [--day D] [--close [--force]] [--json] [--print]
                                           end of day: X report, or with --close the Z report
  export [--from D] [--to D] [--format csv|jsonl] [-o FILE] [--include-secrets] [--progress]
                                           one row per sale, for the back office
  verify                                   check the journal's integrity and hash chain

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
	ctx, cancel := context.WithCancel(context.Background())
	resolverDone := make(chan struct{})
	go func() { t.engine.Run(ctx); close(resolverDone) }()
	app := screens.New(t.deps())
	defer app.Close()
	p := tea.NewProgram(app, tea.WithContext(ctx), tea.WithFilter(screens.Filter))
	_, err := p.Run()
	cancel()
	<-resolverDone
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
	case errors.Is(err, store.ErrLocked), errors.Is(err, store.ErrCorrupt), errors.Is(err, store.ErrIdentity), errors.Is(err, store.ErrSchema):
		return exitJournal
	}
	switch sale.ErrorCode(err) {
	case sale.CodeInvalid, sale.CodeNotFound, sale.CodeConflict, sale.CodeUnresolved:
		return exitUsage
	case sale.CodeUnavailable:
		return exitJournal
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
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {}
		}
	}
}
