package screens

import (
	"time"

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
	// ReceiptWidth is the printer's columns: 32, 42 or 48 (default 42).
	ReceiptWidth int
	// Header is the shop's name, address and footer on every receipt.
	Header receipts.Header
	// Location is the shop's time zone (default time.Local).
	Location *time.Location
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Cashier is who is logged in; it is journaled with every sale and reprint.
	Cashier string
	// Print sends receipt text to the printer; nil means no printer, and
	// receipts are shown on screen instead.
	Print func(text string) error
	// Currency is what amounts are typed in when a product does not say
	// (default ZAR).
	Currency sale.Currency
	// ConfirmGrace is how long a confirm dialog ignores Enter after it opens
	// (default ui.DefaultGrace).
	ConfirmGrace time.Duration
	// CatalogueTimeout bounds a catalogue refresh (default 10s); the cached
	// catalogue is used when it runs out.
	CatalogueTimeout time.Duration
}

// withDefaults fills in the optional fields.
func (d Deps) withDefaults() Deps {
	if d.Now == nil {
		d.Now = time.Now
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
	return d
}

// today is the shop's business day at t, as the journal keys it.
func (d Deps) today(t time.Time) string { return t.In(d.Location).Format("2006-01-02") }
