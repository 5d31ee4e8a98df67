package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"till/providers/flash"
	"till/sale"
)

// The Flash products beyond airtime on the command line (README "Flash"):
//
//	till sell electricity --meter N --amount A [--fbe] [--json]
//	till sell 1voucher|giftvoucher|eezi|cashout --amount A [--product CODE] [--json]
//	till 1voucher redeem --pin P|- --amount A [--full] [--mobile M] [--json]
//	till 1voucher refund --amount A [--mobile M] --supervisor ID --reason T [--json]
//	till 1voucher disburse --amount A [--json]
//	till cashout lookup --serial S [--product CODE] [--json]
//	till cashout cancel --serial S | REF --supervisor ID --reason T [--json]
//
// Everything typed is checked before the journal is opened (exit 2, nothing
// journaled or sent). Lookups (a meter, a cash-out PIN) move no money and
// are not journaled; a lookup that finds nothing is a decline (exit 1). A
// refund and a cancel need a supervisor's override (wire/till.go: supervised):
// --supervisor and --reason, the supervisor's PIN on stdin, checked before
// anything is journaled or sent.

// flashFlags are the flags every Flash sale command shares.
type flashFlags struct {
	amount, product *string
	asJSON          *bool
}

// sellFlash is `till sell electricity|1voucher|giftvoucher|eezi|cashout`.
func (c *cli) sellFlash(kind string, args []string) int {
	fs := c.flags("sell " + kind)
	ff := flashFlags{
		amount:  fs.String("amount", "", "amount in rand, e.g. 50.00"),
		product: fs.String("product", "", "Flash product `code` from the catalogue"),
		asJSON:  fs.Bool("json", false, "print the sale as JSON instead of the receipt"),
	}
	meter := fs.String("meter", "", "electricity: the meter `number`")
	fbe := fs.Bool("fbe", false, "electricity: ask for the meter's free basic electricity with the purchase")
	sup, reason := c.overrideFlags(fs)
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	k := sale.Kind(kind)
	money, ok := c.flashAmount("sell "+kind, *ff.amount)
	if !ok {
		return exitUsage
	}
	switch {
	case k == sale.KindElectricity && *meter == "":
		c.tell(c.t("cli.elec.meter_required"))
		return exitUsage
	case k == sale.KindElectricity:
		if err := flash.CheckMeter(*meter); err != nil {
			c.errorf("sell electricity: --meter: %s", c.why(err))
			return exitUsage
		}
	case *meter != "" || *fbe:
		c.tell(c.t("cli.elec.only", kind))
		return exitUsage
	}
	t, api, ctx, done, code := c.openFlash("sell " + kind)
	if t == nil {
		return code
	}
	defer done()
	// 1Voucher and electricity take no productCode (§2.3.1, §2.8.2): they
	// sell without a catalogue entry, within its limits when it has one.
	p, code := c.flashProduct(ctx, t, k, *ff.product, !flash.NeedsProductCode(k))
	if code != exitOK {
		return code
	}
	o := sale.Order{Provider: flash.ProviderName, Kind: k, Product: p.Code, ProductName: p.Name, Amount: money,
		Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: t.Cashier}
	if o.ProductName == "" && k == sale.KindVoucher {
		o.ProductName = "1Voucher"
	}
	if k == sale.KindElectricity {
		m, code := c.lookupMeter(ctx, api, *meter, money, *fbe)
		if code != exitOK {
			return code
		}
		if err := m.Allows(money); err != nil {
			return c.fail(err)
		}
		if o.ProductName == "" {
			o.ProductName = "Prepaid electricity"
		}
		o.Target = sale.Target{Kind: sale.TargetMeter, Value: *meter}
		if *fbe {
			o.Params = map[string]string{flash.ParamFBE: "true"}
		}
	} else if err := p.Allows(money); err != nil {
		return c.fail(err)
	}
	s, err := c.sellAs(ctx, t, o, *sup, *reason)
	if err != nil && s.Ref == "" {
		return c.fail(err)
	}
	return c.report(t, s, *ff.asJSON)
}

