package oneflow

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"till/providers"
	"till/sale"
)

// envelope is every 1Flow answer: {"success", "timestamp", "message", "data"}.
// Pointers tell a missing field from a zero one.
type envelope[T any] struct {
	Success *bool                `json:"success"`
	Message providers.FlexString `json:"message"`
	Data    *T                   `json:"data"`
}

// recharge is the "data" of the initiate and verify answers. Numbers are
// json.Number so that they are converted exactly or shown as sent.
type recharge struct {
	ID            *providers.FlexString `json:"id"`
	SerialNumber  providers.FlexString  `json:"serialNumber"`
	DeviceType    providers.FlexString  `json:"deviceType"`
	Status        providers.FlexString  `json:"status"`
	Amount        *json.Number          `json:"amount"`
	Currency      providers.FlexString  `json:"currency"`
	Litres        *json.Number          `json:"litres"`
	PricePerLitre *json.Number          `json:"pricePerLitre"`
	// Balance is the device's balance after the recharge. The document does
	// not say its unit; its example (balance 150052 after 20.1 litres) reads
	// best as millilitres or minor currency units. The till never computes
	// with it: the receipt shows the number exactly as 1Flow sent it.
	Balance     *json.Number         `json:"balance"`
	CreatedAt   providers.FlexString `json:"createdAt"`
	CompletedAt providers.FlexString `json:"completedAt"`
	Customer    *customerRef         `json:"customer"`
}

// customerRef is the customer named in a recharge answer.
type customerRef struct {
	Name        providers.FlexString `json:"name"`
	PhoneNumber providers.FlexString `json:"phoneNumber"`
}

// want is what a sale asked for, to check answers against.
type want struct {
	target sale.Target
	amount sale.Money
	id     string  // the recharge id being polled (Check only)
	t      *tables // the client's assumed values; nil: the defaults
}

func (w want) tables() *tables {
	if w.t != nil {
		return w.t
	}
	return &defaultTables
}

// parseInitiate classifies the answer to POST /recharge. A 2xx answer with
// a usable recharge id is Pending with PendingID set (or InDoubt with
// PendingID set, when the answer disagrees with the order: the recharge
// exists and is polled, and a person looks at it). Everything else is in
// doubt, but for the allow-listed declines.
func parseInitiate(status int, body []byte, w want, def sale.Currency) sale.Outcome {
	switch {
	case status >= 200 && status < 300:
	case status == http.StatusUnauthorized:
		// Only reached after the one resend with a fresh token: final. The
		// gateway refuses an unauthenticated request before it is processed.
		return providers.Declined("unauthorized",
			"1Flow refused the till's credentials. Nothing was sold; check the 1Flow client id and secret.")
	case w.tables().declineHTTP[status]:
		var env envelope[json.RawMessage]
		if providers.DecodeJSON(body, &env) == nil && env.Success != nil && *env.Success {
			return providers.InDoubt(httpCode(status), fmt.Sprintf(
				"1Flow answered HTTP %d but said success. The recharge may have gone through; a supervisor will check it.", status))
		}
		out := providers.Declined(httpCode(status), fmt.Sprintf("1Flow refused the recharge (HTTP %d). Nothing was sold.", status))
		return providers.Said(out, DisplayName, string(env.Message))
	case status >= 500:
		return providers.Said(providers.InDoubt(httpCode(status), fmt.Sprintf(
			"1Flow had a server error (HTTP %d). The recharge may have gone through; a supervisor will check it.", status)),
			DisplayName, said(body))
	default:
		return providers.Said(providers.InDoubt(httpCode(status), fmt.Sprintf(
			"1Flow gave an unexpected answer (HTTP %d). The recharge may have gone through; a supervisor will check it.", status)),
			DisplayName, said(body))
	}
	var env envelope[recharge]
	if err := providers.DecodeJSON(body, &env); err != nil {
		return providers.InDoubt("malformed", "1Flow's answer could not be read. The recharge may have gone through; a supervisor will check it.")
	}
	if env.Success != nil && !*env.Success {
		return providers.InDoubt("unsuccessful", fmt.Sprintf(
			"1Flow answered HTTP %d with success false. The recharge may have gone through; a supervisor will check it.", status))
	}
	d := env.Data
	id := ""
	if d != nil && d.ID != nil {
		id = string(*d.ID)
	}
	if !validID(id) {
		return providers.InDoubt("no_recharge_id", fmt.Sprintf(
			"1Flow accepted the recharge (HTTP %d) but sent no usable recharge id, so it cannot be tracked. A supervisor will check the device.", status))
	}
	out := providers.NewOutcome(sale.ResultPending, "pending",
		"1Flow accepted the recharge; waiting for the device to confirm it.")
	out.PendingID, out.ProviderRef = id, id
	out.Items = items(d, nil, def)
	if bad := disagrees(d, w, def); bad != "" {
		out.Result, out.Code = sale.ResultInDoubt, "mismatch"
		out.Message = providers.CleanMax(fmt.Sprintf("1Flow accepted recharge %s but %s. It will be checked; a supervisor may need to look at it.", id, bad), providers.MaxMessage)
	}
	return out
}

