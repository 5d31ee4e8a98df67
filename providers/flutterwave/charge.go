package flutterwave

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"till/providers"
	"till/sale"
)

const (
	pathCharge = "/tokenized-charges"
	// pathVerify is Flutterwave v3's "verify transaction with tx_ref"
	// (not in the document copy; see the package comment).
	pathVerify = "/transactions/verify_by_reference"
)

// Order.Params and Order.Secrets keys read by Send for a KindTenderCard
// order.
const (
	// SecretToken is the Order.Secrets key of the card token
	// (data.card.token of the card's first charge). Required.
	SecretToken = sale.CardSecretToken
	// ParamEmail is the customer's email as Flutterwave knows it. Required.
	ParamEmail = sale.CardParamEmail
	// ParamFirstName, ParamLastName or ParamFullName name the customer.
	ParamFirstName = "first_name"
	ParamLastName  = "last_name"
	ParamFullName  = sale.CardParamFullName
	// ParamCountry is the merchant's ISO country; by default the country
	// of the currency (NG for NGN, KE for KES, GH for GHS, ZA for ZAR).
	ParamCountry = "country"
	// ParamNarration replaces the default narration.
	ParamNarration = "narration"
)

// countries maps the currencies the till charges cards in to the
// merchant country sent by default.
var countries = map[sale.Currency]string{sale.NGN: "NG", sale.KES: "KE", sale.GHS: "GH", sale.ZAR: "ZA"}

// chargeRequest is the POST /tokenized-charges body. Token is the card
// token in clear: this struct is marshalled at once and never logged.
type chargeRequest struct {
	Token       string      `json:"token"`
	Email       string      `json:"email"`
	Currency    string      `json:"currency"`
	Country     string      `json:"country"`
	Amount      json.Number `json:"amount"`
	TxRef       string      `json:"tx_ref"`
	FirstName   string      `json:"first_name,omitempty"`
	LastName    string      `json:"last_name,omitempty"`
	FullName    string      `json:"full_name,omitempty"`
	Narration   string      `json:"narration,omitempty"`
	RedirectURL string      `json:"redirect_url,omitempty"`
}

// Send charges the saved card of s.Order (KindTenderCard) once under
// tx_ref = s.Ref and classifies the answer. Input that cannot be charged is
// refused with ResultNotSent before anything is sent. Send is only ever
// called once per sale by the engine (Settlement is SettleQuery); if it were
// called again, Flutterwave's duplicate tx_ref refusal is classified in
// doubt, never as a decline, and nothing is charged twice.
func (c *Client) Send(ctx context.Context, s sale.Sale) sale.Outcome {
	if s.Order.Provider != "" && s.Order.Provider != ProviderName {
		return providers.NotSent("wrong_provider", fmt.Sprintf("This sale belongs to %q, not Flutterwave; nothing was sent.", providers.CleanMax(s.Order.Provider, 20)))
	}
	if s.Order.Kind == sale.KindBulkCardCharge {
		return c.sendBulk(ctx, s) // bulk_sale.go
	}
	if s.Order.Kind != sale.KindTenderCard {
		return providers.NotSent("unsupported", fmt.Sprintf("The till charges saved cards only through Flutterwave, not %q; nothing was sent.", providers.CleanMax(string(s.Order.Kind), 30)))
	}
	req, err := c.chargeRequest(s)
	if err != nil {
		return providers.NotSent("invalid_request", fmt.Sprintf("%s; nothing was charged.", err.Error()))
	}
	body, err := json.Marshal(req)
	if err != nil {
		return providers.NotSent("invalid_request", "The till could not encode the charge; nothing was charged.")
	}
	want := expect{ref: s.Ref, amount: s.Order.Amount, secrets: []string{req.Token, c.key.Reveal()}, t: &c.tables}
	var out sale.Outcome
	resp, err := c.do(ctx, http.MethodPost, pathCharge, body, s.Ref)
	if err != nil {
		out = providers.TransportOutcome(DisplayName, err)
	} else {
		out = parseCharge(resp.Status, resp.Body, want)
	}
	c.log.LogAttrs(ctx, levelFor(out.Result), "flutterwave charge",
		slog.String("ref", string(s.Ref)), slog.String("result", string(out.Result)), slog.String("code", out.Code))
	return out
}

