package flash

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"till/providers"
)

const pathToken = "/v4/token"

// tokenAnswer is the OAuth2 answer (§1.1.1).
type tokenAnswer struct {
	AccessToken *string      `json:"access_token"`
	TokenType   string       `json:"token_type"`
	ExpiresIn   *json.Number `json:"expires_in"`
}

// fetchToken asks for a client-credentials token with the API key sent as
// issued after "Basic " (as the document's curl does: Flash issues the key
// already encoded).
func (c *Client) fetchToken(ctx context.Context) (providers.Token, error) {
	h := http.Header{}
	h.Set("Authorization", "Basic "+c.apiKey.Reveal())
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	h.Set("Accept", "application/json")
	resp, err := c.http.Do(ctx, providers.Request{
		Method: http.MethodPost, URL: c.base + pathToken, Header: h,
		Body: []byte("grant_type=client_credentials"),
	})
	if err != nil {
		return providers.Token{}, &providers.TokenError{Reason: "the token endpoint did not answer", Err: err}
	}
	switch {
	case resp.Status == http.StatusUnauthorized || resp.Status == http.StatusForbidden:
		return providers.Token{}, &providers.TokenError{Status: resp.Status, Reason: "Flash refused the API key"}
	case resp.Status != http.StatusOK:
		return providers.Token{}, &providers.TokenError{Status: resp.Status, Reason: "the token endpoint refused the request"}
	}
	var t tokenAnswer
	if err := providers.DecodeJSON(resp.Body, &t); err != nil || t.AccessToken == nil || *t.AccessToken == "" {
		return providers.Token{}, &providers.TokenError{Status: resp.Status, Reason: "the token endpoint's answer could not be read"}
	}
	tok := providers.Token{Value: providers.Secret(*t.AccessToken)}
	if t.ExpiresIn != nil {
		if secs, err := providers.Int64(*t.ExpiresIn); err == nil && secs > 0 {
			tok.ExpiresIn = time.Duration(secs) * time.Second
		}
	}
	return tok, nil
}
