package flutterwave

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"till/providers"
	"till/sale"
)

// A bulk card charge sold through the engine (sale.KindBulkCardCharge):
// the order journals its rows (no tokens) in Params and each row's card
// token in Secrets (sealed at rest like a card tender's), so Send can build
// the same request from the journaled sale alone. Nothing is ever resent:
// Settlement is SettleSupervisor, and a lost answer leaves the sale in
// doubt for a supervisor, who looks at the bulk's transactions first.
const (
	// ParamBulkTitle is the bulk's title (Flutterwave's and the slip's).
	ParamBulkTitle = "title"
	// ParamBulkRows is the rows, a JSON []BulkRow.
	ParamBulkRows = "rows"
	// SecretBulkToken + the row's position (1-based) is the Order.Secrets
	// key of its card token.
	SecretBulkToken = "token."
)

// BulkRow is one customer's charge in a bulk, as journaled.
type BulkRow struct {
	Line     int        `json:"line"`
	Customer string     `json:"customer"`
	Email    string     `json:"email"`
	Amount   sale.Money `json:"amount"`
	// TxRef is BulkTxRef of the sale and the row; empty in the order (the
	// reference does not exist before the sale is journaled).
	TxRef string `json:"txRef"`
}

// BulkOrder is the order of a bulk charge of rows (tokens[i] is row i's
// card token) under title, by cashier. The amount is the rows' total.
func BulkOrder(title, cashier string, rows []BulkRow, tokens []string) (sale.Order, error) {
	if len(rows) == 0 || len(rows) != len(tokens) {
		return sale.Order{}, sale.Errorf(sale.CodeInvalid, "a bulk charge needs rows, each with a card")
	}
	total := sale.New(0, rows[0].Amount.Currency)
	secrets := map[string]string{}
	for i, r := range rows {
		var err error
		if total, err = total.Add(r.Amount); err != nil {
			return sale.Order{}, sale.Errorf(sale.CodeInvalid, "the total overflows")
		}
		rows[i].TxRef = ""
		secrets[SecretBulkToken+strconv.Itoa(i+1)] = tokens[i]
	}
	js, err := json.Marshal(rows)
	if err != nil {
		return sale.Order{}, err
	}
	return sale.Order{Provider: ProviderName, Kind: sale.KindBulkCardCharge, ProductName: "Bulk card charge: " + providers.CleanMax(title, 60),
		Amount: total, Cashier: cashier, Params: map[string]string{ParamBulkTitle: title, ParamBulkRows: string(js)}, Secrets: secrets}, nil
}

// BulkRows are the rows of a bulk charge sale, with their tx_refs.
func BulkRows(s sale.Sale) ([]BulkRow, error) {
	var rows []BulkRow
	if err := json.Unmarshal([]byte(s.Order.Params[ParamBulkRows]), &rows); err != nil {
		return nil, fmt.Errorf("the bulk's rows cannot be read: %v", err)
	}
	for i := range rows {
		rows[i].TxRef = BulkTxRef(s.Ref, i+1)
	}
	return rows, nil
}

// BulkTxRef is the tx_ref of row n (1-based) of the bulk journaled as ref:
// "REF-n", or, when that would pass 40 characters, the reference without
// its store and terminal ("TAG-SEQ-n", unique to this journal).
func BulkTxRef(ref sale.Reference, n int) string {
	r := string(ref) + "-" + strconv.Itoa(n)
	if len(r) <= sale.MaxReferenceLen {
		return r
	}
	parts := strings.Split(string(ref), "-")
	return strings.Join(parts[len(parts)-2:], "-") + "-" + strconv.Itoa(n)
}

// sendBulk sends the bulk of s once (BulkCharge) and classifies the
// answer: accepted ⇒ delivered (Flutterwave then charges the cards one by
// one: `till card bulk-status`), a listed refusal as the Error says, and
// anything else in doubt.
func (c *Client) sendBulk(ctx context.Context, s sale.Sale) sale.Outcome {
	rows, err := BulkRows(s)
	if err != nil {
		return providers.NotSent("invalid_request", fmt.Sprintf("%s; nothing was charged.", err.Error()))
	}
	items := make([]BulkItem, len(rows))
	for i, r := range rows {
		items[i] = BulkItem{Token: providers.Secret(s.Order.Secrets[SecretBulkToken+strconv.Itoa(i+1)]), Email: r.Email, Amount: r.Amount, TxRef: r.TxRef}
	}
	bc, err := c.BulkCharge(ctx, s.Order.Params[ParamBulkTitle], RetryStrategy{}, items)
	var fe *Error
	switch {
	case errors.As(err, &fe):
		return sale.Outcome{Result: fe.Result, Code: fe.Code, Message: fe.Message}
	case err != nil:
		return providers.InDoubt("error", providers.CleanMax(err.Error(), 200))
	}
	id := strconv.Itoa(bc.ID)
	return sale.Outcome{Result: sale.ResultDelivered, Code: "accepted", ProviderRef: id, Amount: s.Order.Amount,
		Message: fmt.Sprintf("Flutterwave accepted bulk charge %d of %d card(s); it charges them one by one: see till card bulk-status %d", bc.ID, len(rows), bc.ID),
		Items:   []sale.Item{{Label: "Bulk id", Value: id}, {Label: "Cards", Value: strconv.Itoa(len(rows))}}}
}
