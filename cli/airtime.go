package cli

import (
	"fmt"
	"strings"
	"time"

	"till/sale"
)

// sellAirtime is `till sell airtime --mobile N --amount A [--product CODE]
// [--supervisor ID --reason T] [--json]`: the product of the number's
// network (or the one named), checked against the catalogue's range and
// the limits before anything is journaled, sold once through the engine.
func (c *cli) sellAirtime(args []string) int {
	fs := c.flags("sell airtime")
	mobile := fs.String("mobile", "", "mobile `number` (0821234567, +27 82 123 4567 or 27821234567)")
	amount := fs.String("amount", "", "amount in rand, e.g. 10.00")
	product := fs.String("product", "", "Flash product `code` (default: the network guessed from the number)")
	asJSON := fs.Bool("json", false, "print the sale as JSON instead of the receipt")
	sup, reason := c.overrideFlags(fs) // cashier.go: --supervisor, --reason
	if !c.parse(fs, args, 0) {
		return exitUsage
	}
	// Everything the cashier typed is checked before the journal is opened.
	if *mobile == "" || *amount == "" {
		c.tell(c.t("cli.airtime.required"))
		return exitUsage
	}
	msisdn, err := sale.NormalizeMobileZA(*mobile)
	if err != nil {
		return c.fail(err)
	}
	money, err := sale.ParseMoney(*amount, sale.ZAR)
	if err != nil {
		c.tell(c.t("cli.airtime.amount", c.amountWhy(err)))
		return exitUsage
	}
	t, code := c.open(false)
	if t == nil {
		return code
	}
	defer t.Close()
	if t.Cfg.Flash == nil {
		c.tell(c.t("cli.flash.not_configured", "sell airtime", t.Cfg.Path))
		return exitUsage
	}
	ctx, stop := signalContext()
	defer stop()
	cat, err := t.Engine.Catalogue(ctx, "flash", true)
	if err != nil && len(cat.Products) == 0 {
		return c.fail(err)
	} else if err != nil {
		c.tell(c.t("cli.catalogue.stale", c.said(err), cat.FetchedAt.Format(time.DateTime)))
	}
	p, err := pickAirtime(cat, *product, msisdn)
	if err != nil {
		return c.fail(err)
	}
	if err := p.Allows(money); err != nil {
		return c.fail(err)
	}
	s, err := c.sellAs(ctx, t, sale.Order{
		Provider: "flash", Kind: sale.KindAirtime, Product: p.Code, ProductName: p.Name,
		Target: sale.Target{Kind: sale.TargetMobile, Value: msisdn},
		Amount: money, Tender: sale.Tender{Kind: sale.TenderCash}, Cashier: t.Cashier,
	}, *sup, *reason)
	if err != nil && s.Ref == "" {
		return c.fail(err)
	}
	return c.report(t, s, *asJSON)
}

// pickAirtime chooses the airtime product: by code, or by the network the
// number's prefix belongs to (numbers can be ported, so the cashier can
// always name the product).
func pickAirtime(cat sale.Catalogue, code, msisdn string) (sale.Product, error) {
	var airtime []sale.Product
	for _, p := range cat.Products {
		if p.Kind == sale.KindAirtime && p.Active {
			airtime = append(airtime, p)
		}
	}
	if code != "" {
		if msg := flashNotSold(cat, sale.KindAirtime, code); msg != "" { // flash.go
			return sale.Product{}, refuse(sale.CodeInvalid, "cli.product.not_sold", msg)
		}
		for _, p := range airtime {
			if p.Code == code {
				return p, nil
			}
		}
		return sale.Product{}, refuse(sale.CodeInvalid, "cli.product.unknown", sale.KindAirtime, code, productCodes(airtime))
	}
	if len(airtime) == 0 {
		return sale.Product{}, refuse(sale.CodeInvalid, "cli.product.none", sale.KindAirtime, flashUnmapped(cat))
	}
	if p, _, ok := sale.AirtimeFor(airtime, msisdn); ok { // the TUI's airtime flow proposes the same
		return p, nil
	}
	return sale.Product{}, refuse(sale.CodeInvalid, "cli.airtime.network", msisdn, productCodes(airtime))
}

func productCodes(ps []sale.Product) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = %s", p.Code, p.Name)
	}
	return b.String()
}
