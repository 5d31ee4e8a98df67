package cli

import (
	"till/config"
	"till/wire"
)

// till is an open till (wire.Till) as the command line holds it: the
// commands' helpers (slips, sign-in, the TUI's dependencies) are methods of
// it.
type till struct{ *wire.Till }

// config finds and loads the config, or returns the demo config: with
// --demo, or when none is found and the TUI is starting (mode.go).
func (c *cli) config() (cfg *config.Config, err error) {
	defer func() { c.noteZone(cfg) }() // --json times in the shop's zone (json.go)
	defer func() {
		if err == nil {
			c.noteLang(cfg) // lang.go: the command's messages in the till's language
		}
	}()

	if c.held != nil { // backoffice.go: the running till's
		return c.held.Cfg, nil
	}
	if c.demo {
		return config.Demo(), nil
	}
	path, err := config.Find(c.configPath, c.env)
	if err != nil {
		return nil, err
	}
	if path == "" {
		if c.demoFallback {
			return config.Demo(), nil
		}
		return nil, c.noConfigError()
	}
	cfg, err = config.Load(path, c.env)
	if cfg != nil {
		cfg.SetSource(c.configSource(path)) // mode.go
	}
	return cfg, err
}

// open loads the config, opens the log, starts the demo sandbox if needed,
// opens the journal, builds the providers and the engine and recovers
// unsettled sales. On failure it prints why and returns the exit code.
func (c *cli) open(tui bool) (*till, int) {
	t, err := c.openTill(tui, true)
	if err != nil {
		return nil, c.fail(err)
	}
	return t, exitOK
}

// openJournalOnly opens the config, log and journal without providers (for
// reads and reprints, which must work offline: the engine runs over the
// journal alone).
func (c *cli) openJournalOnly() (*till, int) {
	t, err := c.openTill(false, false)
	if err != nil {
		return nil, c.fail(err)
	}
	return t, exitOK
}

func (c *cli) openTill(tui, withProviders bool) (_ *till, err error) {
	if c.held != nil { // backoffice.go: inside the running till
		return c.borrow()
	}
	cfg, err := c.config()
	if err != nil {
		return nil, err
	}
	cfg.Till.SetLang(cfg.Till.LanguageFor(c.env)) // config/config_language.go
	jpath, err := cfg.JournalPath(c.env)
	if err != nil {
		return nil, err
	}
	// The journal first: its continuity record (continuity.go) decides
	// whether it may be created, and its directory is never made here.
	wt, err := wire.Open(cfg, jpath, c.storeOptions(cfg, jpath))
	if err != nil {
		return nil, err
	}
	t := &till{wt}
	defer func() {
		if err != nil {
			t.Close()
		}
	}()
	c.startLog(t, jpath) // never fatal (continuity.go); rotated, or stderr under systemd (logs.go)
	t.Offline()          // the engine over the journal alone, with the log
	if cfg.Demo {
		if err := t.SeedDemoCustomers(c.now()); err != nil {
			t.Log.Warn("could not add the demo customers", "err", err)
		}
	}
	if err := c.setUpCashiers(t, tui); err != nil { // cashier.go: demo cashiers, --cashier sign-in
		return nil, err
	}
	if !withProviders {
		return t, nil
	}
	if err := t.Connect(wire.ConnectOptions{Failpoint: failpoint(c.env), Webhooks: tui}); err != nil {
		return nil, err
	}
	return t, nil
}