// parseStatus classifies the answer to GET /recharge/{id}. Delivered needs
// HTTP 200, status COMPLETED, our recharge id (when echoed), and exactly the
// amount and currency the sale asked for. FAILED is a decline, PENDING is
// pending, and everything else is in doubt (the sale stays pollable).
func parseStatus(status int, body []byte, w want, def sale.Currency) sale.Outcome {
	pend := func(o sale.Outcome) sale.Outcome { o.PendingID = w.id; return o }
	switch {
	case status == http.StatusOK:
	case status == http.StatusNotFound:
		return pend(providers.InDoubt(httpCode(status), fmt.Sprintf(
			"1Flow does not know recharge %s, which it issued itself. A supervisor will check the device.", w.id)))
	default:
		return pend(providers.InDoubt(httpCode(status), fmt.Sprintf(
			"1Flow could not tell the recharge's status (HTTP %d); the till will ask again.", status)))
	}
	var env envelope[recharge]
	if err := providers.DecodeJSON(body, &env); err != nil || env.Data == nil {
		return pend(providers.InDoubt("malformed", "1Flow's status answer could not be read; the till will ask again."))
	}
	if env.Success != nil && !*env.Success {
		return pend(providers.InDoubt("unsuccessful", "1Flow's status answer said success false; the till will ask again."))
	}
	d := env.Data
	if d.ID != nil && string(*d.ID) != w.id {
		return pend(providers.InDoubt("id_mismatch", fmt.Sprintf(
			"1Flow answered about another recharge (%s); the till will ask again.", providers.CleanMax(string(*d.ID), 40))))
	}
	st := normStatus(string(d.Status))
	switch w.tables().statuses.Result(st) {
	case sale.ResultPending:
		out := pend(providers.NewOutcome(sale.ResultPending, "pending", "1Flow is still applying the recharge."))
		out.ProviderRef, out.Items = w.id, items(d, nil, def)
		return out
	case sale.ResultDeclined:
		out := pend(providers.Declined("failed", "1Flow could not apply the recharge to the device. Nothing was sold."))
		out.ProviderRef = w.id
		return providers.Said(out, DisplayName, string(env.Message))
	case sale.ResultDelivered:
	default:
		return pend(providers.InDoubt("unknown_status", fmt.Sprintf(
			"1Flow reported recharge status %q, which is not in [oneflow.statuses]; the till will ask again.", providers.CleanMax(st, 24))))
	}
	if d.Amount == nil {
		return pend(providers.InDoubt("malformed", fmt.Sprintf(
			"1Flow says recharge %s completed but sent no amount. A supervisor must check it.", w.id)))
	}
	if bad := disagrees(d, w, def); bad != "" {
		return pend(providers.InDoubt("mismatch", fmt.Sprintf(
			"1Flow says recharge %s completed but %s. A supervisor must check it.", w.id, bad)))
	}
	amount, _ := answerAmount(d, def) // checked by disagrees
	out := pend(providers.NewOutcome(sale.ResultDelivered, "completed", "Recharge completed"))
	out.ProviderRef, out.Amount = w.id, amount
	out.Items = items(d, &amount, def)
	return out
}

