package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"till/providers"
	"till/providers/flash"
	"till/providers/flutterwave"
	"till/providers/mpesaflow"
	"till/sale"
	"till/screens"
)

// Tenders on the command line and in the wiring: the customer book
// (`till customer`), payments that need a person (`till payments`), and
// what the TUI's tender step is given (payDeps).

// payDeps is what the TUI's tender step needs: which tenders this till
// takes, the customer book, MpesaFlow's input rules and, in the demo, a
// "customer" who approves 3-D Secure pages.
func (t *till) payDeps() *screens.PayDeps {
	d := &screens.PayDeps{Tenders: t.tenders(), Customers: t.Journal,
		ValidReceipt: mpesaflow.ValidReceiptCode, NormalizePhone: mpesaflow.NormalizePhoneKE}
	if t.Cfg.Demo {
		d.DemoApprove = demoApprove
	}
	return d
}

// tenders are the tenders this till takes: cash, and each non-cash tender
// whose provider is configured (1Voucher once the Flash client redeems
// vouchers as a tender).
func (t *till) tenders() []sale.TenderKind {
	out := []sale.TenderKind{sale.TenderCash}
	if t.Cfg.MpesaFlow != nil {
		out = append(out, sale.TenderMpesa)
	}
	if t.Cfg.Flutterwave != nil {
		out = append(out, sale.TenderCard)
	}
	if t.Cfg.Flash != nil && flash.Sells(sale.KindTenderVoucher) {
		out = append(out, sale.TenderVoucher)
	}
	if t.Cfg.Flowix != nil {
		out = append(out, sale.TenderQRIS)
	}
	return out
}

// demoApprove opens a 3-D Secure approval page on the demo sandbox, as the
// customer's phone would. It only ever talks to loopback.
func demoApprove(ctx context.Context, link string) error {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "http" {
		return errors.New("not a demo approval link")
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
		return errors.New("the demo only opens links on this machine")
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the approval page answered HTTP %d", resp.StatusCode)
	}
	return nil
}

// customerFlags are the flags add and update share.
type customerFlags struct {
	name, email, phone, token, brand, last4, expiry, currency, created *string
	asJSON                                                             *bool
}

func (c *cli) customerFlagSet(name string) (*flag.FlagSet, customerFlags) {
	fs := c.flags(name)
	f := customerFlags{
		name:     fs.String("name", "", "the customer's full `name`"),
		email:    fs.String("email", "", "the customer's email, as Flutterwave knows it"),
		phone:    fs.String("phone", "", "the customer's phone number"),
		token:    fs.String("token", "", "the Flutterwave card `token`, or - to read it from stdin (keeps it out of the shell history)"),
		brand:    fs.String("brand", "", "card brand (VISA, MASTERCARD, VERVE…)"),
		last4:    fs.String("last4", "", "the card's last four digits"),
		expiry:   fs.String("expiry", "", "card expiry `MM/YY`"),
		currency: fs.String("currency", "", "what the card is charged in (default: the sale's)"),
		created:  fs.String("token-created", "", "`day` the token was issued, YYYY-MM-DD (default today); it lasts a year"),
		asJSON:   fs.Bool("json", false, "print the customer as JSON (the card token is never printed)"),
	}
	return fs, f
}

// apply copies the flags that were given onto cu.
func (c *cli) applyCustomer(fs *flag.FlagSet, f customerFlags, cu *sale.Customer) error {
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if set["name"] {
		cu.Name = *f.name
	}
	if set["email"] {
		cu.Email = *f.email
	}
	if set["phone"] {
		cu.Phone = *f.phone
	}
	if set["brand"] {
		cu.Brand = *f.brand
	}
	if set["last4"] {
		cu.Last4 = *f.last4
	}
	if set["expiry"] {
		cu.Expiry = *f.expiry
	}
	if set["currency"] {
		cu.Currency = sale.Currency(strings.ToUpper(*f.currency))
	}
	if set["token"] {
		tok := *f.token
		if tok == "-" {
			line, err := bufio.NewReader(c.in()).ReadString('\n')
			if err != nil && !errors.Is(err, io.EOF) {
				return fmt.Errorf("--token -: %v", err)
			}
			tok = strings.TrimSpace(line)
		}
		cu.Token = tok
		if !set["token-created"] {
			cu.TokenCreated = c.now()
		}
	}
	if set["token-created"] {
		d, err := time.ParseInLocation(time.DateOnly, *f.created, time.Local)
		if err != nil {
			return fmt.Errorf("--token-created %q is not a day like 2026-01-31", *f.created)
		}
		cu.TokenCreated = d
	}
	return nil
}

