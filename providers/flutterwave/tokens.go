package flutterwave

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"till/providers"
	"till/sale"
)

// tokenUpdate is the PUT /tokens/{token} body.
type tokenUpdate struct {
	Email    string `json:"email,omitempty"`
	FullName string `json:"full_name,omitempty"`
	Phone    string `json:"phone_number,omitempty"`
}

// UpdateToken changes the customer details tied to a card token
// (PUT /tokens/{token}): email, full name and phone number; empty ones are
// left out, and at least one is needed. The token is in the URL path, so
// the path is redacted in log lines; it never appears in an error.
// "Token not found" is an *Error with Code "token_not_found".
func (c *Client) UpdateToken(ctx context.Context, token, email, fullName, phone string) error {
	invalid := func(msg string) error {
		return &Error{Result: sale.ResultNotSent, Code: "invalid_request", Message: "Flutterwave token update: " + msg + "; nothing was sent"}
	}
	if err := validToken(token); err != nil {
		return invalid(err.Error())
	}
	if email != "" {
		if err := validEmail(email); err != nil {
			return invalid(err.Error())
		}
	}
	u := tokenUpdate{Email: email, FullName: providers.CleanMax(fullName, 120), Phone: providers.CleanMax(phone, 20)}
	if u == (tokenUpdate{}) {
		return invalid("give an email, a name or a phone number")
	}
	body, err := json.Marshal(u)
	if err != nil {
		return invalid("could not encode the request")
	}
	resp, err := c.do(ctx, http.MethodPut, "/tokens/"+url.PathEscape(token), body, "")
	if err != nil {
		return callError("token update", err)
	}
	_, _, err = c.read(resp, "token update", token)
	var fe *Error
	if errors.As(err, &fe) && strings.Contains(strings.ToLower(fe.Message), "token not found") {
		fe.Code = "token_not_found"
	}
	return err
}
