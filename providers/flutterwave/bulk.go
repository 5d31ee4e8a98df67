package flutterwave

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"till/providers"
	"till/sale"
)

const pathBulk = "/bulk-tokenized-charges"

// MaxBulkItems bounds one bulk charge built by the till.
const MaxBulkItems = 1000

// RetryStrategy is what Flutterwave does, on its side, about a bulk item
// whose charge fails. Each retry is under the item's own tx_ref.
type RetryStrategy struct {
	// Interval is the minutes between retries.
	Interval int `json:"retry_interval"`
	// AmountVariable is the percentage of the amount retried after
	// AttemptVariable attempts.
	AmountVariable int `json:"retry_amount_variable"`
	// AttemptVariable is the number of attempts before the amount changes.
	AttemptVariable int `json:"retry_attempt_variable"`
	// LastAttempt is the most retries; zero leaves Flutterwave's default (10).
	LastAttempt int `json:"last_retry_attempt,omitempty"`
}

// BulkItem is one saved card to charge in a bulk charge.
type BulkItem struct {
	// Token is the card token; it is never logged or shown.
	Token providers.Secret
	Email string
	// Amount is charged exactly, in its currency (NGN, KES, GHS or ZAR).
	Amount sale.Money
	// Country defaults to the currency's country.
	Country string
	// TxRef is the item's unique reference (A–Z a–z 0–9 - . =, at most 40):
	// what VerifyByReference looks it up by.
	TxRef     string
	FirstName string
	LastName  string
	IP        string
}

// BulkCharge is a bulk charge Flutterwave accepted.
type BulkCharge struct {
	ID        int
	CreatedAt string
	Approver  string
}

// BulkStatus is the progress of a bulk charge.
type BulkStatus struct {
	ID        int
	Title     string
	Approver  string
	Processed int
	Pending   int
	Total     int
}

// bulkItem is one bulk_data entry; Token is in clear, marshalled at once.
type bulkItem struct {
	Currency  string      `json:"currency"`
	Token     string      `json:"token"`
	Country   string      `json:"country"`
	Amount    json.Number `json:"amount"`
	Email     string      `json:"email"`
	TxRef     string      `json:"tx_ref"`
	FirstName string      `json:"first_name,omitempty"`
	LastName  string      `json:"last_name,omitempty"`
	IP        string      `json:"ip,omitempty"`
}

// BulkCharge asks Flutterwave to charge many saved cards
// (POST /bulk-tokenized-charges); the charges are processed later — follow
// them with BulkStatus and BulkTransactions. It is sent once: an *Error
// whose Result is ResultInDoubt means the bulk may exist, and it must NOT be
// sent again; verify each item's tx_ref with VerifyByReference instead.
func (c *Client) BulkCharge(ctx context.Context, title string, retry RetryStrategy, items []BulkItem) (BulkCharge, error) {
	invalid := func(format string, args ...any) (BulkCharge, error) {
		return BulkCharge{}, &Error{Result: sale.ResultNotSent, Code: "invalid_request",
			Message: "Flutterwave bulk charge: " + fmt.Sprintf(format, args...) + "; nothing was sent"}
	}
	title = providers.CleanMax(title, 100)
	switch {
	case title == "":
		return invalid("a title is needed")
	case len(items) == 0:
		return invalid("there is nothing to charge")
	case len(items) > MaxBulkItems:
		return invalid("at most %d cards at once", MaxBulkItems)
	case retry.Interval < 0 || retry.AmountVariable < 0 || retry.AmountVariable > 100 || retry.AttemptVariable < 0 || retry.LastAttempt < 0:
		return invalid("the retry strategy must be positive, its amount a percentage")
	}
	wire := make([]bulkItem, 0, len(items))
	secrets := make([]string, 0, len(items))
	seen := map[string]bool{}
	for i, it := range items {
		country, ok := countries[it.Amount.Currency]
		if !ok || it.Amount.Minor <= 0 {
			return invalid("item %d: the amount must be more than zero in NGN, KES, GHS or ZAR", i+1)
		}
		if it.Country != "" {
			country = it.Country
		}
		if err := sale.Reference(it.TxRef).Validate(); err != nil || seen[it.TxRef] {
			return invalid("item %d: tx_ref %q must be unique, at most 40 of A-Z a-z 0-9 - . =", i+1, providers.CleanMax(it.TxRef, 44))
		}
		seen[it.TxRef] = true
		if err := validToken(it.Token.Reveal()); err != nil {
			return invalid("item %d: %v", i+1, err)
		}
		if err := validEmail(it.Email); err != nil {
			return invalid("item %d: %v", i+1, err)
		}
		secrets = append(secrets, it.Token.Reveal())
		wire = append(wire, bulkItem{
			Currency: string(it.Amount.Currency), Token: it.Token.Reveal(), Country: country,
			Amount: majorNumber(it.Amount), Email: it.Email, TxRef: it.TxRef,
			FirstName: providers.CleanMax(it.FirstName, 60), LastName: providers.CleanMax(it.LastName, 60),
			IP: providers.CleanMax(it.IP, 45),
		})
	}
	body, err := json.Marshal(struct {
		Title string        `json:"title"`
		Retry RetryStrategy `json:"retry_strategy"`
		Data  []bulkItem    `json:"bulk_data"`
	}{title, retry, wire})
	if err != nil {
		return invalid("could not encode the request")
	}
	bc, err := c.bulkCharge(ctx, body, secrets)
	result := sale.ResultDelivered
	if fe := (*Error)(nil); errors.As(err, &fe) {
		result = fe.Result
	}
	c.log.LogAttrs(ctx, levelFor(result), "flutterwave bulk charge",
		slog.Int("items", len(items)), slog.Int("id", bc.ID), slog.String("result", string(result)))
	return bc, err
}