// flashAmount parses an amount in rand; false means it printed why.
func (c *cli) flashAmount(cmd, typed string) (sale.Money, bool) {
	if typed == "" {
		c.tell(c.t("cli.amount.required", cmd))
		return sale.Money{}, false
	}
	m, err := sale.ParseMoney(typed, sale.ZAR)
	if err != nil {
		c.tell(c.t("cli.amount.refused", cmd, c.amountWhy(err)))
		return sale.Money{}, false
	}
	return m, true
}

// openFlash opens the till with its providers and returns the Flash
// client; on failure it has printed why and returns the exit code.
func (c *cli) openFlash(cmd string) (*till, *flash.Client, context.Context, func(), int) {
	t, code := c.open(false)
	if t == nil {
		return nil, nil, nil, nil, code
	}
	p, ok := t.Engine.Provider(flash.ProviderName)
	api, isFlash := p.(*flash.Client)
	if !ok || !isFlash {
		c.tell(c.t("cli.flash.not_configured", cmd, t.Cfg.Path))
		t.Close()
		return nil, nil, nil, nil, exitUsage
	}
	ctx, stop := signalContext()
	return t, api, ctx, func() { stop(); t.Close() }, exitOK
}

// flashProduct picks the catalogue product of kind k: by code, or the only
// active one. The catalogue is refreshed first and used from the journal
// (with its age) when Flash cannot be reached. optional lets electricity
// go on without one (the meter's own limits then apply).
func (c *cli) flashProduct(ctx context.Context, t *till, k sale.Kind, code string, optional bool) (sale.Product, int) {
	cat, err := t.Engine.Catalogue(ctx, flash.ProviderName, true)
	switch {
	case err != nil && len(cat.Products) == 0 && optional:
		c.tell(c.t("cli.catalogue.none", c.said(err)))
		return sale.Product{}, exitOK
	case err != nil && len(cat.Products) == 0:
		return sale.Product{}, c.fail(err)
	case err != nil:
		c.tell(c.t("cli.catalogue.old", c.said(err),
			cat.FetchedAt.In(t.Cfg.Till.Location()).Format(time.DateTime), time.Since(cat.FetchedAt).Round(time.Minute)))
	}
	var ps []sale.Product
	for _, p := range cat.Products {
		if p.Kind == k && p.Active {
			ps = append(ps, p)
		}
	}
	for _, p := range ps {
		if p.Code == code || (code == "" && len(ps) == 1) {
			return p, exitOK
		}
	}
	if code != "" {
		if msg := flashNotSold(cat, k, code); msg != "" {
			return sale.Product{}, c.fail(refuse(sale.CodeInvalid, "cli.product.not_sold", msg))
		}
	}
	switch {
	case len(ps) == 0 && optional:
		return sale.Product{}, exitOK
	case len(ps) == 0:
		return sale.Product{}, c.fail(refuse(sale.CodeInvalid, "cli.product.none", k, flashUnmapped(cat)))
	case code == "":
		return sale.Product{}, c.fail(refuse(sale.CodeInvalid, "cli.product.name_it", productCodes(ps)))
	}
	return sale.Product{}, c.fail(refuse(sale.CodeInvalid, "cli.product.unknown", k, code, productCodes(ps)))
}

// flashNotSold says why the catalogue's product code is not sold as kind
// k: its productType is not mapped, or maps to another kind. Empty when it
// is not in the catalogue or is of kind k.
func flashNotSold(cat sale.Catalogue, k sale.Kind, code string) string {
	for _, p := range cat.Products {
		switch {
		case p.Code != code:
		case p.Details[flash.DetailUnmapped] != "":
			return fmt.Sprintf("Flash product %s (%s) is of %s, which [flash.product_types] does not map to anything the till sells: "+
				"run `till doctor` and set [flash.product_types] from what Flash tells you", code, p.Name, p.Details[flash.DetailUnmapped])
		case p.Kind != k:
			return fmt.Sprintf("Flash product %s (%s) is %s, not %s", code, p.Name, p.Kind, k)
		}
	}
	return ""
}

