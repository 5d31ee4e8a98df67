// Package export writes the journal's sales as CSV or JSON Lines for the
// back office: one row per sale, in business-day order, streamed from the
// journal in constant memory (one sale at a time, whatever the range).
//
// Targets are always masked. Voucher PINs and tokens (the sale's secret
// items) are written only when Options.IncludeSecrets is set; the caller
// journals that before the first row (store.DB.RecordSecretsExport). CSV
// cells that a spreadsheet would run as a formula are defused.
package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"till/sale"
)

// Format is an export file format.
type Format string

// Formats.
const (
	CSV   Format = "csv"   // RFC 4180, a header row, then one row per sale
	JSONL Format = "jsonl" // one JSON object per line, keys as the CSV header
)

// ParseFormat accepts "csv" or "jsonl" in any case.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case CSV, JSONL:
		return f, nil
	}
	return "", sale.Errorf(sale.CodeInvalid, "unknown export format %q: csv or jsonl", s)
}

// Columns are the export's columns in order: the CSV header and the JSON
// keys. README.md documents each one.
var Columns = []string{
	"reference", "store", "terminal", "day", "created_at", "updated_at",
	"kind", "product", "product_name", "provider", "target", "amount", "currency",
	"tender", "outcome", "provider_ref", "attempts", "reprints", "message", "secrets",
}

// Source streams sales of a range of business days in day order; store.DB
// implements it. fn must not keep the sale beyond the call.
type Source interface {
	EachSale(from, to string, fn func(sale.Sale) error) error
}

// Projector is a Source that can decode only what a row needs (the store
// does: store.DB.EachSaleForExport). Write uses it when src is one.
type Projector interface {
	EachSaleForExport(from, to string, secrets bool, fn func(sale.Sale) error) error
}

// DefaultProgressEvery is how many rows pass between Progress calls when
// Options.ProgressEvery is zero.
const DefaultProgressEvery = 100_000

// Options configure Write.
type Options struct {
	Format Format
	// Location is the shop's time zone for created_at and updated_at; nil
	// means UTC.
	Location *time.Location
	// IncludeSecrets writes the secret items (PINs, tokens) in the secrets
	// column; otherwise it is empty. The caller journals it first.
	IncludeSecrets bool
	// Progress, if set, is called with the rows written so far every
	// ProgressEvery rows, and with the total at the end (once).
	Progress      func(rows int)
	ProgressEvery int
}

