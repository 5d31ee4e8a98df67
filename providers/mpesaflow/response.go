package mpesaflow

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"till/providers"
	"till/sale"
)

// Outcome codes the client sets (besides the plumbing's transport codes).
const (
	codeRecorded          = "recorded"
	codeRecordFailed      = "record_failed"
	codeRecordPending     = "record_pending"
	codeUnknownStatus     = "unknown_status"
	codeAmountMismatch    = "amount_mismatch"
	codeReferenceMismatch = "reference_mismatch"
	codeRefusedOnResend   = "refused_on_resend"
	codeReceiptUsed       = "receipt_used"
	codeInvalid           = "invalid_request"
	codeUnauthorized      = "unauthorized"
	codeMalformed         = "malformed"
)

// Receipt item labels of a recorded tender.
const (
	LabelReceipt = "M-Pesa receipt"
	LabelPhone   = "Phone"
	LabelAmount  = "Amount"
	LabelStatus  = "Recorded as"
)

// answer is what the till reads of a POST /transactions answer. Pointers
// tell a missing field from an empty one.
type answer struct {
	Success *bool                `json:"success"`
	Data    *record              `json:"data"`
	Error   json.RawMessage      `json:"error"`
	Message providers.FlexString `json:"message"`
}

// record is the documented data object. metadata comes back as a string
// and is not read.
type record struct {
	ID                providers.FlexString  `json:"id"`
	Amount            *providers.FlexString `json:"amount"`
	Currency          providers.FlexString  `json:"currency"`
	ProviderReference *providers.FlexString `json:"providerReference"`
	Status            providers.FlexString  `json:"status"`
	DeclineReason     providers.FlexString  `json:"declineReason"`
}

// expect is what the till sent and a record must match.
type expect struct {
	ref     sale.Reference
	amount  sale.Money
	receipt string
	phone   string
	resend  bool // not the sale's first attempt
	// statuses are the client's record status words; nil: the defaults.
	statuses providers.Statuses
}

// parseRecord classifies one POST /transactions answer.
//
//   - 200/201 with success true and a completed record echoing our
//     reference and amount: delivered. A pending record or an unknown
//     status: in doubt (resent, which returns the record as it is then). A
//     record marked failed (refunded, ...) or for another amount or
//     reference: in doubt, for a supervisor.
//   - 400/422 with success false on the first attempt: declined (the record
//     was refused as invalid; nothing was recorded). 409 on the first
//     attempt: the receipt code is already recorded for another sale. On a
//     resend, any refusal is in doubt: the first attempt may have recorded
//     it, and an API that refuses duplicates would answer just so.
//   - 401/403: declined, the API key was refused before anything was done.
//   - anything else (5xx, other statuses, unreadable bodies, success
//     without a record): in doubt.
func parseRecord(status int, body []byte, want expect) sale.Outcome {
	httpCode := fmt.Sprintf("http_%d", status)
	switch {
	case status == http.StatusOK, status == http.StatusCreated:
	case status == http.StatusUnauthorized, status == http.StatusForbidden:
		if want.resend {
			return providers.InDoubt(codeRefusedOnResend, fmt.Sprintf(
				"MpesaFlow refused the till's API key (HTTP %d) on a resend; an earlier attempt may have recorded the payment. A supervisor must check it.", status))
		}
		return providers.Declined(codeUnauthorized, fmt.Sprintf(
			"MpesaFlow refused the till's API key (HTTP %d). The payment was not recorded; check the MpesaFlow settings.", status))
	case status == http.StatusBadRequest, status == http.StatusUnprocessableEntity, status == http.StatusConflict:
		return refusal(status, body, want)
	case status >= 500:
		return providers.InDoubt(httpCode, fmt.Sprintf(
			"MpesaFlow had a server error (HTTP %d). The payment may have been recorded; the till will resend it under the same reference.", status))
	default:
		return providers.InDoubt(httpCode, fmt.Sprintf(
			"MpesaFlow gave an unexpected answer (HTTP %d). The till will resend the record under the same reference.", status))
	}
	var a answer
	if err := providers.DecodeJSON(body, &a); err != nil || a.Success == nil {
		return providers.InDoubt(codeMalformed, "MpesaFlow's answer could not be read. The payment may have been recorded; the till will resend it under the same reference.")
	}
	if !*a.Success {
		return providers.InDoubt(httpCode, fmt.Sprintf(
			"MpesaFlow answered HTTP %d without success%s. The till will resend the record under the same reference.", status, reason(&a)))
	}
	if a.Data == nil {
		return providers.InDoubt(codeMalformed, "MpesaFlow said success but sent no record. The till will resend it under the same reference.")
	}
	return recorded(a.Data, want)
}

