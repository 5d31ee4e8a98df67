package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"till/config"

	"till/providers"
	"till/providers/flash"
	"till/providers/flowix"
	"till/providers/flutterwave"
	"till/providers/mpesaflow"
	"till/providers/oneflow"
	"till/providers/sandbox"
	"till/receipts"
	"till/sale"
	"till/screens"
	"till/store"
)

// till is an open till: config, log, journal, providers, engine and, in demo
// mode, the embedded sandbox. Close releases them in reverse order.
type till struct {
	cfg     *config.Config
	log     *slog.Logger
	journal *store.DB
	engine  *sale.Engine
	cashier string     // who the command acts as (cli_cashier.go: setUpCashiers)
	auth    *sale.Auth // cashiers, sign-in and supervisor overrides
	closers []func()
	// flowix is the Flowix client when [flowix] is configured; demoPay
	// pays a demo deposit at once (demo mode only). See flowix_tui.go.
	flowix  *flowix.Client
	demoPay func(depositRef string) error
	// backups writes the TUI's automatic journal backups (cli_continuity.go).
	backups *backups
}

// Close releases everything open closed in reverse order.
func (t *till) Close() {
	for i := len(t.closers) - 1; i >= 0; i-- {
		t.closers[i]()
	}
}

// config finds and loads the config, or returns the demo config: with
// --demo, or when none is found and the TUI is starting (mode.go).
func (c *cli) config() (cfg *config.Config, err error) {
	defer func() { c.noteZone(cfg) }() // --json times in the shop's zone (cli_json.go)

	if c.held != nil { // backoffice_cli.go: the running till's
		return c.held.cfg, nil
	}
	if c.demo {
		return demoConfig(), nil
	}
	path, err := config.Find(c.configPath, c.env)
	if err != nil {
		return nil, err
	}
	if path == "" {
		if c.demoFallback {
			return demoConfig(), nil
		}
		return nil, c.noConfigError()
	}
	cfg, err = config.Load(path, c.env)
	if cfg != nil {
		cfg.SetSource(c.configSource(path)) // mode.go
	}
	return cfg, err
}

