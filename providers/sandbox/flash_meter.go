package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// flashMeter is a prepaid electricity meter the simulator knows.
type flashMeter struct {
	Number, Customer, Address                string
	Utility, UtilityAddress, CallCentre, VAT string
	Tariff                                   string
	Min, Max                                 int64 // vend limits, cents
	SGC, KRN, TI, AT, TT                     string
	// NewSGC, NewKRN and NewTI are set when the utility has moved the
	// meter to a new key: every purchase then carries two key change
	// tokens before the credit token (the simulator never updates the
	// meter, so the demo can be repeated).
	NewSGC, NewKRN, NewTI string
	// Arrears is what the customer owes when the sandbox starts; each
	// purchase recovers RecoverPct of its amount until it is paid.
	Arrears     int64
	ArrearsDesc string
	RecoverPct  int64
	// FBE meters get FBEUnits of free basic electricity once a month,
	// with a purchase that asks for it.
	FBE      bool
	FBEUnits int64 // tenths of a kWh
	Fixed    []flashFixed
	Blocks   []flashBlock
	// Refuse is the code every lookup and purchase gets (a blocked meter).
	Refuse flashCode
	// LoseToken blanks the credit token of the first answer to each
	// purchase (a garbled answer): the till must hold the sale in doubt,
	// and the resend gets the stored, complete answer.
	LoseToken bool
}

// flashFixed is a fixed cost taken from every purchase.
type flashFixed struct {
	Desc  string
	Value int64 // cents, VAT included
}

// flashBlock is a step of an inclining block tariff: up to Upto tenths of
// a kWh (0 for no limit) at Rate hundredths of a cent per kWh.
type flashBlock struct {
	Upto int64
	Rate int64
}

// Demo meters (docs/SANDBOX.md).
const (
	MeterCityPower  = "14123456789" // City Power: one credit token, fixed costs, two tariff blocks
	MeterKeyChange  = "04004400440" // Eskom: key change pending, three tokens
	MeterArrears    = "01987654321" // Stellenbosch: arrears, 25% of each purchase recovered
	MeterFBE        = "07123456780" // Cape Town: free basic electricity once a month
	MeterUnknown    = "09999999999" // not found at lookup
	MeterBlocked    = "05555555555" // blocked by the utility
	MeterLostToken  = "06000000006" // the first answer's token is blank
	flashTokenRate  = 15            // VAT percent
	flashVATDivisor = 100 + flashTokenRate
)

var residential = []flashBlock{{Upto: 500, Rate: 24567}, {Upto: 0, Rate: 31240}}

var flashMeters = map[string]flashMeter{
	MeterCityPower: {Number: MeterCityPower, Customer: "T. MOKOENA", Address: "12 Vilakazi St, Orlando West, Soweto 1804",
		Utility: "City Power Johannesburg", UtilityAddress: "40 Heronmere Rd, Reuven, Johannesburg", CallCentre: "0860 562 874",
		VAT: "4710102556", Tariff: "Residential Prepaid Block", Min: 1000, Max: 300000,
		SGC: "600417", KRN: "1", TI: "01", AT: "07", TT: "02",
		Fixed:  []flashFixed{{Desc: "Service charge", Value: 500}, {Desc: "Network charge", Value: 850}},
		Blocks: residential},
	MeterKeyChange: {Number: MeterKeyChange, Customer: "N. DLAMINI", Address: "Plot 44, KwaMhlanga 1022",
		Utility: "Eskom Direct", UtilityAddress: "Megawatt Park, Sunninghill, Sandton", CallCentre: "08600 37566",
		VAT: "4740101508", Tariff: "Homelight 20A", Min: 500, Max: 500000,
		SGC: "123456", KRN: "1", TI: "07", AT: "07", TT: "02", NewSGC: "123457", NewKRN: "2", NewTI: "07",
		Blocks: []flashBlock{{Upto: 0, Rate: 21098}}},
	MeterArrears: {Number: MeterArrears, Customer: "J. VAN DER MERWE", Address: "8 Kerk St, Stellenbosch 7600",
		Utility: "Stellenbosch Municipality", UtilityAddress: "Plein St, Stellenbosch", CallCentre: "021 808 8111",
		VAT: "4700102181", Tariff: "Domestic Prepaid", Min: 2000, Max: 200000,
		SGC: "201833", KRN: "1", TI: "02", AT: "07", TT: "02",
		Arrears: 35000, ArrearsDesc: "Municipal arrears: 25% of each purchase is recovered", RecoverPct: 25,
		Blocks: residential},
	MeterFBE: {Number: MeterFBE, Customer: "S. NDLOVU", Address: "House 1123, Site C, Khayelitsha 7784",
		Utility: "City of Cape Town", UtilityAddress: "12 Hertzog Blvd, Cape Town", CallCentre: "0860 103 089",
		VAT: "4500193497", Tariff: "Lifeline", Min: 500, Max: 100000,
		SGC: "100521", KRN: "1", TI: "03", AT: "07", TT: "02", FBE: true, FBEUnits: 600,
		Blocks: []flashBlock{{Upto: 0, Rate: 17830}}},
	MeterBlocked: {Number: MeterBlocked, Refuse: fcMeterBlocked},
	MeterLostToken: {Number: MeterLostToken, Customer: "P. NAIDOO", Address: "3 Lotus Rd, Chatsworth, Durban 4092",
		Utility: "eThekwini Electricity", UtilityAddress: "1 Jelf Taylor Cres, Durban", CallCentre: "080 131 3013",
		VAT: "4180101010", Tariff: "Residential Prepaid", Min: 1000, Max: 200000,
		SGC: "400112", KRN: "1", TI: "01", AT: "07", TT: "02", LoseToken: true,
		Blocks: residential},
}

