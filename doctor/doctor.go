// Package doctor checks, without moving money, everything a live till
// needs: the config, the journal, each configured provider's credentials
// (and Flash's catalogue with the kind each product maps to), the printer
// and the clock. `till doctor [--json]` and the TUI's back-office "Till
// check" screen run the same Run over the same Inputs.
//
// It never calls a money endpoint: the providers' clients it is given are
// built over a Transport (transport.go) that refuses every request but a
// GET, a HEAD and a POST to a provider's token endpoint, and the checks
// themselves call only token, catalogue and account reads.
//
// The package imports neither the journal's store nor the config: the
// wiring (package main) loads those and hands in what they found.
package doctor

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Status is a check's verdict.
type Status string

// Verdicts.
const (
	OK   Status = "OK"
	Fail Status = "FAIL"
	Skip Status = "SKIP" // does not apply here, with the reason
)

// Area groups checks by what a failure means (and so the exit code).
type Area string

// Areas.
const (
	AreaConfig   Area = "config"
	AreaJournal  Area = "journal"
	AreaProvider Area = "provider"
	AreaPrinter  Area = "printer"
	AreaClock    Area = "clock"
)

// Exit codes of `till doctor` (docs/ARCHITECTURE.md §4).
const (
	ExitOK       = 0 // nothing failed
	ExitProvider = 1 // a provider, printer or clock check failed
	ExitConfig   = 2 // the config is missing or wrong
	ExitJournal  = 4 // the journal cannot be used
)

// Check is one line of the report.
type Check struct {
	// Name is what was checked: "config", "journal", "flash", "flash
	// catalogue", "oneflow", "printer", "clock", …
	Name   string `json:"name"`
	Area   Area   `json:"area"`
	Status Status `json:"status"`
	// Detail says what was found (on OK), why it failed (FAIL) or why it
	// does not apply (SKIP). Provider words in it are cleaned.
	Detail string `json:"detail"`
	// Fix is what to do about a FAIL.
	Fix string `json:"fix,omitempty"`
	// Products is Flash's catalogue (the "flash catalogue" check).
	Products []Product `json:"products,omitempty"`
}

// Product is one catalogue product and what the till makes of its type.
type Product struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// Type is the productType Flash sent; nil when it sent none or one
	// that is not a number (RawType then holds what it sent).
	Type    *int64 `json:"type"`
	RawType string `json:"raw_type,omitempty"`
	// Kind is what the till sells the product as; "" for a type the till
	// does not map: such a product is never sold.
	Kind string `json:"kind"`
	// Sold is whether the till sells the product (a mapped kind that the
	// Flash client sells, and active).
	Sold   bool   `json:"sold"`
	Active bool   `json:"active"`
	Min    string `json:"min,omitempty"`
	Max    string `json:"max,omitempty"`
}

// KindText is how the product's mapping reads: its kind, or "unknown type
// N" for a type the till does not map.
func (p Product) KindText() string {
	switch {
	case p.Kind != "":
		return p.Kind
	case p.Type != nil:
		return fmt.Sprintf("unknown type %d", *p.Type)
	case p.RawType != "":
		return fmt.Sprintf("unknown type %q", p.RawType)
	}
	return "no type given"
}

// Report is the outcome of Run.
type Report struct {
	// Mode is "live" or "demo".
	Mode   string    `json:"mode"`
	At     time.Time `json:"at"`
	Checks []Check   `json:"checks"`
	// Exit is the process exit code: ExitConfig if a config check failed,
	// else ExitJournal if a journal check failed, else ExitProvider if any
	// other check failed, else ExitOK.
	Exit int `json:"exit"`
}

// Failed counts the FAILs.
func (r Report) Failed() int {
	n := 0
	for _, c := range r.Checks {
		if c.Status == Fail {
			n++
		}
	}
	return n
}

// Prober checks one provider and returns its lines.
type Prober interface {
	Check(ctx context.Context) []Check
}

