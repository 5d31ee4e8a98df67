package cli

// `till doctor [--json]` and the TUI's "Till check" screen: everything a
// live till needs, checked without moving money (package doctor). This
// file is the wiring: it loads the config, points at the journal, builds
// the providers' clients over the doctor's read-only transport and hands
// them to doctor.Run.

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"till/config"
	"till/wire"

	"till/doctor"
	"till/printer"
	"till/providers/flash"
	"till/providers/flowix"
	"till/providers/flutterwave"
	"till/providers/mpesaflow"
	"till/providers/oneflow"
	"till/providers/sandbox"
	"till/sale"
)

// doctor is `till doctor [--json]`. It exits 0 when nothing failed, 1 when
// a provider, printer or clock check failed, 2 for the config and 4 for
// the journal.
func (c *cli) doctor(args []string) int {
	fs := c.flags("doctor")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	ctx, stop := signalContext()
	defer stop()
	in, closeAll := c.doctorInputs()
	defer closeAll()
	rep := doctor.Run(ctx, in)
	if rep.Checks[0].Status == doctor.Fail {
		c.errorf("%s", rep.Checks[0].Detail) // the config: also where scripts look
	}
	var err error
	if *asJSON {
		err = writeJSON(c.stdout, rep, c.shopZone()) // json.go: the one style
	} else {
		err = doctor.WriteText(c.stdout, rep)
	}
	if err != nil {
		c.errorf("doctor: %v", err)
	}
	return rep.Exit
}

// doctorInputs loads the config (the first check) and builds the rest.
// closeAll releases what it started (the demo's sandbox).
func (c *cli) doctorInputs() (doctor.Inputs, func()) {
	nothing := func() {}
	cfgCheck := doctor.Check{Name: "config", Area: doctor.AreaConfig}
	cfg, err := c.config()
	if err != nil {
		cfgCheck.Status, cfgCheck.Detail = doctor.Fail, configMessage(err)
		cfgCheck.Fix = "correct what the message says (config.example.toml documents every key), then run till doctor again"
		if isNoConfig(err) {
			cfgCheck.Fix = "write a config (see config.example.toml and the README's \"Going live\") at one of those places, or use --demo for the demo journal"
		}
		return doctor.Inputs{Mode: config.ModeLive, Config: cfgCheck}, nothing
	}
	closeAll := nothing
	if cfg.Demo {
		sb := sandbox.New(sandbox.Options{})
		base, err := sb.Start("127.0.0.1:0")
		if err != nil {
			cfgCheck.Status, cfgCheck.Detail = doctor.Fail, "the demo sandbox did not start: "+err.Error()
			return doctor.Inputs{Mode: config.ModeDemo, Config: cfgCheck}, nothing
		}
		wire.DemoProviders(cfg, base)
		closeAll = func() { sb.Close() }
	}
	cfgCheck.Status, cfgCheck.Detail = doctor.OK, configDetail(cfg)
	jpath, err := cfg.JournalPath(c.env)
	var journal *doctor.Journal
	if err != nil {
		cfgCheck.Status, cfgCheck.Detail, cfgCheck.Fix = doctor.Fail, configMessage(err), "set [till] journal"
	} else {
		sealed := true
		journal = &doctor.Journal{Path: jpath, Explain: explainJournal, Open: func() (doctor.JournalStats, error) {
			st, sl, err := wire.JournalStats(cfg, jpath)
			if err == nil {
				sealed = sl
			}
			return st, err
		}, Key: &doctor.KeyFile{Path: c.keyFile(cfg, jpath), JournalPath: jpath, Sealed: func() bool { return sealed }}}
	}
	in := doctorChecks(cfg, slog.New(slog.DiscardHandler))
	if in.Config.Status == "" { // else a provider's table was refused
		in.Config = cfgCheck
	}
	in.Journal = journal
	return in, closeAll
}

// doctorChecks builds the provider, printer and clock inputs of cfg: the
// clients go over a doctor.Transport, which lets through only reads and
// token requests.
func doctorChecks(cfg *config.Config, log *slog.Logger) doctor.Inputs {
	in := doctor.Inputs{Mode: cfg.Mode(), Transport: doctor.NewTransport(nil, nil)}
	tokenPath := map[string]string{flash.ProviderName: flash.TokenPath, oneflow.ProviderName: oneflow.TokenPath}
	provs, err := wire.BuildProvidersOver(cfg, log, func(name string) *http.Client {
		return in.Transport.Client(name, tokenPath[name])
	})
	if err != nil {
		in.Config = doctor.Check{Name: "config", Status: doctor.Fail, Detail: configMessage(err), Fix: "correct the provider's table in the config"}
		return in
	}
	for _, p := range provs {
		in.Providers = append(in.Providers, prober(p))
	}
	if pc := cfg.Printer; pc != nil {
		if p, err := printer.Open(pc.Config()); err == nil {
			in.Printer = p
		}
	}
	return in
}

