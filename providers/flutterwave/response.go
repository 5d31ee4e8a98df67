package flutterwave

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"till/providers"
	"till/sale"
)

// Receipt item labels of a card tender.
const (
	// ApprovalLabel marks the item of a pending charge whose value is the
	// 3-D Secure approval URL: the screen shows it as a QR code for the
	// customer's phone.
	ApprovalLabel = sale.CardApprovalLabel
	LabelCard     = "Card"
	LabelFlwRef   = "Flutterwave ref"
	LabelResponse = "Processor"
	LabelCharged  = "Charged"
)

// Transaction is a charge as Flutterwave reports it. Amounts are exact.
type Transaction struct {
	ID                string
	TxRef             string
	FlwRef            string
	Status            string // "successful", "pending" or "failed"
	Amount            sale.Money
	ChargedAmount     sale.Money
	AppFee            sale.Money
	MerchantFee       sale.Money
	AmountSettled     sale.Money
	ProcessorResponse string
	AuthModel         string
	PaymentType       string
	Narration         string
	CreatedAt         string
	Card              Card
	Customer          Customer
	// RedirectURL is the 3-D Secure approval page of a pending charge.
	RedirectURL string
}

// Card is the charged card as Flutterwave describes it (never its token).
type Card struct {
	First6, Last4, Issuer, Country, Brand, Expiry string
}

// Customer is the card holder as Flutterwave knows them.
type Customer struct {
	ID, Name, Email, Phone string
}

// envelope is every Flutterwave answer.
type envelope struct {
	Status  providers.FlexString `json:"status"`
	Message providers.FlexString `json:"message"`
	Data    json.RawMessage      `json:"data"`
}

// wireTx is a transaction object as sent. card.token is deliberately not
// decoded: it must not reach an Outcome.
type wireTx struct {
	ID                providers.FlexString  `json:"id"`
	TxRef             *providers.FlexString `json:"tx_ref"`
	FlwRef            providers.FlexString  `json:"flw_ref"`
	Amount            *json.Number          `json:"amount"`
	ChargedAmount     *json.Number          `json:"charged_amount"`
	AppFee            *json.Number          `json:"app_fee"`
	MerchantFee       *json.Number          `json:"merchant_fee"`
	AmountSettled     *json.Number          `json:"amount_settled"`
	ProcessorResponse providers.FlexString  `json:"processor_response"`
	AuthModel         providers.FlexString  `json:"auth_model"`
	Currency          providers.FlexString  `json:"currency"`
	Narration         providers.FlexString  `json:"narration"`
	Status            providers.FlexString  `json:"status"`
	PaymentType       providers.FlexString  `json:"payment_type"`
	CreatedAt         providers.FlexString  `json:"created_at"`
	Card              *struct {
		First6  providers.FlexString `json:"first_6digits"`
		Last4   providers.FlexString `json:"last_4digits"`
		Issuer  providers.FlexString `json:"issuer"`
		Country providers.FlexString `json:"country"`
		Type    providers.FlexString `json:"type"`
		Expiry  providers.FlexString `json:"expiry"`
	} `json:"card"`
	Customer *struct {
		ID    providers.FlexString `json:"id"`
		Name  providers.FlexString `json:"name"`
		Email providers.FlexString `json:"email"`
		Phone providers.FlexString `json:"phone_number"`
	} `json:"customer"`
	Meta json.RawMessage `json:"meta"`
}

// isObject reports whether raw is a JSON object (not null, not absent).
func isObject(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '{'
}

// decodeTx decodes one transaction object. fallback is the currency used
// when the object names none.
func decodeTx(raw json.RawMessage, fallback sale.Currency) (Transaction, error) {
	var w wireTx
	if err := providers.DecodeJSON(raw, &w); err != nil {
		return Transaction{}, err
	}
	return w.transaction(fallback)
}

// transaction converts w, cleaning every string and every amount exactly.
func (w *wireTx) transaction(fallback sale.Currency) (Transaction, error) {
	cur := sale.Currency(strings.ToUpper(strings.TrimSpace(string(w.Currency))))
	if cur == "" {
		cur = fallback
	}
	if !cur.Valid() {
		return Transaction{}, fmt.Errorf("unknown currency %q", providers.CleanMax(string(cur), 8))
	}
	t := Transaction{
		ID: cl(w.ID), FlwRef: cl(w.FlwRef), Status: strings.ToLower(cl(w.Status)),
		ProcessorResponse: cl(w.ProcessorResponse), AuthModel: cl(w.AuthModel), PaymentType: cl(w.PaymentType),
		Narration: cl(w.Narration), CreatedAt: cl(w.CreatedAt),
	}
	if w.TxRef != nil {
		t.TxRef = cl(*w.TxRef)
	}
	for _, f := range []struct {
		n   *json.Number
		dst *sale.Money
	}{{w.Amount, &t.Amount}, {w.ChargedAmount, &t.ChargedAmount}, {w.AppFee, &t.AppFee}, {w.MerchantFee, &t.MerchantFee}, {w.AmountSettled, &t.AmountSettled}} {
		if f.n == nil {
			*f.dst = sale.New(0, cur)
			continue
		}
		m, err := providers.MoneyFromMajor(*f.n, cur)
		if err != nil {
			return Transaction{}, err
		}
		*f.dst = m
	}
	if c := w.Card; c != nil {
		t.Card = Card{First6: cl(c.First6), Last4: cl(c.Last4), Issuer: cl(c.Issuer), Country: cl(c.Country), Brand: cl(c.Type), Expiry: cl(c.Expiry)}
	}
	if c := w.Customer; c != nil {
		t.Customer = Customer{ID: cl(c.ID), Name: cl(c.Name), Email: cl(c.Email), Phone: cl(c.Phone)}
	}
	if isObject(w.Meta) {
		var meta struct {
			Authorization *struct {
				Redirect providers.FlexString `json:"redirect"`
			} `json:"authorization"`
		}
		if providers.DecodeJSON(w.Meta, &meta) == nil && meta.Authorization != nil {
			t.RedirectURL = approvalURL(string(meta.Authorization.Redirect))
		}
	}
	return t, nil
}