// flashUtilityAns is the prepaid utility part of an answer (§3.1.13–14).
type flashUtilityAns struct {
	BillingInfo  *flashBilling   `json:"billingInfo,omitempty"`
	Debt         *flashDebt      `json:"debt,omitempty"`
	FixedCost    []flashFixedAns `json:"fixedCost,omitempty"`
	KeyChange    *flashKeyChange `json:"keyChangeTokenData,omitempty"`
	MeterInfo    *flashMeterInfo `json:"meterInfo,omitempty"`
	TariffBlocks []flashBlockAns `json:"tariffBlocks,omitempty"`
	Tokens       []flashTokenAns `json:"tokens,omitempty"`
	IsFBE        *bool           `json:"isFBE,omitempty"`
}

type flashBilling struct {
	ArrearValue      int64  `json:"arrearValue"`
	ArrearDesc       string `json:"arrearDesc"`
	MaximumVendValue int64  `json:"maximumVendValue"`
	MinimumVendValue int64  `json:"minimumVendValue"`
	TariffName       string `json:"tariffName"`
}

type flashDebt struct {
	Value             int64  `json:"value"`
	Description       string `json:"description"`
	Outstanding       string `json:"outstanding"`
	TariffDescription string `json:"tariffDescription"`
	Tax               int64  `json:"tax"`
	TaxInvoiceNumber  string `json:"taxInvoiceNumber"`
}

type flashFixedAns struct {
	Value             int64  `json:"value"`
	Description       string `json:"description"`
	TariffDescription string `json:"tariffDescription"`
	Tax               int64  `json:"tax"`
}

// flashKeyChange is sent with numbers, as the document's example shows.
type flashKeyChange struct {
	KeyRevisionNumber int64 `json:"keyRevisionNumber"`
	SupplyGroupCode   int64 `json:"supplyGroupCode"`
	TariffIndex       int64 `json:"tariffIndex"`
}

type flashMeterInfo struct {
	AlgorithmCode     string        `json:"algorithmCode"`
	CustomerInfo      flashCustomer `json:"customerInfo"`
	KeyRevisionNumber string        `json:"keyRevisionNumber"`
	MeterNumber       string        `json:"meterNumber"`
	SupplyGroupCode   string        `json:"supplyGroupCode"`
	TariffIndex       string        `json:"tariffIndex"`
	TokenTechnology   string        `json:"tokenTechnology"`
	UtilityInfo       flashUtility  `json:"utilityInfo"`
}

type flashCustomer struct {
	Address string `json:"address"`
	Name    string `json:"name"`
}

type flashUtility struct {
	Address    string `json:"address"`
	CallCentre string `json:"callCentre"`
	Name       string `json:"name"`
	VATNumber  string `json:"vatNumber"`
}

type flashBlockAns struct {
	Amount      int64       `json:"amount"`
	CostPerUnit json.Number `json:"costPerUnit"`
	Units       json.Number `json:"units"`
}

type flashTokenAns struct {
	Value             int64          `json:"value"`
	TariffDescription string         `json:"tariffDescription"`
	TariffName        string         `json:"tariffName"`
	Tax               int64          `json:"tax"`
	Token             string         `json:"token"`
	TokenDescription  string         `json:"tokenDescription"`
	Type              string         `json:"type"`
	Units             flashTokenUnit `json:"units"`
}