// chargeRequest builds the charge from the journaled sale alone, so it is
// the same request whenever it is built.
func (c *Client) chargeRequest(s sale.Sale) (chargeRequest, error) {
	if err := s.Ref.Validate(); err != nil {
		return chargeRequest{}, err
	}
	o := s.Order
	country, ok := countries[o.Amount.Currency]
	if !ok {
		return chargeRequest{}, fmt.Errorf("cards are charged in NGN, KES, GHS or ZAR, not %q", string(o.Amount.Currency))
	}
	if o.Amount.Minor <= 0 {
		return chargeRequest{}, fmt.Errorf("the amount must be more than zero")
	}
	token := o.Secrets[SecretToken]
	if err := validToken(token); err != nil {
		return chargeRequest{}, err
	}
	email := o.Params[ParamEmail]
	if err := validEmail(email); err != nil {
		return chargeRequest{}, err
	}
	if v := o.Params[ParamCountry]; v != "" {
		if len(v) != 2 || strings.ToUpper(v) != v || strings.Trim(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			return chargeRequest{}, fmt.Errorf("country %q must be a 2-letter ISO code like NG", providers.CleanMax(v, 8))
		}
		country = v
	}
	narration := providers.CleanMax(o.Params[ParamNarration], 100)
	if narration == "" {
		narration = "Till payment " + string(s.Ref)
	}
	return chargeRequest{
		Token: token, Email: email, Currency: string(o.Amount.Currency), Country: country,
		Amount: majorNumber(o.Amount), TxRef: string(s.Ref),
		FirstName: providers.CleanMax(o.Params[ParamFirstName], 60),
		LastName:  providers.CleanMax(o.Params[ParamLastName], 60),
		FullName:  providers.CleanMax(o.Params[ParamFullName], 120),
		Narration: narration, RedirectURL: c.redirect,
	}, nil
}

// Check verifies a pending or in-doubt card charge by its tx_ref (our
// reference): successful ⇒ delivered, failed ⇒ declined, pending ⇒
// pending; not found or no readable answer ⇒ in doubt. It never charges.
func (c *Client) Check(ctx context.Context, s sale.Sale) sale.Outcome {
	if s.Order.Kind != sale.KindTenderCard {
		return providers.InDoubt("unsupported", "Only card tenders can be verified with Flutterwave; a supervisor must settle this sale.")
	}
	want := expect{ref: s.Ref, amount: s.Order.Amount, secrets: []string{s.Order.Secrets[SecretToken], c.key.Reveal()}, t: &c.tables}
	var out sale.Outcome
	resp, err := c.do(ctx, http.MethodGet, pathVerify+"?tx_ref="+url.QueryEscape(string(s.Ref)), nil, s.Ref)
	if err != nil {
		out = providers.InDoubt(providers.TransportOutcome(DisplayName, err).Code,
			"Flutterwave could not be reached to verify the charge; the till will check again.")
	} else {
		out = parseVerify(resp.Status, resp.Body, want)
	}
	c.log.LogAttrs(ctx, levelFor(out.Result), "flutterwave verify",
		slog.String("ref", string(s.Ref)), slog.String("result", string(out.Result)), slog.String("code", out.Code))
	return out
}

// VerifyByReference returns the charge Flutterwave holds under txRef
// (GET /transactions/verify_by_reference). An *Error with Code "not_found"
// means Flutterwave has none — which, for a charge whose answer was lost,
// does not prove it will never appear.
func (c *Client) VerifyByReference(ctx context.Context, txRef string) (Transaction, error) {
	resp, err := c.do(ctx, http.MethodGet, pathVerify+"?tx_ref="+url.QueryEscape(txRef), nil, "")
	if err != nil {
		return Transaction{}, callError("verify", err)
	}
	env, raw, err := c.read(resp, "verify")
	if err != nil {
		if strings.Contains(strings.ToLower(string(env.Message)), "no transaction was found") {
			return Transaction{}, &Error{Result: sale.ResultInDoubt, Code: "not_found", Message: "Flutterwave has no transaction under this reference."}
		}
		return Transaction{}, err
	}
	t, derr := decodeTx(raw, "")
	if derr != nil {
		return Transaction{}, &Error{Result: sale.ResultInDoubt, Code: "malformed", Message: "Flutterwave's transaction could not be read."}
	}
	return t, nil
}