func cl(s providers.FlexString) string { return providers.CleanMax(string(s), 120) }

// approvalURL returns u if it is a usable absolute http(s) URL, else "".
func approvalURL(u string) string {
	u = providers.Clean(u)
	if len(u) > 2048 || strings.ContainsAny(u, " \"<>") {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" || p.User != nil {
		return ""
	}
	return u
}

// expect is what the till asked for.
type expect struct {
	ref     sale.Reference
	amount  sale.Money
	secrets []string // scrubbed from provider text
	t       *tables  // the client's assumed values; nil: the defaults
}

func (w expect) tables() *tables {
	if w.t != nil {
		return w.t
	}
	return &defaultTables
}

// parseCharge classifies a POST /tokenized-charges answer.
//
//   - status "success" with data.status "successful" (our tx_ref, amount
//     and currency): delivered; "pending": pending (3-D Secure); "failed":
//     declined.
//   - status "error" with data.status "failed", or with a message on the
//     decline allow-list: declined. A duplicate tx_ref: in doubt (an
//     earlier charge under it may have succeeded).
//   - 401/403: declined, the secret key was refused before anything ran.
//   - anything else — 5xx, unknown statuses or messages, unreadable
//     bodies — in doubt, settled by verifying the tx_ref.
func parseCharge(status int, body []byte, want expect) sale.Outcome {
	switch {
	case status == http.StatusOK, status == http.StatusCreated, status == http.StatusBadRequest,
		status == http.StatusPaymentRequired, status == http.StatusNotFound, status == http.StatusConflict,
		status == http.StatusUnprocessableEntity:
	case status == http.StatusUnauthorized, status == http.StatusForbidden:
		return providers.Declined("unauthorized", fmt.Sprintf(
			"Flutterwave refused the till's secret key (HTTP %d). The card was not charged; check the Flutterwave settings.", status))
	case status >= 500:
		return providers.InDoubt(httpCode(status), fmt.Sprintf(
			"Flutterwave had a server error (HTTP %d). The card may have been charged; the till will verify it.", status))
	default:
		return providers.InDoubt(httpCode(status), fmt.Sprintf(
			"Flutterwave gave an unexpected answer (HTTP %d). The card may have been charged; the till will verify it.", status))
	}
	env, tx, ok := decodeAnswer(body, want)
	if !ok {
		return providers.InDoubt("malformed", "Flutterwave's answer could not be read. The card may have been charged; the till will verify it.")
	}
	msg := text(string(env.Message), 80, want.secrets...)
	switch strings.ToLower(string(env.Status)) {
	case "success":
		if tx == nil {
			return providers.InDoubt("malformed", "Flutterwave said success but sent no charge. The till will verify it.")
		}
		if status != http.StatusOK && status != http.StatusCreated {
			return providers.InDoubt(httpCode(status), fmt.Sprintf("Flutterwave said success with HTTP %d. The till will verify the charge.", status))
		}
		return classify(*tx, want)
	case "error":
		if tx != nil && tx.Status != "" {
			if want.tables().statuses.Result(normStatus(tx.Status)) == sale.ResultDeclined {
				return classify(*tx, want)
			}
			return providers.InDoubt("contradictory", fmt.Sprintf(
				"Flutterwave answered an error (%s) about a %s charge. The till will verify it.", msg, providers.CleanMax(tx.Status, 20)))
		}
		if strings.Contains(strings.ToLower(msg), "duplicate") {
			return providers.InDoubt("duplicate_tx_ref",
				"Flutterwave already has a charge under this sale's reference. The card is NOT charged again; the till will verify the first charge.")
		}
		if code, ok := want.tables().declineCode(msg); ok {
			out := providers.Declined(code, fmt.Sprintf("The card was declined (%s). Nothing was charged.", msg))
			out.ProviderMessage = msg // the message quotes it
			return out
		}
		out := providers.InDoubt("error", fmt.Sprintf(
			"Flutterwave answered an error that is not a decline in [flutterwave.decline_messages] (%s). The card may have been charged; the till will verify it.", msg))
		out.ProviderMessage = msg
		return out
	}
	return providers.InDoubt("malformed", "Flutterwave's answer had no known status. The card may have been charged; the till will verify it.")
}

