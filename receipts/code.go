package receipts

import (
	"strings"
	"time"

	"till/i18n"
	"till/sale"
)

// Stamp is how every time is printed on a slip: in the shop's zone loc
// (nil: UTC), with the zone's abbreviation — "2025-11-23 14:05 SAST",
// "2025-11-23 19:05 WIB", "2025-11-23 15:05 EAT" — so a slip never shows a
// provider's raw timestamp or a time the reader must convert.
func Stamp(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	return t.In(loc).Format("2006-01-02 15:04 MST")
}

// providerStamp converts a provider's own timestamp — RFC 3339 (Flowix's
// expiry, 1Flow's completedAt, Flash's transactionDate) or a date and time
// with a numeric offset ("2025-11-23 14:05 +07") — to Stamp in the shop's
// zone. Any other value, a time without a zone included (no provider doc
// says which zone one would be in), is printed as sent.
func providerStamp(v string, loc *time.Location) string {
	v = strings.TrimSpace(v)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05 -07:00", "2006-01-02 15:04 -07", "2006-01-02 15:04 -0700"} {
		if t, err := time.Parse(layout, v); err == nil {
			return Stamp(t, loc)
		}
	}
	return v
}

// CodeSlip is a payment code printed for the customer to scan: a QRIS code
// or a card's 3-D Secure link, with what it pays.
type CodeSlip struct {
	// Title says what the code is: "SCAN TO PAY - QRIS".
	Title string
	// Payload is what the code carries, exactly as the provider gave it.
	Payload string
	// Facts are label and value pairs: the amount, the total, references.
	Facts [][2]string
	// At is when it is printed; Expires, when set, when it runs out.
	At, Expires time.Time
	// Note is printed under the facts.
	Note string
}

// CodeLines returns the slip of c: the shop's header, the title, the QR
// code (Line.QR), the facts, the expiry and the note. Its errors are
// Lines'.
func CodeLines(c CodeSlip, opt Options) ([]Line, error) {
	if !ValidWidth(opt.Width) {
		return nil, sale.Errorf(sale.CodeInvalid, "receipt width %d: must be 32, 42 or 48", opt.Width)
	}
	if c.Payload == "" {
		return nil, sale.Errorf(sale.CodeInvalid, "no payment code to print")
	}
	p := &page{width: opt.Width, loc: opt.Location, lang: lang(opt.Language)}
	header(p, opt.Header)
	p.rule('=')
	if !c.At.IsZero() {
		p.pair(p.lang.T("slip.printed"), Stamp(c.At, opt.Location))
	}
	p.pair(p.lang.T("slip.cashier"), opt.Cashier)
	p.rule('-')
	p.center(c.Title, true)
	p.blank()
	p.lines = append(p.lines, Line{QR: c.Payload})
	p.blank()
	for _, f := range c.Facts {
		p.pair(f[0], f[1])
	}
	if !c.Expires.IsZero() {
		p.pairStyled(p.lang.T("code.pay_before"), Stamp(c.Expires, opt.Location), true)
	}
	if clean(c.Note) != "" {
		p.blank()
		p.text(c.Note)
	}
	footer(p, opt.Header.Footer)
	return p.lines, nil
}

// DepositCode is what a QRIS deposit's code slip says besides the code:
// the method ("QRIS"), who is paid, the total (as written for the
// customer: "Rp 50.700"), the deposit's and the sale's references.
type DepositCode struct {
	Method, PayTo, Total, Reference, Sale string
}

// DepositCodeSlip is the slip of a waiting QRIS deposit's code, in l: the
// same for the TUI and `till deposit --print`. At and Expires are the
// caller's.
func DepositCodeSlip(l i18n.Lang, d DepositCode, payload string) CodeSlip {
	var facts [][2]string
	if d.PayTo != "" {
		facts = append(facts, [2]string{l.T("code.pay_to"), d.PayTo})
	}
	facts = append(facts, [2]string{l.T("code.total"), d.Total})
	if d.Reference != "" {
		facts = append(facts, [2]string{l.T("code.reference"), d.Reference})
	}
	facts = append(facts, [2]string{l.T("code.sale"), d.Sale})
	return CodeSlip{Title: l.T("code.scan_to_pay", d.Method), Payload: payload, Facts: facts, Note: l.T("code.qris_note")}
}

// CardCodeSlip is the slip of a card payment's 3-D Secure link, in l: the
// amount charged (as written for the customer) and the payment's reference.
func CardCodeSlip(l i18n.Lang, charge, payment, link string) CodeSlip {
	return CodeSlip{Title: l.T("code.card_title"), Payload: link,
		Facts: [][2]string{{l.T("code.charge"), charge}, {l.T("code.payment"), payment}}, Note: l.T("code.card_note")}
}
