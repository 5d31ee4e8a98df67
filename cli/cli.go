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
	"time"

	"till/config"
	"till/wire"

	"till/backoffice"
	"till/i18n"
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
	// lines reads PINs from stdin a line at a time (cashier.go).
	cashierID string
	lines     *bufio.Reader
	// demo is --demo: the demo journal and the embedded sandbox, whatever
	// config exists; demoFallback lets the TUI open the demo when no config
	// is found (mode.go).
	demo, demoFallback bool
	// printSlip is `till sell … --print` (print.go).
	printSlip bool
	// held and client are set when the command runs inside a running till
	// for a command line on its back-office socket (backoffice.go).
	held   *till
	client *backoffice.Session
	// helped is set when a command only printed its help (help.go).
	helped bool
	// zone is the shop's time zone once the config is read, for --json
	// (json.go).
	zone *time.Location
	// lng is the language of the command's messages once known (lang.go).
	lng i18n.Lang
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
		if who := c.runningTill(); who != "" { // backoffice.go
			c.tell(c.t("cli.journal_in_use", who))
			return exitJournal
		}
		c.tell(c.t("cli.journal_locked", err))
		return exitJournal
	}
	var ce *config.Error
	var se *sale.Error
	if errors.As(err, &ce) {
		c.errorf("%s", ce.Message())
	} else if !errors.As(err, &se) && exitFor(err) == exitJournal {
		c.errorf("%v", err) // store's own errors: a message for a person, not an internal error
	} else if exitFor(err) == exitDeclined && sale.ErrorCode(err) == sale.CodeUnavailable {
		c.tell(c.t("cli.unavailable", c.said(err)))
	} else {
		c.tell(c.said(err)) // lang.go: a keyed refusal in the till's language
	}
	return exitFor(err)
}

// flags returns a flag set for a subcommand whose parse errors exit 2.
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("till "+name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {} // --help: help.go
	return fs
}

// parse parses a subcommand's flags, refusing stray arguments unless
// positional is set. It returns false (and has printed why) on bad input.
func (c *cli) parse(fs *flag.FlagSet, args []string, positional int) bool {
	if err := c.parseFlags(fs, args); err != nil { // help.go: --help, flags given twice
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

// parseNamed parses fs around the one argument naming what the command acts
// on (splitPositional) and refuses the command with missing when it is not
// given: ok false means exit 2, the reason already said.
func (c *cli) parseNamed(fs *flag.FlagSet, args []string, missing string) (name string, ok bool) {
	name, rest := splitPositional(args)
	if !c.parse(fs, rest, 0) {
		return "", false
	}
	if name == "" {
		c.errorf("%s", missing)
		return "", false
	}
	return name, true
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
// --print) is in reprint.go.