// parseVerify classifies a GET /transactions/verify_by_reference answer.
// A check that fails in any way is in doubt, never a decline; "No
// transaction was found" is in doubt too (see the package comment).
func parseVerify(status int, body []byte, want expect) sale.Outcome {
	if status >= 500 {
		return providers.InDoubt(httpCode(status), fmt.Sprintf("Flutterwave could not be checked (HTTP %d); the till will check again.", status))
	}
	env, tx, ok := decodeAnswer(body, want)
	if !ok {
		return providers.InDoubt("malformed", "Flutterwave's verification could not be read; the till will check again.")
	}
	msg := text(string(env.Message), 80, want.secrets...)
	if strings.EqualFold(string(env.Status), "success") && tx != nil && status == http.StatusOK {
		return classify(*tx, want)
	}
	if strings.Contains(strings.ToLower(msg), "no transaction was found") {
		return providers.InDoubt("not_found",
			"Flutterwave has no charge under this sale's reference yet. Do NOT charge the card again; the till checks again and then asks a supervisor.")
	}
	return providers.InDoubt(httpCode(status), fmt.Sprintf("Flutterwave's verification did not settle the charge (HTTP %d, %s); the till will check again.", status, msg))
}

// decodeAnswer decodes the envelope and, when data is an object, the
// transaction in it. ok is false when the body cannot be read.
func decodeAnswer(body []byte, want expect) (envelope, *Transaction, bool) {
	var env envelope
	if err := providers.DecodeJSON(body, &env); err != nil || env.Status == "" {
		return env, nil, false
	}
	if !isObject(env.Data) {
		return env, nil, true
	}
	tx, err := decodeTx(env.Data, want.amount.Currency)
	if err != nil {
		return env, nil, false
	}
	return env, &tx, true
}

// classify turns a transaction about our tx_ref into an outcome.
func classify(t Transaction, want expect) sale.Outcome {
	if t.TxRef != string(want.ref) {
		return providers.InDoubt("reference_mismatch", fmt.Sprintf(
			"Flutterwave answered about another reference (%q). The till will verify the charge.", providers.CleanMax(t.TxRef, 40)))
	}
	switch want.tables().statuses.Result(normStatus(t.Status)) {
	case sale.ResultDelivered:
		if t.Amount.Currency != want.amount.Currency || t.Amount.Minor != want.amount.Minor {
			return providers.InDoubt("amount_mismatch", fmt.Sprintf(
				"Flutterwave charged %s but the till asked for %s. A supervisor must check it.", t.Amount, want.amount))
		}
		out := providers.NewOutcome(sale.ResultDelivered, normStatus(t.Status), "Card charged")
		out.ProviderRef, out.Amount, out.Items = t.ID, t.Amount, cardItems(t)
		if !t.ChargedAmount.IsZero() {
			out.Items = append(out.Items, sale.Item{Label: LabelCharged, Value: t.ChargedAmount.String()})
		}
		return out
	case sale.ResultPending:
		msg := "The card needs the customer's approval: the till checks the charge until it is approved or refused."
		var items []sale.Item
		if t.RedirectURL != "" {
			msg = "The card needs the customer's approval (3-D Secure): let the customer scan the QR code and approve on their phone."
			items = append(items, sale.Item{Label: ApprovalLabel, Value: t.RedirectURL})
		}
		out := providers.NewOutcome(sale.ResultPending, normStatus(t.Status), msg)
		out.ProviderRef, out.Items = t.ID, append(items, cardItems(t)...)
		out.PendingID = t.ID
		if out.PendingID == "" {
			out.PendingID = t.FlwRef
		}
		return out
	case sale.ResultDeclined:
		why := t.ProcessorResponse
		if why == "" {
			why = "declined"
		}
		out := providers.Declined(normStatus(t.Status), fmt.Sprintf("The card was declined (%s). Nothing was charged.", why))
		out.ProviderRef, out.Items = t.ID, cardItems(t)
		out.ProviderMessage = t.ProcessorResponse
		return out
	}
	return providers.InDoubt("unknown_status", fmt.Sprintf(
		"Flutterwave reports the charge as %q, which is not in [flutterwave.statuses]. It will verify it again.", providers.CleanMax(t.Status, 20)))
}

func cardItems(t Transaction) []sale.Item {
	var items []sale.Item
	if t.Card.Last4 != "" {
		v := "**** " + t.Card.Last4
		if t.Card.Brand != "" {
			v = t.Card.Brand + " " + v
		}
		items = append(items, sale.Item{Label: LabelCard, Value: v})
	}
	if t.FlwRef != "" {
		items = append(items, sale.Item{Label: LabelFlwRef, Value: t.FlwRef})
	}
	if t.ProcessorResponse != "" {
		items = append(items, sale.Item{Label: LabelResponse, Value: t.ProcessorResponse})
	}
	return items
}
