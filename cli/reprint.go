package cli

import (
	"context"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"till/config"

	"github.com/charmbracelet/x/term"

	"till/printer"
	"till/receipts"
	"till/sale"
)

// exitPrinter: the printer failed. Nothing is lost: the sale or the day
// close is journaled, and the slip can be printed again.
const exitPrinter = 5

// printer returns the configured printer, or a config error naming the
// missing [printer] table.
func (t *till) printer() (*printer.Printer, error) {
	pc := t.Cfg.Printer
	if pc == nil {
		where := "the config"
		if t.Cfg.Path != "" {
			where = t.Cfg.Path
		}
		if t.Cfg.Demo {
			where = "a config file (demo mode has no printer)"
		}
		return nil, config.Errorf("no printer is configured: add a [printer] table (device, tcp or file) to %s", where)
	}
	p, err := printer.Open(pc.Config())
	if err != nil {
		return nil, config.Errorf("[printer] %v", err)
	}
	return p, nil
}

// printLinesFunc is the printing hook for the TUI (screens.Deps): it prints
// receipt or report lines as ESC/POS on the configured printer, keeping
// bold and double height, within the printer's timeout. It is nil when no
// printer is configured.
func (t *till) printLinesFunc() func([]receipts.Line) error {
	if t.Cfg.Printer == nil {
		return nil
	}
	p, err := printer.Open(t.Cfg.Printer.Config())
	if err != nil {
		return nil // validated with the config; cannot happen
	}
	return func(lines []receipts.Line) error {
		return p.Print(context.Background(), t.escposJob(lines, false)) // print.go
	}
}

// printJob sends ESC/POS bytes to p. On failure it says why, that what was
// printed is safe in the journal (what), and how to print it again (again),
// and returns exitPrinter.
func (c *cli) printJob(p *printer.Printer, job []byte, what, again string) int {
	ctx, stop := c.commandContext() // backoffice.go
	defer stop()
	if err := p.Print(ctx, job); err != nil {
		c.tell(c.lang().Said(err.Error())) // a printer's failure and its hint in the till's language
		c.tell(c.t("cli.print.failed", what, again))
		return exitPrinter
	}
	c.tell(c.t("cli.print.sent", what, p))
	return exitOK
}

// reprint is `till reprint REF | --last | --mobile N | --meter N |
// --device ID | --day D [--print]`: find a sale, journal the copy (when, by
// whom) and print it as COPY n, to stdout or to the configured printer.
func (c *cli) reprint(args []string) int {
	fs := c.flags("reprint")
	last := fs.Bool("last", false, "reprint the most recent sale (of --day, if given)")
	mobile := fs.String("mobile", "", "find the sale by mobile `number`")
	meter := fs.String("meter", "", "find the sale by meter `number`")
	device := fs.String("device", "", "find the sale by water device `id`")
	day := fs.String("day", "", "only sales of business `day` YYYY-MM-DD")
	toPrinter := fs.Bool("print", false, "send the copy to the [printer] instead of stdout")
	sup := fs.String("supervisor", "", "the supervisor `id` who authorises a copy of a PIN or token from an earlier day (their PIN is read from stdin)")
	reason := fs.String("reason", "", "with --supervisor: why the copy is needed (journaled)")
	// REF may come first or after the flags (a flag's value, such as the
	// mobile "082 123 4567", is never taken for it).
	ref := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		ref, args = args[0], args[1:]
	}
	if err := c.parseFlags(fs, args); err != nil {
		return exitUsage
	}
	if rest := fs.Args(); len(rest) > 0 {
		if ref != "" || len(rest) > 1 || strings.HasPrefix(rest[0], "-") {
			c.tell(c.t("cli.reprint.unexpected", rest[len(rest)-1]))
			return exitUsage
		}
		ref = rest[0]
	}
	q, err := reprintQuery(ref, *last, *mobile, *meter, *device, *day)
	if err != nil {
		c.errorf("reprint: %s", c.why(err))
		return exitUsage
	}
	t, code := c.openJournalOnly()
	if t == nil {
		return code
	}
	defer t.Close()
	var prn *printer.Printer
	if *toPrinter {
		if prn, err = t.printer(); err != nil {
			return c.fail(err)
		}
	}
	s, code, ok := c.findForReprint(t, q)
	if !ok {
		return code
	}
	if err := c.reprintOverride(t, s, *sup, *reason); err != nil { // cashier.go
		return c.fail(err)
	}
	if prn != nil {
		return c.printCopy(t, prn, s) // print.go: printed, then journaled
	}
	s, err = t.Engine.Reprinted(s.Ref, t.Cashier)
	if err != nil {
		return c.fail(err)
	}
	lines, err := receipts.Lines(s, t.receiptOptions(s.Reprints))
	if err != nil {
		return c.fail(err)
	}
	for _, l := range lines {
		fmt.Fprintln(c.stdout, l.Text)
	}
	return exitOK
}

