package kit

import (
	"context"
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"till/receipts"
	"till/sale"
)

// Every command here does its I/O off the Update loop and returns exactly
// one typed message.

// CatalogueMsg carries a provider's catalogue. Refresh says whether it was
// asked for fresh from the provider; Err is set when the refresh failed and
// Catalogue is then the cached one (possibly empty).
type CatalogueMsg struct {
	Provider  string
	Refresh   bool
	Catalogue sale.Catalogue
	Err       error
}

// SoldMsg carries the answer to Engine.Sell.
type SoldMsg struct {
	Order sale.Order
	Sale  sale.Sale
	Err   error
}

// SettledMsg carries the answer to Engine.SettleNow.
type SettledMsg struct {
	Ref  sale.Reference
	Sale sale.Sale
	Err  error
}

// JournalMsg carries the sales matching a journal query.
type JournalMsg struct {
	Query sale.Query
	Sales []sale.Sale
	Err   error
}

// SaleMsg carries one sale read from the journal.
type SaleMsg struct {
	Ref  sale.Reference
	Sale sale.Sale
	Err  error
}

// PrintedMsg says a receipt was sent to the printer (Err nil) or not.
// Copy is 0 for the original, n for COPY n.
type PrintedMsg struct {
	Ref  sale.Reference
	Copy int
	Err  error
}

// ReprintedMsg carries a journaled receipt copy: the sale after the
// reprint event, the copy's text, and whether it went to the printer.
type ReprintedMsg struct {
	Ref     sale.Reference
	Sale    sale.Sale
	Text    string
	Printed bool
	Err     error
}

// ClockCmd ticks the App's clock once, a second from now.
func ClockCmd() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return ClockMsg{Now: t} })
}

// WaitSaleCmd waits for the next sale the engine changes. The App re-arms
// it after each message; it returns nil once the subscription is closed.
func WaitSaleCmd(ch <-chan sale.Sale) tea.Cmd {
	return func() tea.Msg {
		s, ok := <-ch
		if !ok {
			return nil
		}
		return SaleUpdateMsg{Sale: s}
	}
}

// UnresolvedCmd reads the sales that still need settling.
func UnresolvedCmd(e *sale.Engine) tea.Cmd {
	return func() tea.Msg {
		s, err := e.Unresolved()
		return UnresolvedMsg{Sales: s, Err: err}
	}
}

// CatalogueCmd reads a provider's catalogue, from the provider when refresh
// is set (bounded by timeout) and from the journal cache otherwise.
func CatalogueCmd(ctx context.Context, e *sale.Engine, provider string, refresh bool, timeout time.Duration) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		c, err := e.Catalogue(ctx, provider, refresh)
		return CatalogueMsg{Provider: provider, Refresh: refresh, Catalogue: c, Err: err}
	}
}

// SettleCmd settles one unresolved sale now.
func SettleCmd(ctx context.Context, e *sale.Engine, ref sale.Reference) tea.Cmd {
	return func() tea.Msg {
		s, err := e.SettleNow(ctx, ref)
		return SettledMsg{Ref: ref, Sale: s, Err: err}
	}
}

// JournalCmd lists the sales matching q.
func JournalCmd(j sale.Reader, q sale.Query) tea.Cmd {
	return func() tea.Msg {
		s, err := j.List(q)
		return JournalMsg{Query: q, Sales: s, Err: err}
	}
}

// SaleCmd reads one sale.
func SaleCmd(j sale.Reader, ref sale.Reference) tea.Cmd {
	return func() tea.Msg {
		s, err := j.Sale(ref)
		return SaleMsg{Ref: ref, Sale: s, Err: err}
	}
}

// PrintCmd sends the original receipt (Copy 0) of s to d.Print, which
// must be set. Nothing is journaled: an original is not a copy, and a print
// that fails loses nothing (the sale is already journaled).
func PrintCmd(d Deps, s sale.Sale) tea.Cmd {
	return func() tea.Msg {
		if !d.Originals.Claim(s.Ref) { // printed already (auto_print): this is a copy
			return ReprintCmd(d, s.Ref)()
		}
		lines, err := ReceiptLines(d, s, 0)
		if err == nil {
			err = d.Print(lines)
		}
		if err != nil {
			d.Originals.Release(s.Ref)
		}
		return PrintedMsg{Ref: s.Ref, Copy: 0, Err: err}
	}
}