func (c *cli) customerAdd(args []string) int {
	fs, f := c.customerFlagSet("customer add")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	cu := sale.Customer{TokenCreated: c.now()}
	if err := c.applyCustomer(fs, f, &cu); err != nil {
		c.errorf("customer add: %v", err)
		return exitUsage
	}
	if err := cu.Validate(); err != nil {
		return c.fail(err)
	}
	t, code := c.openJournalOnly()
	if t == nil {
		return code
	}
	defer t.Close()
	added, err := t.Journal.AddCustomer(cu, c.now())
	if err != nil {
		return c.fail(err)
	}
	c.printCustomer(added, *f.asJSON) // json_more.go
	if w := added.CardWarning(c.now()); w != "" {
		c.errorf("warning: %s", w)
	}
	return exitOK
}

// customerRecord is a customer as `till customer list --json` prints it:
// never the token.
type customerRecord struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	Phone        string    `json:"phone,omitempty"`
	Card         string    `json:"card"`
	Currency     string    `json:"currency,omitempty"`
	TokenCreated time.Time `json:"token_created"`
	TokenExpires time.Time `json:"token_expires"`
	Warning      string    `json:"warning,omitempty"`
}

func (c *cli) customerList(args []string) int {
	fs := c.flags("customer list")
	asJSON := fs.Bool("json", false, "print JSON (the card token is never printed)")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	t, code := c.openJournalOnly()
	if t == nil {
		return code
	}
	defer t.Close()
	cs, err := t.Journal.Customers()
	if err != nil {
		return c.fail(err)
	}
	now := c.now()
	if *asJSON {
		recs := make([]customerRecord, 0, len(cs))
		for _, cu := range cs {
			recs = append(recs, customerRecordOf(cu, now))
		}
		c.printJSON(recs)
		return exitOK
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tEMAIL\tCARD\tTOKEN ENDS\tWARNING")
	for _, cu := range cs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", cu.ID, providers.CleanMax(cu.Name, 30), cu.Email, cu.MaskedCard(),
			cu.TokenExpires().Format(time.DateOnly), cu.CardWarning(now))
	}
	tw.Flush()
	fmt.Fprintf(c.stderr, "%d customer(s)\n", len(cs))
	return exitOK
}

// customerUpdate changes a customer. A new email, name or phone for the
// same card is sent to Flutterwave first (PUT /v3/tokens/{token}), so the
// book never says something Flutterwave does not know; a new token (a
// renewed card) is only written to the book.
func (c *cli) customerUpdate(args []string) int {
	fs, f := c.customerFlagSet("customer update")
	id, ok := c.parseNamed(fs, args, "customer update: which customer? e.g. till customer update C1 --email new@example.com")
	if !ok {
		return exitUsage
	}
	t, code := c.open(false)
	if t == nil {
		return code
	}
	defer t.Close()
	old, err := t.Journal.Customer(id)
	if err != nil {
		return c.fail(err)
	}
	cu := old
	if err := c.applyCustomer(fs, f, &cu); err != nil {
		c.errorf("customer update: %v", err)
		return exitUsage
	}
	if err := cu.Validate(); err != nil {
		return c.fail(err)
	}
	if cu.Token == old.Token && (cu.Email != old.Email || cu.Name != old.Name || cu.Phone != old.Phone) {
		fw, ok := t.Engine.Provider(flutterwave.ProviderName)
		client, isClient := fw.(*flutterwave.Client)
		if !ok || !isClient {
			c.errorf("customer update: Flutterwave is not configured: add a [flutterwave] table to change a card's details")
			return exitUsage
		}
		email, name, phone := diff(cu.Email, old.Email), diff(cu.Name, old.Name), diff(cu.Phone, old.Phone)
		ctx, stop := signalContext()
		defer stop()
		if err := client.UpdateToken(ctx, cu.Token, email, name, phone); err != nil {
			c.errorf("customer update: %v; the book is unchanged", err)
			var fe *flutterwave.Error
			if errors.As(err, &fe) && fe.Result == sale.ResultInDoubt {
				return exitInDoubt
			}
			return exitDeclined
		}
		c.errorf("Flutterwave updated the card's details")
	}
	up, err := t.Journal.UpdateCustomer(cu, c.now())
	if err != nil {
		return c.fail(err)
	}
	c.printCustomer(up, *f.asJSON) // json_more.go
	return exitOK
}

