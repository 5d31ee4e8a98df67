package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"till/config"
	"till/wire"

	tea "charm.land/bubbletea/v2"

	"till/screens"
	"till/ship"
)

// shipLocked is what `till ship` says when a running till holds the
// journal: that till ships it itself.
const shipLocked = "the journal is in use by a running till, which ships it to head office itself every [ship] every"

// exitShip maps a ship or hq error to its exit code: 4 when the journal
// could not be read, 1 when head office could not be reached or refused.
func exitShip(err error) int {
	if errors.Is(err, ship.ErrJournal) {
		return exitJournal
	}
	return exitDeclined
}

// shipConfig loads the config and returns its [ship] table, or prints why
// there is none and returns exit 2.
func (c *cli) shipConfig(cmd string) (*config.Config, int) {
	cfg, err := c.config()
	if err != nil {
		return nil, c.fail(err)
	}
	if cfg.Ship == nil {
		where := "the config"
		if cfg.Path != "" {
			where = cfg.Path
		}
		c.errorf("%s: head office is not configured: add a [ship] table with url = \"postgres://…\" to %s (docs/HEAD-OFFICE.md)", cmd, where)
		return nil, exitUsage
	}
	return cfg, exitOK
}

// shipReport is `till ship --json`.
type shipReport struct {
	ship.Result
	UpToDate bool   `json:"up_to_date"`
	Error    string `json:"error,omitempty"`
}

// shipCmd is `till ship [--json] [--migrate] [--batch N]`: send every
// journal event head office does not hold yet (ship/). Exit 0 when head
// office is up to date, 1 when it cannot be reached or refuses (nothing is
// lost: the next run catches up), 2 config, 4 journal.
func (c *cli) shipCmd(args []string) int {
	fs := c.flags("ship")
	asJSON := fs.Bool("json", false, "report what was sent as JSON")
	migrate := fs.Bool("migrate", false, "only create or migrate head office's tables and views, then stop")
	batch := fs.Int("batch", ship.DefaultBatch, "events per transaction")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	if *batch <= 0 || *batch > 100_000 {
		c.errorf("ship: --batch %d: between 1 and 100000", *batch)
		return exitUsage
	}
	cfg, code := c.shipConfig("ship")
	if cfg == nil {
		return code
	}
	ctx, stop := signalContext()
	defer stop()
	if *migrate {
		return c.shipMigrate(ctx, cfg, *asJSON)
	}
	t, code := c.openJournalFor(shipLocked)
	if t == nil {
		return code
	}
	defer t.Close()
	// A ship holds at most two batches of rows at a time; collecting
	// garbage less often leaves more of the CPU to encoding them
	// (docs/BENCHMARKS.md, "Head-office shipping").
	debug.SetGCPercent(400)
	var res ship.Result
	conn, err := ship.Connect(ctx, cfg.Ship.URL)
	if err == nil {
		defer conn.Close(context.Background())
		opt := ship.Options{Batch: *batch, Failpoint: failpoint(c.env)}
		if !*asJSON && c.stderrIsTerminal() {
			opt.Progress = func(n int) { fmt.Fprintf(c.stderr, "\rtill: shipped %d events...", n) }
		}
		res, err = ship.Ship(ctx, conn, t.Journal, opt)
		if opt.Progress != nil && res.Sent > 0 {
			fmt.Fprintln(c.stderr)
		}
	} else {
		res.StoreID, res.TerminalID, res.InstallTag = t.Journal.Identity()
		res.Head, _, _ = t.Journal.Head()
	}
	if *asJSON {
		rep := shipReport{Result: res, UpToDate: err == nil && res.UpToDate()}
		if err != nil {
			rep.Error = err.Error()
		}
		c.printJSON(rep)
	}
	if err != nil {
		c.errorf("ship: %v", err)
		if !errors.Is(err, ship.ErrJournal) {
			c.errorf("nothing is lost: the journal keeps every event and the next till ship sends what head office does not hold")
		}
		return exitShip(err)
	}
	if !*asJSON {
		if len(res.Migrated) > 0 {
			fmt.Fprintf(c.stdout, "head office tables created or migrated to version %d\n", ship.SchemaVersion)
		}
		fmt.Fprintf(c.stdout, "shipped %d event(s) in %d batch(es); head office holds %s/%s (install %s) up to event %d of %d: up to date\n",
			res.Sent, res.Batches, res.StoreID, res.TerminalID, res.InstallTag, res.Shipped, res.Head)
	}
	return exitOK
}

// shipMigrate is `till ship --migrate`: the schema only, no journal.
func (c *cli) shipMigrate(ctx context.Context, cfg *config.Config, asJSON bool) int {
	conn, err := ship.Connect(ctx, cfg.Ship.URL)
	if err != nil {
		c.errorf("ship: %v", err)
		return exitDeclined
	}
	defer conn.Close(context.Background())
	applied, err := ship.Migrate(ctx, conn)
	if err != nil {
		c.errorf("ship: head office schema: %s", ship.Describe(err))
		return exitDeclined
	}
	if asJSON {
		c.printJSON(map[string]any{"version": ship.SchemaVersion, "migrated": applied})
		return exitOK
	}
	if len(applied) == 0 {
		fmt.Fprintf(c.stdout, "head office schema is at version %d: nothing to do\n", ship.SchemaVersion)
	} else {
		fmt.Fprintf(c.stdout, "head office schema migrated to version %d (applied %v)\n", ship.SchemaVersion, applied)
	}
	return exitOK
}

