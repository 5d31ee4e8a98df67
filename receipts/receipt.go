// Package receipts renders what the till prints, as plain text for 32, 42
// and 48 column thermal printers. It is pure: no I/O and no clock. Every line
// it returns is printable ASCII (0x20-0x7E) no wider than the paper, whatever
// a provider, a customer or the config put in the sale.
package receipts

import (
	"strings"
	"time"

	"till/i18n"
	"till/sale"
)

// ValidWidth reports whether w is a receipt width the till prints: 32, 42 or
// 48 characters per line.
func ValidWidth(w int) bool { return w == 32 || w == 42 || w == 48 }

// Header is the shop's own text on every receipt, from the config's
// [receipt] table.
type Header struct {
	ShopName  string
	Address   []string
	VATNumber string
	// Footer is printed centred at the bottom; "\n" starts a new line.
	Footer string
}

// Options say how to render one receipt.
type Options struct {
	// Width is the printer's characters per line: 32, 42 or 48.
	Width int
	// Header is the shop's name, address, VAT number and footer.
	Header Header
	// Location is the shop's time zone for the printed date; nil means UTC.
	Location *time.Location
	// Copy is 0 for the original; n > 0 prints "*** COPY n ***" at the top
	// and the bottom of the slip.
	Copy int
	// Cashier is who is printing; empty prints the order's cashier.
	Cashier string
	// Language is the slip's language, for its words and its money ("en"
	// or "id"; empty means en).
	Language i18n.Lang
	// HideSecrets masks secret items (PINs, tokens) down to their last four
	// characters, for screen previews and copies that may be logged.
	HideSecrets bool
}

// Line is one printed line of a receipt: printable ASCII, at most the
// receipt's width, no trailing spaces. Emphasis marks the lines a printer
// should make stand out (bold on ESC/POS): copy banners, the outcome and
// secrets. Secret marks the lines that carry what the customer paid for (a
// voucher PIN, an electricity token), which ESC/POS prints double height;
// they are always emphasised too.
type Line struct {
	Text     string
	Emphasis bool
	Secret   bool
	// QR, when set, is a payment code (a QRIS payload, a 3-D Secure link)
	// the printer draws as a QR code in place of Text (escpos_qr.go).
	QR string
}

// Render returns the receipt of s as text, one "\n"-terminated line per
// printed line. It fails only for a width other than 32, 42 or 48 or a
// negative copy number, with a *sale.Error of code sale.CodeInvalid.
func Render(s sale.Sale, opt Options) (string, error) {
	return joinLines(Lines(s, opt))
}

// joinLines is the text of lines, each ended by "\n", or err.
func joinLines(lines []Line, err error) (string, error) {
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// Lines returns the receipt of s line by line; Render joins them. Its errors
// are Render's.
func Lines(s sale.Sale, opt Options) ([]Line, error) {
	if !ValidWidth(opt.Width) {
		return nil, sale.Errorf(sale.CodeInvalid, "receipt width %d: must be 32, 42 or 48", opt.Width)
	}
	if opt.Copy < 0 {
		return nil, sale.Errorf(sale.CodeInvalid, "receipt copy number %d: must be 0 (original) or more", opt.Copy)
	}
	p := &page{width: opt.Width, hide: opt.HideSecrets, loc: opt.Location, lang: lang(opt.Language)}
	copyBanner(p, opt.Copy)
	header(p, opt.Header)
	details(p, s, opt)
	order(p, s)
	outcome(p, s)
	refund(p, s) // tender.go: REFUND DUE after a paid non-cash tender
	bodyFor(s.Order.Kind)(p, s)
	footer(p, opt.Header.Footer)
	copyBanner(p, opt.Copy)
	return p.lines, nil
}

// lang is l, or English when unset.
func lang(l i18n.Lang) i18n.Lang {
	if l == "" {
		return i18n.EN
	}
	return l
}

// copyBanner marks a reprint so that it cannot pass for a new sale.
func copyBanner(p *page, n int) {
	if n <= 0 {
		return
	}
	p.rule('*')
	p.center(p.lang.T("slip.copy", n), true)
	p.rule('*')
}

func header(p *page, h Header) {
	p.center(h.ShopName, true)
	for _, a := range h.Address {
		for _, l := range strings.Split(a, "\n") {
			p.center(l, false)
		}
	}
	if clean(h.VATNumber) != "" {
		p.center(p.lang.T("slip.vat", h.VATNumber), false)
	}
}

// details prints where, when and under which references the sale was made.
func details(p *page, s sale.Sale, opt Options) {
	p.rule('=')
	store, till := clean(s.StoreID), clean(s.TerminalID)
	switch {
	case store != "" && till != "":
		p.pair(p.lang.T("slip.store", store), p.lang.T("slip.till", till))
	case store != "":
		p.text(p.lang.T("slip.store", store))
	case till != "":
		p.text(p.lang.T("slip.till", till))
	}
	if !s.CreatedAt.IsZero() {
		p.pair(p.lang.T("slip.date"), Stamp(s.CreatedAt, opt.Location))
	}
	cashier := opt.Cashier
	if clean(cashier) == "" {
		cashier = s.Order.Cashier
	}
	p.pair(p.lang.T("slip.cashier"), cashier)
	p.pair(p.lang.T("slip.ref"), string(s.Ref))
	p.pair(p.lang.T("slip.trans"), s.ProviderRef)
}

// order prints what was asked for: product, target, amount and tender.
func order(p *page, s sale.Sale) {
	o := s.Order
	p.rule('-')
	p.center(kindTitle(p.lang, o.Kind), true)
	product := o.ProductName
	if clean(product) == "" {
		product = kindName(p.lang, o.Kind)
	}
	p.pair(p.lang.T("slip.product"), product)
	// A payment's target (a book ID, a receipt code) is for the journal's
	// index; its own items say what paid (tender.go).
	if v := clean(o.Target.Value); v != "" && tenderTitle(p.lang, o.Kind) == "" {
		p.pair(p.lang.Label(o.Target.Kind.Label()), sale.Target{Kind: o.Target.Kind, Value: v}.Masked())
	}
	p.pair(p.lang.T("slip.amount"), p.money(o.Amount))
	tender(p, s)
}

// tender prints how the customer paid. A declined or unsent sale sold
// nothing, so cash handed over is not printed as if it were kept: it all
// goes back. A non-cash tender is still printed with its reference, since
// that money did move and may be due back.
func tender(p *page, s sale.Sale) {
	o := s.Order
	t := o.Tender
	if t.Kind == "" {
		return
	}
	sold := s.State != sale.StateDeclined && s.State != sale.StateNotSent
	if t.Kind == sale.TenderCash && !sold {
		return
	}
	p.pair(p.lang.T("slip.paid_by"), tenderName(p.lang, t.Kind))
	if t.Kind == sale.TenderCash && t.Tendered.Minor > 0 {
		p.pair(p.lang.T("slip.tendered"), p.money(t.Tendered))
		if t.Tendered.Currency == o.Amount.Currency && t.Tendered.Minor >= o.Amount.Minor {
			change := sale.New(t.Tendered.Minor-o.Amount.Minor, t.Tendered.Currency)
			p.pair(p.lang.T("slip.change"), p.money(change))
		}
	}
	p.pair(p.lang.T("slip.payment"), string(t.Ref))
}

func footer(p *page, text string) {
	if clean(text) == "" {
		return
	}
	p.rule('-')
	for _, l := range strings.Split(text, "\n") {
		if clean(l) == "" {
			p.blank()
			continue
		}
		p.center(l, false)
	}
}
