package flash

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"

	"till/providers"
	"till/sale"
)

// listItem is one entry of the product list (§3.1.1).
type listItem struct {
	ProductCode *providers.FlexString `json:"productCode"`
	ProductName providers.FlexString  `json:"productName"`
	Status      providers.FlexString  `json:"status"`
}

// lookupItem is a product lookup (§3.1.2).
type lookupItem struct {
	ProductCode            *providers.FlexString `json:"productCode"`
	ProductName            providers.FlexString  `json:"productName"`
	MinimumAmount          *json.Number          `json:"minimumAmount"`
	MaximumAmount          *json.Number          `json:"maximumAmount"`
	Status                 providers.FlexString  `json:"status"`
	SupplierName           providers.FlexString  `json:"supplierName"`
	VendorName             providers.FlexString  `json:"vendorName"`
	ProductType            *providers.FlexString `json:"productType"`
	RedemptionInstructions providers.FlexString  `json:"redemptionInstructions"`
	TermsAndConditions     providers.FlexString  `json:"termsAndConditions"`
}

// DetailUnmapped is the Product.Details key of a catalogue product whose
// productType the till does not map to a kind: "unknown type N". Such a
// product has no Kind, is never Active and is never sold; it is listed so
// the cashier and `till doctor` can see it.
const DetailUnmapped = sale.FlashDetailUnmapped

// productTypeSeen is the productType Flash gave a product code.
type productTypeSeen struct {
	typ ProductType
	has bool
}

// CatalogueEntry is one product of the account with what the till makes
// of its productType.
type CatalogueEntry struct {
	Code   string
	Name   string
	Active bool
	// ProductType is Flash's productType; HasType is false when the
	// lookup carried none (or an unreadable one).
	ProductType ProductType
	HasType     bool
	// Kind is what ProductType maps to ([flash.product_types] or the
	// assumed defaults); empty when it is not mapped.
	Kind sale.Kind
	// Product is the product as the till would sell it.
	Product sale.Product
}

// Maps says what the entry's productType maps to: the kind, "unknown
// type N", or "no productType".
func (e CatalogueEntry) Maps() string {
	switch {
	case !e.HasType:
		return "no productType"
	case e.Kind == "":
		return fmt.Sprintf("unknown type %d", e.ProductType)
	}
	return string(e.Kind)
}

// Sold reports whether the till sells the entry: its type maps to a kind
// Send handles, and Flash lists it active.
func (e CatalogueEntry) Sold() bool { return e.Kind != "" && Sells(e.Kind) && e.Active }

// Catalogue lists every product of the account, mapped or not: the list
// (§2.2.1), then a lookup of each (§2.2.3), since only the lookup carries
// productType. Nothing is bought. `till doctor` prints it; Products is
// built from it. Errors are *sale.Error (CodeUnavailable).
func (c *Client) Catalogue(ctx context.Context) ([]CatalogueEntry, error) {
	var list []listItem
	if err := c.getJSON(ctx, c.productsPath(""), "product list", &list); err != nil {
		return nil, err
	}
	out := []CatalogueEntry{}
	for _, it := range list {
		if it.ProductCode == nil {
			continue
		}
		code := string(*it.ProductCode)
		if _, err := productCode(code); err != nil {
			continue
		}
		e, err := c.lookupProduct(ctx, code)
		if sale.ErrorCode(err) == sale.CodeNotFound {
			continue // withdrawn between the list and the lookup
		}
		if err != nil {
			return nil, err
		}
		e.Active = e.Active && isActive(string(it.Status))
		e.Product.Active = e.Product.Active && e.Active
		out = append(out, e)
	}
	return out, nil
}

