package providers

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

// MaxTokenSkew is the most a token is refreshed ahead of its expiry.
const MaxTokenSkew = 30 * time.Second

// Token is an access token as issued, with its lifetime.
type Token struct {
	Value Secret
	// ExpiresIn is the lifetime from issue (expires_in). Zero or less: the
	// token is used for the call that fetched it and not cached.
	ExpiresIn time.Duration
}

// TokenFunc fetches a new token. Its errors must not hold the credential.
type TokenFunc func(ctx context.Context) (Token, error)

// TokenCache holds one access token until shortly before it expires: the
// skew is 10% of its lifetime, at most MaxTokenSkew. It is safe for
// concurrent use; at most one fetch runs at a time and waiting callers share
// its result.
type TokenCache struct {
	fetch TokenFunc
	now   func() time.Time
	sem   chan struct{} // held while fetching; a context can abandon the wait

	mu    sync.Mutex
	tok   Secret
	until time.Time
}

// NewTokenCache returns a cache over fetch. now is the clock (nil: time.Now).
func NewTokenCache(fetch TokenFunc, now func() time.Time) *TokenCache {
	if now == nil {
		now = time.Now
	}
	return &TokenCache{fetch: fetch, now: now, sem: make(chan struct{}, 1)}
}

// Token returns a valid cached token or fetches one.
func (c *TokenCache) Token(ctx context.Context) (Secret, error) {
	if t, ok := c.cached(); ok {
		return t, nil
	}
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-c.sem }()
	if t, ok := c.cached(); ok { // fetched by the caller we waited for
		return t, nil
	}
	t, err := c.fetch(ctx)
	if err != nil {
		return "", err
	}
	if t.Value.IsZero() {
		return "", errors.New("the token endpoint returned an empty token")
	}
	if t.ExpiresIn > 0 {
		skew := min(t.ExpiresIn/10, MaxTokenSkew)
		c.mu.Lock()
		c.tok, c.until = t.Value, c.now().Add(t.ExpiresIn-skew)
		c.mu.Unlock()
	}
	return t.Value, nil
}

func (c *TokenCache) cached() (Secret, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok != "" && c.now().Before(c.until) {
		return c.tok, true
	}
	return "", false
}

// Invalidate drops the cached token; the next Token call fetches a new one.
func (c *TokenCache) Invalidate() {
	c.mu.Lock()
	c.tok, c.until = "", time.Time{}
	c.mu.Unlock()
}

// invalidate drops the cached token only if it is still stale, so a token
// another caller has just fetched is not thrown away.
func (c *TokenCache) invalidate(stale Secret) {
	c.mu.Lock()
	if c.tok == stale {
		c.tok, c.until = "", time.Time{}
	}
	c.mu.Unlock()
}

// AuthorizeFunc puts token into a request's headers.
type AuthorizeFunc func(h http.Header, token Secret)

// Bearer sets "Authorization: Bearer <token>".
func Bearer(h http.Header, token Secret) { h.Set("Authorization", "Bearer "+token.Reveal()) }

// DoWithToken sends r with a token from tokens. If the answer is 401 the
// provider did not apply the request: the token is invalidated, a fresh one
// fetched, and the identical request (same body bytes) resent exactly once.
// A second 401 is returned as it is and is final. A failure to get a token
// returns a *TokenError: the request was not applied.
func (c *Client) DoWithToken(ctx context.Context, tokens *TokenCache, r Request, authorize AuthorizeFunc) (*Response, error) {
	tok, err := tokens.Token(ctx)
	if err != nil {
		return nil, asTokenError(err)
	}
	resp, err := c.Do(ctx, withToken(r, tok, authorize))
	if err != nil || resp.Status != http.StatusUnauthorized {
		return resp, err
	}
	tokens.invalidate(tok)
	tok, err = tokens.Token(ctx)
	if err != nil {
		return nil, asTokenError(err)
	}
	return c.Do(ctx, withToken(r, tok, authorize))
}

func withToken(r Request, tok Secret, authorize AuthorizeFunc) Request {
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	authorize(h, tok)
	r.Header = h
	return r
}

func asTokenError(err error) error {
	if _, ok := errors.AsType[*TokenError](err); ok {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &TokenError{Reason: "gave up waiting", Err: err}
	}
	return &TokenError{Reason: "token request failed", Err: err}
}
