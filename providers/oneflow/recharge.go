package oneflow

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"

	"till/providers"
	"till/sale"
)

// rechargeRequest is "Initiate Recharge": deviceId or cardId, and the
// amount as a JSON number in major units.
type rechargeRequest struct {
	DeviceID string      `json:"deviceId,omitempty"`
	CardID   string      `json:"cardId,omitempty"`
	Amount   json.Number `json:"amount"`
}

// Send initiates the recharge of s.Order once and classifies the answer:
// Pending with PendingID = the recharge id when 1Flow accepted it. Input
// that cannot be sent is refused with ResultNotSent before anything is
// written. Send is never called again for a sale with a recharge id (see
// Settlement); it refuses to initiate a second recharge for one.
func (c *Client) Send(ctx context.Context, s sale.Sale) sale.Outcome {
	if s.PendingID != "" {
		// Defensive: the engine polls such a sale. A new initiation could
		// recharge the device twice.
		return providers.InDoubt("already_initiated", fmt.Sprintf(
			"Recharge %s was already initiated for this sale; the till will check its status.", s.PendingID))
	}
	req, err := c.rechargeRequest(s)
	if err != nil {
		return providers.NotSent("invalid_request", fmt.Sprintf("%s; nothing was sent.", err.Error()))
	}
	resp, err := c.http.PostJSON(ctx, c.tokens, c.base+pathRecharge, s.Ref, req)
	if errors.Is(err, providers.ErrEncode) {
		return providers.NotSent("invalid_request", "The till could not encode the request; nothing was sent.")
	}
	var out sale.Outcome
	if err != nil {
		out = providers.TransportOutcome(DisplayName, err)
		if out.Result == sale.ResultInDoubt {
			out.Message = providers.CleanMax(out.Message+" 1Flow recharges cannot be resent safely: a supervisor will check the device.", providers.MaxMessage)
		}
	} else {
		out = parseInitiate(resp.Status, resp.Body, want{target: s.Order.Target, amount: s.Order.Amount, t: &c.tables}, c.currency)
	}
	c.logSale(ctx, "oneflow recharge", s, out)
	return out
}

// Check polls the recharge of a pending sale. Without a recharge id there
// is nothing to poll: ResultInDoubt (the sale waits for a supervisor).
func (c *Client) Check(ctx context.Context, s sale.Sale) sale.Outcome {
	if s.PendingID == "" {
		return providers.InDoubt("no_recharge_id",
			"1Flow never confirmed this recharge with an id, so its status cannot be asked. A supervisor must check the device.")
	}
	w := want{target: s.Order.Target, amount: s.Order.Amount, id: s.PendingID, t: &c.tables}
	if !validID(s.PendingID) {
		out := providers.InDoubt("invalid_recharge_id", "The journaled 1Flow recharge id is not usable. A supervisor must check the device.")
		out.PendingID = s.PendingID
		return out
	}
	h := http.Header{}
	h.Set("Accept", "application/json")
	resp, err := c.http.DoWithToken(ctx, c.tokens, providers.Request{
		Method: http.MethodGet, URL: c.base + pathRecharge + "/" + url.PathEscape(s.PendingID), Header: h, Ref: s.Ref,
	}, providers.Bearer)
	var out sale.Outcome
	if err != nil {
		// A poll that failed says nothing new: the recharge stays pending.
		out = providers.InDoubt("unreachable", fmt.Sprintf(
			"Could not ask 1Flow for the recharge's status (%s); the till will ask again.", failKind(err)))
		out.PendingID = s.PendingID
	} else {
		out = parseStatus(resp.Status, resp.Body, w, c.currency)
	}
	c.logSale(ctx, "oneflow status", s, out)
	return out
}

// rechargeRequest builds the request from the journaled order only, so it
// is the same whenever it is built.
func (c *Client) rechargeRequest(s sale.Sale) (rechargeRequest, error) {
	o := s.Order
	if o.Provider != "" && o.Provider != ProviderName {
		return rechargeRequest{}, fmt.Errorf("this sale belongs to %q, not 1Flow", o.Provider)
	}
	if o.Kind != sale.KindWater {
		return rechargeRequest{}, fmt.Errorf("the till cannot sell %q through 1Flow", providers.CleanMax(string(o.Kind), 24))
	}
	if o.Amount.Currency != c.currency {
		return rechargeRequest{}, fmt.Errorf("1Flow sells in %s on this till, not %q", c.currency, providers.CleanMax(string(o.Amount.Currency), 8))
	}
	if o.Amount.Minor <= 0 {
		return rechargeRequest{}, fmt.Errorf("the amount must be more than zero")
	}
	if err := CheckTargetID(o.Target.Value); err != nil {
		return rechargeRequest{}, err
	}
	r := rechargeRequest{Amount: providers.MajorNumber(o.Amount)}
	switch o.Target.Kind {
	case sale.TargetDevice, sale.TargetNone:
		r.DeviceID = o.Target.Value
	case sale.TargetCard:
		r.CardID = o.Target.Value
	default:
		return rechargeRequest{}, fmt.Errorf("a water recharge needs a device or a card, not a %s", o.Target.Kind)
	}
	return r, nil
}

// CheckTargetID checks a device serial or card id as a cashier typed it or
// a lookup returned it: 1 to 64 letters, digits, '-' or '_'.
func CheckTargetID(id string) error {
	if id == "" {
		return sale.Errorf(sale.CodeInvalid, "no device or card chosen")
	}
	ok := len(id) <= 64
	for i := 0; ok && i < len(id); i++ {
		c := id[i]
		ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
	}
	if !ok {
		return sale.Errorf(sale.CodeInvalid, "device or card %q may hold only letters, digits, - and _ (at most 64)", providers.CleanMax(id, 24))
	}
	return nil
}

func (c *Client) logSale(ctx context.Context, msg string, s sale.Sale, out sale.Outcome) {
	level := slog.LevelInfo
	if out.Result == sale.ResultInDoubt {
		level = slog.LevelWarn
	}
	c.log.LogAttrs(ctx, level, msg,
		slog.String("ref", string(s.Ref)), slog.String("recharge", out.PendingID),
		slog.String("result", string(out.Result)), slog.String("code", out.Code))
}

// failKind names a transport failure without its details.
func failKind(err error) string {
	if te, ok := errors.AsType[*providers.TransportError](err); ok {
		return string(te.Kind)
	}
	if _, ok := errors.AsType[*providers.TokenError](err); ok {
		return "sign-in failed"
	}
	return "error"
}
