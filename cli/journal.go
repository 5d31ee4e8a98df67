package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"till/receipts"
	"till/sale"
	"till/ui"
)

// record is the stable JSON form of a sale on the command line.
type record struct {
	Reference   string      `json:"reference"`
	Store       string      `json:"store"`
	Terminal    string      `json:"terminal"`
	Day         string      `json:"day"`
	State       sale.State  `json:"state"`
	Provider    string      `json:"provider"`
	Kind        sale.Kind   `json:"kind"`
	Product     string      `json:"product,omitempty"`
	ProductName string      `json:"product_name,omitempty"`
	Target      string      `json:"target,omitempty"`
	Amount      string      `json:"amount"`
	Currency    string      `json:"currency"`
	Attempts    int         `json:"attempts"`
	ProviderRef string      `json:"provider_ref,omitempty"`
	Code        string      `json:"code,omitempty"`
	Message     string      `json:"message,omitempty"`
	Said        string      `json:"provider_message,omitempty"`
	Items       []sale.Item `json:"items,omitempty"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
	NextTry     *time.Time  `json:"next_try,omitempty"`
	Reprints    int         `json:"reprints,omitempty"`
}

func recordOf(s sale.Sale) record {
	r := record{
		Reference: string(s.Ref), Store: s.StoreID, Terminal: s.TerminalID, Day: s.Day, State: s.State,
		Provider: s.Order.Provider, Kind: s.Order.Kind, Product: s.Order.Product, ProductName: s.Order.ProductName,
		Target: s.Order.Target.Value, Amount: s.Order.Amount.Plain(), Currency: string(s.Order.Amount.Currency),
		Attempts: s.Attempts, ProviderRef: s.ProviderRef, Code: s.Outcome.Code, Message: s.Outcome.Message, Said: s.Outcome.ProviderMessage,
		Items: s.Outcome.Items, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt, Reprints: s.Reprints,
	}
	if s.State.Unresolved() && !s.NextTry.IsZero() {
		nt := s.NextTry
		r.NextTry = &nt
	}
	return r
}

func (c *cli) journalList(args []string) int {
	fs := c.flags("journal list")
	day := fs.String("day", "", "business `day` YYYY-MM-DD (default: today; \"all\" for every day)")
	status := fs.String("status", "", "only sales in this state (DELIVERED, IN_DOUBT, …)")
	asJSON := fs.Bool("json", false, "print JSON")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	q := sale.Query{}
	if *status != "" {
		st, err := sale.ParseState(*status)
		if err != nil {
			return c.fail(err)
		}
		q.State = st
	}
	if *day != "" && *day != "all" {
		if _, err := time.Parse(time.DateOnly, *day); err != nil {
			c.errorf("journal list: --day %q is not a date like 2026-11-23", *day)
			return exitUsage
		}
		q.Day = *day
	}
	t, code := c.openJournalOnly()
	if t == nil {
		return code
	}
	defer t.Close()
	if *day == "" {
		// Today's business day: after a Z report, new sales belong to the next.
		d, err := t.Journal.BusinessDay(c.now())
		if err != nil {
			return c.fail(err)
		}
		q.Day = d
	}
	sales, err := t.Journal.List(q)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		recs := make([]record, 0, len(sales))
		for _, s := range sales {
			recs = append(recs, maskRecord(recordOf(s)))
		}
		c.printJSON(recs)
		return exitOK
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, columns(c.t("cli.journal.list_head")))
	for _, s := range sales {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.CreatedAt.In(t.Cfg.Till.Location()).Format("15:04:05"), s.Ref,
			s.Order.Kind, s.Order.Target.Masked(), c.lang().Money(s.Order.Amount), c.t("cli.journal.state", s.State))
	}
	tw.Flush()
	fmt.Fprintln(c.stderr, c.t("cli.journal.count", len(sales)))
	return exitOK
}

func (c *cli) journalShow(args []string) int {
	fs := c.flags("journal show")
	asJSON := fs.Bool("json", false, "print JSON")
	ref, ok := c.parseNamed(fs, args, "journal show: which reference? e.g. till journal show DEMO-TILL1-AB12CD-7")
	if !ok {
		return exitUsage
	}
	t, code := c.openJournalOnly()
	if t == nil {
		return code
	}
	defer t.Close()
	s, err := findSale(t.Engine.Reader(), ref)
	if err != nil {
		return c.fail(err)
	}
	evs, err := t.Journal.Events(s.Ref)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		out := struct {
			Sale   record       `json:"sale"`
			Events []sale.Event `json:"events"`
		}{maskRecord(recordOf(s)), maskEvents(evs)}
		c.printJSON(out)
		return exitOK
	}
	loc := t.Cfg.Till.Location()
	fmt.Fprintln(c.stdout, c.t("cli.journal.show_head", string(s.Ref), s.State, s.Order.Provider, string(s.Order.Kind), s.Order.Target.Masked(), s.Order.Amount))
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, columns(c.t("cli.journal.show_cols")))
	for _, e := range evs {
		detail := e.Note
		if e.Outcome != nil {
			detail = strings.TrimSpace(e.Outcome.Code + " " + ui.Clean(c.lang().Said(e.Outcome.Message)))
		}
		if e.By != "" {
			detail = strings.TrimSpace(detail + c.t("cli.journal.by", e.By))
		}
		attempt := ""
		if e.Attempt > 0 {
			attempt = fmt.Sprint(e.Attempt)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", e.Seq, e.At.In(loc).Format(time.DateTime), e.Type, c.t("cli.journal.state", e.State), attempt, detail)
	}
	tw.Flush()
	return exitOK
}

// maskRecord hides a record's secret items (voucher PINs, electricity
// tokens) down to their last four characters, as maskEvents does: journal
// list and show are for the back office. `reprint` prints them in full.
func maskRecord(r record) record {
	r.Items = maskItems(r.Items)
	return r
}

// maskItems returns a copy of items with every secret value masked.
func maskItems(items []sale.Item) []sale.Item {
	out := append([]sale.Item(nil), items...)
	for k := range out {
		if out[k].Secret {
			out[k].Value = receipts.Mask(out[k].Value)
		}
	}
	return out
}

// maskEvents hides secret items and inputs: journal show is for the back
// office, not for the customer.
func maskEvents(evs []sale.Event) []sale.Event {
	out := make([]sale.Event, len(evs))
	for i, e := range evs {
		if e.Outcome != nil {
			o := *e.Outcome
			o.Items = maskItems(o.Items)
			e.Outcome = &o
		}
		if e.Order != nil && len(e.Order.Secrets) > 0 {
			o := *e.Order
			o.Secrets = map[string]string{}
			for k := range e.Order.Secrets {
				o.Secrets[k] = "[REDACTED]"
			}
			e.Order = &o
		}
		out[i] = e
	}
	return out
}

// columns is a table's heading for a tabwriter: the catalogue writes it
// with single spaces (one word a column).
func columns(head string) string { return strings.ReplaceAll(head, " ", "\t") }
