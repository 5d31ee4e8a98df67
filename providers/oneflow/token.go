package oneflow

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"till/providers"
)

// maxTokenLife caps expires_in (seconds) so a silly value cannot overflow a
// time.Duration or keep a token for ever.
const maxTokenLife = 7 * 24 * 3600

// tokenAnswer is the token endpoint's answer ("1. Obtaining an Access Token").
type tokenAnswer struct {
	AccessToken *string      `json:"access_token"`
	TokenType   string       `json:"token_type"`
	ExpiresIn   *json.Number `json:"expires_in"`
}

// fetchToken asks for a token with HTTP Basic client_id:client_secret and an
// empty body, as the document's curl does. Its errors never hold the
// credentials, the token or the answer's body.
func (c *Client) fetchToken(ctx context.Context) (providers.Token, error) {
	basic := base64.StdEncoding.EncodeToString([]byte(c.clientID + ":" + c.secret.Reveal()))
	h := http.Header{}
	h.Set("Authorization", "Basic "+basic)
	h.Set("Accept", "application/json")
	resp, err := c.http.Do(ctx, providers.Request{Method: http.MethodPost, URL: c.base + pathToken, Header: h})
	if err != nil {
		return providers.Token{}, &providers.TokenError{Reason: "the token endpoint did not answer", Err: err}
	}
	switch {
	case resp.Status == http.StatusUnauthorized || resp.Status == http.StatusForbidden:
		return providers.Token{}, &providers.TokenError{Status: resp.Status, Reason: "1Flow refused the client id or secret"}
	case resp.Status != http.StatusOK:
		return providers.Token{}, &providers.TokenError{Status: resp.Status, Reason: "the token endpoint refused the request"}
	}
	var t tokenAnswer
	if err := providers.DecodeJSON(resp.Body, &t); err != nil || t.AccessToken == nil || *t.AccessToken == "" {
		return providers.Token{}, &providers.TokenError{Status: resp.Status, Reason: "the token endpoint's answer could not be read"}
	}
	if t.TokenType != "" && !strings.EqualFold(t.TokenType, "Bearer") {
		return providers.Token{}, &providers.TokenError{Status: resp.Status, Reason: "the token endpoint issued a token that is not a Bearer token"}
	}
	if strings.ContainsAny(*t.AccessToken, "\r\n") {
		return providers.Token{}, &providers.TokenError{Status: resp.Status, Reason: "the token endpoint issued an unusable token"}
	}
	tok := providers.Token{Value: providers.Secret(*t.AccessToken)}
	if t.ExpiresIn != nil {
		if secs, err := providers.Int64(*t.ExpiresIn); err == nil && secs > 0 {
			tok.ExpiresIn = time.Duration(min(secs, maxTokenLife)) * time.Second
		}
	}
	return tok, nil
}