// Inputs are what the wiring found and built.
type Inputs struct {
	// Mode is "live" or "demo".
	Mode string
	// Config is the config check, made by the wiring that loaded it. When
	// it FAILs, every other check is SKIP.
	Config Check
	// Journal is the journal check's input; nil: SKIP.
	Journal *Journal
	// Providers are the configured providers, in the order they are shown.
	Providers []Prober
	// Printer is the configured printer; nil: SKIP (none configured).
	Printer Printer
	// Transport is what the providers' clients were built over; its Date
	// headers are the clock check. Nil: the clock is SKIP.
	Transport *Transport
	// MaxSkew is the most the clock may differ from a provider's (default
	// DefaultMaxSkew).
	MaxSkew time.Duration
	// MinFree is the least free space the journal's file system may have
	// (default DefaultMinFree).
	MinFree uint64
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Defaults of Inputs.
const (
	DefaultMaxSkew        = 2 * time.Minute
	DefaultMinFree uint64 = 100 << 20 // 100 MiB
)

// Run runs every check in order — config, journal, providers, printer,
// clock — and returns the report. It moves no money.
func Run(ctx context.Context, in Inputs) Report {
	if in.Now == nil {
		in.Now = time.Now
	}
	if in.MaxSkew <= 0 {
		in.MaxSkew = DefaultMaxSkew
	}
	if in.MinFree == 0 {
		in.MinFree = DefaultMinFree
	}
	r := Report{Mode: in.Mode, At: in.Now()}
	cfg := in.Config
	if cfg.Name == "" {
		cfg.Name = "config"
	}
	cfg.Area = AreaConfig
	r.Checks = append(r.Checks, cfg)
	if cfg.Status == Fail {
		for _, n := range []struct {
			name string
			area Area
		}{{"journal", AreaJournal}, {"providers", AreaProvider}, {"printer", AreaPrinter}, {"clock", AreaClock}} {
			r.Checks = append(r.Checks, Check{Name: n.name, Area: n.area, Status: Skip, Detail: "not checked: the config must be fixed first"})
		}
		r.Exit = exitCode(r.Checks)
		return r
	}
	if in.Journal != nil {
		r.Checks = append(r.Checks, in.Journal.check(in.MinFree))
		if in.Journal.Key != nil {
			r.Checks = append(r.Checks, in.Journal.Key.check()) // key.go
		}
	} else {
		r.Checks = append(r.Checks, Check{Name: "journal", Area: AreaJournal, Status: Skip, Detail: "no journal to check"})
	}
	if len(in.Providers) == 0 {
		r.Checks = append(r.Checks, Check{Name: "providers", Area: AreaProvider, Status: Skip, Detail: "no provider is configured"})
	}
	for _, p := range in.Providers {
		for _, c := range p.Check(ctx) {
			if c.Area == "" {
				c.Area = AreaProvider
			}
			r.Checks = append(r.Checks, c)
		}
	}
	r.Checks = append(r.Checks, checkPrinter(ctx, in.Printer))
	r.Checks = append(r.Checks, checkClock(in.Transport, in.MaxSkew))
	r.Exit = exitCode(r.Checks)
	return r
}

// exitCode is the documented exit code of a set of checks.
func exitCode(checks []Check) int {
	code := ExitOK
	for _, c := range checks {
		if c.Status != Fail {
			continue
		}
		switch c.Area {
		case AreaConfig:
			return ExitConfig
		case AreaJournal:
			code = ExitJournal
		default:
			if code == ExitOK {
				code = ExitProvider
			}
		}
	}
	return code
}

// WriteText writes the report as one line per check (the catalogue's
// products indented below their check) and a summary line.
func WriteText(w io.Writer, r Report) error {
	width := 0
	for _, c := range r.Checks {
		width = max(width, len(c.Name))
	}
	var b strings.Builder
	for _, c := range r.Checks {
		fmt.Fprintf(&b, "%-4s  %-*s  %s", c.Status, width, c.Name, c.Detail)
		if c.Status == Fail && c.Fix != "" {
			fmt.Fprintf(&b, " — fix: %s", c.Fix)
		}
		b.WriteString("\n")
		for _, line := range ProductLines(c.Products) {
			fmt.Fprintf(&b, "      %s\n", line)
		}
	}
	switch n := r.Failed(); n {
	case 0:
		fmt.Fprintf(&b, "ready: nothing failed (%s mode)\n", modeName(r.Mode))
	case 1:
		fmt.Fprintf(&b, "NOT ready: 1 check failed (%s mode)\n", modeName(r.Mode))
	default:
		fmt.Fprintf(&b, "NOT ready: %d checks failed (%s mode)\n", n, modeName(r.Mode))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func modeName(m string) string {
	if m == "" {
		return "live"
	}
	return m
}

// ProductLines are the catalogue as aligned lines: code, name, type, kind.
func ProductLines(ps []Product) []string {
	if len(ps) == 0 {
		return nil
	}
	cw, nw := len("code"), len("name")
	for _, p := range ps {
		cw, nw = max(cw, len(p.Code)), max(nw, len([]rune(p.Name)))
	}
	nw = min(nw, 40)
	out := []string{fmt.Sprintf("%-*s  %-*s  %-6s  %s", cw, "code", nw, "name", "type", "sold as")}
	for _, p := range ps {
		typ := "-"
		if p.Type != nil {
			typ = fmt.Sprint(*p.Type)
		} else if p.RawType != "" {
			typ = p.RawType
		}
		as := p.KindText()
		switch {
		case p.Kind == "":
			as += " (never sold)"
		case !p.Sold && !p.Active:
			as += " (inactive)"
		case !p.Sold:
			as += " (not sold through Flash)"
		}
		name := []rune(p.Name)
		if len(name) > nw {
			name = append(name[:nw-1], '…')
		}
		out = append(out, fmt.Sprintf("%-*s  %-*s  %-6s  %s", cw, p.Code, nw, string(name), typ, as))
	}
	return out
}

// WriteJSON writes the report as one JSON object.
func WriteJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