// Products lists the account's products for the till's catalogue: those
// of a kind the till sells through Flash, and those whose productType is
// not mapped, without a Kind, never Active, their Details[DetailUnmapped]
// saying "unknown type N" (so they are shown and never sold). Inactive
// products are included with Active false.
func (c *Client) Products(ctx context.Context) ([]sale.Product, error) {
	entries, err := c.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	out := []sale.Product{}
	for _, e := range entries {
		switch {
		case e.Kind == "":
			p := e.Product
			p.Active = false
			p.Details = maps.Clone(p.Details)
			if p.Details == nil {
				p.Details = map[string]string{}
			}
			p.Details[DetailUnmapped] = e.Maps()
			out = append(out, p)
		case Sells(e.Kind):
			out = append(out, e.Product)
		}
	}
	return out, nil
}

// Product looks up one product. Its Kind is empty when Flash's productType
// is not mapped. Errors are *sale.Error: CodeNotFound for an unknown
// product, CodeUnavailable otherwise.
func (c *Client) Product(ctx context.Context, code string) (sale.Product, error) {
	e, err := c.lookupProduct(ctx, code)
	return e.Product, err
}

// KindOf returns what productType t maps to in the client's table.
func (c *Client) KindOf(t ProductType) (sale.Kind, bool) {
	k, ok := c.kinds[t]
	return k, ok
}

// Declines reports whether code is a definitive decline for this client.
func (c *Client) Declines(code Code) bool { return c.declined[code] }

func (c *Client) lookupProduct(ctx context.Context, code string) (CatalogueEntry, error) {
	if _, err := productCode(code); err != nil {
		return CatalogueEntry{}, &sale.Error{Code: sale.CodeInvalid, Message: err.Error()}
	}
	var it lookupItem
	if err := c.getJSON(ctx, c.productsPath(code), fmt.Sprintf("product %s", code), &it); err != nil {
		return CatalogueEntry{}, err
	}
	bad := func(why string) error {
		return &sale.Error{Code: sale.CodeUnavailable, Message: fmt.Sprintf("Flash product %s: %s", code, why)}
	}
	if it.ProductCode == nil || string(*it.ProductCode) != code {
		return CatalogueEntry{}, bad("the answer is about another product")
	}
	p := sale.Product{
		Provider: ProviderName,
		Code:     code,
		Name:     providers.CleanMax(string(it.ProductName), 80),
		Brand:    providers.CleanMax(string(it.VendorName), 40),
		Active:   isActive(string(it.Status)),
	}
	if p.Brand == "" {
		p.Brand = providers.CleanMax(string(it.SupplierName), 40)
	}
	e := CatalogueEntry{Code: code, Name: p.Name, Active: p.Active}
	if it.ProductType != nil {
		if t, err := providers.Int64(json.Number(*it.ProductType)); err == nil {
			e.ProductType, e.HasType = ProductType(t), true
			e.Kind, _ = c.KindOf(e.ProductType)
		}
	}
	p.Kind = e.Kind
	c.typeMu.Lock()
	c.types[code] = productTypeSeen{typ: e.ProductType, has: e.HasType}
	c.typeMu.Unlock()
	var err error
	if p.Min, err = amount(it.MinimumAmount); err != nil {
		return CatalogueEntry{}, bad("unreadable minimum amount")
	}
	if p.Max, err = amount(it.MaximumAmount); err != nil {
		return CatalogueEntry{}, bad("unreadable maximum amount")
	}
	if p.Max.Minor > 0 && p.Min.Minor > p.Max.Minor {
		return CatalogueEntry{}, bad("minimum above maximum")
	}
	details := map[string]string{}
	if v := providers.CleanMax(string(it.RedemptionInstructions), 1000); v != "" {
		details["redemptionInstructions"] = v
	}
	if v := providers.CleanMax(string(it.TermsAndConditions), 2000); v != "" {
		details["termsAndConditions"] = v
	}
	if len(details) > 0 {
		p.Details = details
	}
	e.Product = p
	return e, nil
}

