package cli

// The journal's continuity on the command line: where the continuity record
// lives (the state directory), `till journal new` and `till journal adopt`
// (a supervisor's journaled decision about a lost or restored journal),
// `till backup FILE`, the TUI's automatic backups and a log file that is
// never fatal. The record itself is store/continuity.go.

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"till/config"
	"till/wire"

	"till/sale"
)

// stateDir is the directory of the journal's continuity record: beside the
// demo journal in demo mode; else $TILL_STATE_DIR, $XDG_STATE_HOME/till or
// ~/.local/state/till, or, when that cannot be written, till-state/ beside
// the config file.
func (c *cli) stateDir(cfg *config.Config, journal string) string {
	if cfg.Demo {
		return filepath.Dir(journal)
	}
	if d := c.env("TILL_STATE_DIR"); d != "" {
		return d
	}
	if x := config.XDGDir(c.env, "XDG_STATE_HOME", filepath.Join(".local", "state")); x != "" {
		if d := filepath.Join(x, "till"); writableDir(d) {
			return d
		}
	}
	if cfg.Path != "" {
		if abs, err := filepath.Abs(cfg.Path); err == nil {
			return filepath.Join(filepath.Dir(abs), "till-state")
		}
	}
	return filepath.Join(filepath.Dir(journal), "till-state")
}

// writableDir makes dir (0700) if missing and reports whether a file can be
// created in it.
func writableDir(dir string) bool {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false
	}
	f, err := os.CreateTemp(dir, ".probe-*")
	if err != nil {
		return false
	}
	f.Close()
	os.Remove(f.Name())
	return true
}

// storeOptions are the journal's open options, with its continuity record.
func (c *cli) storeOptions(cfg *config.Config, journal string) wire.StoreOptions {
	return wire.StoreOptions{StateDir: c.stateDir(cfg, journal), KeyFile: c.keyFile(cfg, journal), Migrating: func(keptAs string) {
		kept := "the old file is kept as " + keptAs
		if keptAs == "" {
			kept = "its secrets are sealed next, so no unsealed copy of it is kept"
		}
		c.errorf("converting the journal %s to the compact format (once; it takes about a minute per 300,000 sales, "+
			"and a stop starts it again); %s", journal, kept)
	}}
}

