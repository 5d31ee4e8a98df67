package flash

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"till/providers"
	"till/sale"
)

const (
	pathUtilityLookup   = "/aggregation/4.0/prepaid-utilities/lookup"
	pathUtilityPurchase = "/aggregation/4.0/prepaid-utilities/purchase"
)

// ParamFBE is the Order.Params key of an electricity sale asking for Free
// Basic Electricity: "true" or absent.
const ParamFBE = sale.FlashParamFBE

// utilityRequest is §2.8.2's purchase; the §2.8.1 lookup is meterRequest.
type utilityRequest struct {
	Reference     string            `json:"reference"`
	AccountNumber string            `json:"accountNumber"`
	Amount        int64             `json:"amount"`
	MeterNumber   string            `json:"meterNumber"`
	StoreID       string            `json:"storeId,omitempty"`
	TerminalID    string            `json:"terminalId,omitempty"`
	PaymentMethod string            `json:"paymentMethod,omitempty"`
	IsFBE         bool              `json:"isFBE"`
	Metadata      map[string]string `json:"metadata,omitempty"`
}

func (c *Client) sendElectricity(ctx context.Context, s sale.Sale) sale.Outcome {
	f, err := c.commonFields(s)
	if err == nil {
		err = checkTarget(s.Order.Target, sale.TargetMeter, "electricity")
	}
	if err == nil {
		err = CheckMeter(s.Order.Target.Value)
	}
	if err != nil {
		return providers.NotSent("invalid_request", fmt.Sprintf("%s; nothing was sent.", err.Error()))
	}
	meter := s.Order.Target.Value
	req := utilityRequest{
		Reference: f.reference, AccountNumber: f.account, Amount: f.cents, MeterNumber: meter,
		StoreID: f.store, TerminalID: f.terminal, PaymentMethod: f.payment,
		IsFBE: s.Order.Params[ParamFBE] == "true", Metadata: f.metadata,
	}
	return c.purchase(ctx, s, pathUtilityPurchase, req, req.Amount, func(e *envelope) ([]sale.Item, error) {
		return electricityItems(e, meter)
	})
}

// CheckMeter checks a meter number before anything is sent: the document
// allows letters and digits; South African STS meters have 11 to 13
// digits, and the till accepts 6 to 20 characters.
func CheckMeter(s string) error {
	if len(s) < 6 || len(s) > 20 || alnum("", s, true) != nil {
		return fmt.Errorf("meter number %q must be 6 to 20 letters and digits, like 14123456789", providers.CleanMax(s, 24))
	}
	return nil
}

// checkTarget refuses an order whose target is of another kind.
func checkTarget(t sale.Target, want sale.TargetKind, what string) error {
	if t.Kind != want {
		return fmt.Errorf("%s needs a %s, not %q", what, want, string(t.Kind))
	}
	return nil
}

// electricityAnswer is the prepaid utility part of an answer (§3.1.13,
// §3.1.14). Everything but the tokens is informational: it is decoded
// leniently (strings or numbers) so that its shape never costs the
// customer a token.
type electricityAnswer struct {
	BillingInfo  *billingInfo           `json:"billingInfo"`
	Debt         *debtInfo              `json:"debt"`
	FixedCost    oneOrMany[fixedCost]   `json:"fixedCost"`
	KeyChange    *keyChangeData         `json:"keyChangeTokenData"`
	MeterInfo    *meterInfo             `json:"meterInfo"`
	TariffBlocks oneOrMany[tariffBlock] `json:"tariffBlocks"`
	Tokens       oneOrMany[tokenInfo]   `json:"tokens"`
	IsFBE        *flexBool              `json:"isFBE"`
}

type billingInfo struct {
	ArrearValue      providers.FlexString `json:"arrearValue"`
	ArrearDesc       providers.FlexString `json:"arrearDesc"`
	MaximumVendValue providers.FlexString `json:"maximumVendValue"`
	MinimumVendValue providers.FlexString `json:"minimumVendValue"`
	TariffName       providers.FlexString `json:"tariffName"`
}

type debtInfo struct {
	Value             providers.FlexString `json:"value"`
	Description       providers.FlexString `json:"description"`
	Outstanding       providers.FlexString `json:"outstanding"`
	TariffDescription providers.FlexString `json:"tariffDescription"`
	Tax               providers.FlexString `json:"tax"`
	TaxInvoiceNumber  providers.FlexString `json:"taxInvoiceNumber"`
}

type fixedCost struct {
	Value             providers.FlexString `json:"value"`
	Description       providers.FlexString `json:"description"`
	TariffDescription providers.FlexString `json:"tariffDescription"`
	Tax               providers.FlexString `json:"tax"`
}