// checkKind refuses, before anything is sent, a first attempt at selling a
// product whose productType does not map to the order's kind: unmapped,
// or another kind's product through this kind's endpoint. The type is the
// one Flash gave when the catalogue was last read, or a lookup now (no
// money moves). A resend is not checked: its first attempt was sent, and
// only the identical request can learn what became of it.
func (c *Client) checkKind(ctx context.Context, s sale.Sale) (sale.Outcome, bool) {
	if s.Attempts > 1 || !NeedsProductCode(s.Order.Kind) {
		return sale.Outcome{}, true
	}
	want := s.Order.Kind
	if want == sale.KindCashOutCancel {
		want = sale.KindCashOut
	}
	code := s.Order.Product
	c.typeMu.Lock()
	seen, ok := c.types[code]
	c.typeMu.Unlock()
	if !ok {
		if _, err := c.lookupProduct(ctx, code); err != nil {
			return providers.NotSent("product_type", fmt.Sprintf(
				"The till could not confirm what Flash product %s is (%s); nothing was sent.",
				providers.CleanMax(code, 20), sale.ErrorMessage(err))), false
		}
		c.typeMu.Lock()
		seen = c.types[code]
		c.typeMu.Unlock()
	}
	e := CatalogueEntry{ProductType: seen.typ, HasType: seen.has}
	e.Kind, _ = c.KindOf(seen.typ)
	if !seen.has {
		e.Kind = ""
	}
	switch {
	case e.Kind == "":
		return providers.NotSent("unmapped_product", fmt.Sprintf(
			"Flash product %s is of %s, which [flash.product_types] does not map to what the till sells; nothing was sent.",
			code, e.Maps())), false
	case e.Kind != want:
		return providers.NotSent("wrong_kind", fmt.Sprintf(
			"Flash product %s is %s (productType %d), not %s; nothing was sent.", code, e.Kind, seen.typ, want)), false
	}
	return sale.Outcome{}, true
}

func amount(n *json.Number) (sale.Money, error) {
	if n == nil {
		return sale.New(0, sale.ZAR), nil
	}
	m, err := providers.MoneyFromMinor(*n, sale.ZAR)
	if err == nil && m.Minor < 0 {
		err = errors.New("negative")
	}
	return m, err
}

// isActive reads a product status. documented: §3.1.1 shows the list's
// status as a string, §3.1.2 the lookup's as a number. assumed: the words
// and numbers that mean active ("Active", 1); anything else is inactive,
// so an unknown status never sells.
func isActive(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "active", "1", "true", "enabled":
		return true
	}
	return false
}

func (c *Client) productsPath(code string) string {
	p := "/aggregation/4.0/accounts/" + url.PathEscape(c.account) + "/products"
	if code != "" {
		p += "/" + url.PathEscape(code)
	}
	return p
}

// getJSON GETs path with a bearer token and decodes a 200 answer into v.
func (c *Client) getJSON(ctx context.Context, path, what string, v any) error {
	h := http.Header{}
	h.Set("Accept", "application/json")
	resp, err := c.http.DoWithToken(ctx, c.tokens, providers.Request{Method: http.MethodGet, URL: c.base + path, Header: h}, providers.Bearer)
	fail := func(code, why string) error {
		return &sale.Error{Code: code, Message: fmt.Sprintf("Flash %s: %s", what, why)}
	}
	switch {
	case err != nil:
		if te, ok := errors.AsType[*providers.TokenError](err); ok {
			return fail(sale.CodeUnavailable, te.Error())
		}
		if te, ok := errors.AsType[*providers.TransportError](err); ok {
			return fail(sale.CodeUnavailable, fmt.Sprintf("Flash could not be reached (%s)", te.Kind))
		}
		return fail(sale.CodeUnavailable, "Flash could not be reached")
	case resp.Status == http.StatusNotFound:
		return fail(sale.CodeNotFound, "not found")
	case resp.Status == http.StatusUnauthorized:
		return fail(sale.CodeUnavailable, "Flash refused the till's credentials")
	case resp.Status != http.StatusOK:
		return fail(sale.CodeUnavailable, fmt.Sprintf("Flash answered HTTP %d", resp.Status))
	}
	if err := providers.DecodeJSON(resp.Body, v); err != nil {
		return fail(sale.CodeUnavailable, "Flash's answer could not be read")
	}
	return nil
}