// Write writes the sales of business days from..to (YYYY-MM-DD, inclusive;
// "" leaves an end open) from src to w in opt.Format, and returns how many
// rows it wrote. It buffers one row at a time: memory does not grow with
// the number of sales. An error of src or w stops it; what was written so
// far is not a complete export (write to a temporary file and rename it on
// success).
func Write(w io.Writer, src Source, from, to string, opt Options) (int, error) {
	if opt.Format != CSV && opt.Format != JSONL {
		return 0, sale.Errorf(sale.CodeInvalid, "unknown export format %q: csv or jsonl", string(opt.Format))
	}
	every := opt.ProgressEvery
	if every <= 0 {
		every = DefaultProgressEvery
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	rw := newRowWriter(bw, opt)
	rw.bw = bw
	if err := rw.header(); err != nil {
		return 0, err
	}
	n := 0
	each := src.EachSale
	if p, ok := src.(Projector); ok {
		each = func(from, to string, fn func(sale.Sale) error) error {
			return p.EachSaleForExport(from, to, opt.IncludeSecrets, fn)
		}
	}
	err := each(from, to, func(s sale.Sale) error {
		if err := rw.row(s); err != nil {
			return err
		}
		n++
		if opt.Progress != nil && n%every == 0 {
			opt.Progress(n)
		}
		return nil
	})
	if err == nil {
		err = rw.flush()
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return n, err
	}
	if opt.Progress != nil && (n == 0 || n%every != 0) {
		opt.Progress(n)
	}
	return n, nil
}

// rowWriter turns sales into rows of one format, reusing its buffers.
type rowWriter struct {
	opt   Options
	loc   *time.Location
	cells []string
	csv   *csv.Writer
	// bw and line write CSV rows directly (fastcsv.go), as csv would.
	bw      *bufio.Writer
	line    csvRow
	scratch []byte // a cell being built (fastrow.go)
	enc     *json.Encoder
	rec     record
}

func newRowWriter(w io.Writer, opt Options) *rowWriter {
	rw := &rowWriter{opt: opt, loc: opt.Location, cells: make([]string, len(Columns))}
	if rw.loc == nil {
		rw.loc = time.UTC
	}
	if opt.Format == CSV {
		rw.csv = csv.NewWriter(w)
	} else {
		rw.enc = json.NewEncoder(w)
		rw.enc.SetEscapeHTML(false)
	}
	return rw
}

func (rw *rowWriter) header() error {
	if rw.csv == nil {
		return nil
	}
	if rw.bw != nil {
		return rw.line.write(rw.bw, Columns)
	}
	return rw.csv.Write(Columns)
}

func (rw *rowWriter) row(s sale.Sale) error {
	if rw.csv != nil && rw.bw != nil {
		rw.line.line = appendRow(rw.line.line[:0], &s, rw.loc, rw.opt.IncludeSecrets, &rw.scratch) // fastrow.go
		_, err := rw.bw.Write(rw.line.line)
		return err
	}
	if rw.csv != nil {
		Row(s, rw.loc, rw.opt.IncludeSecrets, rw.cells)
		for i, c := range rw.cells {
			rw.cells[i] = Defuse(c)
		}
		if rw.bw != nil {
			return rw.line.write(rw.bw, rw.cells)
		}
		return rw.csv.Write(rw.cells)
	}
	rw.rec.fill(s, rw.loc, rw.opt.IncludeSecrets)
	return rw.enc.Encode(&rw.rec)
}

func (rw *rowWriter) flush() error {
	if rw.csv == nil {
		return nil
	}
	rw.csv.Flush()
	return rw.csv.Error()
}

// Row fills cells (len(Columns) long) with the export row of s, times in
// loc, without the CSV formula guard (Defuse). The secrets cell is empty
// unless secrets is set.
func Row(s sale.Sale, loc *time.Location, secrets bool, cells []string) {
	o := s.Order
	cells[0] = string(s.Ref)
	cells[1] = s.StoreID
	cells[2] = s.TerminalID
	cells[3] = s.Day
	cells[4] = stamp(s.CreatedAt, loc)
	cells[5] = stamp(s.UpdatedAt, loc)
	cells[6] = string(o.Kind)
	cells[7] = o.Product
	cells[8] = o.ProductName
	cells[9] = o.Provider
	cells[10] = maskTarget(o.Target)
	cells[11] = o.Amount.Plain()
	cells[12] = string(o.Amount.Currency)
	cells[13] = string(o.Tender.Kind)
	cells[14] = string(s.State)
	cells[15] = s.ProviderRef
	cells[16] = strconv.Itoa(s.Attempts)
	cells[17] = strconv.Itoa(s.Reprints)
	cells[18] = s.Outcome.Message
	cells[19] = ""
	if secrets {
		cells[19] = secretItems(s.Outcome.Items)
	}
}

// record is one JSON Lines row; its keys are Columns.
type record struct {
	Reference   string `json:"reference"`
	Store       string `json:"store"`
	Terminal    string `json:"terminal"`
	Day         string `json:"day"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
	Kind        string `json:"kind"`
	Product     string `json:"product"`
	ProductName string `json:"product_name"`
	Provider    string `json:"provider"`
	Target      string `json:"target"`
	Amount      string `json:"amount"`
	Currency    string `json:"currency"`
	Tender      string `json:"tender"`
	Outcome     string `json:"outcome"`
	ProviderRef string `json:"provider_ref"`
	Attempts    int    `json:"attempts"`
	Reprints    int    `json:"reprints"`
	Message     string `json:"message"`
	Secrets     string `json:"secrets"`
}

func (r *record) fill(s sale.Sale, loc *time.Location, secrets bool) {
	o := s.Order
	*r = record{
		Reference: string(s.Ref), Store: s.StoreID, Terminal: s.TerminalID, Day: s.Day,
		CreatedAt: stamp(s.CreatedAt, loc), UpdatedAt: stamp(s.UpdatedAt, loc),
		Kind: string(o.Kind), Product: o.Product, ProductName: o.ProductName, Provider: o.Provider,
		Target: maskTarget(o.Target), Amount: o.Amount.Plain(), Currency: string(o.Amount.Currency),
		Tender: string(o.Tender.Kind), Outcome: string(s.State), ProviderRef: s.ProviderRef,
		Attempts: s.Attempts, Reprints: s.Reprints, Message: s.Outcome.Message,
	}
	if secrets {
		r.Secrets = secretItems(s.Outcome.Items)
	}
}

// stamp is RFC 3339 in the shop's time zone; "" for the zero time.
func stamp(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(time.RFC3339)
}

func maskTarget(t sale.Target) string {
	if t.Value == "" {
		return ""
	}
	return t.Masked()
}

// secretItems joins the secret items as "PIN=1234 5678; Token=...".
func secretItems(items []sale.Item) string {
	var b strings.Builder
	for _, it := range items {
		if !it.Secret {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s=%s", it.Label, it.Value)
	}
	return b.String()
}

// Defuse guards a CSV cell against formula injection: a spreadsheet runs a
// cell that starts with = + - @ (or a tab or carriage return, which some
// strip first) as a formula, so such a cell gets a leading apostrophe,
// which spreadsheets show as text (OWASP "CSV Injection"). Exported amounts
// are never negative, so no number is changed.
func Defuse(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}
