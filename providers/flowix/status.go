package flowix

import (
	"encoding/json"
	"fmt"
	"strings"

	"till/providers"
	"till/sale"
)

// normStatus is a status word as compared: cleaned, trimmed, lower case.
func normStatus(f providers.FlexString) string {
	return strings.ToLower(providers.CleanMax(string(f), 32))
}

// trxData is the data of transaction/create, transaction/status and
// bill/pay.
type trxData struct {
	TrxID   providers.FlexString  `json:"trx_id"`
	RefID   *providers.FlexString `json:"ref_id"`
	Product providers.FlexString  `json:"product"`
	Status  providers.FlexString  `json:"status"`
	Price   json.Number           `json:"price"`
	SN      providers.FlexString  `json:"sn"`
	Note    providers.FlexString  `json:"note"`
}

// echoOK reports whether an answer names the reference asked about. A
// missing ref_id is not accepted: an answer that cannot be tied to this
// sale proves nothing about it.
func echoOK(got *providers.FlexString, want string) bool {
	return got != nil && string(*got) == want
}

// mismatch is the outcome of an answer about another reference.
func mismatch(got *providers.FlexString) sale.Outcome {
	if got == nil || *got == "" {
		return providers.InDoubt("malformed", "Flowix's answer did not name the sale's reference. The till will check it.")
	}
	return providers.InDoubt("reference_mismatch", fmt.Sprintf(
		"Flowix answered about another reference (%s). The sale may have gone through; the till will check it.",
		providers.CleanMax(string(*got), 40)))
}

// trxOutcome classifies a transaction answer about ref (our reference, or
// the inquiry id of a bill).
func (t tables) trxOutcome(s sale.Sale, d trxData, ref string) sale.Outcome {
	if !echoOK(d.RefID, ref) {
		return mismatch(d.RefID)
	}
	status := normStatus(d.Status)
	note := providers.CleanMax(string(d.Note), 80)
	var out sale.Outcome
	switch r := t.statuses.Result(status); r {
	case sale.ResultPending:
		out = providers.NewOutcome(r, status, "Flowix is processing the sale; the till will check it.")
	case sale.ResultDelivered:
		out = providers.NewOutcome(r, status, "Delivered")
		if note != "" {
			out.Message = note
		}
		out.Items = snItems(s.Order.Product+" "+s.Order.ProductName, string(d.SN))
		if d.Price != "" {
			if price, err := rupiah(d.Price); err == nil && price.Minor > 0 {
				out.Amount = price
			}
		}
	case sale.ResultDeclined:
		msg := "Flowix says the sale failed. Nothing was sold."
		if note != "" {
			msg = fmt.Sprintf("Flowix says the sale failed (%s). Nothing was sold.", note)
		}
		out = providers.Declined(status, msg)
	default:
		return providers.InDoubt("status_"+status, fmt.Sprintf(
			"Flowix gave an unknown status %q. The sale may have gone through; the till will check it.", status))
	}
	out.ProviderRef = providers.CleanMax(string(d.TrxID), 64)
	out.PendingID = ref
	return out
}

// payoutData is the data of payout/create and payout/status.
type payoutData struct {
	RefID          *providers.FlexString `json:"ref_id"`
	Status         providers.FlexString  `json:"status"`
	BankName       providers.FlexString  `json:"bank_name"`
	AccountName    providers.FlexString  `json:"account_name"`
	Amount         json.Number           `json:"amount"`
	Fee            json.Number           `json:"fee"`
	TotalDeduction json.Number           `json:"total_deduction"`
	Note           providers.FlexString  `json:"note"`
}

