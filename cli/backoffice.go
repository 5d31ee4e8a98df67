package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/term"

	"till/backoffice"
)

// The back office beside a running till (package backoffice). The TUI
// serves a socket beside its journal; a command line below whose journal
// is held by it sends its command there, and the running till runs the
// same cli method against its own journal and engine: same output, same
// exit code. Nothing else writes the journal: a command not listed here
// (a sale, a Z report) is refused by the journal's lock, with exit 4 and a
// message naming the running till.

// backOfficeCommands are the commands a running till runs for a command
// line. Adding one is a line: its name and its cli method, which must get
// its journal through c.openTill (or openJournalOnly, open,
// openJournalFor), its paths through c.abs and its stdin through
// c.stdinReader, as every command here does.
var backOfficeCommands = map[string]func(*cli, []string) int{
	"journal": (*cli).journalBesideTill, // list and show
	"eod":     (*cli).eodBesideTill,     // an X report; --close is refused
	"export":  (*cli).export,
	"verify":  (*cli).verify,
	"reprint": (*cli).reprint,
	"resolve": (*cli).resolve,
	"backup":  (*cli).backup, // continuity.go: a read transaction's copy, beside the till's own writes
}

// clientEnv are the variables of the command line's own environment a
// command sees in the running till (who a journaled action is by); the
// rest (config, journal and data locations) are the running till's.
var clientEnv = []string{"USER", "LOGNAME"}

// throughRunningTill runs cmd in the till serving the journal's socket,
// when one does and cmd is a back-office command. done is false when the
// command is to run here as usual.
func (c *cli) throughRunningTill(cmd string, args []string) (code int, done bool) {
	if _, ok := backOfficeCommands[cmd]; !ok || c.held != nil {
		return 0, false
	}
	journal, conn, code, done := c.dialRunningTill()
	if conn == nil {
		return code, done
	}
	cwd, _ := os.Getwd()
	req := backoffice.Request{Command: cmd, Args: args, Cashier: c.cashierID, Journal: journal, Cwd: cwd,
		Env: map[string]string{}, StdinTTY: c.stdinIsTerminal(), StdoutTTY: isTerminal(c.stdout), StderrTTY: isTerminal(c.stderr)}
	for _, k := range clientEnv {
		if v := c.env(k); v != "" {
			req.Env[k] = v
		}
	}
	code, err := backoffice.Run(conn, req, c.stdinReader(), c.stdout, c.stderr, localTerminal)
	if err != nil {
		c.errorf("%s: %v; it may or may not have done its work: look with till journal list", cmd, err)
		return exitJournal, true
	}
	return code, true
}

// dialRunningTill connects to the till serving this config's journal. With
// conn nil, done says whether the command is over (an unsafe socket:
// refused with code) or is to run here (no till serves the journal).
func (c *cli) dialRunningTill() (journal string, conn net.Conn, code int, done bool) {
	cfg, err := c.config()
	if err != nil {
		return "", nil, 0, false // the command reports it, as without a till
	}
	jpath, err := cfg.JournalPath(c.env)
	if err != nil {
		return "", nil, 0, false
	}
	journal = absJournal(jpath)
	uc, err := backoffice.Dial(backoffice.SocketPath(journal))
	switch {
	case errors.Is(err, backoffice.ErrNoTill):
		return journal, nil, 0, false
	case err != nil:
		c.errorf("%v", err)
		return journal, nil, exitJournal, true
	}
	return journal, uc, 0, false
}

// runningTill names the till that holds the journal ("the running till
// (store S, terminal T, pid N, since ...)"), or "" when none answers.
func (c *cli) runningTill() string {
	if c.held != nil {
		return ""
	}
	journal, conn, _, _ := c.dialRunningTill()
	if conn == nil {
		return ""
	}
	var out strings.Builder
	code, err := backoffice.Run(conn, backoffice.Request{Journal: journal}, nil, &out, io.Discard, nil)
	if err != nil || code != exitOK {
		return ""
	}
	return strings.TrimSpace(out.String())
}

// absJournal is the journal's absolute path with its directory's symlinks
// resolved: the name the till and its command lines agree on.
func absJournal(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		abs = filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}

// serveBackOffice serves the back office for the running till t until the
// returned function is called.
func (c *cli) serveBackOffice(t *till) (stop func(), err error) {
	journal := absJournal(t.Journal.Path())
	storeID, terminalID, _ := t.Journal.Identity()
	hello := fmt.Sprintf("the running till (store %s, terminal %s, pid %d, since %s)", storeID, terminalID, os.Getpid(),
		c.now().In(t.Cfg.Till.Location()).Format("2006-01-02 15:04"))
	srv, err := backoffice.Listen(backoffice.SocketPath(journal), func(s *backoffice.Session) int {
		return c.serveCommand(t, journal, hello, s)
	}, t.Log.With("component", "backoffice"))
	if err != nil {
		return nil, err
	}
	t.Log.Info("back office: serving the command lines", "socket", srv.Path())
	return func() { srv.Close() }, nil
}

