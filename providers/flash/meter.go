package flash

import (
	"context"
	"strings"

	"till/providers"
	"till/sale"
)

// MeterQuery is a meter lookup (§2.8.1).
type MeterQuery struct {
	// Meter is the meter number.
	Meter string
	// Amount is required by the lookup: the amount about to be sold, or,
	// when the cashier has not typed it yet, the least the till sells.
	Amount sale.Money
	// FBE asks whether the meter gets Free Basic Electricity.
	FBE bool
	// Params are order params; those prefixed MetadataPrefix are sent as
	// metadata.
	Params map[string]string
}

// meterRequest is §2.8.1's request. It has no storeId or terminalId: the
// document does not list them for a lookup.
type meterRequest struct {
	Reference     string            `json:"reference"`
	AccountNumber string            `json:"accountNumber"`
	Amount        int64             `json:"amount"`
	MeterNumber   string            `json:"meterNumber"`
	IsFBE         bool              `json:"isFBE"`
	Metadata      map[string]string `json:"metadata,omitempty"`
}

// Meter is what a meter lookup says: who the customer is, the utility,
// the tariff, arrears and the amounts the utility accepts. Every string is
// cleaned of control characters.
type Meter struct {
	Number   string
	Customer string
	Address  string

	Utility        string
	UtilityAddress string
	CallCentre     string
	VATNumber      string

	Tariff      string
	Arrears     sale.Money // zero when none
	ArrearsNote string
	// Min and Max are the utility's vend limits; zero when not given.
	Min, Max sale.Money
	// FBE is whether the meter gets Free Basic Electricity.
	FBE bool

	SGC, KRN, TI, Algorithm, TokenTech string

	// Ref is the lookup's own reference (see lookupRef).
	Ref string
}

// LookupMeter asks Flash who a meter belongs to, before anything is sold
// to it. A meter Flash does not know is a *sale.Error with CodeNotFound;
// other declines are CodeInvalid and failures to ask CodeUnavailable.
// Nothing is journaled: a lookup moves no money.
func (c *Client) LookupMeter(ctx context.Context, q MeterQuery) (Meter, error) {
	if err := CheckMeter(q.Meter); err != nil {
		return Meter{}, &sale.Error{Code: sale.CodeInvalid, Message: err.Error()}
	}
	if q.Amount.Currency != sale.ZAR || q.Amount.Minor <= 0 {
		return Meter{}, &sale.Error{Code: sale.CodeInvalid, Message: "a meter lookup needs an amount in rand"}
	}
	md, err := Metadata(q.Params)
	if err != nil {
		return Meter{}, &sale.Error{Code: sale.CodeInvalid, Message: err.Error()}
	}
	ref := c.lookupRef()
	env, err := c.lookup(ctx, pathUtilityLookup, ref, "meter lookup", meterRequest{
		Reference: ref, AccountNumber: c.account, Amount: q.Amount.Minor, MeterNumber: q.Meter, IsFBE: q.FBE, Metadata: md,
	})
	if err != nil {
		return Meter{}, err
	}
	mi := env.MeterInfo
	if mi == nil {
		return Meter{}, &sale.Error{Code: sale.CodeUnavailable, Message: "Flash's meter lookup said nothing about the meter. Nothing was sold; try again."}
	}
	if n := strings.TrimSpace(string(mi.MeterNumber)); n != "" && n != q.Meter {
		return Meter{}, &sale.Error{Code: sale.CodeUnavailable, Message: "Flash's meter lookup answered about another meter. Nothing was sold; try again."}
	}
	cl := func(f providers.FlexString, n int) string { return providers.CleanMax(string(f), n) }
	m := Meter{
		Number: q.Meter, Ref: ref,
		SGC: cl(mi.SupplyGroupCode, 12), KRN: cl(mi.KeyRevisionNumber, 12), TI: cl(mi.TariffIndex, 12),
		Algorithm: cl(mi.AlgorithmCode, 12), TokenTech: cl(mi.TokenTechnology, 12),
	}
	if ci := mi.CustomerInfo; ci != nil {
		m.Customer, m.Address = cl(ci.Name, 60), cl(ci.Address, 120)
	}
	if u := mi.UtilityInfo; u != nil {
		m.Utility, m.UtilityAddress, m.CallCentre, m.VATNumber = cl(u.Name, 60), cl(u.Address, 120), cl(u.CallCentre, 30), cl(u.VATNumber, 20)
	}
	if b := env.BillingInfo; b != nil {
		m.Tariff, m.ArrearsNote = cl(b.TariffName, 60), cl(b.ArrearDesc, 120)
		if v, ok := cents(b.ArrearValue); ok && v.Minor > 0 {
			m.Arrears = v
		}
		if v, ok := cents(b.MinimumVendValue); ok && v.Minor > 0 {
			m.Min = v
		}
		if v, ok := cents(b.MaximumVendValue); ok && v.Minor > 0 {
			m.Max = v
		}
		if m.Max.Minor > 0 && m.Min.Minor > m.Max.Minor {
			m.Min, m.Max = sale.Money{}, sale.Money{}
		}
	}
	if env.IsFBE != nil {
		m.FBE = bool(*env.IsFBE)
	}
	return m, nil
}

