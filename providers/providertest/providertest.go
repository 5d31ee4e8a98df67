// Package providertest is the scaffolding the provider tests share: a
// hand-moved clock, HTTP handlers that fail the way real servers do (an
// answer lost after the request was applied, a connection reset), a
// loopback address nothing listens on, an in-memory journal to run the real
// Engine on, and the sandbox's request counters. Tests import it; the till
// does not. It imports nothing of ours but sale, so the providers package's
// own tests can use it too.
package providertest

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Clock is a hand-moved clock, safe to share between a simulator, a client
// and the test that moves it.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock is a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Advance moves the clock d forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Hold reads the request, as a server applying it would, and never answers:
// it returns when the client gives up (or after five seconds). The client
// sees the answer to a request that was written lost.
func Hold(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
	}
}

// Reset resets the connection instead of answering: the client's request
// was written, the answer is lost. The request's body is left unread.
func Reset(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	_ = conn.(*net.TCPConn).SetLinger(0)
	_ = conn.Close()
}

// Witness is a server that only counts the requests reaching it, for a
// test that proves a client refused before sending: its URL, and how many
// arrived so far. It closes when the test ends.
func Witness(t testing.TB) (url string, arrived func() int) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { n.Add(1) }))
	t.Cleanup(srv.Close)
	return srv.URL, func() int { return int(n.Load()) }
}

// DeadURL is an http:// URL on loopback where nothing listens: a request
// to it is refused before anything is written.
func DeadURL(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

// Count asks a sandbox counter (/_sandbox/…?ref=…) how many times a
// reference was applied: the "count" of its JSON answer.
func Count(t testing.TB, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct{ Count int }
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v.Count
}

// TextLog is a logger at debug level writing text lines into the buffer it
// returns, for a test to look at what reached the log (and what did not).
func TextLog() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), &buf
}

// JSONLog is TextLog writing JSON lines.
func JSONLog() (*slog.Logger, *bytes.Buffer) {
	var buf bytes.Buffer
	return slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), &buf
}
