package cli

import (
	"errors"
	"fmt"
	"strings"

	"till/sale"
	"till/wire"
)

// archive is `till archive --before DATE --supervisor ID [--reason T]
// [--json]` and `till archive --list`: closed business days before DATE
// move into read-only archive journals beside the journal, one per year
// (store/archive.go). The journal must not be open in a running till.
func (c *cli) archive(args []string) int {
	fs := c.flags("archive")
	before := fs.String("before", "", "move the closed business days before this `date` (YYYY-MM-DD)")
	sup := fs.String("supervisor", "", "the supervisor `id` who authorises it (their PIN is read from stdin when the journal has cashiers)")
	reason := fs.String("reason", "", "why (journaled)")
	list := fs.Bool("list", false, "list the journal's archives and stop")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	if !*list && (strings.TrimSpace(*before) == "" || strings.TrimSpace(*sup) == "") {
		c.errorf("archive: --before DATE and --supervisor ID are required, e.g. till archive --before 2026-01-01 --supervisor S1")
		return exitUsage
	}
	cfg, err := c.config()
	if err != nil {
		return c.fail(err)
	}
	jpath, err := cfg.JournalPath(c.env)
	if err != nil {
		return c.fail(err)
	}
	wt, err := wire.OpenAdmin(cfg, jpath, c.storeOptions(cfg, jpath))
	if err != nil {
		if errors.Is(err, wire.ErrLocked) {
			c.errorf("archive: the journal is in use by a running till: close it first")
			return exitJournal
		}
		return c.fail(err)
	}
	defer wt.Close()
	if *list {
		as, err := wt.Archives()
		if err != nil {
			return c.fail(err)
		}
		if *asJSON {
			c.printJSON(as)
			return exitOK
		}
		if len(as) == 0 {
			fmt.Fprintln(c.stdout, "no archives: every sale is in the journal")
		}
		for _, a := range as {
			fmt.Fprintf(c.stdout, "%d  %s  %d sale(s), %s to %s, sales %d-%d, chain to event %d %s\n",
				a.Year, a.Path, a.Sales, a.FirstDay, a.LastDay, a.FirstSale, a.LastSale, a.HeadSeq, a.HeadHash)
		}
		return exitOK
	}
	by := *sup + " (" + c.backOffice() + ")"
	if wt.KeepsCashiers() {
		t := &till{wt}
		t.Cashier = c.backOffice()
		t.Auth = t.newAuth()
		if strings.TrimSpace(*reason) == "" {
			*reason = "archive before " + *before
		}
		ov, err := c.override(t, sale.ActionJournal, "archive before "+*before, *sup, *reason)
		if err != nil {
			return c.fail(err)
		}
		by = ov.Supervisor
	}
	res, err := wt.Archive(*before, c.now(), by)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		c.printJSON(res)
		return exitOK
	}
	for _, y := range res.Years {
		fmt.Fprintf(c.stdout, "archived %d sale(s) into %s (%d: %s to %s), chain head event %d %s; journal event %d\n",
			y.Sales, y.Path, y.Year, y.FirstDay, y.LastDay, y.HeadSeq, y.HeadHash, y.Event.Seq)
	}
	fmt.Fprintf(c.stdout, "journal %s: %d bytes, was %d\n", jpath, res.BytesAfter, res.BytesBefore)
	c.errorf("back up the archive file(s) now: they are read-only and no longer in the journal's backups")
	return exitOK
}