// demoConfig is the config of demo mode: the embedded sandbox, a journal of
// its own, DEMO on every screen. The Flash table is filled in once the
// sandbox is listening.
func demoConfig() *config.Config {
	return config.Demo()
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
// reads and reprints, which must work offline).
func (c *cli) openJournalOnly() (*till, int) {
	t, err := c.openTill(false, false)
	if err != nil {
		return nil, c.fail(err)
	}
	return t, exitOK
}

func (c *cli) openTill(tui, withProviders bool) (_ *till, err error) {
	if c.held != nil { // backoffice_cli.go: inside the running till
		return c.borrow()
	}
	cfg, err := c.config()
	if err != nil {
		return nil, err
	}
	t := &till{cfg: cfg, cashier: "cashier"}
	cfg.Till.SetLang(cfg.Till.LanguageFor(c.env)) // config_language.go
	defer func() {
		if err != nil {
			t.Close()
		}
	}()
	jpath, err := cfg.JournalPath(c.env)
	if err != nil {
		return nil, err
	}
	// The journal first: its continuity record (cli_continuity.go) decides
	// whether it may be created, and its directory is never made here.
	db, err := store.Open(jpath, c.storeOptions(cfg, jpath))
	if err != nil {
		return nil, err
	}
	t.journal = db
	t.closers = append(t.closers, func() { db.Close() })
	c.startLog(t, jpath) // never fatal (cli_continuity.go); rotated, or stderr under systemd (logs.go)
	t.backups = t.newBackups()
	if cfg.Demo {
		t.cashier = "demo"
	}
	if cfg.Demo {
		if err := seedDemoCustomers(db, time.Now()); err != nil { // cli_tender.go
			t.log.Warn("could not add the demo customers", "err", err)
		}
	}
	if err := c.setUpCashiers(t, tui); err != nil { // cli_cashier.go: demo cashiers, --cashier sign-in
		return nil, err
	}
	if !withProviders {
		return t, nil
	}
	if locked, why := db.SecretsLocked(); locked { // cli_key.go: without its key the till does not sell
		return nil, sale.JournalErrorf("this till cannot sell: %s. Reprints, reports, export and verify still work", why)
	}

	var demoHooks func(url string) error // points the demo sandbox's Flowix webhooks at the till
	if cfg.Demo {
		sb := sandbox.New(sandbox.Options{StatePath: filepath.Join(filepath.Dir(jpath), "demo-sandbox.json"), Logger: t.log.With("component", "sandbox")})
		base, err := sb.Start("127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("demo sandbox: %w", err)
		}
		t.closers = append(t.closers, func() { sb.Close() })
		demoProviders(cfg, base)
		t.demoPay = sandboxPay(base)
		if f := sb.Flowix(); f != nil {
			demoHooks = f.SetWebhookURL
		}
	}
	provs, err := buildProviders(cfg, t.log)
	if err != nil {
		return nil, err
	}
	t.flowix = flowixClient(provs)
	t.engine = sale.NewEngine(sale.Options{
		Journal: db, Providers: provs, Logger: t.log.With("component", "engine"),
		Config:    sale.Config{MaxAttempts: cfg.Till.MaxAttempts, Window: cfg.Till.Window()},
		Limits:    supervised(cfg.Limits.Sale()), // config_auth.go; refunds and cancels need a supervisor
		Failpoint: failpoint(c.env),
	})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := t.engine.Recover(ctx); err != nil {
		return nil, err
	}
	if tui {
		// Flowix's webhooks (webhook.go): at [flowix] webhook_listen, or
		// from the demo sandbox to a loopback listener of the demo's own.
		ws, err := t.flowixWebhook(t.flowix, demoHooks)
		if err != nil {
			return nil, err
		}
		if ws != nil {
			t.closers = append(t.closers, func() { ws.Close() })
		}
	}
	return t, nil
}

// buildProviders makes a client for every configured provider.
func buildProviders(cfg *config.Config, log *slog.Logger) ([]sale.Provider, error) {
	return buildProvidersOver(cfg, log, func(string) *http.Client { return nil })
}

// buildProvidersOver is buildProviders with each client's HTTP client
// given by hc (nil: the client's own); till doctor's clients go over its
// read-only transport (cli_doctor.go).
func buildProvidersOver(cfg *config.Config, log *slog.Logger, hc func(provider string) *http.Client) ([]sale.Provider, error) {
	var out []sale.Provider
	if f := cfg.Flash; f != nil {
		p, err := flash.New(flash.Options{
			BaseURL: f.BaseURL, APIKey: providers.Secret(f.APIKey), AccountNumber: f.AccountNumber,
			StoreID: cfg.Till.StoreID, TerminalID: cfg.Till.TerminalID, Timeout: f.RequestTimeout(),
			Logger: log, HTTPClient: hc(flash.ProviderName), ProductTypes: f.ProductTypeMap(), Declined: f.Declines(),
		})
		if err != nil {
			return nil, config.Errorf("[flash]: %v", err)
		}
		out = append(out, p)
	}
	if o := cfg.OneFlow; o != nil {
		p, err := oneflow.New(oneflow.Options{
			BaseURL: o.BaseURL, ClientID: o.ClientID, ClientSecret: providers.Secret(o.ClientSecret),
			Timeout: o.RequestTimeout(), Currency: sale.Currency(o.Currency), Logger: log, HTTPClient: hc(oneflow.ProviderName),
			Statuses: o.Statuses.Table(oneflow.NormStatus), DeclineHTTP: o.DeclineHTTP.Ints(),
		})
		if err != nil {
			return nil, config.Errorf("[oneflow]: %v", err)
		}
		out = append(out, p)
	}
	if f := cfg.Flowix; f != nil {
		p, err := flowix.New(flowix.Options{
			BaseURL: f.BaseURL, APIKey: providers.Secret(f.APIKey), MerchantID: f.MerchantID,
			WebhookSecret: providers.Secret(f.WebhookSecret), Timeout: f.RequestTimeout(), Logger: log, HTTPClient: hc(flowix.ProviderName),
			Statuses: f.Statuses.Table(flowix.NormStatus), DepositStatuses: f.DepositStatuses.Table(flowix.NormStatus),
			Declined: config.FlowixCodes(f.ErrorCodes),
		})
		if err != nil {
			return nil, config.Errorf("[flowix]: %v", err)
		}
		out = append(out, p)
	}
	if f := cfg.Flutterwave; f != nil {
		p, err := flutterwave.New(flutterwave.Options{
			BaseURL: f.BaseURL, SecretKey: providers.Secret(f.SecretKey), Timeout: f.RequestTimeout(), Logger: log, HTTPClient: hc(flutterwave.ProviderName),
			Statuses: f.Statuses.Table(flutterwave.NormStatus), DeclineMessages: f.DeclineMessages.List(),
		})
		if err != nil {
			return nil, config.Errorf("[flutterwave]: %v", err)
		}
		out = append(out, p)
	}
	if m := cfg.MpesaFlow; m != nil {
		p, err := mpesaflow.New(mpesaflow.Options{
			BaseURL: m.BaseURL, APIKey: providers.Secret(m.APIKey), Timeout: m.RequestTimeout(), Logger: log, HTTPClient: hc(mpesaflow.ProviderName),
			Statuses: m.Statuses.Table(mpesaflow.NormStatus),
		})
		if err != nil {
			return nil, config.Errorf("[mpesaflow]: %v", err)
		}
		out = append(out, p)
	}
	return out, nil
}

// demoProviders points every provider of the demo at the embedded sandbox.
// Timeouts are short so a lost answer shows quickly.
func demoProviders(cfg *config.Config, base string) {
	const timeout = "5s"
	cfg.Flash = &config.FlashConfig{BaseURL: base + sandbox.FlashPrefix, APIKey: sandbox.FlashAPIKey, AccountNumber: sandbox.FlashAccount, Timeout: timeout}
	cfg.OneFlow = &config.OneFlowConfig{BaseURL: base + sandbox.OneFlowPrefix, ClientID: sandbox.OneFlowClientID, ClientSecret: sandbox.OneFlowClientSecret, Currency: string(sale.KES), Timeout: timeout}
	cfg.Flowix = &config.FlowixConfig{BaseURL: base + sandbox.FlowixPrefix, APIKey: sandbox.FlowixAPIKey, MerchantID: sandbox.FlowixMerchantID, WebhookSecret: sandbox.FlowixWebhookSecret, Timeout: timeout}
	cfg.Flutterwave = &config.FlutterwaveConfig{BaseURL: base + sandbox.FlutterwavePrefix, SecretKey: sandbox.FlutterwaveSecretKey, Timeout: timeout}
	cfg.MpesaFlow = &config.MpesaFlowConfig{BaseURL: base + sandbox.MpesaFlowPrefix, APIKey: sandbox.MpesaFlowAPIKey, Timeout: timeout}
}

// receiptOptions are the receipt settings of this till; copy > 0 marks a reprint.
func (t *till) receiptOptions(copy int) receipts.Options {
	return receipts.Options{
		Width: t.cfg.Till.ReceiptWidth, Location: t.cfg.Till.Location(), Copy: copy, Cashier: t.cashierName(), Language: t.cfg.Till.Lang(),
		Header: receipts.Header{ShopName: t.cfg.Receipt.ShopName, Address: t.cfg.Receipt.Address, VATNumber: t.cfg.Receipt.VATNumber, Footer: t.cfg.Receipt.Footer},
	}
}

// deps are what the TUI needs.
func (t *till) deps() screens.Deps {
	o := t.receiptOptions(0)
	return screens.Deps{
		Engine: t.engine, StoreID: t.cfg.Till.StoreID, TerminalID: t.cfg.Till.TerminalID, Demo: t.cfg.Demo,
		DemoConfig:   !t.cfg.Demo && t.cfg.Mode() == config.ModeDemo, // mode.go
		ReceiptWidth: o.Width, Header: o.Header, Location: o.Location, Cashier: t.cashier, Language: o.Language,
		Auth: t.auth, AutoSignIn: t.autoSignIn(), IdleLock: t.cfg.Till.IdleLockAfter(), // cli_cashier.go
		Print: t.printLinesFunc(), Days: daysWithBackup{t.journal, t.backups}, Export: t.exportFunc(),
		Flowix: t.flowixAPI(), DemoPay: t.demoPay,
		Pay:      t.payDeps(),                                                                                        // cli_tender.go
		Doctor:   t.doctorFunc(),                                                                                     // cli_doctor.go
		QRGlyphs: t.cfg.TUI.Glyphs(), AutoPrint: t.cfg.Printer != nil && t.cfg.Printer.AutoPrint, Kick: t.kickFunc(), // cli_print_code.go
	}
}

// checkLoopbackAddr refuses a listen address off this machine: the
// simulators hold demo credentials and must never face a network.
func checkLoopbackAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not host:port", addr)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%q is not a loopback address (use 127.0.0.1)", host)
	}
	return nil
}

