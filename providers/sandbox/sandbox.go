// Package sandbox simulates the till's providers over loopback HTTP,
// speaking each provider's real wire protocol, so the real clients can be
// run against it: in-process in demo mode, in tests, and standalone as
// `till sandbox --addr 127.0.0.1:8700`.
//
// Each provider is mounted under its own path prefix (FlashPrefix, ...), so
// a client's base URL is the server's base URL plus the prefix. Simulators
// are stateful and idempotent on the sale reference, like the providers
// they stand for, and play deterministic faults chosen by the cents of the
// amount (see Fault). State can be persisted to a JSON file so a demo
// survives a restart of the till.
//
// The sandbox never writes to stdout or stderr: the TUI owns the terminal.
// It logs to Options.Logger, if any.
//
// Adding a provider: implement simulator in <name>.go, add it in New, give
// it a <Name>Prefix constant, and document it in docs/SANDBOX.md.
package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"till/providers"
)

// Defaults for Options.
const (
	DefaultTokenTTL  = time.Hour
	DefaultSlowDelay = 3 * time.Second
	DefaultHoldMax   = 2 * time.Minute
)

// AdminPrefix is where the inspection endpoints live.
const AdminPrefix = "/_sandbox"

// Options configures a Server. The zero value is a usable in-memory sandbox.
type Options struct {
	// StatePath, if set, is a JSON file holding every simulator's state,
	// rewritten atomically on each stored sale. Without it, memory only.
	StatePath string
	// Logger receives one line per request. Nil discards.
	Logger *slog.Logger
	// TokenTTL is the life of issued access tokens (default 1h); make it
	// short in tests to exercise expiry.
	TokenTTL time.Duration
	// SlowDelay is how long FaultSlow waits before answering (default 3s).
	SlowDelay time.Duration
	// HoldMax bounds how long FaultLostAnswer holds an answer when the
	// client does not give up first (default 2m).
	HoldMax time.Duration
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// FlashProductTypes renumbers the Flash simulator's productTypes by
	// kind (FlashTypeNames: "airtime", "giftvoucher", "1voucher", …) and
	// FlashCodes its responseCodes by name (FlashCodeNames:
	// "amount_out_of_range", …). What is not named keeps the sandbox's own
	// default (flash_tables.go). Unknown names, or two given one number,
	// make Start fail. A till sells against it with the matching
	// [flash.product_types] and [flash.response_codes].
	FlashProductTypes map[string]int64
	FlashCodes        map[string]int
}

// simulator is one provider's simulation.
type simulator interface {
	name() string
	prefix() string
	handler() http.Handler
	applied(ref string) int
	requests(ref string) int
	reset() error
	revokeTokens()
	restore(json.RawMessage) error
}

// Server is the sandbox. Its methods are safe for concurrent use.
type Server struct {
	opts    Options
	log     *slog.Logger
	sims    []simulator
	flash   *flashSim
	handler http.Handler
	loadErr error
	done    chan struct{} // closed by Close: ends held answers
	wg      sync.WaitGroup

	saveMu sync.Mutex
	states map[string]json.RawMessage

	mu       sync.Mutex
	srv      *http.Server
	baseURL  string
	closed   bool
	closeErr error
}

// New returns a sandbox with every simulator, loading Options.StatePath if
// it exists. A state file that cannot be read makes Start fail and every
// request answer 503 (see Err), rather than forget applied sales.
func New(o Options) *Server {
	if o.TokenTTL <= 0 {
		o.TokenTTL = DefaultTokenTTL
	}
	if o.SlowDelay <= 0 {
		o.SlowDelay = DefaultSlowDelay
	}
	if o.HoldMax <= 0 {
		o.HoldMax = DefaultHoldMax
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Server{opts: o, log: o.Logger, done: make(chan struct{}), states: map[string]json.RawMessage{}}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	num, numErr := newFlashNumbers(o.FlashProductTypes, o.FlashCodes) // flash_tables.go
	s.flash = newFlashSim(s, num)
	s.sims = []simulator{s.flash, s.oneFlow()}
	s.sims = append(s.sims, s.mpesaFlow(), s.flutterwave()) // MpesaFlowPrefix, FlutterwavePrefix
	s.loadErr = s.load()
	if numErr != nil {
		s.loadErr = numErr // Start fails: a sandbox never runs with numbers it was not asked for
	}

	mux := http.NewServeMux()
	s.mountFlowix(mux) // Flowix: API under FlowixPrefix, admin under FlowixAdminPrefix
	for _, sim := range s.sims {
		mux.Handle(sim.prefix()+"/", http.StripPrefix(sim.prefix(), sim.handler()))
	}
	s.mountTenderAdmin(mux) // /_sandbox/mpesaflow/records, /_sandbox/flutterwave/charges
	s.mountOneFlowAdmin(mux)
	mux.HandleFunc("GET "+AdminPrefix+"/{provider}/applied", s.handleApplied)
	mux.HandleFunc("POST "+AdminPrefix+"/reset", s.handleReset)
	mux.HandleFunc("GET "+AdminPrefix+"/{$}", s.handleIndex)
	s.handler = s.middleware(mux)
	return s
}

// Err is the error reading Options.StatePath, if any.
func (s *Server) Err() error { return s.loadErr }

// Handler serves every simulator under its prefix and the admin endpoints
// under AdminPrefix.
func (s *Server) Handler() http.Handler { return s.handler }

// Start serves on addr, which must be a loopback address ("127.0.0.1:8700",
// "127.0.0.1:0" for any free port), and returns the base URL
// ("http://127.0.0.1:8700"). A client's base URL is that plus its prefix.
func (s *Server) Start(addr string) (baseURL string, err error) {
	if s.loadErr != nil {
		return "", s.loadErr
	}
	if !providers.IsLoopbackAddr(addr) {
		return "", fmt.Errorf("sandbox: address %q must be a loopback address such as 127.0.0.1:8700", addr)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", errors.New("sandbox: closed")
	}
	if s.srv != nil {
		return "", errors.New("sandbox: already started")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("sandbox: %w", err)
	}
	s.srv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          s.errorLog(),
	}
	s.baseURL = "http://" + ln.Addr().String()
	go func() { _ = s.srv.Serve(ln) }()
	return s.baseURL, nil
}

