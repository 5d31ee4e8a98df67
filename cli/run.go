// Package cli is till's command line: the global flags, one table of
// commands and subcommands (help, usage and exit codes come from it), and
// one file per command group. main only calls Main.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"till/config"
	"till/wire"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens"
)

// Exit codes (docs/ARCHITECTURE.md §4).
const (
	exitOK       = 0 // delivered / ok
	exitDeclined = 1 // declined, or not sent
	exitUsage    = 2 // bad input or config: nothing journaled or sent
	exitInDoubt  = 3 // in doubt or pending: journaled, will be settled
	exitJournal  = 4 // journal unavailable: locked by a running till, corrupt
	// exitPrinter (5, reprint.go): the printer failed; nothing was lost.
)

// Env is everything a command reads from and writes to outside its
// arguments, so commands run in tests without a process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
}

// Build is the release the binary was built as (main's -ldflags).
type Build struct{ Version, Commit string }

// Main runs the command line args (without the program name) and returns the
// process exit code.
func Main(args []string, e Env, b Build) int {
	if b.Version != "" {
		version, commit = b.Version, b.Commit
	}
	if e.Stdin == nil {
		e.Stdin = os.Stdin
	}
	if e.Getenv == nil {
		e.Getenv = os.Getenv
	}
	if e.Now == nil {
		e.Now = time.Now
	}
	return runEnv(args, e)
}

// run is Main with only the outputs and the environment given (tests).
func run(args []string, stdout, stderr io.Writer, getenv env) int {
	return Main(args, Env{Stdout: stdout, Stderr: stderr, Getenv: getenv}, Build{})
}

// env is how the program reads its environment (injected for tests).
type env = func(string) string

// runEnv parses the global flags and dispatches to a subcommand; it returns the
// process exit code.
func runEnv(args []string, e Env) (code int) {
	stdout, stderr, getenv := e.Stdout, e.Stderr, e.Getenv
	fs := flag.NewFlagSet("till", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "config `file` (default: $TILL_CONFIG, ./till.toml, $XDG_CONFIG_HOME/till/config.toml; none = demo)")
	cashierID := fs.String("cashier", "", "act as this cashier `id` (their PIN is read from stdin; cashier.go)")
	demo := fs.Bool("demo", false, "use the demo journal and the built-in sandbox, whatever config exists (mode.go)")
	version := fs.Bool("version", false, "print the version and exit (version.go)")
	fs.Usage = func() {}
	refuseRepeats(fs) // help.go
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
	c := &cli{configPath: *configPath, stdin: e.Stdin, stdout: stdout, stderr: stderr, env: getenv, clock: e.Now, cashierID: *cashierID, demo: *demo}
	defer func() { code = c.exitAfter(code) }() // help.go: --help exits 0 at every level
	if c.groupHelp(cmd, rest) {
		return exitOK
	}
	if !wantsHelp(rest) { // help.go: help never goes through the running till
		if code, done := c.throughRunningTill(cmd, rest); done { // backoffice.go: a till holds the journal
			return code
		}
	}
	switch cmd {
	case "":
		c.demoFallback = true // the TUI opens the demo when no config is found
		return c.tui()
	case "help":
		return c.help(rest) // help.go
	}
	return c.dispatch(cmd, rest) // commands.go
}

// tui runs the interactive till until the cashier quits.
func (c *cli) tui() int {
	t, code := c.open(true)
	if t == nil {
		return code
	}
	defer t.Close()
	// The back office beside the running till (backoffice.go).
	if stop, err := c.serveBackOffice(t); err != nil {
		t.Log.Warn("back office: command lines cannot reach this till while it runs", "err", err)
	} else {
		defer stop()
	}
	ctx, cancel := context.WithCancel(context.Background())
	backupsDone := make(chan struct{})
	go func() { t.Backups.Run(ctx); close(backupsDone) }() // continuity.go
	defer func() { cancel(); <-backupsDone }()
	resolverDone := make(chan struct{})
	go func() { t.Engine.Run(ctx); close(resolverDone) }()
	// Catalogues are refreshed at start, in the background: the screens show
	// the cached ones (with their age) until the fresh ones arrive.
	catalogueDone := make(chan struct{})
	go func() { _ = t.Engine.RefreshCatalogues(ctx); close(catalogueDone) }()
	app := screens.New(t.deps())
	defer app.Close()
	p := tea.NewProgram(app, tea.WithContext(ctx), tea.WithFilter(screens.Filter))
	shipDone := t.shipInBackground(ctx, p.Send) // ship.go: [ship] to head office
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
	var ce *config.Error
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ce):
		return exitUsage
	case wire.JournalUnavailable(err):
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
