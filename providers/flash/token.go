package flash

import (
	"context"
	"net/http"
	"time"

	"till/providers"
)

const pathToken = "/v4/token"

// fetchToken asks for a client-credentials token (§1.1.1) with the API key sent as
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
	t, err := providers.ReadOAuthToken(resp, err, "Flash refused the API key")
	if err != nil {
		return providers.Token{}, err
	}
	return providers.Token{Value: providers.Secret(t.AccessToken), ExpiresIn: time.Duration(t.ExpiresIn) * time.Second}, nil
}