// flashUnmapped lists the catalogue's products whose productType is not
// mapped, for a message: "; not sold: 3002 Takealot (unknown type 9)".
func flashUnmapped(cat sale.Catalogue) string {
	var parts []string
	for _, p := range cat.Products {
		if u := p.Details[flash.DetailUnmapped]; u != "" {
			parts = append(parts, fmt.Sprintf("%s %s (%s)", p.Code, p.Name, u))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "; not sold, their productType is not in [flash.product_types]: " + strings.Join(parts, ", ")
}

// lookupMeter looks the meter up before selling and prints what Flash
// says to stderr; a meter that is not found is a decline (exit 1) and
// nothing is journaled.
func (c *cli) lookupMeter(ctx context.Context, api *flash.Client, meter string, amount sale.Money, fbe bool) (flash.Meter, int) {
	m, err := api.LookupMeter(ctx, flash.MeterQuery{Meter: meter, Amount: amount, FBE: fbe})
	if err != nil {
		c.errorf("%s: %s", c.t("cli.elec.meter", meter), c.said(err))
		return m, exitDeclined
	}
	for _, it := range m.Card() {
		fmt.Fprintf(c.stderr, "  %-12s %s\n", c.lang().Label(it.Label), it.Value)
	}
	if fbe && !m.FBE {
		c.tell(c.t("cli.elec.no_fbe", meter))
		return m, exitUsage
	}
	return m, exitOK
}

// oneVoucher is `till 1voucher redeem|refund|disburse`.
func (c *cli) oneVoucher(cmd string, args []string) int {
	fs := c.flags("1voucher " + cmd)
	amount := fs.String("amount", "", "amount in rand, e.g. 50.00")
	asJSON := fs.Bool("json", false, "print the sale as JSON instead of the receipt")
	var pin, mobile *string
	var full *bool
	none := ""
	sup, reason := &none, &none
	switch cmd {
	case "redeem":
		pin = fs.String("pin", "", "the voucher's 16-digit `PIN`, or - to read it from stdin (better: it stays out of the shell's history)")
		full = fs.Bool("full", false, "redeem the whole voucher (Flash is sent amount 0); --amount is then the value the customer says it holds")
		mobile = fs.String("mobile", "", "send the change voucher by SMS to this `number` instead of printing it")
	case "refund":
		mobile = fs.String("mobile", "", "send the new voucher by SMS to this `number` instead of printing it")
		sup, reason = c.overrideFlags(fs)
	case "disburse":
	default:
		c.tell(c.t("cli.voucher.unknown", cmd))
		return exitUsage
	}
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	money, ok := c.flashAmount("1voucher "+cmd, *amount)
	if !ok {
		if cmd == "redeem" {
			c.tell(c.t("cli.voucher.full"))
		}
		return exitUsage
	}
	o := sale.Order{Provider: flash.ProviderName, Amount: money, Params: map[string]string{}}
	if mobile != nil && *mobile != "" {
		m, err := sale.NormalizeMobileZA(*mobile)
		if err != nil {
			c.errorf("1voucher %s: --mobile: %s", cmd, c.said(err))
			return exitUsage
		}
		o.Params[flash.ParamMobile] = m
	}
	switch cmd {
	case "redeem":
		p, err := c.readVoucherPIN(*pin)
		if err != nil {
			c.errorf("1voucher redeem: --pin: %s", c.why(err))
			return exitUsage
		}
		o.Kind, o.ProductName = sale.KindVoucherRedeem, "1Voucher redemption"
		o.Target = sale.Target{Kind: sale.TargetVoucher, Value: flash.MaskPIN(p)}
		o.Secrets = map[string]string{flash.SecretPIN: p}
		if *full {
			o.Params[flash.ParamFull] = "true"
		}
	case "refund":
		o.Kind, o.ProductName = sale.KindVoucherRefund, "1Voucher refund"
		if m := o.Params[flash.ParamMobile]; m != "" {
			o.Target = sale.Target{Kind: sale.TargetMobile, Value: m}
		}
	case "disburse":
		o.Kind, o.ProductName = sale.KindVoucherPayout, "1Voucher disbursement"
	}
	t, _, ctx, done, code := c.openFlash("1voucher " + cmd)
	if t == nil {
		return code
	}
	defer done()
	o.Cashier = t.Cashier
	p, code := c.flashProduct(ctx, t, sale.KindVoucher, "", true)
	if code != exitOK {
		return code
	}
	if cmd == "redeem" {
		p.Min = sale.Money{} // any part of a voucher can be redeemed
	}
	if p.Name != "" {
		if err := p.Allows(money); err != nil {
			return c.fail(err)
		}
	}
	s, err := c.sellAs(ctx, t, o, *sup, *reason) // override.go
	if err != nil && s.Ref == "" {
		return c.fail(err)
	}
	return c.report(t, s, *asJSON)
}

// readVoucherPIN reads a 1Voucher PIN from the flag or, when it is "-",
// from the terminal without echo or from stdin's next line (before any
// cashier's PIN). Spaces and dashes are ignored; errors never repeat it.
func (c *cli) readVoucherPIN(flagValue string) (string, error) {
	raw := flagValue
	if raw == "-" {
		line, err := c.readPIN("1Voucher PIN: ")
		if err != nil {
			return "", refuse(sale.CodeInvalid, "cli.voucher.pin_unread")
		}
		raw = line
	}
	p := strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.TrimSpace(raw))
	if p == "" {
		return "", refuse(sale.CodeInvalid, "cli.voucher.pin_required")
	}
	if err := flash.CheckVoucherPIN(p); err != nil {
		return "", err
	}
	return p, nil
}

// cashOut is `till cashout lookup|cancel`.
func (c *cli) cashOut(cmd string, args []string) int {
	fs := c.flags("cashout " + cmd)
	serial := fs.String("serial", "", "the PIN's serial `number`, as on the slip")
	asJSON := fs.Bool("json", false, "print JSON")
	var product *string
	none := ""
	sup, reason := &none, &none
	switch cmd {
	case "lookup":
		product = fs.String("product", "", "the cash-out product `code` (default: the catalogue's)")
	case "cancel":
		sup, reason = c.overrideFlags(fs)
	default:
		c.tell(c.t("cli.cashout.unknown", cmd))
		return exitUsage
	}
	if c.parseFlags(fs, args) != nil {
		return exitUsage
	}
	ref := ""
	if cmd == "cancel" && fs.NArg() > 0 { // the reference; flags may follow it
		ref = fs.Arg(0)
		if !c.parse(fs, fs.Args()[1:], 0) {
			return exitUsage
		}
	} else if fs.NArg() > 0 {
		c.tell(c.t("cli.cashout.unexpected", cmd, fs.Arg(0)))
		return exitUsage
	}
	switch {
	case *serial != "" && ref != "":
		c.tell(c.t("cli.cashout.not_both", cmd))
		return exitUsage
	case *serial == "" && ref == "":
		c.tell(c.t("cli.cashout.which", cmd, map[bool]string{true: c.t("cli.cashout.or_ref"), false: ""}[cmd == "cancel"]))
		return exitUsage
	case *serial != "":
		if err := flash.CheckSerial(*serial); err != nil {
			c.errorf("cashout %s: --serial: %s", cmd, c.why(err))
			return exitUsage
		}
	default:
		if err := sale.Reference(ref).Validate(); err != nil {
			c.errorf("cashout cancel: %s", c.why(err))
			return exitUsage
		}
	}
	t, api, ctx, done, code := c.openFlash("cashout " + cmd)
	if t == nil {
		return code
	}
	defer done()
	if n, err := flash.AnnotateCancels(t.Journal, t.Engine, t.Cashier); err != nil {
		c.tell(c.t("cli.cashout.notes_failed", c.said(err)))
	} else if n > 0 {
		c.tell(c.t("cli.cashout.noted", n))
	}
	if cmd == "lookup" {
		p, code := c.flashProduct(ctx, t, sale.KindCashOut, *product, false)
		if code != exitOK {
			return code
		}
		return c.cashOutLookup(ctx, t, api, *serial, p.Code, *asJSON)
	}
	return c.cashOutCancel(ctx, t, api, ref, *serial, *sup, *reason, *asJSON)
}

// cashOutLookup prints what Flash says about a PIN, and which sale of this
// till sold it and cancelled it, if any.
func (c *cli) cashOutLookup(ctx context.Context, t *till, api *flash.Client, serial, product string, asJSON bool) int {
	p, err := api.LookupCashOut(ctx, serial, product)
	if err != nil {
		c.errorf("%s: %s", c.t("cli.cashout.pin", serial), c.said(err))
		return exitDeclined
	}
	here := ""
	if _, orig, err := flash.CancelOrder(t.Journal, "", serial, t.Cashier); orig.Ref != "" {
		here = string(orig.Ref)
		if err != nil {
			here += ": " + sale.ErrorMessage(err)
		}
	}
	if asJSON {
		c.printJSON(struct {
			Serial      string `json:"serial"`
			Status      string `json:"status"`
			Amount      string `json:"amount,omitempty"`
			Expiry      string `json:"expiry,omitempty"`
			Cancellable bool   `json:"cancellable"`
			SoldHere    string `json:"sold_here,omitempty"`
			Lookup      string `json:"lookup_reference"`
		}{p.Serial, p.Status, p.Amount.Plain(), p.Expiry, p.Cancellable(), here, p.Ref})
		return exitOK
	}
	for _, it := range p.Items() {
		fmt.Fprintf(c.stdout, "%-10s %s\n", c.lang().Label(it.Label), it.Value)
	}
	if here != "" {
		fmt.Fprintf(c.stdout, "%-10s %s\n", c.t("cli.cashout.sold_here"), here)
	} else {
		fmt.Fprintf(c.stdout, "%-10s %s\n", c.t("cli.cashout.sold_here"), c.t("cli.cashout.not_here"))
	}
	return exitOK
}

// cashOutCancel cancels a cash-out PIN this till sold: a sale of its own
// (sale.KindCashOutCancel, providers/flash/cancel.go), journaled first and settled
// like any sale when its answer is lost; once delivered the original sale
// is noted "cancelled by <ref>". The supervisor's override (sup, reason)
// is checked before Flash is asked about the PIN.
func (c *cli) cashOutCancel(ctx context.Context, t *till, api *flash.Client, ref, serial, sup, reason string, asJSON bool) int {
	o, orig, err := flash.CancelOrder(t.Journal, ref, serial, t.Cashier)
	if err != nil {
		return c.fail(err)
	}
	ov, err := c.overrideFor(t, o, sup, reason) // override.go
	if err != nil {
		return c.fail(err)
	}
	p, err := api.LookupCashOut(ctx, o.Params[flash.ParamSerial], o.Product)
	switch {
	case err != nil:
		c.tell(c.t("cli.cashout.cancel_failed", o.Params[flash.ParamSerial], c.said(err)))
		return exitDeclined
	case !p.Cancellable():
		c.tell(c.t("cli.cashout.not_cancellable", p.Serial, p.Status))
		return exitDeclined
	}
	c.tell(c.t("cli.cashout.cancelling", orig.Ref, p.Serial, orig.Order.Amount))
	s, err := t.Engine.SellWith(ctx, o, sale.SellOptions{Override: ov})
	if err != nil && s.Ref == "" {
		return c.fail(err)
	}
	if s.State == sale.StateDelivered {
		if err := flash.AnnotateCancel(t.Journal, t.Engine, s, t.Cashier); err != nil {
			c.tell(c.t("cli.cashout.note_later", orig.Ref, c.said(err)))
		}
	}
	return c.report(t, s, asJSON)
}
