package kit

import (
	"context"
	"sync"
	"time"

	"till/doctor"
	"till/i18n"
	"till/receipts"
	"till/sale"
	"till/ui"
)

// Deps are everything the screens need, passed explicitly by main.
type Deps struct {
	// Engine sells, settles and reads the journal. Recover must have run.
	Engine *sale.Engine
	// StoreID and TerminalID are shown in the header.
	StoreID, TerminalID string
	// Demo marks the embedded sandbox: DEMO instead of LIVE on every screen.
	Demo bool
	// DemoConfig marks a config with [till] mode = "demo" (its providers
	// are sandboxes on this machine): DEMO on every screen, and nothing
	// else of the embedded demo (its cashiers, its "customer").
	DemoConfig bool
	// ReceiptWidth is the printer's columns: 32, 42 or 48 (default 42).
	ReceiptWidth int
	// Header is the shop's name, address and footer on every receipt.
	Header receipts.Header
	// Location is the shop's time zone (default time.Local).
	Location *time.Location
	// Language is what slips, reports and the screens' frame speak, and how
	// their money is written ("en" or "id"; default en).
	Language i18n.Lang
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Cashier is who is logged in; it is journaled with every sale and reprint.
	// With Auth set the App sets it to the signed-in cashier's id.
	Cashier string
	// Auth signs cashiers in and out and authorises supervisor overrides
	// (screens/auth). Nil: nobody signs in and Cashier is used as
	// given (tests and tools).
	Auth *sale.Auth
	// AutoSignIn is the cashier signed in at start without a PIN: the demo
	// cashier, in demo mode only.
	AutoSignIn string
	// IdleLock locks the till after this long without a key (default 10
	// minutes); the cashier's PIN unlocks it.
	IdleLock time.Duration
	// Print sends receipt or report lines to the printer as one ESC/POS job
	// (bold and double height kept); nil means no printer, and receipts are
	// shown on screen instead. A failed print loses nothing: the sale is
	// journaled first and the cashier can print it again.
	Print func(lines []receipts.Line) error
	// Days reads and closes business days (store.DB): the end-of-day screen
	// and the journal's "today". nil hides the end-of-day screen, and
	// "today" is then the calendar day.
	Days sale.DayCloser
	// Export writes the sales of business days from..to (YYYY-MM-DD) as
	// format ("csv" or "jsonl") to a file of its choosing (mode 0600) and
	// returns its path and the rows written. includeSecrets adds voucher PINs
	// and tokens; the export is then journaled first, as by's. It is defined
	// in package main (screens import neither store nor export); nil hides
	// export on the end-of-day screen.
	Export func(ctx context.Context, from, to, format string, includeSecrets bool, by string) (path string, rows int, err error)
	// Currency is what amounts are typed in when a product does not say
	// (default ZAR).
	Currency sale.Currency
	// ConfirmGrace is how long a confirm dialog ignores Enter after it opens
	// (default ui.DefaultGrace).
	ConfirmGrace time.Duration
	// CatalogueTimeout bounds a catalogue refresh (default 10s); the cached
	// catalogue is used when it runs out.
	CatalogueTimeout time.Duration
	// Pay is what the tender step needs besides the engine (PayDeps, below);
	// nil: cash, and the non-cash tenders whose provider is configured.
	Pay *PayDeps
	// Flash is the Flash client's lookups and cash-out cancel rules, bound
	// to the journal (flash.go); nil hides the Flash screens besides
	// airtime. Sales still go through Engine.
	Flash FlashAPI
	// Water is the 1Flow customer lookup (water.go); nil: the water
	// screen says 1Flow is not configured. Sales still go through Engine.
	Water WaterAPI
	// Flowix is the Flowix account, bill, payout and deposit helpers (nil
	// when Flowix is not configured); sales still go through Engine.
	Flowix FlowixAPI
	// DemoPay pays a pending Flowix deposit at once, as the customer
	// scanning its QR would (the demo sandbox's "pay now"; nil when live).
	DemoPay func(depositRef string) error
	// Doctor runs the checks of `till doctor` (the back office's "Till
	// check", screens/backoffice/doctor.go); nil hides it. It moves no money.
	Doctor func(ctx context.Context) doctor.Report
	// QRGlyphs is how QR codes are drawn ([tui] qr; ui.QRAuto: as large as
	// the window allows). Print draws a Line's QR code (receipts.Line.QR).
	QRGlyphs ui.QRGlyphs
	// AutoPrint prints each delivered sale's slip without a key press
	// ([printer] auto_print; needs Print).
	AutoPrint bool
	// Kick pulses the cash drawer open (ESC p, [printer] drawer_kick) when
	// cash is taken or paid out; nil when not configured.
	Kick func() error

	// Originals are the sales whose original slip was printed (or is
	// printing) this session, so a second print is a journaled copy
	// (screens/autoprint.go); set by WithDefaults.
	Originals *PrintedOriginals
}