// serveCommand runs one command line's command in the running till t.
func (c *cli) serveCommand(t *till, journal, hello string, s *backoffice.Session) int {
	if s.Command == "" {
		fmt.Fprintln(s.Stdout, hello)
		return exitOK
	}
	if s.Journal != journal {
		fmt.Fprintf(s.Stderr, "till: %s holds the journal %s, not %s\n", hello, journal, s.Journal)
		return exitJournal
	}
	run, ok := backOfficeCommands[s.Command]
	if !ok {
		fmt.Fprintf(s.Stderr, "till: %s: the journal is in use by %s: do this at that till, or close it first\n", s.Command, hello)
		return exitJournal
	}
	env := func(k string) string {
		for _, ck := range clientEnv {
			if k == ck {
				return s.Env[k]
			}
		}
		return c.env(k)
	}
	sc := &cli{configPath: c.configPath, stdout: s.Stdout, stderr: s.Stderr, env: env, cashierID: s.Cashier, held: t, client: s}
	t.Log.Info("back office: command", "command", s.Command, "user", s.Env["USER"])
	return run(sc, s.Args)
}

// borrow is the running till for a command of its back office: its
// config, journal and engine, closed by nobody but the till, with the
// command line's cashier (setUpCashiers).
func (c *cli) borrow() (*till, error) {
	t := &till{c.held.Borrow()}
	if err := c.setUpCashiers(t, false); err != nil {
		return nil, err
	}
	return t, nil
}

// eodBesideTill is `till eod` beside a running till: X reports only.
// Closing the day stays with the till (its end-of-day screen), so that a
// Z report never races its sales.
func (c *cli) eodBesideTill(args []string) int {
	if flagGiven(args, "close") {
		c.errorf("eod --close: the journal is in use by a running till: close the day on its end-of-day screen, or close the till first")
		return exitJournal
	}
	return c.eod(args)
}

// journalBesideTill is `till journal list|show` beside a running till. Any
// other journal subcommand (adopt, ...) changes the journal's file or its
// place and needs the till closed.
func (c *cli) journalBesideTill(args []string) int {
	if len(args) > 0 && args[0] != "list" && args[0] != "show" {
		c.errorf("journal %s: the journal is in use by a running till: close it first", args[0])
		return exitJournal
	}
	return c.dispatch("journal", args)
}

// flagGiven reports whether args set the boolean flag name (-name,
// --name, --name=true) before a "--".
func flagGiven(args []string, name string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if !strings.HasPrefix(a, "-") {
			continue
		}
		n, v, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if n != name {
			continue
		}
		if !hasValue {
			return true
		}
		if b, err := strconv.ParseBool(v); err != nil || b {
			return true
		}
	}
	return false
}

// abs resolves a path the user typed against their working directory,
// which in the running till is the command line's.
func (c *cli) abs(p string) (string, error) {
	if c.client != nil && !filepath.IsAbs(p) {
		return filepath.Join(c.client.Cwd, p), nil
	}
	return filepath.Abs(p)
}

// stdinIsTerminal reports whether the command's stdin is a terminal.
func (c *cli) stdinIsTerminal() bool {
	if c.client != nil {
		return c.client.StdinTTY
	}
	f, ok := c.stdinReader().(*os.File)
	if !ok {
		return false // a reader the caller gave (Env.Stdin): never a terminal
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0 && term.IsTerminal(f.Fd())
}

// stdinReader is the command's stdin: never the running till's terminal.
func (c *cli) stdinReader() io.Reader {
	if c.client != nil {
		return c.client.Stdin
	}
	if c.stdin != nil {
		return c.stdin // Env.Stdin
	}
	return os.Stdin
}

// readTerminalLine reads a line typed on the command's terminal, without
// echo when echo is false (a PIN), without its line ending.
func (c *cli) readTerminalLine(echo bool) (string, error) {
	if c.client != nil {
		return c.client.Ask(echo)
	}
	return localTerminal(echo)
}

// localTerminal reads a line from this process's terminal.
func localTerminal(echo bool) (string, error) {
	if !echo {
		b, err := term.ReadPassword(os.Stdin.Fd())
		return string(b), err
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// commandContext is signalContext, or in the running till the command
// line's session: it ends when the command line goes away (Ctrl-C there),
// and the running till's own signals stay the till's.
func (c *cli) commandContext() (context.Context, context.CancelFunc) {
	if c.client != nil {
		return context.WithCancel(c.client.Context())
	}
	return signalContext()
}