// startLog starts the till's log (logs.go: [till] log_file, rotated by
// size, or "-" for stderr under systemd). It is never fatal: a log file
// that cannot be opened (a read-only journal directory) is replaced by one
// in the state directory, with a warning naming both, and failing that by
// none.
func (c *cli) startLog(t *till, journal string) {
	w, closeLog, err := c.openLog(t.Cfg, journal)
	if err != nil {
		path := t.Cfg.LogPath(journal)
		alt := *t.Cfg
		alt.Till.LogFile = filepath.Join(c.stateDir(t.Cfg, journal), filepath.Base(path))
		w2, close2, err2 := c.openLog(&alt, journal)
		if err2 != nil {
			c.errorf("warning: log file %s cannot be opened (%v), nor %s: nothing is logged", path, errorsUnwrapAll(err), alt.Till.LogFile)
			t.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
			return
		}
		c.errorf("warning: log file %s cannot be opened (%v); logging to %s", path, errorsUnwrapAll(err), alt.Till.LogFile)
		w, closeLog = w2, close2
	}
	t.OnClose(closeLog)
	t.Log = slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// errorsUnwrapAll is the innermost error of a *PathError (the reason
// without the path, which the message names already).
func errorsUnwrapAll(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// journalAction parses the flags of `till journal new|adopt` (both need
// --supervisor and --reason, journaled) and finds the configured journal.
// ok is false when the command is over, with code its exit code.
func (c *cli) journalAction(name, supHelp, reasonHelp string, args []string) (cfg *config.Config, jpath, sup, reason string, code int, ok bool) {
	fs := c.flags(name)
	s := fs.String("supervisor", "", supHelp)
	r := fs.String("reason", "", reasonHelp)
	if !c.parse(fs, args, 0) {
		return nil, "", "", "", exitUsage, false
	}
	if strings.TrimSpace(*s) == "" || strings.TrimSpace(*r) == "" {
		c.errorf("%s: --supervisor and --reason are required", name)
		return nil, "", "", "", exitUsage, false
	}
	cfg, err := c.config()
	if err == nil {
		jpath, err = cfg.JournalPath(c.env)
	}
	if err != nil {
		return nil, "", "", "", c.fail(err), false
	}
	return cfg, jpath, *s, *r, exitOK, true
}

// journalNew is `till journal new --supervisor ID --reason TEXT`: a new,
// empty journal where the configured one is lost for good. The lost
// journal's install tag is never used again, so no reference repeats.
func (c *cli) journalNew(args []string) int {
	cfg, jpath, sup, reason, code, ok := c.journalAction("journal new",
		"the supervisor `id` who decides the old journal is lost (journaled)",
		"why (journaled), e.g. \"disk failed, no backup\"", args)
	if !ok {
		return code
	}
	opts := c.storeOptions(cfg, jpath)
	// The lost journal held the supervisors' PINs: the id is journaled
	// with the login that ran the command.
	by := sup + " (" + c.backOffice() + ")"
	wt, e, err := wire.NewJournal(cfg, jpath, opts, c.now(), by, reason)
	if err != nil {
		return c.fail(err)
	}
	defer wt.Close()
	_, _, tag := wt.Identity()
	fmt.Fprintf(c.stdout, "new journal %s (install tag %s), journal event %d by %s\n%s\n", wt.Journal.Path(), tag, e.Seq, by, e.Note)
	c.errorf("new journal started; every sale in the lost journal that was in doubt must be settled with the provider by hand")
	return exitOK
}

// journalAdopt is `till journal adopt --supervisor ID --reason TEXT`: make
// the journal at the configured path (a backup put back, or another
// journal) this till's, after a supervisor's PIN when the journal has
// cashiers. It lists the sales the file does not hold and continues under a
// new install tag.
func (c *cli) journalAdopt(args []string) int {
	cfg, jpath, sup, reason, code, ok := c.journalAction("journal adopt",
		"the supervisor `id` who authorises it (their PIN is read from stdin when the journal has cashiers)",
		"why (journaled), e.g. \"restored last night's backup after the disk failed\"", args)
	if !ok {
		return code
	}
	wt, gap, err := wire.OpenForAdopt(cfg, jpath, c.storeOptions(cfg, jpath))
	if err != nil {
		return c.fail(err)
	}
	defer wt.Close()
	if gap == nil {
		fmt.Fprintf(c.stdout, "journal %s is the one this till last wrote: nothing to adopt\n", wt.Journal.Path())
		return exitOK
	}
	by := sup + " (" + c.backOffice() + ")"
	if wt.KeepsCashiers() {
		t := &till{wt}
		t.Cashier = c.backOffice()
		t.Auth = t.newAuth()
		ov, err := c.override(t, sale.ActionJournal, wt.Journal.Path(), sup, reason)
		if err != nil {
			return c.fail(err)
		}
		by = ov.Supervisor
	}
	ad, err := wt.Adopt(c.now(), by, reason)
	if err != nil {
		return c.fail(err)
	}
	st, term, _ := wt.Identity()
	fmt.Fprintf(c.stdout, "journal %s adopted by %s (journal event %d)\n", wt.Journal.Path(), by, ad.Event.Seq)
	if m := ad.Gap.Missing(); m != "" {
		fmt.Fprintf(c.stdout, "sales this till made that this journal does not hold: %s\n", m)
		fmt.Fprintf(c.stdout, "  look them up at the providers before selling again to the same customers; they are never resent\n")
	}
	fmt.Fprintf(c.stdout, "new sales carry install tag %s (was %s): the next reference is %s-%s-%s-%d\n",
		ad.NewTag, ad.OldTag, st, term, ad.NewTag, ad.Gap.FileSales+1)
	return exitOK
}

// backup is `till backup FILE`: a consistent copy of the journal, mode
// 0600, verified (pages and chain) before it is reported.
func (c *cli) backup(args []string) int {
	fs := c.flags("backup")
	file, ok := c.parseNamed(fs, args, fmt.Sprintf("backup: to which file? e.g. till backup /mnt/usb/till-%s.db", c.now().Format("20060102")))
	if !ok {
		return exitUsage
	}
	t, code := c.openJournalFor("the journal is in use by a running till that does not answer on its back-office socket: it writes a verified backup after every Z report " +
		"and every [till] backup_every into [till] backup_dir; or close it first")
	if t == nil {
		return code
	}
	defer t.Close()
	file, err := c.abs(file) // backoffice.go: the caller's directory when run through the running till
	if err != nil {
		c.errorf("backup: %v", err)
		return exitUsage
	}
	rep, err := t.Journal.Backup(file)
	if err != nil {
		c.errorf("%v", err)
		if exitFor(err) == exitJournal {
			return exitJournal
		}
		return exitUsage // the destination: it exists, or cannot be written
	}
	fmt.Fprintf(c.stdout, "backup %s written and verified: %d events, %d sales, chain head %s\n", file, rep.Events, rep.Sales, rep.Head)
	return exitOK
}