// disagrees says how an answer differs from the order, or "" if it does not:
// a device other than ours, another currency, an unreadable amount or
// another amount. Missing fields (the 202 may omit them) do not disagree.
func disagrees(d *recharge, w want, def sale.Currency) string {
	if w.target.Kind != sale.TargetCard && d.SerialNumber != "" && string(d.SerialNumber) != w.target.Value {
		return fmt.Sprintf("for device %s, not %s", providers.CleanMax(string(d.SerialNumber), 32), w.target.Value)
	}
	cur := answerCurrency(d, def)
	if cur != w.amount.Currency {
		return fmt.Sprintf("in %s, not %s", providers.CleanMax(string(cur), 8), w.amount.Currency)
	}
	if d.Amount == nil {
		return ""
	}
	amount, err := answerAmount(d, def)
	if err != nil {
		return fmt.Sprintf("with an unreadable amount (%s)", providers.CleanMax(string(*d.Amount), 24))
	}
	if amount != w.amount {
		return fmt.Sprintf("for %s, not %s", amount, w.amount)
	}
	return ""
}

// answerCurrency is the currency 1Flow states, or def when it states none.
func answerCurrency(d *recharge, def sale.Currency) sale.Currency {
	if c := strings.TrimSpace(string(d.Currency)); c != "" {
		return sale.Currency(strings.ToUpper(c))
	}
	return def
}

// answerAmount converts data.amount exactly, in the stated currency.
func answerAmount(d *recharge, def sale.Currency) (sale.Money, error) {
	if d.Amount == nil {
		return sale.Money{}, fmt.Errorf("no amount")
	}
	return providers.MoneyFromMajor(*d.Amount, answerCurrency(d, def))
}

// items are the receipt lines of an answer, in order; def is the currency
// of an answer that states none. Numbers other than the amount and the
// price are shown exactly as 1Flow sent them, with their unit.
func items(d *recharge, amount *sale.Money, def sale.Currency) []sale.Item {
	var it []sale.Item
	add := func(label, v string) {
		if v = providers.CleanMax(v, 64); v != "" {
			it = append(it, sale.Item{Label: label, Value: v})
		}
	}
	num := func(n *json.Number) string {
		if n == nil {
			return ""
		}
		return string(*n)
	}
	if d.ID != nil {
		add("Recharge ID", string(*d.ID))
	}
	label := "Device"
	if strings.EqualFold(string(d.DeviceType), "CARD") {
		label = "Card"
	}
	add(label, string(d.SerialNumber))
	if d.Customer != nil {
		add("Customer", string(d.Customer.Name))
	}
	if amount != nil {
		add("Amount", amount.String())
		add("Currency", string(amount.Currency))
	}
	// Every quantity with its unit: litres, the price in the answer's
	// currency and the balance in BalanceUnit (assumed.go).
	add("Litres", unit(num(d.Litres), "L"))
	add("Price per litre", perLitre(d.PricePerLitre, answerCurrency(d, def)))
	add("Balance", unit(num(d.Balance), BalanceUnit))
	add("Completed", string(d.CompletedAt))
	return it
}

// unit is a number as 1Flow sent it with its unit; "" when none was sent.
func unit(n, u string) string {
	if n == "" {
		return ""
	}
	return n + " " + u
}

// perLitre is the price per litre in currency c: "GHS 5.00" when it is an
// exact amount of c, else the number as sent after the currency's code
// ("GHS 0.125"), never rounded.
func perLitre(n *json.Number, c sale.Currency) string {
	if n == nil || strings.TrimSpace(string(*n)) == "" {
		return ""
	}
	if m, err := providers.MoneyFromMajor(*n, c); err == nil {
		return m.String()
	}
	return string(c) + " " + string(*n)
}

// validID reports whether a recharge id is safe to journal, show and put in
// a URL path: 1 to 100 letters, digits, '-', '_' or '.' (1Flow's are UUIDs).
func validID(id string) bool {
	if id == "" || len(id) > 100 || id == "." || id == ".." {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

func httpCode(status int) string { return fmt.Sprintf("http_%d", status) }

// said is the message of an error body, if it has one.
func said(body []byte) string {
	var env envelope[json.RawMessage]
	if providers.DecodeJSON(body, &env) != nil {
		return ""
	}
	return string(env.Message)
}