// WithDefaults fills in the optional fields.
func (d Deps) WithDefaults() Deps {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Originals == nil {
		d.Originals = &PrintedOriginals{}
	}
	if d.Language == "" {
		d.Language = i18n.EN
	}
	if d.Location == nil {
		d.Location = time.Local
	}
	if !receipts.ValidWidth(d.ReceiptWidth) {
		d.ReceiptWidth = 42
	}
	if d.Currency == "" {
		d.Currency = sale.ZAR
	}
	if d.ConfirmGrace <= 0 {
		d.ConfirmGrace = ui.DefaultGrace
	}
	if d.CatalogueTimeout <= 0 {
		d.CatalogueTimeout = 10 * time.Second
	}
	if d.IdleLock <= 0 {
		d.IdleLock = 10 * time.Minute
	}
	return d
}

// Today is the shop's business day at t, as the journal keys it.
func (d Deps) Today(t time.Time) string { return t.In(d.Location).Format("2006-01-02") }

// SlipCashier is who a slip names as the cashier: with Auth, the name of
// the cashier who made the sale (the signed-in one for an order not yet
// journaled); without, the signed-in cashier as given.
func (d Deps) SlipCashier(s sale.Sale) string {
	if d.Auth == nil {
		return d.Cashier
	}
	id := s.Order.Cashier
	if id == "" {
		id = d.Cashier
	}
	return d.Auth.Name(id)
}

// CashierName is the name of cashier id (the id itself without Auth, or
// for a cashier the till does not know).
func (d Deps) CashierName(id string) string {
	if d.Auth == nil {
		return id
	}
	return d.Auth.Name(id)
}

// PrintedOriginals are the sales whose original slip was printed, or is
// printing, this session.
type PrintedOriginals struct {
	mu   sync.Mutex
	refs map[sale.Reference]bool
}

// Claim reports whether the original of ref is still to print, and marks
// it as printing.
func (p *PrintedOriginals) Claim(ref sale.Reference) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.refs == nil {
		p.refs = map[sale.Reference]bool{}
	}
	if p.refs[ref] {
		return false
	}
	p.refs[ref] = true
	return true
}

// Release marks the original of ref as not printed (its print failed).
func (p *PrintedOriginals) Release(ref sale.Reference) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.refs, ref)
}

// PayDeps is what the tender step needs besides the engine. main fills it
// from the configured providers; nil means the till takes cash only.
type PayDeps struct {
	// Tenders are the tenders this till takes, in the order offered. Empty
	// means cash, plus each non-cash tender whose provider the engine has
	// (but a 1Voucher only when listed).
	Tenders []sale.TenderKind
	// Customers is the card-on-file book (nil: no card tender).
	Customers sale.CustomerBook
	// ValidReceipt checks an M-Pesa receipt code as typed (MpesaFlow's
	// rule); NormalizePhone returns the payer's phone as MpesaFlow sends it.
	ValidReceipt   func(code string) error
	NormalizePhone func(phone string) (string, error)
	// DemoApprove opens a card charge's 3-D Secure page as the customer's
	// phone would (the demo sandbox approves it); nil when live.
	DemoApprove func(ctx context.Context, url string) error
}

// VoucherPINDigits is how many digits a 1Voucher PIN has.
const VoucherPINDigits = 16
