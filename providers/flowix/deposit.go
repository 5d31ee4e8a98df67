package flowix

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"till/providers"
	"till/sale"
)

// depositRequest is deposit/create. It carries no reference of ours.
type depositRequest struct {
	Amount        int64  `json:"amount"`
	MethodCode    string `json:"method_code"`
	FeeByCustomer bool   `json:"fee_by_customer"`
}

// depositCreated is the data of deposit/create.
type depositCreated struct {
	RefID          providers.FlexString `json:"ref_id"`
	AmountRequest  json.Number          `json:"amount_request"`
	AmountTotal    json.Number          `json:"amount_total"`
	AmountReceived json.Number          `json:"amount_received"`
	FeeCharged     json.Number          `json:"fee_charged"`
	ExpiredAt      providers.FlexString `json:"expired_at"`
	PaymentData    struct {
		QR *struct {
			String providers.FlexString `json:"string"`
		} `json:"qr"`
		PayURL      providers.FlexString `json:"pay_url"`
		VANumber    providers.FlexString `json:"va_number"`
		BankAccount providers.FlexString `json:"bank_account"`
		BankName    providers.FlexString `json:"bank_name"`
		AccountName providers.FlexString `json:"account_name"`
	} `json:"payment_data"`
}

// sendDeposit creates a deposit ticket. A created ticket is ResultPending
// with PendingID = Flowix's DEP-… reference and items for the screen: the
// amounts, the expiry (RFC 3339, under ItemExpires) and the QRIS payload
// under ItemQRIS — only when it parses as EMVCo with a good CRC, is in
// rupiah and asks for exactly amount_total, so a bad code is never drawn.
func (c *Client) sendDeposit(ctx context.Context, s sale.Sale) sale.Outcome {
	method := s.Order.Params[ParamMethod]
	if method == "" {
		method = "QRIS"
	}
	var feeByCustomer bool
	switch s.Order.Params[ParamFeeByCustomer] {
	case "true":
		feeByCustomer = true
	case "false", "":
	default:
		return providers.NotSent("invalid_request", "fee_by_customer must be true or false; nothing was sent.")
	}
	if !codeSafe(method) {
		return providers.NotSent("invalid_method", "No valid deposit method was chosen; nothing was sent.")
	}
	if s.Order.Amount.Minor <= 0 {
		return providers.NotSent("invalid_amount", "A deposit needs an amount; nothing was sent.")
	}
	req := depositRequest{Amount: s.Order.Amount.Minor, MethodCode: method, FeeByCustomer: feeByCustomer}
	data, err := c.call(ctx, http.MethodPost, "/deposit/create", req, s.Ref)
	if err != nil {
		return failure(err)
	}
	var d depositCreated
	if providers.DecodeJSON(data, &d) != nil {
		return providers.InDoubt("malformed", "Flowix's deposit answer could not be read. A supervisor must check it.")
	}
	return depositPending(s, d)
}

// depositPending turns a created ticket into its outcome.
func depositPending(s sale.Sale, d depositCreated) sale.Outcome {
	dep := string(d.RefID)
	if !codeSafe(dep) {
		return providers.InDoubt("malformed", "Flowix created a deposit without a usable reference. A supervisor must check it.")
	}
	out := providers.NewOutcome(sale.ResultPending, "pending", "")
	out.ProviderRef, out.PendingID = dep, dep
	out.Items = []sale.Item{{Label: ItemDeposit, Value: dep}}
	add := func(label string, n json.Number) (sale.Money, bool) {
		m, err := rupiah(n)
		if err != nil {
			return sale.Money{}, false
		}
		out.Items = append(out.Items, sale.Item{Label: label, Value: m.String()})
		return m, true
	}
	requested, okReq := add(ItemAmount, d.AmountRequest)
	add(ItemFee, d.FeeCharged)
	total, okTotal := add(ItemTotal, d.AmountTotal)
	add(ItemReceived, d.AmountReceived)
	expires := parseTime(string(d.ExpiredAt))
	if !expires.IsZero() {
		out.Items = append(out.Items, sale.Item{Label: ItemExpires, Value: expires.Format(time.RFC3339)})
	}
	if okReq {
		out.Amount = requested
	}

	problem := ""
	switch {
	case !okReq || requested != s.Order.Amount:
		problem = fmt.Sprintf("Flowix created the deposit for another amount than %s", s.Order.Amount)
	case !okTotal || total.Minor < requested.Minor:
		problem = "Flowix did not say plainly what the customer must pay"
	}
	pd := d.PaymentData
	if pd.QR != nil && pd.QR.String != "" && problem == "" {
		q, err := ParseQRIS(string(pd.QR.String))
		switch {
		case err != nil:
			problem = "Flowix's QR code failed its check (" + err.Error() + ")"
		case q.Amount.Minor != 0 && q.Amount != total:
			problem = fmt.Sprintf("Flowix's QR code asks for %s, not %s", q.Amount, total)
		default:
			out.Items = append(out.Items, sale.Item{Label: ItemQRIS, Value: q.Payload})
			if q.MerchantName != "" {
				out.Items = append(out.Items, sale.Item{Label: ItemMerchant, Value: q.MerchantName + ", " + q.MerchantCity})
			}
		}
	}
	for _, kv := range []struct {
		label string
		v     providers.FlexString
	}{{ItemVANumber, pd.VANumber}, {ItemBank, pd.BankName}, {ItemAccountName, pd.AccountName}, {ItemPayURL, pd.PayURL}} {
		if v := providers.CleanMax(string(kv.v), 120); v != "" && problem == "" {
			out.Items = append(out.Items, sale.Item{Label: kv.label, Value: v})
		}
	}
	if problem != "" {
		out.Code = "unusable"
		out.Message = providers.CleanMax(problem+"; it must not be paid. Cancel the deposit ("+dep+").", providers.MaxMessage)
		return out
	}
	msg := fmt.Sprintf("Waiting for the customer to pay %s.", total)
	if !expires.IsZero() {
		msg = fmt.Sprintf("Waiting for the customer to pay %s before %s.", total, expires.Format("15:04 MST"))
	}
	out.Message = providers.CleanMax(msg, providers.MaxMessage)
	return out
}