type flashTokenUnit struct {
	Description string      `json:"description"`
	Quantity    json.Number `json:"quantity"`
	UnitType    string      `json:"unitType"`
}

// info is the meter as a lookup and a purchase describe it.
func (m flashMeter) info() *flashMeterInfo {
	return &flashMeterInfo{AlgorithmCode: m.AT, KeyRevisionNumber: m.KRN, MeterNumber: m.Number,
		SupplyGroupCode: m.SGC, TariffIndex: m.TI, TokenTechnology: m.TT,
		CustomerInfo: flashCustomer{Address: m.Address, Name: m.Customer},
		UtilityInfo:  flashUtility{Address: m.UtilityAddress, CallCentre: m.CallCentre, Name: m.Utility, VATNumber: m.VAT}}
}

// meterOf reads meterNumber and finds the meter: 1023 for a malformed
// number, 1020 for an unknown one, the meter's own refusal if any.
func meterOf(fields map[string]json.RawMessage) (flashMeter, flashCode) {
	n, ok := jsonString(fields["meterNumber"])
	if !ok || !alnum(n) || len(n) > 20 {
		return flashMeter{}, fcInvalidMeter
	}
	m, ok := flashMeters[n]
	switch {
	case !ok:
		return flashMeter{}, fcMeterNotFound
	case m.Refuse != 0:
		return m, m.Refuse
	}
	return m, fcSuccess
}

// isFBE reads the optional isFBE: a JSON boolean.
func isFBE(fields map[string]json.RawMessage) (bool, bool) {
	raw, present := fields["isFBE"]
	if !present {
		return false, true
	}
	var b bool
	if json.Unmarshal(raw, &b) != nil {
		return false, false
	}
	return b, true
}

// answerMeterLookup is §2.8.1, from the current state.
func (f *flashSim) answerMeterLookup(ref string, fields map[string]json.RawMessage, now time.Time) (int, flashAnswer) {
	op, code := validateCommon(fields, true)
	if code != fcSuccess {
		return http.StatusBadRequest, f.decline(code, ref, op.account)
	}
	if _, ok := isFBE(fields); !ok {
		return http.StatusBadRequest, f.decline(fcInvalidRequest, ref, op.account)
	}
	m, code := meterOf(fields)
	if code != fcSuccess {
		return http.StatusOK, f.decline(code, ref, op.account)
	}
	fbe := m.FBE
	return http.StatusOK, flashAnswer{ResponseCode: 0, ResponseMessage: "Success", AccountNumber: op.account, Reference: ref,
		Amount: op.amount, TransactionDate: now.In(sast).Format("2006-01-02T15:04:05-07:00"), Metadata: op.metadata,
		flashUtilityAns: &flashUtilityAns{BillingInfo: f.billing(m), MeterInfo: m.info(), IsFBE: &fbe}}
}

func (f *flashSim) billing(m flashMeter) *flashBilling {
	b := &flashBilling{MaximumVendValue: m.Max, MinimumVendValue: m.Min, TariffName: m.Tariff}
	if owed := f.owed(m); owed > 0 {
		b.ArrearValue, b.ArrearDesc = owed, m.ArrearsDesc
	}
	return b
}

// owed is what the meter's customer still owes the utility.
func (f *flashSim) owed(m flashMeter) int64 {
	if v, ok := f.arrears[m.Number]; ok {
		return v
	}
	return m.Arrears
}

// validateElectricity checks a prepaid utility purchase (§2.8.2) and
// works out its tokens: fixed costs and recovered debt come off the
// amount first, the rest buys units through the tariff blocks.
func (f *flashSim) validateElectricity(fields map[string]json.RawMessage) (flashOp, flashCode) {
	op, code := validateCommon(fields, true)
	if code != fcSuccess {
		return op, code
	}
	if code := checkPayment(fields, true); code != fcSuccess {
		return op, code
	}
	fbe, ok := isFBE(fields)
	if !ok {
		return op, fcInvalidRequest
	}
	m, code := meterOf(fields)
	if code != fcSuccess {
		return op, code
	}
	if fbe && !m.FBE {
		return op, fcFBENotEligible
	}
	if op.amount < m.Min || (m.Max > 0 && op.amount > m.Max) {
		return op, fcAmountOutOfRange
	}
	op.apply = func(txn int64, now time.Time) (flashAnswer, flashCode) {
		return f.vend(m, op.amount, fbe, txn, now)
	}
	if m.LoseToken {
		op.first = func(a flashAnswer) flashAnswer {
			u := *a.flashUtilityAns
			u.Tokens = append([]flashTokenAns(nil), u.Tokens...)
			u.Tokens[len(u.Tokens)-1].Token = ""
			a.flashUtilityAns = &u
			return a
		}
	}
	return op, fcSuccess
}

