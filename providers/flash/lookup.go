package flash

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"till/providers"
	"till/sale"
)

// lookupRef mints the reference of a lookup: "<store>-<terminal>-L<t>",
// where t is the time in nanoseconds in base 36 (13 characters), bumped by
// one when the clock has not moved since the last lookup, so no two
// lookups of a client share one.
//
// The document makes a reference required on the meter and cash-out PIN
// lookups and says it "must be unique for all transactions", but a lookup
// is not a sale: it is not journaled and has no sale reference (and the
// reference of the sale that may follow is not known yet). A lookup
// reference has three dash-separated parts where a sale's
// ("<store>-<terminal>-<installTag>-<seq>") has four, so the two can never
// be the same; with store and terminal ids of at most 10 characters it is
// at most 36 characters long, inside Flash's 40.
func (c *Client) lookupRef() string {
	now := c.now().UnixNano()
	for {
		last := c.lastLookup.Load()
		n := max(now, last+1)
		if c.lastLookup.CompareAndSwap(last, n) {
			ref := "L" + strings.ToUpper(strconv.FormatInt(n, 36))
			if c.terminal != "" {
				ref = c.terminal + "-" + ref
			}
			if c.store != "" {
				ref = c.store + "-" + ref
			}
			return ref
		}
	}
}

// lookup posts a lookup request and returns its successful answer. Its
// errors are *sale.Error for the cashier: CodeNotFound when Flash says the
// meter or PIN does not exist, CodeInvalid for another decline of the
// table, CodeUnavailable when Flash could not be asked or gave no usable
// answer. A lookup moves no money, so it is never in doubt: it either
// answered or it did not.
func (c *Client) lookup(ctx context.Context, path, ref, what string, payload any) (*envelope, error) {
	fail := func(code, format string, args ...any) error {
		return &sale.Error{Code: code, Message: fmt.Sprintf(format, args...)}
	}
	resp, err := c.http.PostJSON(ctx, c.tokens, c.base+path, "", payload)
	if errors.Is(err, providers.ErrEncode) {
		return nil, fail(sale.CodeInvalid, "The till could not encode the %s; nothing was sent.", what)
	}
	c.log.LogAttrs(ctx, slog.LevelInfo, "flash lookup", slogStr("lookup", ref), slogStr("path", path),
		slogStr("error", errText(err)))
	switch {
	case err != nil:
		if te, ok := errors.AsType[*providers.TokenError](err); ok {
			return nil, fail(sale.CodeUnavailable, "Could not sign in to Flash for the %s (%s). Nothing was sold.", what, te.Reason)
		}
		return nil, fail(sale.CodeUnavailable, "Flash could not be reached for the %s. Nothing was sold; try again.", what)
	case resp.Status == http.StatusUnauthorized:
		return nil, fail(sale.CodeUnavailable, "Flash refused the till's credentials for the %s. Nothing was sold.", what)
	case resp.Status != http.StatusOK && resp.Status != http.StatusBadRequest && resp.Status != http.StatusUnprocessableEntity &&
		resp.Status != http.StatusNotFound:
		return nil, fail(sale.CodeUnavailable, "Flash answered the %s with HTTP %d. Nothing was sold; try again.", what, resp.Status)
	}
	var env envelope
	if err := providers.DecodeJSON(resp.Body, &env); err != nil || env.ResponseCode == nil {
		return nil, fail(sale.CodeUnavailable, "Flash's answer to the %s could not be read (HTTP %d). Nothing was sold; try again.", what, resp.Status)
	}
	n, err := providers.Int64(json.Number(*env.ResponseCode))
	if err != nil {
		return nil, fail(sale.CodeUnavailable, "Flash's answer to the %s had an unreadable code. Nothing was sold; try again.", what)
	}
	if env.Reference != nil && string(*env.Reference) != ref {
		return nil, fail(sale.CodeUnavailable, "Flash answered the %s about another reference. Nothing was sold; try again.", what)
	}
	code := Code(n)
	if code == CodeSuccess && resp.Status == http.StatusOK {
		return &env, nil
	}
	said := ""
	if m := providers.CleanMax(string(env.ResponseMessage), 120); m != "" {
		said = " Flash said: \u201c" + m + "\u201d"
	}
	info, known := Lookup(code)
	if !c.ownCodes {
		info, known = CodeInfo{}, false // configured: our meanings of the numbers do not apply
	}
	if !c.declined[code] {
		return nil, fail(sale.CodeUnavailable, "Flash could not do the %s (code %d). Nothing was sold; try again.%s", what, n, said)
	}
	msg := fmt.Sprintf("Flash refused the %s (code %d).", what, n)
	if known && info.Result == sale.ResultDeclined {
		msg = info.Message
	}
	errCode := sale.CodeInvalid
	switch {
	case !known:
	case code == CodeMeterNotFound, code == CodeVoucherNotFound, code == CodeCashOutNotFound:
		errCode = sale.CodeNotFound
	}
	return nil, &sale.Error{Code: errCode, Message: msg + said}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	if te, ok := errors.AsType[*providers.TransportError](err); ok {
		return string(te.Kind)
	}
	return "token"
}
