package doctor

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Transport is what the doctor's provider clients are built over. It
// refuses, before anything is sent, every request that is not a GET, a
// HEAD or a POST to a provider's token endpoint, so no check can move
// money whatever a client does; and it notes each answer's Date header for
// the clock check and each request, for the report and the tests.
type Transport struct {
	base http.RoundTripper
	now  func() time.Time

	mu    sync.Mutex
	dates map[string]time.Duration // provider -> its clock minus ours
	seen  []Request
}

// Request is one request a provider client made through the Transport.
type Request struct {
	Provider string `json:"provider"`
	Method   string `json:"method"`
	Path     string `json:"path"`
	// Refused is set when the Transport did not send it.
	Refused bool `json:"refused,omitempty"`
}

// NewTransport returns a Transport over base (nil: a TLS 1.2+ transport
// of its own). now is the clock (nil: time.Now).
func NewTransport(base http.RoundTripper, now func() time.Time) *Transport {
	if base == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		base = t
	}
	if now == nil {
		now = time.Now
	}
	return &Transport{base: base, now: now, dates: map[string]time.Duration{}}
}

// Client returns the HTTP client for one provider's client (its
// Options.HTTPClient). tokenPaths are the paths (suffixes of the URL
// path) of its token endpoint: the only POSTs let through.
func (t *Transport) Client(provider string, tokenPaths ...string) *http.Client {
	return &http.Client{Transport: &guard{t: t, provider: provider, tokenPaths: tokenPaths}}
}

// Requests are the requests made so far, in order.
func (t *Transport) Requests() []Request {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]Request(nil), t.seen...)
}

// Skews are each provider's clock minus ours, from the Date header of its
// last answer.
func (t *Transport) Skews() map[string]time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]time.Duration, len(t.dates))
	for k, v := range t.dates {
		out[k] = v
	}
	return out
}

// ErrRefused is returned for a request the doctor must never send.
type ErrRefused struct{ Method, Path string }

func (e *ErrRefused) Error() string {
	return fmt.Sprintf("till doctor refused to send %s %s: it sends only reads and token requests, never money", e.Method, e.Path)
}

type guard struct {
	t          *Transport
	provider   string
	tokenPaths []string
}

// Allowed reports whether the doctor may send method to path.
func allowed(method, path string, tokenPaths []string) bool {
	switch method {
	case http.MethodGet, http.MethodHead:
		return true
	case http.MethodPost:
		for _, p := range tokenPaths {
			if p != "" && strings.HasSuffix(path, p) {
				return true
			}
		}
	}
	return false
}

func (g *guard) RoundTrip(req *http.Request) (*http.Response, error) {
	ok := allowed(req.Method, req.URL.Path, g.tokenPaths)
	g.t.mu.Lock()
	g.t.seen = append(g.t.seen, Request{Provider: g.provider, Method: req.Method, Path: req.URL.Path, Refused: !ok})
	g.t.mu.Unlock()
	if !ok {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, &ErrRefused{Method: req.Method, Path: req.URL.Path}
	}
	resp, err := g.t.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	if d, derr := http.ParseTime(resp.Header.Get("Date")); derr == nil {
		// A Date is whole seconds, cut down: the provider's clock was
		// between d and d+1s when it answered; take the middle.
		skew := d.Add(500 * time.Millisecond).Sub(g.t.now())
		g.t.mu.Lock()
		g.t.dates[g.provider] = skew
		g.t.mu.Unlock()
	}
	return resp, nil
}
