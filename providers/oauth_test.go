package providers

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"till/providers/providertest"
)

// A token endpoint's answer is read one way for every provider: only a 200
// with an access token gives a token; everything else is a *TokenError
// that never carries the body.
func TestReadOAuthToken(t *testing.T) {
	answer := func(status int, body string) *Response { return &Response{Status: status, Body: []byte(body)} }
	for _, tc := range []struct {
		name   string
		resp   *Response
		err    error
		want   OAuthToken
		reason string
		status int
	}{
		{"good", answer(200, `{"access_token":"tok-SECRET","token_type":"Bearer","expires_in":3600}`), nil, OAuthToken{"tok-SECRET", "Bearer", 3600}, "", 0},
		{"no expiry", answer(200, `{"access_token":"tok-SECRET"}`), nil, OAuthToken{AccessToken: "tok-SECRET"}, "", 0},
		{"expiry as a string", answer(200, `{"access_token":"tok-SECRET","expires_in":"60"}`), nil, OAuthToken{AccessToken: "tok-SECRET", ExpiresIn: 60}, "", 0},
		{"negative expiry", answer(200, `{"access_token":"tok-SECRET","expires_in":-5}`), nil, OAuthToken{AccessToken: "tok-SECRET"}, "", 0},
		{"no answer", nil, errors.New("dial tcp: refused"), OAuthToken{}, "the token endpoint did not answer", 0},
		{"401", answer(401, `{"error":"tok-SECRET"}`), nil, OAuthToken{}, "X refused the key", 401},
		{"403", answer(403, ``), nil, OAuthToken{}, "X refused the key", 403},
		{"500", answer(500, `tok-SECRET`), nil, OAuthToken{}, "the token endpoint refused the request", 500},
		{"empty token", answer(200, `{"access_token":""}`), nil, OAuthToken{}, "the token endpoint's answer could not be read", 200},
		{"no token", answer(200, `{"token_type":"Bearer"}`), nil, OAuthToken{}, "the token endpoint's answer could not be read", 200},
		{"garbage", answer(200, `{"access_token":"tok-SECRET"`), nil, OAuthToken{}, "the token endpoint's answer could not be read", 200},
	} {
		got, err := ReadOAuthToken(tc.resp, tc.err, "X refused the key")
		if tc.reason == "" {
			if err != nil || got != tc.want {
				t.Errorf("%s: %+v, %v; want %+v", tc.name, got, err, tc.want)
			}
			continue
		}
		te, ok := errors.AsType[*TokenError](err)
		if !ok || te.Reason != tc.reason || te.Status != tc.status || got != (OAuthToken{}) {
			t.Errorf("%s: %+v, %v; want reason %q status %d", tc.name, got, err, tc.reason, tc.status)
		}
		if err != nil && strings.Contains(err.Error(), "tok-SECRET") {
			t.Errorf("%s: the body is in the error: %v", tc.name, err)
		}
	}
}

// PostJSON sends the payload as JSON with a bearer token; a payload that
// cannot be encoded is refused before anything (a token either) is asked.
func TestPostJSON(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		b := make([]byte, 64)
		n, _ := r.Body.Read(b)
		if r.Method != http.MethodPost || r.Header.Get("Authorization") != "Bearer tok1" ||
			r.Header.Get("Content-Type") != "application/json" || r.Header.Get("Accept") != "application/json" || string(b[:n]) != `{"a":1}` {
			w.WriteHeader(400)
			return
		}
		w.Write([]byte(`{}`))
	}))
	defer srv.Close()
	fetch, fetched := counter(0)
	tokens := NewTokenCache(fetch, nil)
	c := NewClient(ClientOptions{})
	resp, err := c.PostJSON(context.Background(), tokens, srv.URL, "R1", map[string]int{"a": 1})
	if err != nil || resp.Status != 200 {
		t.Fatalf("post: %v %v", resp, err)
	}
	if _, err := c.PostJSON(context.Background(), tokens, srv.URL, "R1", make(chan int)); !errors.Is(err, ErrEncode) {
		t.Fatalf("an unencodable payload: %v", err)
	}
	if hits.Load() != 1 || fetched.Load() != 1 {
		t.Errorf("server saw %d requests, %d tokens fetched; want 1 and 1", hits.Load(), fetched.Load())
	}
	if _, err := c.PostJSON(context.Background(), tokens, providertest.DeadURL(t), "R1", 1); err == nil {
		t.Error("a dead address answered")
	}
}
