package cli

import (
	"fmt"
	"strings"

	"till/providers/oneflow"
	"till/receipts"
	"till/sale"
	"till/screens"
)

// sellWater is `till sell water (--device ID | --card ID | --phone N
// [--device ID | --card ID]) --amount A [--wait D] [--json]`: look the
// customer up at 1Flow, journal and initiate the recharge once, and report
// it. 1Flow applies a recharge asynchronously, so the sale is usually still
// PENDING when the initiation answers (exit 3); --wait follows it until it
// completes. The recharge is never initiated twice: a lost answer leaves it
// in doubt for a supervisor (`till supervise`).
func (c *cli) sellWater(args []string) int {
	fs := c.flags("sell water")
	device := fs.String("device", "", "1Flow device `ID` (the meter's serial number)")
	card := fs.String("card", "", "1Flow card `ID`")
	phone := fs.String("phone", "", "the customer's phone `number`: looks the customer up (needs --device or --card when they have several)")
	amount := fs.String("amount", "", "amount, e.g. 100.00, in the currency of the [oneflow] table")
	wait := fs.Duration("wait", 0, "follow a pending recharge for up to this `long` (e.g. 30s) before reporting it")
	asJSON := fs.Bool("json", false, "print the sale as JSON instead of the receipt")
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	// Everything the cashier typed is checked before the journal is opened.
	switch {
	case *amount == "":
		c.tell(c.t("cli.amount.required", "sell water"))
		return exitUsage
	case *device == "" && *card == "" && *phone == "":
		c.tell(c.t("cli.water.what"))
		return exitUsage
	case *device != "" && *card != "":
		c.tell(c.t("cli.water.not_both"))
		return exitUsage
	case *wait < 0:
		c.errorf("sell water: %s", c.t("cli.wait_negative"))
		return exitUsage
	}
	for _, id := range []string{*device, *card} {
		if id != "" {
			if err := oneflow.CheckTargetID(id); err != nil {
				return c.fail(err)
			}
		}
	}
	// 1Flow sells in KES or GHS, both with two decimals: the amount is read
	// again in the till's currency once the config is loaded.
	if _, err := sale.ParseMoney(*amount, sale.KES); err != nil {
		c.tell(c.t("cli.amount.refused", "sell water", c.amountWhy(err)))
		return exitUsage
	}
	t, code := c.open(false)
	if t == nil {
		return code
	}
	defer t.Close()
	if t.Cfg.OneFlow == nil {
		c.tell(c.t("cli.water.not_configured", t.Cfg.Path))
		return exitUsage
	}
	p, ok := t.Engine.Provider(oneflow.ProviderName)
	client, isClient := p.(*oneflow.Client)
	if !ok || !isClient {
		c.tell(c.t("cli.water.not_here"))
		return exitUsage
	}
	money, err := sale.ParseMoney(*amount, client.Currency())
	if err != nil {
		c.tell(c.t("cli.amount.refused", "sell water", c.amountWhy(err)))
		return exitUsage
	}
	ctx, stop := signalContext()
	defer stop()

	key := oneflow.LookupKey{By: oneflow.LookupDevice, Value: *device}
	switch {
	case *phone != "":
		key = oneflow.LookupKey{By: oneflow.LookupPhone, Value: *phone}
	case *card != "":
		key = oneflow.LookupKey{By: oneflow.LookupCard, Value: *card}
	}
	cust, err := client.Lookup(ctx, key)
	if err != nil {
		return c.lookupFailed(err)
	}
	dev, ok := pickDevice(cust, key, *device, *card)
	if !ok {
		return c.noDevice(cust, *device, *card)
	}
	c.tell(c.t("cli.water.recharging", customerText(cust), strings.ToLower(deviceWord(dev)), deviceText(dev)))

	o := sale.Order{
		Provider: oneflow.ProviderName, Kind: sale.KindWater, ProductName: "1Flow water",
		Target: dev.Target(), Amount: money, Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: t.Cashier,
		Params: map[string]string{},
	}
	for k, v := range map[string]string{receipts.WaterCustomer: cust.Name, receipts.WaterPhone: cust.Phone, receipts.WaterDeviceName: dev.Name} {
		if v != "" {
			o.Params[k] = v
		}
	}
	s, err := t.Engine.Sell(ctx, o)
	if err != nil && s.Ref == "" {
		return c.fail(err)
	}
	return c.report(t, c.follow(ctx, t, s, *wait), *asJSON)
}

// lookupFailed reports a lookup that found no customer (exit 2: nothing was
// journaled) or could not reach 1Flow (exit 1: nothing was sold, try again).
func (c *cli) lookupFailed(err error) int {
	if sale.ErrorCode(err) == sale.CodeUnavailable {
		c.tell(c.t("cli.water.lookup_failed", c.said(err)))
		return exitDeclined
	}
	c.tell(c.t("cli.water.lookup_failed", c.said(err)))
	return exitUsage
}