// Allows checks an amount against the utility's vend limits.
func (m Meter) Allows(amount sale.Money) error {
	return m.Limits().Allows(amount)
}

// Limits describes what may be sold to the meter as a product: the
// utility's name and its vend limits (zero when it gave none).
func (m Meter) Limits() sale.Product {
	name := m.Utility
	if name == "" {
		name = "meter " + m.Number
	}
	p := sale.Product{Provider: ProviderName, Code: m.Number, Name: name, Kind: sale.KindElectricity,
		Brand: m.Utility, Min: m.Min, Max: m.Max, Active: true}
	if m.FBE {
		p.Details = map[string]string{ParamFBE: "true"}
	}
	return p
}

// Card is what the cashier reads back to the customer before selling: who
// the meter belongs to, the utility, the tariff, arrears, the vend limits
// and FBE, as label/value lines.
func (m Meter) Card() []sale.Item {
	var items []sale.Item
	add := func(label, value string) { items = appendItem(items, label, value) }
	add("Meter", m.Number)
	add("Customer", m.Customer)
	add("Address", m.Address)
	add("Utility", m.Utility)
	add("Tariff", m.Tariff)
	if m.Arrears.Minor > 0 {
		v := m.Arrears.String()
		if m.ArrearsNote != "" {
			v += " — " + m.ArrearsNote
		}
		add("Arrears", v)
	} else {
		add("Arrears", "none")
	}
	switch {
	case m.Min.Minor > 0 && m.Max.Minor > 0:
		add("Vend limits", m.Min.String()+" to "+m.Max.String())
	case m.Min.Minor > 0:
		add("Vend limits", "from "+m.Min.String())
	case m.Max.Minor > 0:
		add("Vend limits", "up to "+m.Max.String())
	}
	if m.FBE {
		add("Free basic", "yes: this meter gets free basic electricity")
	} else {
		add("Free basic", "no")
	}
	add("Meter codes", strings.TrimSpace(strings.Join(nonEmpty("SGC "+m.SGC, "KRN "+m.KRN, "TI "+m.TI), " · ")))
	return items
}

// nonEmpty keeps the "NAME value" parts whose value is not empty.
func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if _, v, _ := strings.Cut(p, " "); v != "" {
			out = append(out, p)
		}
	}
	return out
}

// LookupMeterCard is LookupMeter for callers that only know the sale
// package (the TUI): what may be sold to the meter (Meter.Limits) and what
// the cashier reads back to the customer (Meter.Card).
func (c *Client) LookupMeterCard(ctx context.Context, meter string, amount sale.Money, fbe bool) (sale.Product, []sale.Item, error) {
	m, err := c.LookupMeter(ctx, MeterQuery{Meter: meter, Amount: amount, FBE: fbe})
	if err != nil {
		return sale.Product{}, nil, err
	}
	return m.Limits(), m.Card(), nil
}