func (c *Client) bulkCharge(ctx context.Context, body []byte, secrets []string) (BulkCharge, error) {
	resp, err := c.do(ctx, http.MethodPost, pathBulk, body, "")
	if err != nil {
		return BulkCharge{}, callError("bulk charge", err)
	}
	_, raw, err := c.read(resp, "bulk charge", secrets...)
	if err != nil {
		return BulkCharge{}, err
	}
	var d struct {
		ID        providers.FlexString `json:"id"`
		CreatedAt providers.FlexString `json:"created_at"`
		Approver  providers.FlexString `json:"approver"`
	}
	id, ok := 0, false
	if providers.DecodeJSON(raw, &d) == nil {
		id, ok = positive(d.ID)
	}
	if !ok {
		return BulkCharge{}, &Error{Result: sale.ResultInDoubt, Code: "malformed",
			Message: "Flutterwave bulk charge: accepted without a readable id; it may exist: do not send it again"}
	}
	return BulkCharge{ID: id, CreatedAt: cl(d.CreatedAt), Approver: cl(d.Approver)}, nil
}

// BulkStatus returns the progress of bulk charge id
// (GET /bulk-tokenized-charges/{id}).
func (c *Client) BulkStatus(ctx context.Context, id int) (BulkStatus, error) {
	raw, err := c.bulkGet(ctx, id, "", "bulk status")
	if err != nil {
		return BulkStatus{}, err
	}
	var d struct {
		ID        providers.FlexString `json:"id"`
		Title     providers.FlexString `json:"title"`
		Approver  providers.FlexString `json:"approver"`
		Processed providers.FlexString `json:"processed_charges"`
		Pending   providers.FlexString `json:"pending_charges"`
		Total     providers.FlexString `json:"total_charges"`
	}
	bad := &Error{Result: sale.ResultInDoubt, Code: "malformed", Message: "Flutterwave bulk status: the answer could not be read"}
	if providers.DecodeJSON(raw, &d) != nil {
		return BulkStatus{}, bad
	}
	st := BulkStatus{Title: cl(d.Title), Approver: cl(d.Approver)}
	var ok [4]bool
	st.ID, ok[0] = positive(d.ID)
	st.Processed, ok[1] = count(d.Processed)
	st.Pending, ok[2] = count(d.Pending)
	st.Total, ok[3] = count(d.Total)
	if ok != [4]bool{true, true, true, true} || st.ID != id {
		return BulkStatus{}, bad
	}
	return st, nil
}

// BulkTransactions returns the charges made so far for bulk charge id
// (GET /bulk-tokenized-charges/{id}/transactions), amounts exact. A tx_ref
// may appear more than once when Flutterwave retried it.
func (c *Client) BulkTransactions(ctx context.Context, id int) ([]Transaction, error) {
	raw, err := c.bulkGet(ctx, id, "/transactions", "bulk transactions")
	if err != nil {
		return nil, err
	}
	var list []json.RawMessage
	if providers.DecodeJSON(raw, &list) != nil {
		return nil, &Error{Result: sale.ResultInDoubt, Code: "malformed", Message: "Flutterwave bulk transactions: the answer could not be read"}
	}
	out := make([]Transaction, 0, len(list))
	for i, r := range list {
		t, err := decodeTx(r, "")
		if err != nil {
			return nil, &Error{Result: sale.ResultInDoubt, Code: "malformed",
				Message: fmt.Sprintf("Flutterwave bulk transactions: transaction %d could not be read", i+1)}
		}
		out = append(out, t)
	}
	return out, nil
}

func (c *Client) bulkGet(ctx context.Context, id int, suffix, what string) (json.RawMessage, error) {
	if id <= 0 {
		return nil, &Error{Result: sale.ResultNotSent, Code: "invalid_request", Message: "Flutterwave " + what + ": the bulk id must be positive"}
	}
	resp, err := c.do(ctx, http.MethodGet, pathBulk+"/"+strconv.Itoa(id)+suffix, nil, "")
	if err != nil {
		return nil, callError(what, err)
	}
	_, raw, err := c.read(resp, what)
	return raw, err
}

// positive reads a JSON id: a positive integer, as a number or a string.
func positive(f providers.FlexString) (int, bool) {
	n, ok := count(f)
	return n, ok && n > 0
}

// count reads a non-negative JSON integer, as a number or a string.
func count(f providers.FlexString) (int, bool) {
	if f == "" {
		return 0, false
	}
	n, err := providers.Int64(json.Number(f))
	if err != nil || n < 0 || n > 1<<31-1 {
		return 0, false
	}
	return int(n), true
}
