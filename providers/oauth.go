package providers

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"till/sale"
)

// OAuthToken is what a client-credentials token endpoint answered.
type OAuthToken struct {
	AccessToken string
	TokenType   string // as given ("" when left out)
	// ExpiresIn is expires_in in seconds; 0 when it was left out, could not
	// be read or was not positive (the token is then not cached).
	ExpiresIn int64
}

// ReadOAuthToken reads a token endpoint's answer, given as Client.Do
// returned it. Its errors are *TokenError, never holding the body: the
// endpoint did not answer; it refused the credentials (401 or 403, refused
// says which, e.g. "Flash refused the API key"); it answered anything but
// 200; or its answer has no access token.
func ReadOAuthToken(resp *Response, err error, refused string) (OAuthToken, error) {
	if err != nil {
		return OAuthToken{}, &TokenError{Reason: "the token endpoint did not answer", Err: err}
	}
	switch {
	case resp.Status == http.StatusUnauthorized || resp.Status == http.StatusForbidden:
		return OAuthToken{}, &TokenError{Status: resp.Status, Reason: refused}
	case resp.Status != http.StatusOK:
		return OAuthToken{}, &TokenError{Status: resp.Status, Reason: "the token endpoint refused the request"}
	}
	var t struct {
		AccessToken *string      `json:"access_token"`
		TokenType   string       `json:"token_type"`
		ExpiresIn   *json.Number `json:"expires_in"`
	}
	if err := DecodeJSON(resp.Body, &t); err != nil || t.AccessToken == nil || *t.AccessToken == "" {
		return OAuthToken{}, &TokenError{Status: resp.Status, Reason: "the token endpoint's answer could not be read"}
	}
	out := OAuthToken{AccessToken: *t.AccessToken, TokenType: t.TokenType}
	if t.ExpiresIn != nil {
		if secs, err := Int64(*t.ExpiresIn); err == nil && secs > 0 {
			out.ExpiresIn = secs
		}
	}
	return out, nil
}

// ErrEncode is PostJSON's error when the payload cannot be encoded:
// nothing was sent.
var ErrEncode = errors.New("the request could not be encoded")

// PostJSON posts payload, encoded as JSON, to url with a bearer token from
// tokens (DoWithToken: one resend with a fresh token after a 401). ref is
// the sale's reference, for the log ("" for a call that sells nothing).
func (c *Client) PostJSON(ctx context.Context, tokens *TokenCache, url string, ref sale.Reference, payload any) (*Response, error) {
	body, err := json.Marshal(payload)
	if err != nil {
		return nil, ErrEncode
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Accept", "application/json")
	return c.DoWithToken(ctx, tokens, Request{Method: http.MethodPost, URL: url, Header: h, Body: body, Ref: ref}, Bearer)
}
