package cli

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"till/providers"
	"till/providers/flutterwave"
	"till/sale"
)

// Back office: bulk tokenized charges of account customers' saved cards
// (Flutterwave's documented bulk endpoints). Not on the cashier's path.
//
//	till card bulk --file customers.csv --title T     charge every row once
//	till card bulk-status ID                          progress and charges
//
// The CSV has a header row naming its columns — email, amount, currency
// and customer (the customer book's ID, "C1") — in any order. The card
// token comes from the book, never from the file; a row whose email is not
// that customer's is refused, and so is the whole file with it: nothing is
// sent until every row is good.
//
// Money safety: the bulk is journaled as one sale (KindBulkCardCharge, the
// total in one currency, the rows without tokens in its params) before it
// is sent, and each row's tx_ref is that sale's reference and the row
// number (bulkTxRef), so the journal alone says what to verify. It is sent once. An answer that is lost leaves the sale in doubt
// and the resolver hands it to a supervisor: a bulk charge is never resent
// by the till (Flutterwave may already be charging it); `bulk-status`, the
// dashboard and each row's tx_ref tell what happened.

// bulkRow is one CSV row, checked against the customer book.
type bulkRow struct {
	flutterwave.BulkRow
	token string
}

// readBulkCSV reads and checks every row of r against book.
func readBulkCSV(r io.Reader, book func(id string) (sale.Customer, error)) ([]bulkRow, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("the file has no header row (email,amount,currency,customer): %v", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"email", "amount", "currency", "customer"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("the header has no %q column (it needs email, amount, currency and customer)", need)
		}
	}
	var rows []bulkRow
	var problems []string
	seen := map[string]int{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", line, err)
		}
		get := func(name string) string {
			if i := col[name]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		bad := func(format string, args ...any) {
			problems = append(problems, fmt.Sprintf("line %d: %s", line, fmt.Sprintf(format, args...)))
		}
		cur := sale.Currency(strings.ToUpper(get("currency")))
		amt, err := sale.ParseMoney(get("amount"), cur)
		if err != nil {
			bad("%v", err)
			continue
		}
		cu, err := book(get("customer"))
		if err != nil {
			bad("%s", sale.ErrorMessage(err))
			continue
		}
		if !strings.EqualFold(cu.Email, get("email")) {
			bad("%s is not %s's email (the book has %s)", providers.CleanMax(get("email"), 40), cu.ID, cu.Email)
			continue
		}
		if err := cu.CardUsable(time.Now()); err != nil {
			bad("%s", sale.ErrorMessage(err))
			continue
		}
		if prev, dup := seen[cu.ID]; dup {
			bad("%s is already charged on line %d", cu.ID, prev)
			continue
		}
		seen[cu.ID] = line
		rows = append(rows, bulkRow{flutterwave.BulkRow{Line: line, Customer: cu.ID, Email: cu.Email, Amount: amt}, cu.Token})
	}
	switch {
	case len(problems) > 0:
		return nil, fmt.Errorf("nothing was sent; fix these rows:\n  %s", strings.Join(problems, "\n  "))
	case len(rows) == 0:
		return nil, errors.New("the file has no rows to charge")
	case len(rows) > flutterwave.MaxBulkItems:
		return nil, fmt.Errorf("at most %d rows at once; this file has %d", flutterwave.MaxBulkItems, len(rows))
	}
	for _, r := range rows[1:] {
		if r.Amount.Currency != rows[0].Amount.Currency {
			return nil, fmt.Errorf("line %d: one bulk charge is in one currency (%s), not %s: split the file", r.Line, rows[0].Amount.Currency, r.Amount.Currency)
		}
	}
	return rows, nil
}