// ReprintCmd journals a receipt copy of ref, renders it as COPY n and
// prints it when a printer is configured (PrintCopy: printed first, then
// journaled, so a failed print uses no COPY number).
func ReprintCmd(d Deps, ref sale.Reference) tea.Cmd {
	return func() tea.Msg {
		if d.Print != nil {
			return PrintCopy(d, ref) // reprint.go
		}
		s, err := d.Engine.Reprinted(ref, d.Cashier)
		return JournaledCopy(d, ref, s, err)
	}
}

// JournaledCopy is the answer to a copy the engine journaled (s, or why
// not): COPY n rendered, and printed when a printer is configured.
func JournaledCopy(d Deps, ref sale.Reference, s sale.Sale, err error) ReprintedMsg {
	if err != nil {
		return ReprintedMsg{Ref: ref, Err: err}
	}
	lines, err := ReceiptLines(d, s, s.Reprints)
	if err != nil {
		return ReprintedMsg{Ref: ref, Sale: s, Err: err}
	}
	text := JoinLines(lines)
	if d.Print == nil {
		return ReprintedMsg{Ref: ref, Sale: s, Text: text}
	}
	if err := d.Print(lines); err != nil {
		return ReprintedMsg{Ref: ref, Sale: s, Text: text, Err: err}
	}
	return ReprintedMsg{Ref: ref, Sale: s, Text: text, Printed: true}
}

// RenderReceipt renders the receipt of s as text; copyN 0 is the original.
func RenderReceipt(d Deps, s sale.Sale, copyN int) (string, error) {
	lines, err := ReceiptLines(d, s, copyN)
	if err != nil {
		return "", err
	}
	return JoinLines(lines), nil
}

// ReceiptLines renders the receipt of s line by line, as d.Print takes it
// (emphasis and secrets marked for ESC/POS); copyN 0 is the original.
func ReceiptLines(d Deps, s sale.Sale, copyN int) ([]receipts.Line, error) {
	return receipts.Lines(s, receipts.Options{
		Width:    d.ReceiptWidth,
		Header:   d.Header,
		Location: d.Location,
		Language: d.Language,
		Copy:     copyN,
		Cashier:  d.SlipCashier(s), // deps.go: the seller's name
	})
}

// JoinLines is lines as text, one "\n"-terminated line each (what
// receipts.Render returns).
func JoinLines(lines []receipts.Line) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// ReprintError says what went wrong with a reprint: a copy that was
// journaled but did not print is numbered, so the cashier knows the next
// one will be a later copy.
func ReprintError(msg ReprintedMsg) error {
	if msg.Text == "" {
		return msg.Err
	}
	return sale.Keyed(sale.CodeUnavailable, "copy_not_printed", []any{msg.Sale.Reprints, PrintReason(msg.Err)},
		"COPY %d was journaled but not printed: %v", msg.Sale.Reprints, msg.Err)
}

// PrintError says why a receipt did not print and that nothing is lost:
// the sale is journaled before anything is printed, so it can be printed
// again now or reprinted later from the journal.
func PrintError(err error) error {
	why := Sentence(PrintReason(err))
	return sale.Keyed(sale.CodeUnavailable, "not_printed", []any{why},
		"not printed: %s The sale is safe in the journal: press p to try again, or reprint it later from the Journal", why)
}

// Sentence ends s with a full stop unless it already ends a sentence.
func Sentence(s string) string {
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// PrintReason is what a printer said, as the cashier reads it ("print file
// /x/slips.bin: its directory does not exist").
func PrintReason(err error) string {
	var e *sale.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// BusinessDayMsg carries the current business day: the day a sale made now
// belongs to (sale.DayCloser.BusinessDay).
type BusinessDayMsg struct {
	Day string
	Err error
}

// BusinessDayCmd reads the business day of a sale made at `at`.
func BusinessDayCmd(days sale.DayCloser, at time.Time) tea.Cmd {
	return func() tea.Msg {
		d, err := days.BusinessDay(at)
		return BusinessDayMsg{Day: d, Err: err}
	}
}
