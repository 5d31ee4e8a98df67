package cli

// Help and flag rules of every command (issue 16):
//
//   - `--help`/`-h` prints on stdout and exits 0 at every level: the root
//     (run.go), a command group (`till journal --help`: groupHelp) and every
//     command or subcommand (its flag set, through cli.parse/parseFlags).
//   - The command table (commands.go) gives every command's usage lines:
//     help for a command shows its lines, then its flags. A new command is
//     one entry there.
//   - A flag given twice is refused (exit 2), unless its help says it takes
//     a list ("(repeatable)"): `--amount 10 --amount 20` is a mistake, and
//     taking the last silently sold R20 to the second number given.

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// takesList marks a flag whose help says it may be given more than once.
const takesList = "(repeatable)"

// parseFlags parses a command's flags: -h/--help prints the command's help
// on stdout (and the command exits 0: c.helped); a flag given twice is an
// error. It returns flag.ErrHelp after help, another error (already
// printed, with a hint) on bad flags.
func (c *cli) parseFlags(fs *flag.FlagSet, args []string) error {
	refuseRepeats(fs)
	fs.Usage = func() {} // help goes to stdout below; errors get a hint
	out := fs.Output()
	fs.SetOutput(io.Discard) // the error is printed below, as every other
	err := fs.Parse(args)
	fs.SetOutput(out)
	switch {
	case errors.Is(err, flag.ErrHelp):
		c.helped = true
		printFlagHelp(c.stdout, fs)
	case err != nil:
		c.errorf("%s: %v", strings.TrimPrefix(fs.Name(), "till "), err)
		fmt.Fprintf(c.stderr, "Run '%s --help' for usage.\n", fs.Name())
	}
	return err
}

// exitAfter is the exit code of a command that returned code: 0 when it
// only printed its help.
func (c *cli) exitAfter(code int) int {
	if c.helped {
		return exitOK
	}
	return code
}

// groupHelp prints the help of a command group (`till journal --help`,
// `till help sell`) when rest asks for it, and reports whether it did.
// Commands without subcommands answer --help through their flag set.
func (c *cli) groupHelp(cmd string, rest []string) bool {
	if cmd == "" || len(rest) == 0 || !isHelpArg(rest[0]) || !isGroup(cmd) {
		return false
	}
	c.helped = true
	printCommandHelp(c.stdout, []string{cmd})
	return true
}

// help is `till help [COMMAND [SUBCOMMAND]]`.
func (c *cli) help(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.stdout, usageText)
		return exitOK
	}
	if len(usageEntries(args)) == 0 {
		c.errorf("help: no command %q; `till --help` lists them", strings.Join(args, " "))
		return exitUsage
	}
	// The command's own --help: its lines and its flags.
	return run(append(append([]string{}, args...), "--help"), c.stdout, c.stderr, c.env)
}

// wantsHelp reports whether args ask for help (-h, --help before "--").
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

func isHelpArg(s string) bool {
	switch s {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

// refuseRepeats makes every flag of fs that does not take a list refuse a
// second value.
func refuseRepeats(fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		if _, done := f.Value.(*onceValue); done || strings.Contains(f.Usage, takesList) {
			return
		}
		f.Value = &onceValue{Value: f.Value, name: f.Name}
	})
}

// onceValue is a flag value that may be set once.
type onceValue struct {
	flag.Value
	name  string
	set   bool
	first string
}

func (o *onceValue) Set(s string) error {
	if o.set {
		return fmt.Errorf("--%s was already given (%q): a flag may be given once; nothing was done", o.name, clipArg(o.first))
	}
	o.set, o.first = true, s
	return o.Value.Set(s)
}

// IsBoolFlag keeps `--json` working without a value.
func (o *onceValue) IsBoolFlag() bool {
	b, ok := o.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

func (o *onceValue) Get() any {
	if g, ok := o.Value.(flag.Getter); ok {
		return g.Get()
	}
	return o.Value.String()
}

func clipArg(s string) string {
	if len(s) > 24 {
		return s[:24] + "…"
	}
	return s
}

// printFlagHelp is a command's help: its usage lines, then its flags.
func printFlagHelp(w io.Writer, fs *flag.FlagSet) {
	path := strings.Fields(strings.TrimPrefix(fs.Name(), "till"))
	printUsageLines(w, path)
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		n++
		if o, ok := f.Value.(*onceValue); ok {
			f.Value = o.Value // PrintDefaults names the value's own type
		}
	})
	if n > 0 {
		fmt.Fprintln(w, "\nFlags:")
		out := fs.Output()
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(out)
	}
	fmt.Fprintln(w, globalFlagsHelp)
}

const globalFlagsHelp = "\nGlobal flags (before the command): --config FILE | --demo, --cashier ID. `till --help` lists every command."

// printCommandHelp prints the help of a command group.
func printCommandHelp(w io.Writer, path []string) {
	printUsageLines(w, path)
	fmt.Fprintln(w, globalFlagsHelp)
}

// printUsageLines prints the usage lines of the command path.
func printUsageLines(w io.Writer, path []string) {
	fmt.Fprintln(w, "Usage:")
	entries := usageEntries(path)
	if len(entries) == 0 {
		fmt.Fprintf(w, "  till %s [flags]\n", strings.Join(path, " "))
	}
	for _, e := range entries {
		fmt.Fprint(w, "  till "+strings.TrimPrefix(e.text, "  "))
	}
}

// usageEntry is one command of usageText with its continuation lines.
type usageEntry struct {
	words []string // the command words: "sell", "1voucher|giftvoucher|eezi|cashout"
	text  string
}

// usageEntries returns the command table's entries (commands.go) that
// path names (all of a group's for one word). An empty path returns them
// all; the till itself (no path) is never one.
func usageEntries(path []string) []usageEntry {
	var out []usageEntry
	for _, cmd := range commands {
		if cmd.path == "" {
			continue
		}
		e := usageEntry{words: strings.Fields(cmd.path), text: "  " + cmd.usage + "\n"}
		if e.names(path) {
			out = append(out, e)
		}
	}
	return out
}

// names reports whether the entry is, or is under, path.
func (e usageEntry) names(path []string) bool {
	for i, p := range path {
		if i >= len(e.words) {
			return false
		}
		if !containsWord(strings.Split(e.words[i], "|"), p) {
			return false
		}
	}
	return true
}

func containsWord(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// isGroup reports whether cmd has subcommands in the command table.
func isGroup(cmd string) bool {
	for _, e := range usageEntries([]string{cmd}) {
		if len(e.words) > 1 {
			return true
		}
	}
	return false
}
