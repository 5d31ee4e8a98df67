package flash

import (
	"encoding/json"
	"fmt"
	"net/http"

	"till/providers"
	"till/sale"
)

// envelope is what the till reads of any Flash purchase answer. Pointers
// tell a missing field from a zero one: a missing responseCode is not 0.
// Only the fields the till relies on are decoded; others are ignored.
type envelope struct {
	ResponseCode    *providers.FlexString `json:"responseCode"`
	ResponseMessage providers.FlexString  `json:"responseMessage"`
	AccountNumber   *providers.FlexString `json:"accountNumber"`
	Reference       *providers.FlexString `json:"reference"`
	TransactionDate providers.FlexString  `json:"transactionDate"`
	TransactionID   *providers.FlexString `json:"transactionId"`
	Amount          *json.Number          `json:"amount"`
	RechargeDetails *rechargeDetails      `json:"rechargeDetails"`
	// Voucher is the answer of every voucher product: 1Voucher, gift,
	// Eezi and cash-out PINs (§3.1.3–§3.1.10, §3.1.12).
	Voucher *voucherAnswer `json:"voucher"`
	// The prepaid utility purchase (§3.1.14); see electricity.go.
	electricityAnswer
}

// expect is what a delivered answer must echo.
type expect struct {
	ref     sale.Reference
	account string
	cents   int64
	items   itemsFunc
	// resend is true when an earlier attempt of the sale may have been
	// applied (attempt > 1).
	resend bool
	// declined is the client's set of definitive declines; nil means
	// DefaultDeclined, and only then do the till's own names and messages
	// of the assumed table (assumed.go) apply: under [flash.response_codes]
	// a number may mean something else at this Flash, so its words are
	// Flash's own and every decline is treated as stateful.
	declined map[Code]bool
	// amountOptional accepts a delivered answer without an amount (a
	// cash-out cancel's request carries none); one that is present must
	// still be the amount expected.
	amountOptional bool
}

// parsePurchase classifies one purchase answer. Delivered needs HTTP 200,
// responseCode 0, our reference echoed, a transaction id and the amount we
// asked for. A table decline is Declined; everything else is in doubt.
func parsePurchase(status int, body []byte, want expect) sale.Outcome {
	switch {
	case status == http.StatusOK, status == http.StatusBadRequest, status == http.StatusUnprocessableEntity:
	case status == http.StatusUnauthorized:
		// Only reached after the one resend with a fresh token: final. A 401
		// is answered by Flash's gateway before the request is processed, so
		// this request was not applied: NotSent. (Not Declined: on a resend
		// an earlier attempt may have been applied, and the engine turns a
		// NotSent after attempt 1 into in doubt.)
		return providers.NotSent("unauthorized",
			"Flash refused the till's credentials; this request was not applied. Check the Flash API key.")
	case status >= 500:
		return providers.InDoubt(fmt.Sprintf("http_%d", status), fmt.Sprintf(
			"Flash had a server error (HTTP %d). The sale may have gone through; the till will check it.", status))
	default:
		return providers.InDoubt(fmt.Sprintf("http_%d", status), fmt.Sprintf(
			"Flash gave an unexpected answer (HTTP %d). The sale may have gone through; the till will check it.", status))
	}
	var env envelope
	err := providers.DecodeJSON(body, &env)
	if err != nil || env.ResponseCode == nil {
		if status != http.StatusOK {
			return providers.InDoubt(fmt.Sprintf("http_%d", status), fmt.Sprintf(
				"Flash refused the request (HTTP %d) without a known code. The sale will be checked.", status))
		}
		return providers.InDoubt("malformed", "Flash's answer could not be read. The sale may have gone through; the till will check it.")
	}
	n, err := providers.Int64(json.Number(*env.ResponseCode))
	if err != nil {
		return providers.InDoubt("malformed", "Flash's answer had an unreadable response code. The sale will be checked.")
	}
	code := Code(n)
	if env.Reference != nil && string(*env.Reference) != string(want.ref) {
		return providers.InDoubt("reference_mismatch", fmt.Sprintf(
			"Flash answered about another reference (%s). The sale may have gone through; the till will check it.",
			providers.CleanMax(string(*env.Reference), 40)))
	}
	if code == CodeSuccess {
		if status != http.StatusOK {
			return providers.InDoubt(fmt.Sprintf("http_%d", status), fmt.Sprintf(
				"Flash answered HTTP %d with a success code. The sale will be checked.", status))
		}
		return delivered(&env, want)
	}
	return classifyCode(code, string(env.ResponseMessage), want)
}

