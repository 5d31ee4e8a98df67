package providers

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"till/providers/providertest"
	"till/sale"
)

func post(t *testing.T, c *Client, url string) (*Response, error) {
	t.Helper()
	return c.Do(context.Background(), Request{Method: http.MethodPost, URL: url, Body: []byte(`{"reference":"R1"}`), Ref: "R1"})
}

// transportErr asserts err is a *TransportError with the given kind and sent.
func transportErr(t *testing.T, err error, kind FailKind, sent bool) *TransportError {
	t.Helper()
	te, ok := errors.AsType[*TransportError](err)
	if !ok {
		t.Fatalf("error %v (%T) is not a *TransportError", err, err)
	}
	if te.Kind != kind || te.Sent != sent {
		t.Fatalf("got kind %s sent %v, want kind %s sent %v (%v)", te.Kind, te.Sent, kind, sent, te)
	}
	return te
}

func TestDoReturnsStatusAndBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusTeapot)
		_, _ = w.Write(append([]byte("echo:"), b...))
	}))
	defer srv.Close()
	resp, err := post(t, NewClient(ClientOptions{}), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(`echo:{"reference":"R1"}`, string(resp.Body)); d != "" || resp.Status != http.StatusTeapot {
		t.Errorf("status %d, body diff:\n%s", resp.Status, d)
	}
}

func TestDoRefusesRedirect(t *testing.T) {
	var followed atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/elsewhere" {
			followed.Add(1)
			return
		}
		http.Redirect(w, r, "/elsewhere", http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	_, err := post(t, NewClient(ClientOptions{}), srv.URL+"/buy")
	te := transportErr(t, err, FailRedirect, true)
	if te.Status != http.StatusTemporaryRedirect || te.Result() != sale.ResultInDoubt {
		t.Errorf("status %d result %s", te.Status, te.Result())
	}
	if followed.Load() != 0 {
		t.Error("redirect was followed")
	}
}

func TestDoBodyLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write(bytes.Repeat([]byte("x"), 2048))
	}))
	defer srv.Close()
	_, err := post(t, NewClient(ClientOptions{MaxBody: 1024}), srv.URL)
	transportErr(t, err, FailOversize, true)
	if _, err := post(t, NewClient(ClientOptions{MaxBody: 2048}), srv.URL); err != nil {
		t.Errorf("exactly at the limit: %v", err)
	}
}

func TestDoTimeoutAfterWriteIsInDoubt(t *testing.T) {
	var got atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		got.Add(1)
		providertest.Hold(w, r)
	}))
	defer srv.Close()
	_, err := post(t, NewClient(ClientOptions{Timeout: 100 * time.Millisecond}), srv.URL)
	te := transportErr(t, err, FailTimeout, true)
	if te.Result() != sale.ResultInDoubt || got.Load() != 1 {
		t.Errorf("result %s, server saw %d", te.Result(), got.Load())
	}
}

func TestDoCallerCancelAfterWriteIsInDoubt(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body) // net/http notices a client hang-up only once the body is read
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := NewClient(ClientOptions{}).Do(ctx, Request{Method: http.MethodPost, URL: srv.URL, Body: []byte("x")})
	// The caller's deadline shows as a timeout; either way it is in doubt.
	te, _ := errors.AsType[*TransportError](err)
	if te == nil || !te.Sent || te.Result() != sale.ResultInDoubt {
		t.Fatalf("got %v", err)
	}
}

func TestDoConnectionRefusedIsNotSent(t *testing.T) {
	_, err := post(t, NewClient(ClientOptions{}), providertest.DeadURL(t)+"/buy")
	te := transportErr(t, err, FailDial, false)
	if te.Result() != sale.ResultNotSent {
		t.Errorf("result %s", te.Result())
	}
	if strings.Contains(te.Error(), "reference") {
		t.Errorf("error holds the body: %v", te)
	}
}

func TestDoResetAfterWriteIsInDoubt(t *testing.T) {
	var got atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		got.Add(1)
		providertest.Reset(w, r)
	}))
	defer srv.Close()
	_, err := post(t, NewClient(ClientOptions{}), srv.URL)
	te := transportErr(t, err, FailBroken, true)
	if te.Result() != sale.ResultInDoubt || got.Load() != 1 {
		t.Errorf("result %s, server saw %d requests (want exactly 1: no retry)", te.Result(), got.Load())
	}
}

func TestDoTruncatedBodyIsInDoubt(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		_, _ = w.Write([]byte(`{"responseCode":0,`))
		conn, buf, _ := http.NewResponseController(w).Hijack()
		_ = buf.Flush()
		conn.Close()
	}))
	defer srv.Close()
	_, err := post(t, NewClient(ClientOptions{}), srv.URL)
	te, _ := errors.AsType[*TransportError](err)
	if te == nil || !te.Sent || te.Status != http.StatusOK {
		t.Fatalf("got %v", err)
	}
}

func TestDoLogsNoSecrets(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"access_token":"tok-SECRET"}`))
	}))
	defer srv.Close()
	var buf bytes.Buffer
	c := NewClient(ClientOptions{Provider: "test", Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	h := http.Header{}
	h.Set("Authorization", "Basic key-SECRET")
	_, err := c.Do(context.Background(), Request{Method: http.MethodPost, URL: srv.URL + "/v4/token?apikey=q-SECRET", Header: h, Body: []byte("pin=body-SECRET"), Ref: "R7"})
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "SECRET") {
		t.Errorf("log leaked: %s", out)
	}
	for _, want := range []string{"method=POST", "path=/v4/token", "status=200", "ref=R7", "provider=test", "duration="} {
		if !strings.Contains(out, want) {
			t.Errorf("log %q lacks %q", out, want)
		}
	}
}

func TestTransportOutcome(t *testing.T) {
	cases := []struct {
		err    error
		result sale.Result
		code   string
	}{
		{&TransportError{Kind: FailDial}, sale.ResultNotSent, "unreachable"},
		{&TransportError{Kind: FailTimeout}, sale.ResultNotSent, "timeout"},
		{&TransportError{Kind: FailTimeout, Sent: true}, sale.ResultInDoubt, "timeout"},
		{&TransportError{Kind: FailBroken, Sent: true}, sale.ResultInDoubt, "broken"},
		{&TransportError{Kind: FailRedirect, Sent: true, Status: 302}, sale.ResultInDoubt, "http_302"},
		{&TransportError{Kind: FailOversize, Sent: true}, sale.ResultInDoubt, "malformed"},
		{&TokenError{Reason: "x"}, sale.ResultNotSent, "token"},
		{errors.New("other"), sale.ResultInDoubt, "error"},
	}
	for _, c := range cases {
		o := TransportOutcome("Flash", c.err)
		if o.Result != c.result || o.Code != c.code || o.Message == "" {
			t.Errorf("TransportOutcome(%v) = %+v, want %s %s", c.err, o, c.result, c.code)
		}
	}
}