// prober is the check of one provider's client. Flutterwave's and
// MpesaFlow's documents give no call that proves the credentials without
// a charge, so those are SKIP, never a guess.
func prober(p sale.Provider) doctor.Prober {
	switch c := p.(type) {
	case *flash.Client:
		return doctor.Flash{Client: c}
	case *flowix.Client:
		return doctor.Flowix{Client: c}
	case *oneflow.Client:
		return doctor.Token{Name: oneflow.ProviderName, Display: "1Flow", Client: c,
			Keys: "client_id and client_secret (or TILL_ONEFLOW_CLIENT_ID, TILL_ONEFLOW_CLIENT_SECRET)"}
	case *flutterwave.Client:
		return doctor.Unchecked{Name: flutterwave.ProviderName, Reason: "Flutterwave's tokenized-charges API has no read of the account; " +
			"its only reads need the id of a bulk charge made earlier, so the secret key is first proven by a charge"}
	case *mpesaflow.Client:
		return doctor.Unchecked{Name: mpesaflow.ProviderName, Reason: "MpesaFlow's API has one call, POST /transactions, which records a payment"}
	}
	return doctor.Unchecked{Name: p.Name(), Reason: "the till has no check for this provider"}
}

// configDetail is the config line of a loaded config: where, its mode,
// the till's mode and the providers.
func configDetail(cfg *config.Config) string {
	var b strings.Builder
	if cfg.Demo {
		b.WriteString("no config: the demo, against the built-in sandbox")
	} else {
		path := cfg.Path
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		fmt.Fprintf(&b, "%s (%s)", path, cfg.Source())
		if fi, err := os.Stat(cfg.Path); err == nil {
			fmt.Fprintf(&b, ", file mode %04o", fi.Mode().Perm())
		}
		fmt.Fprintf(&b, ", %s", cfg.Mode())
	}
	var names, loop []string
	for _, p := range cfg.ProviderURLs() {
		names = append(names, p.Table)
		if !cfg.Demo && config.IsLoopbackURL(p.URL) {
			loop = append(loop, p.Table)
		}
	}
	fmt.Fprintf(&b, ", store %s terminal %s; providers: %s", cfg.Till.StoreID, cfg.Till.TerminalID, strings.Join(names, ", "))
	if len(loop) > 0 && cfg.Mode() == config.ModeLive {
		fmt.Fprintf(&b, " (%s on this machine: a sandbox, not a live provider)", strings.Join(loop, ", "))
	}
	return b.String()
}

// configMessage is a config error as one line.
func configMessage(err error) string {
	var ce *config.Error
	if errors.As(err, &ce) {
		return strings.Join(strings.Fields(strings.ReplaceAll(ce.Message(), ":\n  ", ": ")), " ")
	}
	return err.Error()
}

// explainJournal says what a journal that does not open means.
func explainJournal(err error) (detail, fix string) {
	detail = sale.ErrorMessage(err)
	if detail == "" {
		detail = err.Error()
	}
	switch {
	case errors.Is(err, wire.ErrLocked):
		return detail, "another till has it open: close it, or run the check from its back office (Till check)"
	case errors.Is(err, wire.ErrCorrupt):
		return detail, "restore the journal from its backup; till verify says what is wrong"
	case errors.Is(err, wire.ErrIdentity):
		return detail, "[till] store_id and terminal_id must be the ones this journal was made with, or point [till] journal at this till's own"
	case errors.Is(err, wire.ErrSchema):
		return detail, "a newer till wrote it: run that version"
	}
	return detail, "check [till] journal and its permissions"
}

// doctorFunc is the TUI's "Till check": the same checks, with the journal
// this till holds open (read, never written) and fresh clients.
func (t *till) doctorFunc() func(ctx context.Context) doctor.Report {
	return func(ctx context.Context) doctor.Report {
		in := doctorChecks(t.Cfg, t.Log.With("component", "doctor"))
		if in.Config.Status == "" {
			in.Config = doctor.Check{Status: doctor.OK, Detail: configDetail(t.Cfg)}
		}
		in.Journal = &doctor.Journal{Path: t.Journal.Path(), Explain: explainJournal,
			Open: func() (doctor.JournalStats, error) { return t.Stats() }}
		ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		return doctor.Run(ctx, in)
	}
}