type keyChangeData struct {
	KeyRevisionNumber providers.FlexString `json:"keyRevisionNumber"`
	SupplyGroupCode   providers.FlexString `json:"supplyGroupCode"`
	TariffIndex       providers.FlexString `json:"tariffIndex"`
}

type meterInfo struct {
	AlgorithmCode     providers.FlexString `json:"algorithmCode"`
	CustomerInfo      *customerInfo        `json:"customerInfo"`
	KeyRevisionNumber providers.FlexString `json:"keyRevisionNumber"`
	MeterNumber       providers.FlexString `json:"meterNumber"`
	SupplyGroupCode   providers.FlexString `json:"supplyGroupCode"`
	TariffIndex       providers.FlexString `json:"tariffIndex"`
	TokenTechnology   providers.FlexString `json:"tokenTechnology"`
	UtilityInfo       *utilityInfo         `json:"utilityInfo"`
}

type customerInfo struct {
	Address providers.FlexString `json:"address"`
	Name    providers.FlexString `json:"name"`
}

type utilityInfo struct {
	Address    providers.FlexString `json:"address"`
	CallCentre providers.FlexString `json:"callCentre"`
	Name       providers.FlexString `json:"name"`
	VATNumber  providers.FlexString `json:"vatNumber"`
}

type tariffBlock struct {
	Amount      providers.FlexString `json:"amount"`
	CostPerUnit providers.FlexString `json:"costPerUnit"`
	Units       providers.FlexString `json:"units"`
}

type tokenInfo struct {
	Value             providers.FlexString `json:"value"`
	TariffDescription providers.FlexString `json:"tariffDescription"`
	TariffName        providers.FlexString `json:"tariffName"`
	Tax               providers.FlexString `json:"tax"`
	Token             providers.FlexString `json:"token"`
	TokenDescription  providers.FlexString `json:"tokenDescription"`
	Type              providers.FlexString `json:"type"`
	Units             *tokenUnits          `json:"units"`
}

type tokenUnits struct {
	Description providers.FlexString `json:"description"`
	Quantity    providers.FlexString `json:"quantity"`
	UnitType    providers.FlexString `json:"unitType"`
}

// Receipt item labels of an electricity sale. Tokens are Secret items in
// the order they must be entered (key change tokens first); the items
// after a token, up to the next token or heading, describe it. A heading
// is an item with a label and no value.
const (
	LabelKeyChangeToken = "Key change token"
	LabelCreditToken    = "Credit token"
	LabelFBEToken       = "Free basic token"
	HeadingMeter        = "METER"
	HeadingUtility      = "UTILITY"
)

// TokenLength is the length of an STS token: 20 digits.
const TokenLength = 20

// GroupToken checks an STS token and writes it in groups of four digits
// ("1234 5678 9012 3456 7890"). Spaces and dashes are ignored; anything
// but exactly 20 digits is refused (the error never repeats the token).
func GroupToken(raw string) (string, error) {
	d := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, raw)
	if d == "" {
		return "", errors.New("a token is blank")
	}
	if len(d) != TokenLength || strings.Trim(d, "0123456789") != "" {
		return "", fmt.Errorf("a token is malformed (%d characters, not %d digits)", len(d), TokenLength)
	}
	return groupsOf4(d), nil
}