// pickDevice chooses the device to recharge from a lookup: the one named by
// --device or --card, or the customer's only device. A device or card
// looked up by its own id that 1Flow does not list is recharged as named.
func pickDevice(c oneflow.Customer, key oneflow.LookupKey, device, card string) (oneflow.Device, bool) {
	want, isCard := device, false
	if card != "" {
		want, isCard = card, true
	}
	if want == "" {
		if len(c.Devices) == 1 {
			return c.Devices[0], true
		}
		return oneflow.Device{}, false
	}
	for _, d := range c.Devices {
		if d.ID == want && d.IsCard() == isCard {
			return d, true
		}
	}
	if key.By != oneflow.LookupPhone {
		d := oneflow.Device{ID: want, Type: "DEVICE"}
		if isCard {
			d.Type = "CARD"
		}
		return d, true
	}
	return oneflow.Device{}, false
}

// noDevice explains which devices the customer has, so the cashier can
// name one (exit 2: nothing was journaled).
func (c *cli) noDevice(cust oneflow.Customer, device, card string) int {
	switch {
	case len(cust.Devices) == 0:
		c.tell(c.t("cli.water.no_devices", customerText(cust)))
		return exitUsage
	case card != "":
		c.tell(c.t("cli.water.no_card", customerText(cust), card))
	case device != "":
		c.tell(c.t("cli.water.no_device", customerText(cust), device))
	default:
		c.tell(c.t("cli.water.choose", customerText(cust), len(cust.Devices)))
	}
	for _, d := range cust.Devices {
		flag := "--device"
		if d.IsCard() {
			flag = "--card"
		}
		fmt.Fprintf(c.stderr, "  %-8s %-16s %-6s %s\n", flag, d.ID, deviceWord(d), d.Name)
	}
	return exitUsage
}

// customerText is "Jane Doe (+254712345678)".
func customerText(c oneflow.Customer) string {
	s := strings.TrimSpace(c.Name + " (" + c.Phone + ")")
	return strings.TrimSuffix(strings.TrimSuffix(s, "()"), " ")
}

// deviceWord is "Meter" or "Card".
func deviceWord(d oneflow.Device) string {
	if d.IsCard() {
		return "Card"
	}
	return "Meter"
}

// deviceText is "68753500140920 (Home meter)".
func deviceText(d oneflow.Device) string {
	if d.Name == "" {
		return d.ID
	}
	return d.ID + " (" + d.Name + ")"
}

// supervise is `till supervise REF --delivered|--not-delivered --note TEXT
// --by NAME [--json]`: a supervisor settles an unresolved sale by hand,
// journaled as one supervisor event. Bad input exits 2 with nothing
// journaled; a settlement exits 0 whichever way it went.
func (c *cli) supervise(args []string) int {
	fs := c.flags("supervise")
	delivered := fs.Bool("delivered", false, "the value reached the customer: the sale stands")
	notDelivered := fs.Bool("not-delivered", false, "nothing reached the customer: the sale is declined")
	note := fs.String("note", "", "what was checked (required), e.g. \"meter shows the credit\"")
	by := fs.String("by", "", "the supervisor's id or `name` (required)")
	asJSON := fs.Bool("json", false, "print the settled sale as JSON")
	// The reference comes first or after the flags (whose values may not
	// start with '-', so splitPositional cannot tell them from it).
	ref, rest := "", args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		ref, rest = args[0], args[1:]
	}
	if ref == "" {
		if err := c.parseFlags(fs, rest); err != nil {
			return exitUsage
		}
		ref, rest = fs.Arg(0), fs.Args()
		if len(rest) > 0 {
			rest = rest[1:]
		}
	}
	if !c.parse(fs, rest, 0) {
		return exitUsage
	}
	switch {
	case ref == "":
		c.tell(c.t("cli.supervise.which"))
		return exitUsage
	case *delivered == *notDelivered:
		c.tell(c.t("cli.supervise.what"))
		return exitUsage
	case strings.TrimSpace(*note) == "":
		c.tell(c.t("cli.supervise.note"))
		return exitUsage
	case strings.TrimSpace(*by) == "":
		c.tell(c.t("cli.supervise.by"))
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
	if !screens.Supervisable(s) {
		c.tell(c.t("cli.supervise.settled", s.Ref, s.State))
		return exitUsage
	}
	if s.State == sale.StatePending && s.PendingID != "" {
		c.tell(c.t("cli.supervise.pending", s.Ref, s.PendingID))
	}
	v := screens.Supervision{Ref: s.Ref, Delivered: *delivered, Note: *note, By: *by}
	if err := c.superviseOverride(t, &v); err != nil { // cashier.go: the supervisor's own PIN
		return c.fail(err)
	}
	s, err = screens.Supervise(t.Engine, v)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		c.printJSON(recordOf(s))
	} else if text, err := receipts.Render(s, t.receiptOptions(0)); err == nil && s.State == sale.StateDelivered {
		fmt.Fprint(c.stdout, text)
	}
	c.tell(c.t("cli.supervise.done", s.Ref, strings.TrimSpace(*by), s.State, strings.TrimSpace(*note)))
	return exitOK
}