// vend applies a purchase of amount cents to meter m.
func (f *flashSim) vend(m flashMeter, amount int64, fbe bool, txn int64, now time.Time) (flashAnswer, flashCode) {
	vat := func(v int64) int64 { return (v*flashTokenRate + flashVATDivisor/2) / flashVATDivisor }
	u := &flashUtilityAns{BillingInfo: f.billing(m), MeterInfo: m.info()}
	rest := amount
	for _, fc := range m.Fixed {
		u.FixedCost = append(u.FixedCost, flashFixedAns{Value: fc.Value, Description: fc.Desc, TariffDescription: m.Tariff, Tax: vat(fc.Value)})
		rest -= fc.Value
	}
	var debt int64
	if owed := f.owed(m); owed > 0 && m.RecoverPct > 0 {
		debt = min(amount*m.RecoverPct/100, owed)
		rest -= debt
	}
	if rest <= 0 {
		return flashAnswer{}, fcAmountOutOfRange
	}
	if debt > 0 {
		left := f.owed(m) - debt
		f.arrears[m.Number] = left
		u.Debt = &flashDebt{Value: debt, Description: "Arrears recovery", Outstanding: strconv.FormatInt(left, 10),
			TariffDescription: m.Tariff, Tax: 0, TaxInvoiceNumber: fmt.Sprintf("INV%d", txn)}
	}
	energy := rest
	var tenths int64
	for i, b := range m.Blocks {
		if rest <= 0 {
			break
		}
		t := rest * 1000 / b.Rate // tenths of a kWh the rest buys at this rate
		cost := rest              // the block that is not full takes the rounding too
		if b.Upto > 0 && i < len(m.Blocks)-1 && t > b.Upto-tenths {
			t = b.Upto - tenths
			cost = t * b.Rate / 1000
		}
		rest -= cost
		tenths += t
		u.TariffBlocks = append(u.TariffBlocks, flashBlockAns{Amount: cost,
			CostPerUnit: json.Number(fmt.Sprintf("%d.%02d", b.Rate/100, b.Rate%100)), Units: kwh(t)})
	}
	seed := fmt.Sprintf("%s-%d", m.Number, txn)
	token := func(kind, desc string, i int, value, units int64) flashTokenAns {
		return flashTokenAns{Value: value, Tax: vat(value), TariffName: m.Tariff, TariffDescription: m.Tariff,
			Token: digits(fmt.Sprintf("token-%s-%d", seed, i), 20), TokenDescription: desc, Type: kind,
			Units: flashTokenUnit{Description: "Electricity", Quantity: kwh(units), UnitType: "kWh"}}
	}
	if m.NewKRN != "" {
		num := func(s string) int64 { n, _ := strconv.ParseInt(s, 10, 64); return n }
		u.KeyChange = &flashKeyChange{KeyRevisionNumber: num(m.NewKRN), SupplyGroupCode: num(m.NewSGC), TariffIndex: num(m.NewTI)}
		u.Tokens = append(u.Tokens, token("KCT", "Key change token 1 of 2", 1, 0, 0), token("KCT", "Key change token 2 of 2", 2, 0, 0))
	}
	u.Tokens = append(u.Tokens, token("Credit", "Prepaid electricity", 3, energy, tenths))
	month := now.In(sast).Format("2006-01")
	if fbe && f.fbeClaimed[m.Number] != month {
		f.fbeClaimed[m.Number] = month
		t := token("FBE", "Free basic electricity", 4, 0, m.FBEUnits)
		t.Tax = 0
		u.Tokens = append(u.Tokens, t)
	}
	if fbe {
		yes := true
		u.IsFBE = &yes
	}
	return flashAnswer{Amount: amount, flashUtilityAns: u}, fcSuccess
}

// kwh writes tenths of a kWh as a decimal number: 171 → 17.1.
func kwh(tenths int64) json.Number {
	return json.Number(fmt.Sprintf("%d.%d", tenths/10, tenths%10))
}
