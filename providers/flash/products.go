package flash

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"till/providers"
	"till/sale"
)

// ProductType is Flash's productType of a product lookup (§3.1.2).
//
// The document shows the field (an integer) but not its values: the values
// below are OUR ASSUMPTION, shared with the sandbox. The till keys a
// product's Kind on it through productKinds; add a row there when Flash's
// real values are known or when a new kind can be sold.
type ProductType int64

// Product types (assumed; see ProductType).
const (
	ProductTypeCellularPinless ProductType = 1
	ProductTypeGiftVoucher     ProductType = 2
	ProductTypeCashOut         ProductType = 3
	ProductTypeEezi            ProductType = 4
	ProductTypeElectricity     ProductType = 5
	ProductTypeWater           ProductType = 6
	ProductType1Voucher        ProductType = 7
)

// productKinds is the one table from a Flash productType to what the till
// sells. Products whose kind Send does not handle yet (see Sells) are left
// out of the catalogue.
var productKinds = map[ProductType]sale.Kind{
	ProductTypeCellularPinless: sale.KindAirtime,
	ProductTypeGiftVoucher:     sale.KindGiftVoucher,
	ProductTypeCashOut:         sale.KindCashOut,
	ProductTypeEezi:            sale.KindEezi,
	ProductTypeElectricity:     sale.KindElectricity,
	ProductTypeWater:           sale.KindWater,
	ProductType1Voucher:        sale.KindVoucher,
}

// KindOf returns the sale kind of a Flash productType.
func KindOf(t ProductType) (sale.Kind, bool) {
	k, ok := productKinds[t]
	return k, ok
}

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

// Products lists the account's products that the till can sell: the list
// (§2.2.1), then a lookup of each (§2.2.3), since only the lookup carries
// productType, vendor and terms. Inactive products are included with
// Active false. Errors are *sale.Error (CodeUnavailable).
func (c *Client) Products(ctx context.Context) ([]sale.Product, error) {
	var list []listItem
	if err := c.getJSON(ctx, c.productsPath(""), "product list", &list); err != nil {
		return nil, err
	}
	out := []sale.Product{}
	for _, it := range list {
		if it.ProductCode == nil {
			continue
		}
		code := string(*it.ProductCode)
		if _, err := productCode(code); err != nil {
			continue
		}
		p, err := c.Product(ctx, code)
		if sale.ErrorCode(err) == sale.CodeNotFound {
			continue // withdrawn between the list and the lookup
		}
		if err != nil {
			return nil, err
		}
		if !Sells(p.Kind) {
			continue
		}
		p.Active = p.Active && isActive(string(it.Status))
		out = append(out, p)
	}
	return out, nil
}

// Product looks up one product. Its Kind is empty when Flash's productType
// is not in the till's table. Errors are *sale.Error: CodeNotFound for an
// unknown product, CodeUnavailable otherwise.
func (c *Client) Product(ctx context.Context, code string) (sale.Product, error) {
	if _, err := productCode(code); err != nil {
		return sale.Product{}, &sale.Error{Code: sale.CodeInvalid, Message: err.Error()}
	}
	var it lookupItem
	if err := c.getJSON(ctx, c.productsPath(code), "product "+code, &it); err != nil {
		return sale.Product{}, err
	}
	bad := func(why string) error {
		return &sale.Error{Code: sale.CodeUnavailable, Message: fmt.Sprintf("Flash product %s: %s", code, why)}
	}
	if it.ProductCode == nil || string(*it.ProductCode) != code {
		return sale.Product{}, bad("the answer is about another product")
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
	if it.ProductType != nil {
		if t, err := providers.Int64(json.Number(*it.ProductType)); err == nil {
			p.Kind, _ = KindOf(ProductType(t))
		}
	}
	var err error
	if p.Min, err = amount(it.MinimumAmount); err != nil {
		return sale.Product{}, bad("unreadable minimum amount")
	}
	if p.Max, err = amount(it.MaximumAmount); err != nil {
		return sale.Product{}, bad("unreadable maximum amount")
	}
	if p.Max.Minor > 0 && p.Min.Minor > p.Max.Minor {
		return sale.Product{}, bad("minimum above maximum")
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
	return p, nil
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

// isActive reads a product status: the list sends a word ("Active"), the
// lookup a number (1 active, 0 not; our assumption, shared with the sandbox).
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
			return fail(sale.CodeUnavailable, "Flash could not be reached ("+string(te.Kind)+")")
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