func (c *cli) cardBulk(args []string) int {
	fs := c.flags("card bulk")
	file := fs.String("file", "", "CSV `file` of account customers: email, amount, currency, customer (book ID)")
	title := fs.String("title", "", "the bulk charge's `title`, e.g. \"March accounts\"")
	by := fs.String("by", "", "who runs it (journaled; default the till user)")
	asJSON := fs.Bool("json", false, "print the accepted bulk charge as JSON")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	if *file == "" || strings.TrimSpace(*title) == "" {
		c.errorf("card bulk: --file and --title are required")
		return exitUsage
	}
	f, err := os.Open(*file)
	if err != nil {
		c.errorf("card bulk: %v", err)
		return exitUsage
	}
	defer f.Close()
	t, code := c.open(false)
	if t == nil {
		return code
	}
	defer t.Close()
	if _, ok := t.Engine.Provider(flutterwave.ProviderName); !ok {
		c.errorf("card bulk: Flutterwave is not configured: add a [flutterwave] table")
		return exitUsage
	}
	rows, err := readBulkCSV(f, t.Journal.Customer)
	if err != nil {
		c.errorf("card bulk: %v", err)
		return exitUsage
	}
	who := *by
	if who == "" {
		who = t.Cashier
	}
	jrows := make([]flutterwave.BulkRow, len(rows))
	tokens := make([]string, len(rows))
	for i, r := range rows {
		jrows[i], tokens[i] = r.BulkRow, r.token
	}
	o, err := flutterwave.BulkOrder(*title, who, jrows, tokens)
	if err != nil {
		return c.fail(err)
	}
	// The engine journals the bulk first (the rows' tx_refs are made from
	// its reference), then sends it once: never resent.
	ctx, stop := signalContext()
	defer stop()
	s, err := t.Engine.Sell(ctx, o)
	if err != nil && s.Ref == "" {
		return c.fail(err)
	}
	bulkID, _ := strconv.Atoi(s.Outcome.ProviderRef)
	if all, err := flutterwave.BulkRows(s); err == nil {
		for i := range rows {
			rows[i].TxRef = all[i].TxRef
		}
	}
	total := o.Amount
	out := s.Outcome
	switch s.State {
	case sale.StateDelivered:
		if *asJSON {
			c.printJSON(struct {
				Sale   record    `json:"sale"`
				BulkID int       `json:"bulk_id"`
				Rows   []bulkRow `json:"rows"`
			}{maskRecord(recordOf(s)), bulkID, rows})
			c.errorf("follow it with: till card bulk-status %d", bulkID)
			return exitOK
		}
		fmt.Fprintf(c.stdout, "bulk charge %d accepted: %d card(s), %s in all (journal %s)\n", bulkID, len(rows), total, s.Ref)
		tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "LINE\tCUSTOMER\tEMAIL\tAMOUNT\tTX_REF")
		for _, r := range rows {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", r.Line, r.Customer, r.Email, r.Amount, r.TxRef)
		}
		tw.Flush()
		c.errorf("follow it with: till card bulk-status %d", bulkID)
		return exitOK
	case sale.StateInDoubt:
		c.errorf("%s IN DOUBT: %s. Do NOT run this file again: Flutterwave may be charging it. Check the dashboard or verify the tx_refs; a supervisor settles %s.", s.Ref, out.Message, s.Ref)
		return exitInDoubt
	}
	c.errorf("%s %s: %s (nothing was charged)", s.Ref, s.State, out.Message)
	return exitDeclined
}

func (c *cli) cardBulkStatus(args []string) int {
	fs := c.flags("card bulk-status")
	asJSON := fs.Bool("json", false, "print JSON")
	idText, rest := splitPositional(args)
	if !c.parse(fs, rest, 0) {
		return exitUsage
	}
	id, err := strconv.Atoi(idText)
	if err != nil || id <= 0 {
		c.errorf("card bulk-status: which bulk charge? give its id, e.g. till card bulk-status 130")
		return exitUsage
	}
	t, code := c.open(false)
	if t == nil {
		return code
	}
	defer t.Close()
	fw, _ := t.Engine.Provider(flutterwave.ProviderName)
	client, ok := fw.(*flutterwave.Client)
	if !ok {
		c.errorf("card bulk-status: Flutterwave is not configured: add a [flutterwave] table")
		return exitUsage
	}
	ctx, stop := signalContext()
	defer stop()
	st, err := client.BulkStatus(ctx, id)
	if err != nil {
		c.errorf("card bulk-status: %v", err)
		return exitDeclined
	}
	txs, err := client.BulkTransactions(ctx, id)
	if err != nil {
		c.errorf("card bulk-status: %v", err)
		return exitDeclined
	}
	if *asJSON {
		type tx struct {
			TxRef, FlwRef, Status, Amount, Card, Customer, Processor string
		}
		out := struct {
			ID, Processed, Pending, Total int
			Title                         string
			Transactions                  []tx
		}{ID: st.ID, Processed: st.Processed, Pending: st.Pending, Total: st.Total, Title: st.Title, Transactions: []tx{}}
		for _, x := range txs {
			out.Transactions = append(out.Transactions, tx{x.TxRef, x.FlwRef, x.Status, string(x.Amount.Currency) + " " + x.Amount.Plain(), cardOf(x), x.Customer.Email, x.ProcessorResponse})
		}
		c.printJSON(out)
	} else {
		fmt.Fprintf(c.stdout, "bulk charge %d %q: %d of %d processed, %d pending\n", st.ID, st.Title, st.Processed, st.Total, st.Pending)
		tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "TX_REF\tSTATUS\tAMOUNT\tCARD\tCUSTOMER\tPROCESSOR")
		for _, x := range txs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", x.TxRef, x.Status, x.Amount, cardOf(x), x.Customer.Email, x.ProcessorResponse)
		}
		tw.Flush()
	}
	if st.Pending > 0 {
		return exitInDoubt
	}
	return exitOK
}

// cardOf is a charged card as shown: brand and last four, never more.
func cardOf(t flutterwave.Transaction) string {
	if t.Card.Last4 == "" {
		return "-"
	}
	return strings.TrimSpace(t.Card.Brand + " **** " + t.Card.Last4)
}