// diff is v if it changed from old, else "" (UpdateToken sends only what is
// given).
func diff(v, old string) string {
	if v == old {
		return ""
	}
	return v
}

func (c *cli) paymentsList(args []string) int {
	fs := c.flags("payments list")
	asJSON := fs.Bool("json", false, "print JSON")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	t, code := c.open(false)
	if t == nil {
		return code
	}
	defer t.Close()
	issues, err := t.Engine.TenderIssues()
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		type rec struct {
			Issue string `json:"issue"`
			Sale  record `json:"sale"`
			For   string `json:"for"`
		}
		out := make([]rec, 0, len(issues))
		for _, is := range issues {
			out = append(out, rec{Issue: is.Kind.String(), Sale: recordOf(is.Sale), For: forLine(is.For)})
		}
		c.printJSON(out)
		return exitOK
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ISSUE\tREFERENCE\tPAID BY\tAMOUNT\tFOR\tNOTE")
	for _, is := range issues {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", is.Kind, is.Sale.Ref, is.For.Tender.Kind.Name(), is.Sale.Order.Amount,
			forLine(is.For), providers.CleanMax(is.Sale.Note, 60))
	}
	tw.Flush()
	fmt.Fprintln(c.stderr, c.t("cli.payments.count", len(issues)))
	if len(issues) > 0 {
		return exitInDoubt
	}
	return exitOK
}

// forLine says what a payment was for: "airtime R 10.00 to 278*****567".
func forLine(o sale.Order) string {
	s := string(o.Kind) + " " + o.Amount.String()
	if o.Target.Value != "" {
		s += " to " + o.Target.Masked()
	}
	return s
}

// paymentsComplete makes the sale a paid payment was taken for.
func (c *cli) paymentsComplete(args []string) int {
	fs := c.flags("payments complete")
	asJSON := fs.Bool("json", false, "print the sale as JSON instead of the receipt")
	ref, ok := c.parseNamed(fs, args, c.t("cli.payments.which"))
	if !ok {
		return exitUsage
	}
	t, code := c.open(false)
	if t == nil {
		return code
	}
	defer t.Close()
	p, err := findSale(t.Engine.Reader(), ref)
	if err != nil {
		return c.fail(err)
	}
	o, err := sale.PaidFor(p)
	if err != nil {
		return c.fail(err)
	}
	ctx, stop := signalContext()
	defer stop()
	s, err := t.Engine.Vend(ctx, o)
	if err != nil && s.Ref == "" {
		return c.fail(err)
	}
	return c.report(t, s, *asJSON)
}

// paymentsRefund marks a paid, unused payment refund due ("refund"), or
// settles a refund due ("refunded"); both are a supervisor's.
func (c *cli) paymentsRefund(sub string, args []string) int {
	fs := c.flags("payments " + sub)
	asJSON := fs.Bool("json", false, "print the sale as JSON")
	note := fs.String("note", "", "why (refund) or how the money was given back (refunded); required")
	by := fs.String("by", "", "the supervisor's id or `name` (required)")
	inCash := fs.Bool("cash", false, "refunded: the money was given back in cash from the drawer (a cash sale's always is)")
	ref, rest := splitPositional(args)
	if !c.parse(fs, rest, 0) {
		return exitUsage
	}
	if ref == "" || strings.TrimSpace(*note) == "" || strings.TrimSpace(*by) == "" {
		c.tell(c.t("cli.payments.refund_args", sub, sub))
		return exitUsage
	}
	t, code := c.open(false)
	if t == nil {
		return code
	}
	defer t.Close()
	s, err := findSale(t.Engine.Reader(), ref)
	if err != nil {
		return c.fail(err)
	}
	if err := c.refundOverride(t, s.Ref, by, *note); err != nil { // cashier.go: the supervisor's own PIN
		return c.fail(err)
	}
	if sub == "refund" {
		s, err = t.Engine.MarkRefundDue(s.Ref, *note, *by)
	} else {
		s, err = t.Engine.SettleRefundWith(s.Ref, *note, *by, *inCash)
	}
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		c.printJSON(maskRecord(recordOf(s)))
		return exitOK
	}
	fmt.Fprintf(c.stdout, "%s  %s  %s\n", s.Ref, s.Order.Amount, s.Note)
	return exitOK
}

// in is where a secret typed for a command is read from (stdin).
func (c *cli) in() io.Reader { return c.stdinReader() }