// payoutOutcome classifies a payout answer. A success for another amount
// than the till asked for is in doubt: a supervisor must look at it.
func (t tables) payoutOutcome(s sale.Sale, d payoutData) sale.Outcome {
	ref := string(s.Ref)
	if !echoOK(d.RefID, ref) {
		return mismatch(d.RefID)
	}
	status := normStatus(d.Status)
	note := providers.CleanMax(string(d.Note), 80)
	var out sale.Outcome
	switch r := t.statuses.Result(status); r {
	case sale.ResultPending:
		out = providers.NewOutcome(r, status, "Flowix is sending the money; the till will check it.")
	case sale.ResultDelivered:
		var amt sale.Money
		if d.Amount != "" {
			a, err := rupiah(d.Amount)
			if err != nil || a != s.Order.Amount {
				return providers.InDoubt("amount_mismatch", fmt.Sprintf(
					"Flowix reports a payout of %s but the till asked for %s. A supervisor must check it.",
					providers.CleanMax(string(d.Amount), 20), s.Order.Amount))
			}
			amt = a
		}
		msg := "Sent"
		if note != "" {
			msg = note
		}
		out = providers.NewOutcome(r, status, msg)
		out.Amount = amt
		if v := providers.CleanMax(string(d.BankName), 40); v != "" {
			out.Items = append(out.Items, sale.Item{Label: ItemBank, Value: v})
		}
		if v := providers.CleanMax(string(d.AccountName), 40); v != "" {
			out.Items = append(out.Items, sale.Item{Label: ItemAccountName, Value: v})
		}
		if fee, err := rupiah(d.Fee); err == nil {
			out.Items = append(out.Items, sale.Item{Label: ItemFee, Value: fee.String()})
		}
		if tot, err := rupiah(d.TotalDeduction); err == nil {
			out.Items = append(out.Items, sale.Item{Label: ItemDeducted, Value: tot.String()})
		}
	case sale.ResultDeclined:
		msg := "Flowix says the payout failed. No money was sent."
		if note != "" {
			msg = fmt.Sprintf("Flowix says the payout failed (%s). No money was sent.", note)
		}
		out = providers.Declined(status, msg)
	default:
		return providers.InDoubt("status_"+status, fmt.Sprintf(
			"Flowix gave an unknown payout status %q. The money may have been sent; the till will check it.", status))
	}
	out.PendingID = ref
	return out
}

// depositStatus is the data of deposit/status.
type depositStatus struct {
	RefID          *providers.FlexString `json:"ref_id"`
	AmountBilling  json.Number           `json:"amount_billing"`
	AmountReceived json.Number           `json:"amount_received"`
	Fee            json.Number           `json:"fee"`
	Status         providers.FlexString  `json:"status"`
	PaidAt         providers.FlexString  `json:"paid_at"`
}

// depositOutcome classifies a deposit status answer about depRef.
func (t tables) depositOutcome(d depositStatus, depRef string) sale.Outcome {
	if !echoOK(d.RefID, depRef) {
		return mismatch(d.RefID)
	}
	status := normStatus(d.Status)
	var out sale.Outcome
	switch r := t.deposits.Result(status); r {
	case sale.ResultPending:
		out = providers.NewOutcome(r, status, "Waiting for the customer to pay.")
	case sale.ResultDelivered:
		out = providers.NewOutcome(r, status, "Paid")
		if amt, err := rupiah(d.AmountBilling); err == nil {
			out.Amount = amt
		}
		if v, err := rupiah(d.AmountReceived); err == nil {
			out.Items = append(out.Items, sale.Item{Label: ItemReceived, Value: v.String()})
		}
		if v, err := rupiah(d.Fee); err == nil {
			out.Items = append(out.Items, sale.Item{Label: ItemFee, Value: v.String()})
		}
		if t := parseTime(string(d.PaidAt)); !t.IsZero() {
			out.Items = append(out.Items, sale.Item{Label: ItemPaidAt, Value: t.Format("2006-01-02 15:04 MST")})
		}
	case sale.ResultDeclined:
		out = providers.Declined(status, fmt.Sprintf("The deposit was not paid (%s). No money was received.", status))
	default:
		return providers.InDoubt("status_"+status, fmt.Sprintf(
			"Flowix gave an unknown deposit status %q. The till will check it.", status))
	}
	out.ProviderRef, out.PendingID = depRef, depRef
	return out
}
