package flash

import (
	"context"
	"encoding/json"

	"till/providers"
	"till/sale"
)

// TokenPath is the token endpoint, relative to the base URL: the only POST
// a check that moves no money (till doctor) may make to Flash.
const TokenPath = pathToken

// CatalogueEntry is one product of the account as Flash describes it,
// before the till decides what (if anything) it sells it as: `till doctor`
// lists them so the operator can check the productType mapping.
type CatalogueEntry struct {
	Code   string
	Name   string // cleaned of control characters
	Brand  string
	Active bool
	// Type is Flash's productType; HasType is false when the lookup sent
	// none or one that is not an integer.
	Type    int64
	HasType bool
	// RawType is the productType as sent (cleaned), for a type that is not
	// an integer.
	RawType  string
	Min, Max sale.Money
}

// CheckToken fetches a fresh access token: the credentials are accepted
// when it succeeds. It moves no money. Errors are *providers.TokenError.
func (c *Client) CheckToken(ctx context.Context) error {
	c.tokens.Invalidate()
	_, err := c.tokens.Token(ctx)
	return err
}

// Catalogue lists every product of the account with its raw productType:
// the product list (§2.2.1), then a lookup of each (§2.2.3). Unlike
// Products it keeps the products the till does not sell. Only GETs.
// Errors are *sale.Error.
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
			out = append(out, CatalogueEntry{Code: providers.CleanMax(code, 20), Name: providers.CleanMax(string(it.ProductName), 80), RawType: "(not a Flash product code)"})
			continue
		}
		var li lookupItem
		err := c.getJSON(ctx, c.productsPath(code), "product "+code, &li)
		if sale.ErrorCode(err) == sale.CodeNotFound {
			continue // withdrawn between the list and the lookup
		}
		if err != nil {
			return nil, err
		}
		e := CatalogueEntry{
			Code:   code,
			Name:   providers.CleanMax(string(li.ProductName), 80),
			Brand:  providers.CleanMax(string(li.VendorName), 40),
			Active: isActive(string(li.Status)) && isActive(string(it.Status)),
		}
		if e.Name == "" {
			e.Name = providers.CleanMax(string(it.ProductName), 80)
		}
		if li.ProductType != nil {
			e.RawType = providers.CleanMax(string(*li.ProductType), 20)
			if t, err := providers.Int64(json.Number(*li.ProductType)); err == nil {
				e.Type, e.HasType = t, true
			}
		}
		e.Min, _ = amount(li.MinimumAmount)
		e.Max, _ = amount(li.MaximumAmount)
		out = append(out, e)
	}
	return out, nil
}