// groupsOf4 writes s in groups of four characters separated by spaces.
func groupsOf4(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// tokenClass says what a token is for: "kct" (key change), "fbe" (free
// basic electricity) or "credit".
func tokenClass(t tokenInfo) string {
	s := strings.ToLower(string(t.Type) + " " + string(t.TokenDescription))
	switch {
	case strings.Contains(s, "kct") || strings.Contains(s, "key change") || strings.Contains(s, "keychange"):
		return "kct"
	case strings.Contains(s, "fbe") || strings.Contains(s, "free basic") || strings.Contains(s, "freebasic"):
		return "fbe"
	}
	return "credit"
}

// electricityItems checks the tokens of a delivered answer and lists the
// receipt's details. It fails when a token is missing or malformed, when
// no token is a credit token, or when the answer is about another meter:
// the sale is then in doubt, never delivered with a blank token.
func electricityItems(e *envelope, meter string) ([]sale.Item, error) {
	if mi := e.MeterInfo; mi != nil && strings.TrimSpace(string(mi.MeterNumber)) != "" &&
		strings.TrimSpace(string(mi.MeterNumber)) != meter {
		return nil, errors.New("the answer is about another meter")
	}
	if len(e.Tokens) == 0 {
		return nil, errors.New("sent no token")
	}
	type token struct {
		info    tokenInfo
		grouped string
	}
	var kct, credit, fbe []token
	for _, t := range e.Tokens {
		g, err := GroupToken(string(t.Token))
		if err != nil {
			return nil, err
		}
		switch tokenClass(t) {
		case "kct":
			kct = append(kct, token{t, g})
		case "fbe":
			fbe = append(fbe, token{t, g})
		default:
			credit = append(credit, token{t, g})
		}
	}
	if len(credit) == 0 {
		return nil, errors.New("sent no credit token")
	}
	var items []sale.Item
	add := func(label, value string) { items = appendItem(items, label, value) }
	secret := func(label string, n, of int, t token) {
		if of > 1 || label == LabelKeyChangeToken {
			label = fmt.Sprintf("%s %d", label, n)
		}
		items = append(items, sale.Item{Label: label, Value: t.grouped, Secret: true})
		if t.info.Units != nil {
			if q, ok := decimal(t.info.Units.Quantity); ok && !isZero(q) {
				add("Units", strings.TrimSpace(q+" "+providers.CleanMax(string(t.info.Units.UnitType), 12)))
			}
		}
		if v, ok := cents(t.info.Value); ok && v.Minor > 0 {
			add("Value", v.String())
		}
	}
	for i, t := range kct {
		secret(LabelKeyChangeToken, i+1, len(kct), t)
	}
	for i, t := range credit {
		secret(LabelCreditToken, i+1, len(credit), t)
	}
	for i, t := range fbe {
		secret(LabelFBEToken, i+1, len(fbe), t)
	}
	items = append(items, costItems(e)...)
	items = append(items, meterItems(e, len(kct) > 0)...)
	return appendItem(items, "Transaction date", string(e.TransactionDate)), nil
}

// costItems are the tariff, blocks, fixed costs, debt and VAT of a purchase.
func costItems(e *envelope) []sale.Item {
	var items []sale.Item
	add := func(label, value string) { items = appendItem(items, label, value) }
	var vat int64
	addVAT := func(f providers.FlexString) {
		if v, ok := cents(f); ok && v.Minor > 0 {
			vat += v.Minor
		}
	}
	tariff := ""
	if b := e.BillingInfo; b != nil {
		tariff = string(b.TariffName)
	}
	for _, t := range e.Tokens {
		if tariff == "" {
			tariff = string(t.TariffName)
		}
		addVAT(t.Tax)
	}
	add("Tariff", tariff)
	for i, b := range e.TariffBlocks {
		units, uok := decimal(b.Units)
		cpu, cok := decimal(b.CostPerUnit)
		amount, aok := cents(b.Amount)
		if !uok || !cok || !aok {
			continue
		}
		add(fmt.Sprintf("Block %d", i+1), fmt.Sprintf("%s kWh @ %sc = %s", units, cpu, amount))
	}
	for _, f := range e.FixedCost {
		v, ok := cents(f.Value)
		if !ok {
			continue
		}
		label := providers.CleanMax(string(f.Description), 24)
		if label == "" {
			label = "Fixed cost"
		}
		add(label, v.String())
		addVAT(f.Tax)
	}
	if d := e.Debt; d != nil {
		if v, ok := cents(d.Value); ok && v.Minor > 0 {
			value := v.String()
			if desc := providers.CleanMax(string(d.Description), 40); desc != "" {
				value += " (" + desc + ")"
			}
			add("Debt recovered", value)
			addVAT(d.Tax)
		}
		if v, ok := cents(d.Outstanding); ok {
			add("Debt outstanding", v.String())
		} else {
			add("Debt outstanding", string(d.Outstanding))
		}
		add("Tax invoice", string(d.TaxInvoiceNumber))
	}
	if vat > 0 {
		add("VAT included", sale.New(vat, sale.ZAR).String())
	}
	return items
}

// meterItems are the meter's and the utility's details.
func meterItems(e *envelope, keyChange bool) []sale.Item {
	mi := e.MeterInfo
	if mi == nil {
		return nil
	}
	var items []sale.Item
	add := func(label, value string) { items = appendItem(items, label, value) }
	items = append(items, sale.Item{Label: HeadingMeter})
	add("Meter", string(mi.MeterNumber))
	if ci := mi.CustomerInfo; ci != nil {
		add("Customer", string(ci.Name))
		add("Address", string(ci.Address))
	}
	add("SGC", string(mi.SupplyGroupCode))
	add("KRN", string(mi.KeyRevisionNumber))
	add("TI", string(mi.TariffIndex))
	add("Algorithm", string(mi.AlgorithmCode))
	add("Token technology", string(mi.TokenTechnology))
	if kc := e.KeyChange; kc != nil && keyChange {
		add("New SGC", string(kc.SupplyGroupCode))
		add("New KRN", string(kc.KeyRevisionNumber))
		add("New TI", string(kc.TariffIndex))
	}
	if u := mi.UtilityInfo; u != nil {
		items = append(items, sale.Item{Label: HeadingUtility})
		add("Utility", string(u.Name))
		add("VAT No", string(u.VATNumber))
		add("Call centre", string(u.CallCentre))
		add("Address", string(u.Address))
	}
	return items
}