// errorLog routes net/http's own messages to the logger, never to stderr.
func (s *Server) errorLog() *log.Logger {
	if s.opts.Logger == nil {
		return log.New(io.Discard, "", 0)
	}
	return slog.NewLogLogger(s.opts.Logger.Handler(), slog.LevelDebug)
}

// BaseURL is the URL Start returned, or "" before Start.
func (s *Server) BaseURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.baseURL
}

// Close stops serving, ends held answers and waits for handlers to return.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return s.closeErr
	}
	s.closed = true
	close(s.done)
	if s.srv != nil {
		s.closeErr = s.srv.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return s.closeErr
}

// Applied reports how many times the sale with reference ref was applied
// by any simulator: 0 or 1, never more.
func (s *Server) Applied(ref string) int {
	n := 0
	for _, sim := range s.sims {
		n += sim.applied(ref)
	}
	return n
}

// Requests reports how many money requests with reference ref reached a
// simulator (authenticated, or refused by the 401-once fault).
func (s *Server) Requests(ref string) int {
	n := 0
	for _, sim := range s.sims {
		n += sim.requests(ref)
	}
	return n
}

// Reset forgets every sale and token, and rewrites the state file.
func (s *Server) Reset() error {
	var errs []error
	for _, sim := range s.sims {
		errs = append(errs, sim.reset())
	}
	return errors.Join(errs...)
}

// RevokeTokens invalidates every issued access token, as an expiry would:
// the next call with one gets a 401.
func (s *Server) RevokeTokens() {
	for _, sim := range s.sims {
		sim.revokeTokens()
	}
}

func (s *Server) now() time.Time { return s.opts.Now() }

// statusWriter records the status for the log line; Unwrap keeps
// http.ResponseController (Hijack, Flush) working.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.wg.Add(1)
		defer s.wg.Done()
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			s.log.LogAttrs(r.Context(), slog.LevelDebug, "sandbox request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.Int("status", sw.status), slog.Duration("duration", time.Since(start).Round(time.Millisecond)))
		}()
		if s.loadErr != nil {
			writeJSON(sw, http.StatusServiceUnavailable, map[string]string{"error": "sandbox state unreadable: " + s.loadErr.Error()})
			return
		}
		next.ServeHTTP(sw, r)
	})
}

func (s *Server) handleApplied(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("provider")
	ref := r.URL.Query().Get("reference")
	for _, sim := range s.sims {
		if sim.name() == name {
			writeJSON(w, http.StatusOK, map[string]int{"applied": sim.applied(ref), "requests": sim.requests(ref)})
			return
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"error": "no simulator " + providers.CleanMax(name, 40)})
}

func (s *Server) handleReset(w http.ResponseWriter, _ *http.Request) {
	if err := s.Reset(); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"reset": true})
}

func (s *Server) handleIndex(w http.ResponseWriter, _ *http.Request) {
	prefixes := map[string]string{}
	for _, sim := range s.sims {
		prefixes[sim.name()] = sim.prefix()
	}
	faults := map[string]string{}
	for _, t := range triggers {
		faults[fmt.Sprintf(".%02d", t.Cents)] = t.Name
	}
	writeJSON(w, http.StatusOK, map[string]any{"providers": prefixes, "faults": faults})
}

// writeJSON writes v as a JSON answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"encoding"}`)
	}
	writeBody(w, status, b)
}

// writeBody writes b exactly as a JSON answer.
func writeBody(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", fmt.Sprint(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// abort drops the connection without an answer: a reset for the client.
func abort(w http.ResponseWriter) {
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // RST rather than FIN
		}
		_ = conn.Close()
		return
	}
	panic(http.ErrAbortHandler) // HTTP/2 or a recorder: abort the response
}
