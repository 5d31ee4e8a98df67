package doctor

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"till/providers"
	"till/providers/flash"
	"till/providers/flowix"
	"till/sale"
)

// FlashAPI is what the Flash check needs of the Flash client.
type FlashAPI interface {
	CheckToken(ctx context.Context) error
	Catalogue(ctx context.Context) ([]flash.CatalogueEntry, error)
}

// Flash checks the API key (a fresh token) and lists the catalogue with
// every product's code, name, type and the kind it maps to.
// The kind each product maps to is the client's own ([flash.product_types]
// or the assumed defaults), so the catalogue the doctor shows is the one the
// till sells from.
type Flash struct {
	Client FlashAPI
}

// Check returns the "flash" and "flash catalogue" lines.
func (f Flash) Check(ctx context.Context) []Check {
	tok := Check{Name: "flash", Area: AreaProvider}
	cat := Check{Name: "flash catalogue", Area: AreaProvider}
	if err := f.Client.CheckToken(ctx); err != nil {
		tok.Status, tok.Detail, tok.Fix = Fail, "no token: "+errText(err), credentialFix(err, "flash", "api_key (or TILL_FLASH_API_KEY): the key Flash issued, as issued")
		cat.Status, cat.Detail = Skip, "not read: Flash gave no token"
		return []Check{tok, cat}
	}
	tok.Status, tok.Detail = OK, "API key accepted: Flash issued a token"
	entries, err := f.Client.Catalogue(ctx)
	if err != nil {
		cat.Status, cat.Detail = Fail, "the product list could not be read: "+errText(err)
		cat.Fix = "check [flash] account_number (the products live under it) and base_url"
		if sale.ErrorCode(err) != sale.CodeNotFound {
			cat.Fix = "check [flash] base_url and account_number, then run till doctor again"
		}
		return []Check{tok, cat}
	}
	sold, unknown := 0, 0
	for _, e := range entries {
		p := Product{Code: e.Code, Name: e.Name, Active: e.Active, Kind: string(e.Kind)}
		if e.HasType {
			t := int64(e.ProductType)
			p.Type = &t
		}
		if e.Product.Min.Minor > 0 {
			p.Min = e.Product.Min.String()
		}
		if e.Product.Max.Minor > 0 {
			p.Max = e.Product.Max.String()
		}
		p.Sold = e.Sold()
		if p.Kind == "" {
			unknown++
		}
		if p.Sold {
			sold++
		}
		cat.Products = append(cat.Products, p)
	}
	cat.Status = OK
	cat.Detail = fmt.Sprintf("%d products, %d sold by this till", len(entries), sold)
	if unknown > 0 {
		cat.Detail += fmt.Sprintf("; %d of a type the till does not map, never sold (map them in [flash.product_types])", unknown)
	}
	cat.Detail += "; check each product's kind below against what Flash says it is"
	return []Check{tok, cat}
}

// FlowixAPI is what the Flowix check needs of the Flowix client.
type FlowixAPI interface {
	Account(ctx context.Context) (flowix.Account, error)
}

// Flowix checks the API key and merchant id by reading the account (its
// balance and status): an authenticated read that moves no money.
type Flowix struct{ Client FlowixAPI }

// Check returns the "flowix" line.
func (f Flowix) Check(ctx context.Context) []Check {
	c := Check{Name: "flowix", Area: AreaProvider}
	a, err := f.Client.Account(ctx)
	if err != nil {
		c.Status, c.Detail = Fail, "the account could not be read: "+errText(err)
		c.Fix = credentialFix(err, "flowix", "api_key and merchant_id (or TILL_FLOWIX_API_KEY, TILL_FLOWIX_MERCHANT_ID)")
		return []Check{c}
	}
	c.Status = OK
	c.Detail = fmt.Sprintf("credentials accepted: account %s, balance %s", orDash(a.Username), a.Balance.String())
	if a.Status != "" {
		c.Detail += ", status " + a.Status
	}
	if a.KYC != "" {
		c.Detail += ", KYC " + a.KYC
	}
	if a.Status != "" && !strings.EqualFold(a.Status, "active") {
		c.Status = Fail
		c.Fix = "Flowix says the account is not active: ask Flowix to activate it before selling"
	}
	if c.Status == OK && a.Balance.Minor == 0 {
		c.Detail += " (top up the balance before selling)"
	}
	return []Check{c}
}