// read checks a non-engine answer: HTTP 200 or 201 with status "success".
// It returns the envelope (also on error, for its message) and data.
// secrets are scrubbed from the provider's message.
func (c *Client) read(resp *providers.Response, what string, secrets ...string) (envelope, json.RawMessage, error) {
	var env envelope
	derr := providers.DecodeJSON(resp.Body, &env)
	msg := text(string(env.Message), 80, append(secrets, c.key.Reveal())...)
	switch {
	case resp.Status == http.StatusUnauthorized || resp.Status == http.StatusForbidden:
		return env, nil, &Error{Result: sale.ResultDeclined, Code: "unauthorized", Message: fmt.Sprintf("Flutterwave %s: the secret key was refused (HTTP %d)", what, resp.Status)}
	case resp.Status >= 500:
		return env, nil, &Error{Result: sale.ResultInDoubt, Code: httpCode(resp.Status), Message: fmt.Sprintf("Flutterwave %s: server error (HTTP %d)", what, resp.Status)}
	case derr != nil:
		return env, nil, &Error{Result: sale.ResultInDoubt, Code: "malformed", Message: fmt.Sprintf("Flutterwave %s: the answer could not be read", what)}
	case strings.EqualFold(string(env.Status), "success") && (resp.Status == http.StatusOK || resp.Status == http.StatusCreated):
		return env, env.Data, nil
	case strings.Contains(strings.ToLower(msg), "duplicate"):
		return env, nil, &Error{Result: sale.ResultInDoubt, Code: "duplicate_tx_ref", Message: fmt.Sprintf("Flutterwave %s refused a reference it has already seen (%s): an earlier request may have been applied", what, msg)}
	case strings.EqualFold(string(env.Status), "error") && resp.Status >= 400 && resp.Status < 500:
		return env, nil, &Error{Result: sale.ResultDeclined, Code: httpCode(resp.Status), Message: fmt.Sprintf("Flutterwave %s refused: %s", what, msg)}
	}
	return env, nil, &Error{Result: sale.ResultInDoubt, Code: httpCode(resp.Status), Message: fmt.Sprintf("Flutterwave %s: unexpected answer (HTTP %d, %s)", what, resp.Status, msg)}
}

// validToken checks a card token's shape without ever echoing it.
func validToken(t string) error {
	if t == "" {
		return fmt.Errorf("the card token is missing")
	}
	if len(t) > 200 {
		return fmt.Errorf("the card token is too long")
	}
	for i := 0; i < len(t); i++ {
		if t[i] <= ' ' || t[i] >= 0x7f || t[i] == '/' || t[i] == '?' || t[i] == '#' || t[i] == '%' {
			return fmt.Errorf("the card token has characters a token cannot have")
		}
	}
	return nil
}

// validEmail checks an email address enough to catch typing mistakes.
func validEmail(e string) error {
	local, domain, ok := strings.Cut(e, "@")
	if !ok || local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.Contains(domain, "@") || len(e) > 254 || providers.Clean(e) != e || strings.ContainsAny(e, " \"<>,;") {
		return fmt.Errorf("email %q is not a valid address", providers.CleanMax(e, 40))
	}
	return nil
}

// majorNumber is m in major units as an exact JSON number, without a
// fraction of zeros: 2000 for NGN 2000.00, 20.50 for NGN 20.50.
func majorNumber(m sale.Money) json.Number {
	p := m.Plain()
	if whole, frac, ok := strings.Cut(p, "."); ok && strings.Trim(frac, "0") == "" {
		p = whole
	}
	return json.Number(p)
}