// sandbox is `till sandbox`: the provider simulators on a real listener,
// until interrupted.
func (c *cli) sandbox(args []string) int {
	fs := c.flags("sandbox")
	addr := fs.String("addr", "127.0.0.1:8700", "listen `address` (loopback only)")
	state := fs.String("state", "", "keep the simulators' state in this JSON `file` across restarts")
	numbers := sandboxNumberFlags(fs) // cli_sandbox.go
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	if err := checkLoopbackAddr(*addr); err != nil {
		c.errorf("sandbox: --addr: %v", err)
		return exitUsage
	}
	opts, err := numbers.options()
	if err != nil {
		c.errorf("sandbox: %v", err)
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(c.stderr, nil))
	opts.StatePath, opts.Logger = *state, log
	sb := sandbox.New(opts)
	base, err := sb.Start(*addr)
	if err != nil {
		c.errorf("sandbox: %v", err)
		return exitUsage
	}
	fmt.Fprintf(c.stdout, "sandbox listening on %s\n", base)
	fmt.Fprintf(c.stdout, "  [flash]       base_url = %q  api_key = %q  account_number = %q\n", base+sandbox.FlashPrefix, sandbox.FlashAPIKey, sandbox.FlashAccount)
	fmt.Fprintf(c.stdout, "  [oneflow]     base_url = %q  client_id = %q  client_secret = %q\n", base+sandbox.OneFlowPrefix, sandbox.OneFlowClientID, sandbox.OneFlowClientSecret)
	fmt.Fprintf(c.stdout, "  [flowix]      base_url = %q  api_key = %q  merchant_id = %q  webhook_secret = %q\n", base+sandbox.FlowixPrefix, sandbox.FlowixAPIKey, sandbox.FlowixMerchantID, sandbox.FlowixWebhookSecret)
	fmt.Fprintf(c.stdout, "  [flutterwave] base_url = %q  secret_key = %q\n", base+sandbox.FlutterwavePrefix, sandbox.FlutterwaveSecretKey)
	fmt.Fprintf(c.stdout, "  [mpesaflow]   base_url = %q  api_key = %q\n", base+sandbox.MpesaFlowPrefix, sandbox.MpesaFlowAPIKey)
	numbers.describe(c.stdout)
	fmt.Fprintf(c.stdout, "  fault triggers and demo data: docs/SANDBOX.md\n")
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	if err := sb.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		c.errorf("sandbox: %v", err)
	}
	return exitOK
}

// supervised turns on, in live and demo mode alike, the kinds of sale that
// are never sold without a supervisor's override (sale.Limits.Supervised),
// asked for at the till or with --supervisor: Flash's 1Voucher refund
// gives back value already redeemed (sale.ActionRefund), and a cash-out
// cancel hands the PIN's value back in cash (sale.ActionCancel). A 1Voucher
// disbursement is not among them: it reverses no earlier sale, it is the
// shop's own payout, capped like any sale by [limits] per_sale.
func supervised(l sale.Limits) sale.Limits {
	l.Supervised = map[sale.Kind]sale.Action{
		sale.KindVoucherRefund: sale.ActionRefund,
		sale.KindCashOutCancel: sale.ActionCancel,
	}
	return l
}
