package providers

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"till/providers/providertest"
	"till/sale"
)

func counter(ttl time.Duration) (TokenFunc, *atomic.Int32) {
	var n atomic.Int32
	return func(context.Context) (Token, error) {
		i := n.Add(1)
		return Token{Value: Secret("tok" + strconv.Itoa(int(i))), ExpiresIn: ttl}, nil
	}, &n
}

func TestTokenCacheExpiryAndSkew(t *testing.T) {
	clk := providertest.NewClock(time.Unix(1e9, 0))
	fetch, n := counter(time.Hour)
	c := NewTokenCache(fetch, clk.Now)
	ctx := context.Background()
	for range 3 {
		if tok, err := c.Token(ctx); err != nil || tok != "tok1" {
			t.Fatalf("Token = %q, %v", tok.Reveal(), err)
		}
	}
	clk.Advance(time.Hour - MaxTokenSkew - time.Second)
	if tok, _ := c.Token(ctx); tok != "tok1" {
		t.Errorf("refreshed too early: %q", tok.Reveal())
	}
	clk.Advance(time.Second)
	if tok, _ := c.Token(ctx); tok != "tok2" {
		t.Errorf("not refreshed %v before expiry: %q", MaxTokenSkew, tok.Reveal())
	}
	c.Invalidate()
	if tok, _ := c.Token(ctx); tok != "tok3" || n.Load() != 3 {
		t.Errorf("after Invalidate: %q, %d fetches", tok.Reveal(), n.Load())
	}

	// Short tokens use a 10% skew, so they are still cached.
	fetch, n = counter(10 * time.Second)
	c = NewTokenCache(fetch, clk.Now)
	_, _ = c.Token(ctx)
	clk.Advance(8 * time.Second)
	_, _ = c.Token(ctx)
	if n.Load() != 1 {
		t.Errorf("10s token refetched after 8s: %d fetches", n.Load())
	}
	clk.Advance(time.Second)
	_, _ = c.Token(ctx)
	if n.Load() != 2 {
		t.Errorf("10s token not refetched after 9s: %d fetches", n.Load())
	}

	// No lifetime: used once, never cached.
	fetch, n = counter(0)
	c = NewTokenCache(fetch, clk.Now)
	_, _ = c.Token(ctx)
	_, _ = c.Token(ctx)
	if n.Load() != 2 {
		t.Errorf("token without expires_in was cached: %d fetches", n.Load())
	}
}

func TestTokenCacheOneFetchAtATime(t *testing.T) {
	var n, inflight, maxInflight atomic.Int32
	release := make(chan struct{})
	c := NewTokenCache(func(context.Context) (Token, error) {
		if v := inflight.Add(1); v > maxInflight.Load() {
			maxInflight.Store(v)
		}
		defer inflight.Add(-1)
		n.Add(1)
		<-release
		return Token{Value: "shared", ExpiresIn: time.Hour}, nil
	}, nil)
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if tok, err := c.Token(context.Background()); err != nil || tok != "shared" {
				t.Errorf("Token = %q, %v", tok.Reveal(), err)
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	if n.Load() != 1 || maxInflight.Load() != 1 {
		t.Errorf("%d fetches, %d at once; want 1 and 1", n.Load(), maxInflight.Load())
	}
}

func TestTokenCacheWaitHonoursContext(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	c := NewTokenCache(func(ctx context.Context) (Token, error) {
		select {
		case <-block:
			return Token{Value: "x"}, nil
		case <-ctx.Done():
			return Token{}, ctx.Err()
		}
	}, nil)
	go func() { _, _ = c.Token(context.Background()) }()
	time.Sleep(20 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.Token(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
}

// authServer answers 401 to the first `reject` requests, then 200.
func authServer(t *testing.T, reject int) (*httptest.Server, *[]string, *[]string) {
	var mu sync.Mutex
	var bodies, auths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		auths = append(auths, r.Header.Get("Authorization"))
		n := len(bodies)
		mu.Unlock()
		if n <= reject {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	return srv, &bodies, &auths
}

func TestDoWithTokenResendsOnceAfter401(t *testing.T) {
	srv, bodies, auths := authServer(t, 1)
	fetch, n := counter(time.Hour)
	tokens := NewTokenCache(fetch, nil)
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	req := Request{Method: http.MethodPost, URL: srv.URL, Header: h, Body: []byte(`{"reference":"R1","amount":1000}`)}
	resp, err := NewClient(ClientOptions{}).DoWithToken(context.Background(), tokens, req, Bearer)
	if err != nil || resp.Status != http.StatusOK {
		t.Fatalf("got %v, %v", resp, err)
	}
	want := []string{string(req.Body), string(req.Body)}
	if d := cmp.Diff(want, *bodies); d != "" {
		t.Errorf("requests (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"Bearer tok1", "Bearer tok2"}, *auths); d != "" {
		t.Errorf("authorization (-want +got):\n%s", d)
	}
	if n.Load() != 2 {
		t.Errorf("%d token fetches, want 2", n.Load())
	}
	if req.Header.Get("Authorization") != "" {
		t.Error("the caller's header was modified")
	}
}

func TestDoWithTokenSecond401IsFinal(t *testing.T) {
	srv, bodies, _ := authServer(t, 100)
	fetch, _ := counter(time.Hour)
	resp, err := NewClient(ClientOptions{}).DoWithToken(context.Background(), NewTokenCache(fetch, nil),
		Request{Method: http.MethodPost, URL: srv.URL, Body: []byte("x")}, Bearer)
	if err != nil || resp.Status != http.StatusUnauthorized {
		t.Fatalf("got %v, %v", resp, err)
	}
	if len(*bodies) != 2 {
		t.Errorf("%d requests, want exactly 2", len(*bodies))
	}
}

func TestDoWithTokenFetchFailureIsNotSent(t *testing.T) {
	srv, bodies, _ := authServer(t, 0)
	tokens := NewTokenCache(func(context.Context) (Token, error) {
		return Token{}, &TokenError{Status: 401, Reason: "refused"}
	}, nil)
	_, err := NewClient(ClientOptions{}).DoWithToken(context.Background(), tokens,
		Request{Method: http.MethodPost, URL: srv.URL, Body: []byte("x")}, Bearer)
	if o := TransportOutcome("Flash", err); o.Result != sale.ResultNotSent {
		t.Errorf("outcome %+v, want not sent", o)
	}
	if len(*bodies) != 0 {
		t.Errorf("%d requests sent without a token", len(*bodies))
	}
}
