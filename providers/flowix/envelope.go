package flowix

import (
	"encoding/json"
	"errors"
	"fmt"

	"till/providers"
	"till/sale"
)

// envelope is every Flowix answer: success, code, message, data, meta. The
// status endpoints omit code; meta is informational and ignored. Pointers
// tell a missing field from a zero one: a missing success is not false.
type envelope struct {
	Success *bool                 `json:"success"`
	Code    *providers.FlexString `json:"code"`
	Message providers.FlexString  `json:"message"`
	Data    json.RawMessage       `json:"data"`
}

// APIError is a Flowix answer that is not a success: an envelope with
// "success": false, an HTTP error status, or a body the till could not
// read. Result says what it means for the money: ResultDeclined only for
// the allow-listed codes of the table (see Code), ResultInDoubt otherwise.
// Its message never holds a credential, a header or a raw body.
type APIError struct {
	// Op is the call that failed ("transaction/create").
	Op string
	// Status is the HTTP status.
	Status int
	// Code is the envelope code, 0 when absent or unreadable.
	Code Code
	// Name is the table name of the code ("insufficient_balance"), or a
	// marker: "malformed", "http_503", "unknown_code".
	Name string
	// Message is what a person is shown: the table's message, or Flowix's
	// own message cleaned and bounded.
	Message string
	// Detail is Flowix's own message, cleaned and bounded (may be empty).
	Detail string
	// Result is ResultDeclined or ResultInDoubt.
	Result sale.Result
}

func (e *APIError) Error() string {
	msg := fmt.Sprintf("flowix %s: %s (HTTP %d", e.Op, e.Name, e.Status)
	if e.Code != 0 {
		msg += ", code " + e.Code.String()
	}
	msg += ")"
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// NotFound reports whether err is Flowix saying it does not know the thing
// asked about (code 404).
func NotFound(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Code == CodeNotFound
}

// decode is the one place a Flowix answer is classified. It returns the
// data of a success (HTTP 2xx and "success": true), or an *APIError:
//
//   - HTTP 5xx is in doubt whatever the body says;
//   - a body that is not a JSON envelope with a boolean success is in doubt
//     ("malformed", or "http_4xx" when the status was an error);
//   - "success": true with a non-2xx status is in doubt;
//   - "success": false is what the code table says for its code, and in
//     doubt for a missing, unreadable or unknown code.
func (t tables) decode(op string, status int, body []byte) (json.RawMessage, error) {
	fail := func(code Code, name, msg, detail string, r sale.Result) error {
		return &APIError{Op: op, Status: status, Code: code, Name: name, Message: msg, Detail: detail, Result: r}
	}
	if status >= 500 {
		name := fmt.Sprintf("http_%d", status)
		return nil, fail(0, name, fmt.Sprintf(
			"Flowix had a server error (HTTP %d). The sale may have gone through; the till will check it.", status), "", sale.ResultInDoubt)
	}
	var env envelope
	if err := providers.DecodeJSON(body, &env); err != nil || env.Success == nil {
		if status < 200 || status > 299 {
			return nil, fail(0, fmt.Sprintf("http_%d", status), fmt.Sprintf(
				"Flowix refused the request (HTTP %d) without a readable answer. The sale may have gone through; the till will check it.", status),
				"", sale.ResultInDoubt)
		}
		return nil, fail(0, "malformed",
			"Flowix's answer could not be read. The sale may have gone through; the till will check it.", "", sale.ResultInDoubt)
	}
	detail := providers.CleanMax(string(env.Message), 120)
	if *env.Success {
		if status < 200 || status > 299 {
			return nil, fail(0, fmt.Sprintf("http_%d", status), fmt.Sprintf(
				"Flowix answered HTTP %d with success. The sale may have gone through; the till will check it.", status),
				detail, sale.ResultInDoubt)
		}
		return env.Data, nil
	}
	var code Code
	if env.Code != nil {
		n, err := providers.Int64(json.Number(*env.Code))
		if err != nil {
			return nil, fail(0, "malformed",
				"Flowix's answer had an unreadable error code. The sale may have gone through; the till will check it.",
				detail, sale.ResultInDoubt)
		}
		code = Code(n)
	}
	said := ""
	if detail != "" {
		said = " Flowix said: \u201c" + providers.CleanMax(detail, 80) + "\u201d"
	}
	info, known := Lookup(code)
	switch {
	case t.declined[code] && known && info.Result == sale.ResultDeclined:
		return nil, fail(code, info.Name, info.Message+said, detail, sale.ResultDeclined)
	case t.declined[code]:
		return nil, fail(code, "declined", fmt.Sprintf("Flowix refused the request (code %d). Nothing was sold.", code)+said, detail, sale.ResultDeclined)
	case known && info.Result == sale.ResultInDoubt:
		return nil, fail(code, info.Name, info.Message+said, detail, sale.ResultInDoubt)
	}
	msg := "Flowix answered with an error"
	if code != 0 {
		msg += " code " + code.String() + ", which is not a decline in [flowix.error_codes]"
	}
	return nil, fail(code, "unknown_code", msg+". The sale may have gone through; the till will check it."+said, detail, sale.ResultInDoubt)
}

// failure turns an error of a money call into its Outcome.
func failure(err error) sale.Outcome {
	var ae *APIError
	if errors.As(err, &ae) {
		code := ae.Name
		if ae.Code != 0 {
			code = ae.Code.String()
		}
		out := providers.NewOutcome(ae.Result, code, ae.Message)
		out.ProviderMessage = ae.Detail // Message already quotes it
		return out
	}
	return providers.TransportOutcome(DisplayName, err)
}
