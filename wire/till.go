// Package wire opens a till — config → journal (store) → providers →
// engine — and holds the adapters the screens and the command line use
// (Flowix's helpers, the webhook listener, the back office's export and
// backups). It is the only package of the till, besides store itself and
// bench, that imports store: the command line and the screens read the
// journal through sale.Reader (Till.Journal) and write it only through the
// engine.
package wire

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"till/config"
	"till/providers/flowix"
	"till/providers/sandbox"
	"till/sale"
	"till/store"
)

// Till is an open till: config, log, journal, engine and, once connected,
// providers and, in demo mode, the embedded sandbox. Close releases them in
// reverse order.
type Till struct {
	Cfg *config.Config
	Log *slog.Logger
	// Journal is the journal for reads and its own records (business days,
	// the customer book, backups); sale events are written only by Engine.
	Journal Journal
	// Engine is always set: over the journal alone (Offline) for reprints,
	// reports and the drawer, with the providers once Connect has run.
	Engine  *sale.Engine
	Cashier string     // who the till acts as
	Auth    *sale.Auth // cashiers, sign-in and supervisor overrides
	// Flowix is the Flowix client when [flowix] is configured; DemoPay pays
	// a demo deposit at once (demo mode only).
	Flowix  *flowix.Client
	DemoPay func(depositRef string) error
	// Backups writes the TUI's automatic journal backups (backups.go).
	Backups *Backups

	db      *store.DB
	closers []func()
}

// StoreOptions are how the journal is found beside its state: the
// continuity record's directory, the till's key file and what to say while
// an old journal is converted.
type StoreOptions struct {
	StateDir, KeyFile string
	Migrating         func(keptAs string)
}

func (o StoreOptions) store(cfg *config.Config) store.Options {
	return store.Options{StoreID: cfg.Till.StoreID, TerminalID: cfg.Till.TerminalID, Location: cfg.Till.Location(),
		StateDir: o.StateDir, KeyFile: o.KeyFile, Migrating: o.Migrating}
}

// Open opens the journal at path for cfg, with a discarding log and an
// engine over the journal alone (no providers: Connect adds them).
func Open(cfg *config.Config, path string, o StoreOptions) (*Till, error) {
	db, err := store.Open(path, o.store(cfg))
	if err != nil {
		return nil, err
	}
	t := adminTill(cfg, db) // admin.go: the same till, before its cashier is known
	t.Cashier = "cashier"
	if cfg.Demo {
		t.Cashier = "demo"
	}
	return t, nil
}

// OnClose adds f to what Close runs (last added, first run).
func (t *Till) OnClose(f func()) { t.closers = append(t.closers, f) }

// Close releases everything open, in reverse order.
func (t *Till) Close() {
	for i := len(t.closers) - 1; i >= 0; i-- {
		t.closers[i]()
	}
	t.closers = nil
}

// Offline (re)makes the engine over the journal alone: it sells nothing,
// and reprints, notes, reports and the drawer go through it.
func (t *Till) Offline() {
	t.Engine = sale.NewEngine(sale.Options{Journal: t.db, Logger: t.Log.With("component", "engine"),
		Config: sale.Config{MaxAttempts: t.Cfg.Till.MaxAttempts, Window: t.Cfg.Till.Window()},
		Limits: Supervised(t.Cfg.Limits.Sale())})
}

// ConnectOptions are Connect's.
type ConnectOptions struct {
	// Failpoint kills the process at a named point (crash tests only).
	Failpoint func(string)
	// Webhooks starts Flowix's webhook listener (the TUI).
	Webhooks bool
}

// Connect starts the demo sandbox in demo mode, builds the providers and
// the engine over them, and recovers the sales a crash left unsettled. A
// till whose secrets are locked (its key is missing) does not connect.
func (t *Till) Connect(o ConnectOptions) error {
	if locked, why := t.db.SecretsLocked(); locked { // without its key the till does not sell
		return sale.JournalErrorf("this till cannot sell: %s. Reprints, reports, export and verify still work", why)
	}
	cfg := t.Cfg
	var demoHooks func(url string) error // points the demo sandbox's Flowix webhooks at the till
	if cfg.Demo {
		sb := sandbox.New(sandbox.Options{StatePath: filepath.Join(filepath.Dir(t.db.Path()), "demo-sandbox.json"), Logger: t.Log.With("component", "sandbox")})
		base, err := sb.Start("127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("demo sandbox: %w", err)
		}
		t.OnClose(func() { sb.Close() })
		DemoProviders(cfg, base)
		t.DemoPay = SandboxPay(base)
		if f := sb.Flowix(); f != nil {
			demoHooks = f.SetWebhookURL
		}
	}
	provs, err := BuildProviders(cfg, t.Log)
	if err != nil {
		return err
	}
	t.Flowix = flowixClient(provs)
	t.Engine = sale.NewEngine(sale.Options{
		Journal: t.db, Providers: provs, Logger: t.Log.With("component", "engine"),
		Config:    sale.Config{MaxAttempts: cfg.Till.MaxAttempts, Window: cfg.Till.Window()},
		Limits:    Supervised(cfg.Limits.Sale()), // refunds and cancels need a supervisor
		Failpoint: o.Failpoint,
	})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := t.Engine.Recover(ctx); err != nil {
		return err
	}
	if o.Webhooks {
		// Flowix's webhooks (webhook.go): at [flowix] webhook_listen, or
		// from the demo sandbox to a loopback listener of the demo's own.
		ws, err := t.flowixWebhook(t.Flowix, demoHooks)
		if err != nil {
			return err
		}
		if ws != nil {
			t.OnClose(func() { ws.Close() })
		}
	}
	return nil
}

// SeedDemoCustomers adds the demo's card-on-file customers (demo mode).
func (t *Till) SeedDemoCustomers(now time.Time) error { return seedDemoCustomers(t.db, now) }

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// Borrow is a copy of t for one command of its back office (a command line
// on the running till's socket): the same config, journal and engine, its
// own cashier and sign-in, and closed by nobody but t.
func (t *Till) Borrow() *Till {
	b := *t
	b.closers = nil
	return &b
}