// hqVerify is `till hq verify [--json]`: the chain check over every till in head
// office, and this till's shipped rows compared with its journal when the
// journal can be read. Exit 0 intact, 1 head office unreachable, 2 config,
// 4 a break (named).
func (c *cli) hqVerify(args []string) int {
	fs := c.flags("hq verify")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	cfg, code := c.shipConfig("hq verify")
	if cfg == nil {
		return code
	}
	ctx, stop := signalContext()
	defer stop()
	// This till's journal, if it is here and free: a head-office machine
	// has none, and a running till holds its own.
	var j ship.Journal
	note := ""
	if jpath, err := cfg.JournalPath(c.env); err == nil {
		if _, err := os.Stat(jpath); err == nil {
			t, err := c.openTill(false, false)
			switch {
			case errors.Is(err, wire.ErrLocked):
				note = "this till's rows were not compared with its journal: a running till holds it"
			case err != nil:
				return c.fail(err)
			default:
				defer t.Close()
				j = t.Journal
			}
		}
	}
	conn, err := ship.Connect(ctx, cfg.Ship.URL)
	if err != nil {
		c.errorf("hq verify: %v", err)
		return exitDeclined
	}
	defer conn.Close(context.Background())
	chk, err := ship.Verify(ctx, conn, j)
	if err != nil {
		c.errorf("hq verify: %v", err)
		return exitShip(err)
	}
	if *asJSON {
		c.printJSON(struct {
			ship.Check
			Intact bool   `json:"intact"`
			Note   string `json:"note,omitempty"`
		}{chk, chk.Intact(), note})
	} else {
		if chk.Intact() {
			fmt.Fprintf(c.stdout, "head office chain intact: %d event(s) of %d till journal(s), every prev_hash links, no seq missing\n", chk.Events, chk.Tills)
		} else {
			fmt.Fprintf(c.stdout, "head office chain BROKEN: first break at %s\n", chk.First)
			if chk.Breaks > 1 {
				fmt.Fprintf(c.stdout, "%d break(s) found; the chain check's are in the chain_breaks view\n", chk.Breaks)
			}
		}
		if j != nil {
			fmt.Fprintf(c.stdout, "%d shipped event(s) of this till match its journal\n", chk.Compared)
		}
		if note != "" {
			fmt.Fprintln(c.stdout, note)
		}
	}
	if !chk.Intact() {
		return exitJournal
	}
	return exitOK
}

// shipInBackground ships the journal every [ship] every while the TUI
// runs, and sends the program how far head office is behind
// (screens.HeadOfficeMsg). Selling never waits for it: it reads the journal
// in short read transactions and a failure only leaves head office behind
// until the next run. The channel closes when ctx ends and it has stopped.
func (t *till) shipInBackground(ctx context.Context, send func(tea.Msg)) <-chan struct{} {
	done := make(chan struct{})
	if t.Cfg.Ship == nil {
		close(done)
		return done
	}
	go func() {
		defer close(done)
		log := t.Log.With("component", "ship")
		var known uint64 // head office's position at the last successful ship
		failing := false
		tick := time.NewTicker(t.Cfg.Ship.Interval())
		defer tick.Stop()
		for {
			since, err := t.shipOnce(ctx, &known)
			if ctx.Err() != nil {
				return
			}
			switch {
			case err != nil && !failing:
				log.Warn("head office is not reachable; the journal keeps every event for the next ship", "err", err.Error())
			case err == nil && failing:
				log.Info("head office caught up", "position", known)
			}
			failing = err != nil
			send(screens.HeadOfficeMsg{Since: since})
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return done
}

// shipOnce ships once and returns the time of the oldest event head office
// still lacks (zero when it has them all). known is head office's last
// known position, kept for when it cannot be asked.
func (t *till) shipOnce(ctx context.Context, known *uint64) (time.Time, error) {
	run, cancel := context.WithTimeout(ctx, max(10*time.Minute, 2*t.Cfg.Ship.Interval()))
	defer cancel()
	conn, err := ship.Connect(run, t.Cfg.Ship.URL)
	if err == nil {
		var res ship.Result
		res, err = ship.Ship(run, conn, t.Journal, ship.Options{})
		conn.Close(context.WithoutCancel(run))
		if res.Shipped > *known {
			*known = res.Shipped
		}
		if err == nil && res.UpToDate() {
			return time.Time{}, nil
		}
	}
	evs, jerr := t.Journal.EventsAfter(*known, 1)
	if jerr != nil || len(evs) == 0 {
		return time.Time{}, err
	}
	return evs[0].At, err
}