// refusal classifies a 400, 409 or 422 answer.
func refusal(status int, body []byte, want expect) sale.Outcome {
	var a answer
	if err := providers.DecodeJSON(body, &a); err != nil || a.Success == nil || *a.Success {
		return providers.InDoubt(fmt.Sprintf("http_%d", status), fmt.Sprintf(
			"MpesaFlow refused the record (HTTP %d) in an unreadable way. The till will resend it under the same reference.", status))
	}
	why := reason(&a)
	if want.resend {
		return providers.InDoubt(codeRefusedOnResend, fmt.Sprintf(
			"MpesaFlow refused a resend of the record (HTTP %d%s); the first attempt may have recorded it. A supervisor must check it.", status, why))
	}
	var out sale.Outcome
	if status == http.StatusConflict {
		out = providers.Declined(codeReceiptUsed, fmt.Sprintf(
			"M-Pesa receipt %s is already recorded for another sale%s. It cannot pay for this one.", want.receipt, why))
	} else {
		out = providers.Declined(codeInvalid, fmt.Sprintf("MpesaFlow refused the payment record%s. Nothing was recorded.", why))
	}
	out.ProviderMessage = strings.TrimSuffix(strings.TrimPrefix(why, " ("), ")") // the message quotes it
	return out
}

// recorded checks a returned record against what was sent.
func recorded(r *record, want expect) sale.Outcome {
	id := providers.CleanMax(string(r.ID), 64)
	if r.ProviderReference == nil || string(*r.ProviderReference) != string(want.ref) {
		got := ""
		if r.ProviderReference != nil {
			got = providers.CleanMax(string(*r.ProviderReference), 40)
		}
		return providers.InDoubt(codeReferenceMismatch, fmt.Sprintf(
			"MpesaFlow answered with a record for another reference (%q). A supervisor must check it.", got))
	}
	if r.Amount == nil {
		return providers.InDoubt(codeMalformed, "MpesaFlow's record has no amount. The till will resend it under the same reference.")
	}
	amount, err := providers.MoneyFromMajor(json.Number(strings.TrimSpace(string(*r.Amount))), sale.KES)
	if err != nil {
		return providers.InDoubt(codeMalformed, "MpesaFlow's record has an unreadable amount. The till will resend it under the same reference.")
	}
	if c := string(r.Currency); c != "" && !strings.EqualFold(c, "kes") {
		return providers.InDoubt(codeAmountMismatch, fmt.Sprintf(
			"MpesaFlow recorded the payment in %s, not KES. A supervisor must check it.", providers.CleanMax(c, 8)))
	}
	if amount.Minor != want.amount.Minor {
		return providers.InDoubt(codeAmountMismatch, fmt.Sprintf(
			"MpesaFlow holds %s under this reference but the till recorded %s. A supervisor must check it.", amount, want.amount))
	}
	status := normStatus(providers.CleanMax(string(r.Status), 20))
	statuses := want.statuses
	if statuses == nil {
		statuses = defaultStatuses
	}
	switch res := statuses.Result(status); {
	case status == "":
		return providers.InDoubt(codeMalformed, "MpesaFlow's record has no status. The till will resend it under the same reference.")
	case res == sale.ResultDelivered:
	case res == sale.ResultPending:
		// We record payments as completed: MpesaFlow holding it as pending
		// has not accepted it yet. A resend returns the record as it is
		// then, so resending doubles as a status query.
		return providers.InDoubt(codeRecordPending, fmt.Sprintf(
			"MpesaFlow holds the payment as %s. Do not hand over the goods yet; the till will look again.", status))
	case res == sale.ResultDeclined:
		out := providers.InDoubt(codeRecordFailed, fmt.Sprintf(
			"MpesaFlow holds the payment record as %s. Do not hand over the goods until a supervisor has checked the M-Pesa statement.", status))
		return providers.Said(out, DisplayName, string(r.DeclineReason))
	default:
		return providers.InDoubt(codeUnknownStatus, fmt.Sprintf(
			"MpesaFlow holds the payment with an unknown status %q, which is not in [mpesaflow.statuses]. The till will look again.", status))
	}
	out := providers.NewOutcome(sale.ResultDelivered, codeRecorded, "M-Pesa payment recorded")
	out.ProviderRef = id
	out.Amount = amount
	out.Items = []sale.Item{{Label: LabelReceipt, Value: want.receipt}}
	if want.phone != "" {
		out.Items = append(out.Items, sale.Item{Label: LabelPhone, Value: sale.Target{Value: want.phone}.Masked()})
	}
	out.Items = append(out.Items, sale.Item{Label: LabelAmount, Value: amount.String()},
		sale.Item{Label: LabelStatus, Value: status})
	return out
}

// reason is the provider's error text, cleaned, as " (text)" or "".
func reason(a *answer) string {
	msg := string(a.Message)
	if len(a.Error) > 0 {
		var s providers.FlexString
		if providers.DecodeJSON(a.Error, &s) == nil {
			msg = string(s)
		} else {
			var obj struct {
				Message providers.FlexString `json:"message"`
			}
			if providers.DecodeJSON(a.Error, &obj) == nil {
				msg = string(obj.Message)
			}
		}
	}
	if m := providers.CleanMax(msg, 80); m != "" {
		return " (" + m + ")"
	}
	return ""
}
