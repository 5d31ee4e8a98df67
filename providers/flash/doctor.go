package flash

import (
	"context"
)

// TokenPath is the token endpoint, relative to the base URL: the only POST
// a check that moves no money (till doctor) may make to Flash.
const TokenPath = pathToken

// CheckToken fetches a fresh access token: the credentials are accepted
// when it succeeds. It moves no money. Errors are *providers.TokenError.
func (c *Client) CheckToken(ctx context.Context) error {
	c.tokens.Invalidate()
	_, err := c.tokens.Token(ctx)
	return err
}