// TokenAPI is a client whose credentials are checked by fetching a token.
type TokenAPI interface {
	CheckToken(ctx context.Context) error
}

// Token checks a provider's credentials by fetching a fresh token (1Flow).
type Token struct {
	Name    string // "oneflow"
	Display string // "1Flow"
	Keys    string // the config keys the fix names
	Client  TokenAPI
}

// Check returns the provider's line.
func (t Token) Check(ctx context.Context) []Check {
	c := Check{Name: t.Name, Area: AreaProvider}
	if err := t.Client.CheckToken(ctx); err != nil {
		c.Status, c.Detail, c.Fix = Fail, "no token: "+errText(err), credentialFix(err, t.Name, t.Keys)
		return c.slice()
	}
	c.Status, c.Detail = OK, "credentials accepted: "+t.Display+" issued a token"
	return c.slice()
}

func (c Check) slice() []Check { return []Check{c} }

// Unchecked is a provider whose API offers no way to check credentials
// without a charge: SKIP with the reason.
type Unchecked struct {
	Name   string
	Reason string
}

// Check returns the provider's SKIP line.
func (u Unchecked) Check(context.Context) []Check {
	return []Check{{Name: u.Name, Area: AreaProvider, Status: Skip, Detail: "not checkable without a charge: " + u.Reason}}
}

// errText is an error as a person reads it, cleaned of control characters.
func errText(err error) string {
	var refused *ErrRefused
	if errors.As(err, &refused) {
		return refused.Error()
	}
	var se *sale.Error
	if errors.As(err, &se) {
		return providers.CleanMax(sale.ErrorMessage(err), 300)
	}
	return providers.CleanMax(err.Error(), 300)
}

// credentialFix says what to do about a failed credentials check: a
// refusal (401/403) is the credentials, anything else the address or the
// network.
func credentialFix(err error, table, keys string) string {
	if refusedCredentials(err) {
		return fmt.Sprintf("the provider refused the credentials: set [%s] %s to what it issued for this account", table, keys)
	}
	var te *providers.TransportError
	if errors.As(err, &te) || strings.Contains(err.Error(), "did not answer") || strings.Contains(err.Error(), "could not be reached") {
		return fmt.Sprintf("the provider could not be reached: check [%s] base_url, the network and any firewall", table)
	}
	return fmt.Sprintf("check [%s] base_url and %s; the provider's answer is above", table, keys)
}

func refusedCredentials(err error) bool {
	var tok *providers.TokenError
	if errors.As(err, &tok) && (tok.Status == http.StatusUnauthorized || tok.Status == http.StatusForbidden) {
		return true
	}
	var fx *flowix.APIError
	if errors.As(err, &fx) && (fx.Status == http.StatusUnauthorized || fx.Status == http.StatusForbidden) {
		return true
	}
	return strings.Contains(err.Error(), "refused the till's credentials")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// checkPrinter is the printer line.
func checkPrinter(ctx context.Context, p Printer) Check {
	c := Check{Name: "printer", Area: AreaPrinter}
	if p == nil {
		c.Status, c.Detail = Skip, "no [printer] table: receipts are shown on screen"
		return c
	}
	if err := p.Probe(ctx); err != nil {
		c.Status, c.Detail = Fail, errText(err)
		c.Fix = "do what the message says, or correct [printer] device, tcp or file (where the till looks for the printer)"
		return c
	}
	c.Status, c.Detail = OK, p.String()+" reachable (nothing printed)"
	return c
}

// Printer is the configured printer (printer.Printer).
type Printer interface {
	Probe(ctx context.Context) error
	String() string
}