// search is what `till reprint` looks for.
type search struct {
	ref     string          // a reference or its sequence number
	last    bool            // the newest sale
	targets []string        // target values to look up (a mobile in two forms)
	kind    sale.TargetKind // the kind of target
	day     string          // only this business day
	// what and typed say what was looked for in "no sale ..." (describe):
	// a cli.reprint.* key and what was typed.
	what, typed string
}

// describe is what q looked for, in the till's language: "to mobile
// 0821234567 on 2026-11-23", "yet".
func (q search) describe(c *cli) string {
	var parts []string
	switch q.what {
	case "":
	case "cli.reprint.yet":
		parts = append(parts, c.t("cli.reprint.yet"))
	default:
		parts = append(parts, c.t(q.what, q.typed))
	}
	if q.day != "" {
		parts = append(parts, c.t("cli.reprint.on_day", q.day))
	}
	return strings.Join(parts, " ")
}

// reprintQuery checks the reprint flags: a reference, --last, or one of
// --mobile, --meter, --device, each optionally with --day; or --day alone.
func reprintQuery(ref string, last bool, mobile, meter, device, day string) (search, error) {
	q := search{ref: ref, last: last, day: day}
	n := 0
	for _, v := range []string{mobile, meter, device} {
		if v != "" {
			n++
		}
	}
	if ref != "" {
		n++
	}
	if last {
		n++
	}
	switch {
	case n > 1:
		return q, refuse(sale.CodeInvalid, "cli.reprint.one_of")
	case n == 0 && day == "":
		return q, refuse(sale.CodeInvalid, "cli.reprint.which")
	case ref != "" && day != "":
		return q, refuse(sale.CodeInvalid, "cli.reprint.ref_and_day")
	}
	if day != "" {
		if _, err := time.Parse(time.DateOnly, day); err != nil {
			return q, refuse(sale.CodeInvalid, "cli.day_bad", day)
		}
	}
	switch {
	case mobile != "":
		q.kind, q.what, q.typed = sale.TargetMobile, "cli.reprint.to_mobile", mobile
		if m, err := sale.NormalizeMobileZA(mobile); err == nil {
			q.targets = append(q.targets, m)
		}
		if d := digits(mobile); d != "" && (len(q.targets) == 0 || q.targets[0] != d) {
			q.targets = append(q.targets, d)
		}
		if len(q.targets) == 0 {
			return q, refuse(sale.CodeInvalid, "cli.reprint.no_digits", mobile)
		}
	case meter != "":
		q.kind, q.what, q.typed, q.targets = sale.TargetMeter, "cli.reprint.to_meter", meter, []string{strings.TrimSpace(meter)}
	case device != "":
		q.kind, q.what, q.typed, q.targets = sale.TargetDevice, "cli.reprint.to_device", device, []string{strings.TrimSpace(device)}
	case last && day == "":
		q.what = "cli.reprint.yet"
	}
	return q, nil
}

func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// maxListed is how many matches reprint lists before asking for one.
const maxListed = 20

