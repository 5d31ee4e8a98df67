package providers

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync/atomic"
	"time"

	"till/sale"
)

// Defaults for ClientOptions.
const (
	DefaultTimeout = 30 * time.Second
	DefaultMaxBody = 1 << 20 // 1 MiB
)

// ClientOptions configures a Client.
type ClientOptions struct {
	// Provider names the API in log lines ("flash").
	Provider string
	// Timeout bounds one call: connecting, writing, and reading the whole
	// answer. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxBody is the largest answer read; a larger one is malformed. Zero
	// means DefaultMaxBody.
	MaxBody int64
	// Logger receives one line per call (see LogCall). Nil discards.
	Logger *slog.Logger
	// HTTPClient replaces the default transport (tests). Its redirect policy
	// is replaced: redirects are never followed.
	HTTPClient *http.Client
	// RedactPath rewrites the path written to the log, for APIs that put a
	// secret in the URL (Flutterwave's PUT /tokens/{token}). Nil logs the
	// path as it is.
	RedactPath func(path string) string
}

// Client sends one HTTP request per Do and never retries it. It refuses
// redirects, bounds every call by a timeout and the answer by a size, and
// reports failures as *TransportError saying whether the request may have
// reached the provider.
//
// Requests other than GET and HEAD (the money calls) use a fresh connection
// each: a kept-alive connection that the server or a NAT router dropped
// while idle would otherwise turn a request that never arrived into one
// that is in doubt. GETs share pooled connections. Go's transport may
// re-dial a request only when it has provably written nothing; that is not
// a resend. Requests carrying an Idempotency-Key header are made
// non-replayable, so the transport never replays them after writing.
type Client struct {
	provider string
	http     *http.Client // GET, HEAD: pooled connections
	fresh    *http.Client // everything else: one connection per request
	timeout  time.Duration
	maxBody  int64
	log      *slog.Logger
	redact   func(string) string
}

// NewClient returns a Client.
func NewClient(o ClientOptions) *Client {
	c := &Client{provider: o.Provider, timeout: o.Timeout, maxBody: o.MaxBody, log: o.Logger, redact: o.RedactPath}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBody
	}
	c.log = OrDiscard(c.log)
	var hc http.Client
	if o.HTTPClient != nil {
		hc = *o.HTTPClient
	} else {
		hc.Transport = newTransport()
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.http = &hc
	fresh := hc
	switch t := hc.Transport.(type) {
	case nil:
		ft := http.DefaultTransport.(*http.Transport).Clone()
		ft.DisableKeepAlives = true
		fresh.Transport = ft
	case *http.Transport:
		ft := t.Clone()
		ft.DisableKeepAlives = true
		fresh.Transport = ft
	}
	c.fresh = &fresh
	return c
}

func newTransport() *http.Transport {
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dial,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          10,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		ResponseHeaderTimeout: 0, // the per-call context bounds everything
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
	}
}

// dial connects and wraps the connection for the after-send failpoint.
func dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d := net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return &failpointConn{Conn: c}, nil
}

// Timeout is the per-call timeout in force.
func (c *Client) Timeout() time.Duration { return c.timeout }

// Request is one HTTP request. Body is sent exactly as given, so a resend of
// the same Request is byte-for-byte identical.
type Request struct {
	Method string
	URL    string
	Header http.Header
	Body   []byte
	// Ref is the sale's reference: it goes on the log line, and marks the
	// request as a money request for the after-send failpoint.
	Ref sale.Reference
}

// Response is a complete answer with a status that is not a redirect.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends r once. It returns a *TransportError when no complete answer was
// read (including a 3xx answer, which is never followed); any other status
// is returned as a Response for the caller to classify.
func (c *Client) Do(ctx context.Context, r Request) (*Response, error) {
	start := time.Now()
	resp, err := c.do(ctx, r)
	call := Call{Provider: c.provider, Method: r.Method, Ref: r.Ref, Duration: time.Since(start), Err: err}
	if u, perr := url.Parse(r.URL); perr == nil {
		call.Path = u.Path
		if c.redact != nil {
			call.Path = c.redact(call.Path)
		}
	}
	if resp != nil {
		call.Status = resp.Status
	} else if te, ok := errors.AsType[*TransportError](err); ok {
		call.Status = te.Status
	}
	LogCall(ctx, c.log, call)
	return resp, err
}

func (c *Client) do(ctx context.Context, r Request) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
	if err != nil {
		return nil, &TransportError{Kind: FailRequest, Err: errors.New("could not build the request")}
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if req.Header.Get("Idempotency-Key") != "" || req.Header.Get("X-Idempotency-Key") != "" {
		req.GetBody = nil // not replayable: the transport must not resend after writing
	}
	var gotConn, wrote atomic.Bool
	var conn atomic.Pointer[failpointConn]
	trace := &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			gotConn.Store(true)
			conn.Store(asFailpointConn(info.Conn))
		},
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				wrote.Store(true)
				if r.Ref != "" { // a money request, not a token or catalogue call
					afterSend(conn.Load())
				}
			}
		},
	}
	req = req.WithContext(httptrace.WithClientTrace(ctx, trace))

	hc := c.fresh
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		hc = c.http
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, classify(ctx, err, gotConn.Load() || wrote.Load())
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	if err != nil {
		te := classify(ctx, err, true)
		te.Status = resp.StatusCode
		return nil, te
	}
	if int64(len(b)) > c.maxBody {
		return nil, &TransportError{Kind: FailOversize, Sent: true, Status: resp.StatusCode,
			Err: errors.New("answer larger than the limit")}
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		return nil, &TransportError{Kind: FailRedirect, Sent: true, Status: resp.StatusCode,
			Err: errors.New("redirect refused")}
	}
	return &Response{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// classify turns an error from the transport into a *TransportError. sent is
// true once a connection was obtained: from then on bytes may have reached
// the provider, so the outcome can only be in doubt.
func classify(ctx context.Context, err error, sent bool) *TransportError {
	inner := err
	if ue, ok := errors.AsType[*url.Error](err); ok {
		inner = ue.Err // url.Error repeats the URL; keep only the cause
	}
	te := &TransportError{Sent: sent, Err: inner}
	var ne net.Error
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded):
		te.Kind = FailTimeout
	case errors.Is(ctx.Err(), context.Canceled) || errors.Is(err, context.Canceled):
		te.Kind = FailCanceled
	case errors.As(err, &ne) && ne.Timeout():
		te.Kind = FailTimeout
	case !sent:
		te.Kind = FailDial
	default:
		te.Kind = FailBroken
	}
	return te
}