// classifyCode classifies a non-zero responseCode: a configured decline is
// Declined (in doubt on a resend when the code reflects a state that an
// earlier attempt may have changed, or is not in the till's own table);
// any other code is in doubt. Flash's own message goes with either.
func classifyCode(code Code, said string, want expect) sale.Outcome {
	info, known := Lookup(code)
	declined := want.declined
	if declined != nil {
		info, known = CodeInfo{}, false // configured: our meanings of the numbers do not apply
	}
	if declined == nil {
		declined = map[Code]bool{}
		for _, c := range DefaultDeclined() {
			declined[c] = true
		}
	}
	var out sale.Outcome
	switch {
	case declined[code] && (!known || info.Stateful) && want.resend:
		out = providers.InDoubt(code.String(), fmt.Sprintf(
			"Flash declined the resend (code %d), but an earlier attempt may have gone through. A supervisor must check it.", code))
	case declined[code] && known && info.Result == sale.ResultDeclined:
		out = providers.Declined(code.String(), info.Message)
	case declined[code]:
		out = providers.Declined(code.String(), fmt.Sprintf("Flash declined the sale (code %d). Nothing was sold.", code))
	case known && info.Result == sale.ResultInDoubt:
		out = providers.InDoubt(code.String(), info.Message)
	default:
		out = providers.InDoubt(code.String(), fmt.Sprintf(
			"Flash answered code %d, which is not a decline in [flash.response_codes]. The sale may have gone through; the till will check it.", code))
	}
	return providers.Said(out, DisplayName, said)
}

func delivered(env *envelope, want expect) sale.Outcome {
	if env.Reference == nil {
		return providers.InDoubt("malformed", "Flash said success but did not echo the sale reference. The till will check it.")
	}
	txn := ""
	if env.TransactionID != nil {
		txn = providers.CleanMax(string(*env.TransactionID), 64)
	}
	if txn == "" {
		return providers.InDoubt("malformed", "Flash said success but sent no transaction id. The till will check it.")
	}
	if env.AccountNumber != nil && string(*env.AccountNumber) != want.account {
		return providers.InDoubt("account_mismatch", fmt.Sprintf(
			"Flash said success (transaction %s) for another account. A supervisor must check it.", txn))
	}
	amount := sale.New(want.cents, sale.ZAR)
	switch {
	case env.Amount == nil && want.amountOptional:
	case env.Amount == nil:
		return providers.InDoubt("malformed", fmt.Sprintf(
			"Flash said success (transaction %s) but sent no amount. A supervisor must check it.", txn))
	default:
		got, err := providers.MoneyFromMinor(*env.Amount, sale.ZAR)
		if err != nil {
			return providers.InDoubt("malformed", fmt.Sprintf(
				"Flash said success (transaction %s) with an unreadable amount. A supervisor must check it.", txn))
		}
		if got.Minor != want.cents {
			return providers.InDoubt("amount_mismatch", fmt.Sprintf(
				"Flash charged %s (transaction %s) but the till asked for %s. A supervisor must check it.",
				got, txn, amount))
		}
	}
	out := providers.NewOutcome(sale.ResultDelivered, CodeSuccess.String(), string(env.ResponseMessage))
	if out.Message == "" {
		out.Message = "Delivered"
	}
	out.ProviderRef = txn
	out.Amount = amount
	if want.items != nil {
		items, err := want.items(env)
		if err != nil {
			return providers.InDoubt("incomplete", fmt.Sprintf(
				"Flash said success (transaction %s) but %v. The till will ask again with the same reference.",
				txn, err))
		}
		out.Items = items
	}
	return out
}
