package oneflow

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"till/providers"
)

// maxTokenLife caps expires_in (seconds) so a silly value cannot overflow a
// time.Duration or keep a token for ever.
const maxTokenLife = 7 * 24 * 3600

// fetchToken asks for a token with HTTP Basic client_id:client_secret and an
// empty body, as the document's curl does. Its errors never hold the
// credentials, the token or the answer's body.
func (c *Client) fetchToken(ctx context.Context) (providers.Token, error) {
	basic := base64.StdEncoding.EncodeToString([]byte(c.clientID + ":" + c.secret.Reveal()))
	h := http.Header{}
	h.Set("Authorization", "Basic "+basic)
	h.Set("Accept", "application/json")
	resp, err := c.http.Do(ctx, providers.Request{Method: http.MethodPost, URL: c.base + pathToken, Header: h})
	t, err := providers.ReadOAuthToken(resp, err, "1Flow refused the client id or secret")
	if err != nil {
		return providers.Token{}, err
	}
	if t.TokenType != "" && !strings.EqualFold(t.TokenType, "Bearer") {
		return providers.Token{}, &providers.TokenError{Status: resp.Status, Reason: "the token endpoint issued a token that is not a Bearer token"}
	}
	if strings.ContainsAny(t.AccessToken, "\r\n") {
		return providers.Token{}, &providers.TokenError{Status: resp.Status, Reason: "the token endpoint issued an unusable token"}
	}
	return providers.Token{Value: providers.Secret(t.AccessToken), ExpiresIn: time.Duration(min(t.ExpiresIn, maxTokenLife)) * time.Second}, nil
}