// findForReprint finds the one sale q names. With several matches it lists
// them (newest first) and, on a terminal, asks which; otherwise it says how
// to name one. ok is false when it has printed why and code is the exit.
func (c *cli) findForReprint(t *till, q search) (s sale.Sale, code int, ok bool) {
	if q.ref != "" {
		s, err := findSale(t.Engine.Reader(), q.ref)
		if err != nil {
			return s, c.fail(err), false
		}
		return s, exitOK, true
	}
	var found []sale.Sale
	seen := map[sale.Reference]bool{}
	add := func(ss []sale.Sale) {
		for _, s := range ss {
			if !seen[s.Ref] && (q.kind == "" || s.Order.Target.Kind == q.kind) {
				seen[s.Ref] = true
				found = append(found, s)
			}
		}
	}
	switch {
	case len(q.targets) > 0:
		for _, v := range q.targets {
			ss, err := t.Journal.List(sale.Query{Target: v, Day: q.day})
			if err != nil {
				return s, c.fail(err), false
			}
			add(ss)
		}
		// Newest first across both spellings of a mobile number.
		sortNewest(found)
	case q.last:
		ss, err := t.Journal.List(sale.Query{Day: q.day, Limit: 1})
		if err != nil {
			return s, c.fail(err), false
		}
		add(ss)
	default:
		ss, err := t.Journal.List(sale.Query{Day: q.day, Limit: maxListed + 1})
		if err != nil {
			return s, c.fail(err), false
		}
		add(ss)
	}
	switch len(found) {
	case 0:
		c.tell(c.t("cli.reprint.none", q.describe(c)))
		return s, exitUsage, false
	case 1:
		return found[0], exitOK, true
	}
	c.listMatches(t, found)
	if c.stdinIsTerminal() { // backoffice.go
		return c.askWhich(found)
	}
	c.tell(c.t("cli.reprint.many", len(found), c.more(found), found[0].Ref))
	return s, exitUsage, false
}

func sortNewest(ss []sale.Sale) {
	for i := 1; i < len(ss); i++ {
		for j := i; j > 0 && ss[j].CreatedAt.After(ss[j-1].CreatedAt); j-- {
			ss[j], ss[j-1] = ss[j-1], ss[j]
		}
	}
}

func (c *cli) more(found []sale.Sale) string {
	if len(found) > maxListed {
		return c.t("cli.reprint.newest", maxListed)
	}
	return ""
}

// listMatches prints the matching sales, newest first, to stdout.
func (c *cli) listMatches(t *till, found []sale.Sale) {
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DAY\tTIME\tREFERENCE\tKIND\tTARGET\tAMOUNT\tSTATE\tCOPIES")
	for i, s := range found {
		if i == maxListed {
			break
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", s.Day, s.CreatedAt.In(t.Cfg.Till.Location()).Format("15:04:05"),
			s.Ref, s.Order.Kind, s.Order.Target.Masked(), s.Order.Amount, s.State, s.Reprints)
	}
	tw.Flush()
}

// askWhich asks on the terminal which of the listed sales to reprint, by
// reference or sequence number.
func (c *cli) askWhich(found []sale.Sale) (sale.Sale, int, bool) {
	fmt.Fprint(c.stderr, c.t("cli.reprint.ask"))
	line, _ := c.readTerminalLine(true) // backoffice.go
	answer := strings.TrimSpace(line)
	if answer == "" {
		c.tell(c.t("cli.reprint.cancelled"))
		return sale.Sale{}, exitUsage, false
	}
	for i, s := range found {
		if i == maxListed {
			break
		}
		if string(s.Ref) == answer || strings.HasSuffix(string(s.Ref), "-"+answer) {
			return s, exitOK, true
		}
	}
	c.tell(c.t("cli.reprint.not_listed", answer))
	return sale.Sale{}, exitUsage, false
}

// stderrIsTerminal reports whether messages go to a terminal (for progress
// lines).
func (c *cli) stderrIsTerminal() bool {
	if c.client != nil { // backoffice.go
		return c.client.StderrTTY
	}
	f, ok := c.stderr.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// who is who a journaled action is by: the --by flag, else the login name,
// else the till's cashier.
func (c *cli) who(flag string, t *till) string {
	if s := strings.TrimSpace(flag); s != "" {
		return s
	}
	if u := c.env("USER"); u != "" {
		return u
	}
	return t.Cashier
}
