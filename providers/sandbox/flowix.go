package sandbox

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"till/providers"
)

// Defaults of FlowixOptions.
const (
	DefaultFlowixProcessDelay = 3 * time.Second
	DefaultFlowixPayDelay     = 30 * time.Second
	DefaultFlowixDepositTTL   = 15 * time.Minute
	DefaultFlowixInquiryTTL   = 30 * time.Minute
)

// FlowixOptions configures a FlowixSim. The zero value is usable.
type FlowixOptions struct {
	// Now is the clock (nil: time.Now). Every timed change (processing to
	// success, deposit paid or expired) is worked out from it when the
	// simulator is next asked, so tests can move it by hand.
	Now func() time.Time
	// Logger receives one line per applied sale. Nil discards.
	Logger *slog.Logger
	// ProcessDelay is how long a transaction or payout stays processing.
	ProcessDelay time.Duration
	// PayDelay is when an unpaid deposit is paid by the "customer"
	// (negative: never; pay it with the admin call).
	PayDelay time.Duration
	// DepositTTL is when an unpaid deposit expires.
	DepositTTL time.Duration
	// SlowDelay and HoldMax are as in Options.
	SlowDelay, HoldMax time.Duration
	// WebhookURL, if set, receives signed webhooks on every final status.
	// It must be a loopback http URL; any other is ignored (see Err).
	WebhookURL string
	// WebhookEvery is how often pending changes and webhook retries are
	// looked at while a WebhookURL is set (default 250ms).
	WebhookEvery time.Duration

	save func(json.RawMessage) error // the Server's state file
	done <-chan struct{}             // the Server's close
}

// FlowixSim simulates the Flowix API v1 under FlowixPrefix, with admin
// endpoints under FlowixAdminPrefix: it is an http.Handler serving both
// (mount it at "/"), and it is the Server's Flowix simulator. Its methods
// are safe for concurrent use.
type FlowixSim struct {
	opt  FlowixOptions
	log  *slog.Logger
	api  *http.ServeMux
	root *http.ServeMux
	done chan struct{}
	err  error

	mu      sync.Mutex
	st      fxState
	seen    map[string]int // money requests per ref_id (not persisted)
	leaks   int            // requests carrying a credential outside the headers
	hook    *url.URL
	queue   []*fxDelivery
	stopped bool
	pumping bool // the webhook pump is running
	wg      sync.WaitGroup
	closeMu sync.Once
}

// fxState is what is persisted.
type fxState struct {
	Balance   int64                 `json:"balance"`
	NextTrx   int64                 `json:"nextTrx"`
	NextDep   int64                 `json:"nextDep"`
	NextInq   int64                 `json:"nextInq"`
	NextEvent int64                 `json:"nextEvent"`
	Records   map[string]*fxRecord  `json:"records"`
	Inquiries map[string]*fxInquiry `json:"inquiries"`
	Dropped   map[string]bool       `json:"dropped,omitempty"` // refs whose "dropped" fault has fired
}

// NewFlowixSim returns a simulator with the demo balance.
func NewFlowixSim(o FlowixOptions) *FlowixSim {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ProcessDelay <= 0 {
		o.ProcessDelay = DefaultFlowixProcessDelay
	}
	if o.PayDelay == 0 {
		o.PayDelay = DefaultFlowixPayDelay
	}
	if o.DepositTTL <= 0 {
		o.DepositTTL = DefaultFlowixDepositTTL
	}
	if o.SlowDelay <= 0 {
		o.SlowDelay = DefaultSlowDelay
	}
	if o.HoldMax <= 0 {
		o.HoldMax = DefaultHoldMax
	}
	if o.WebhookEvery <= 0 {
		o.WebhookEvery = 250 * time.Millisecond
	}
	f := &FlowixSim{opt: o, log: o.Logger, api: http.NewServeMux(), root: http.NewServeMux(), done: make(chan struct{})}
	if f.log == nil {
		f.log = slog.New(slog.DiscardHandler)
	}
	f.clear()
	f.routes()
	if o.done != nil {
		go func() {
			select {
			case <-o.done:
				f.Close()
			case <-f.done:
			}
		}()
	}
	if o.WebhookURL != "" {
		f.err = f.SetWebhookURL(o.WebhookURL)
	}
	return f
}

// Err reports a refused FlowixOptions.WebhookURL.
func (f *FlowixSim) Err() error { return f.err }

// clear resets the state; the caller holds f.mu or owns f.
func (f *FlowixSim) clear() {
	f.st = fxState{Balance: FlowixStartBalance, NextTrx: 100001, NextDep: 1, NextInq: 1, NextEvent: 1,
		Records: map[string]*fxRecord{}, Inquiries: map[string]*fxInquiry{}, Dropped: map[string]bool{}}
	f.seen = map[string]int{}
}

func (f *FlowixSim) routes() {
	m := f.api
	m.HandleFunc("GET /account", f.authed(f.handleAccount))
	m.HandleFunc("GET /services", f.authed(f.handleServices))
	m.HandleFunc("POST /transaction/create", f.authed(f.handleTrxCreate))
	m.HandleFunc("/transaction/status", f.authed(f.handleStatus(fxTrxStatus)))
	m.HandleFunc("POST /bill/check", f.authed(f.handleBillCheck))
	m.HandleFunc("POST /bill/pay", f.authed(f.handleBillPay))
	m.HandleFunc("GET /payout/banks", f.authed(f.handleBanks))
	m.HandleFunc("POST /payout/inquiry", f.authed(f.handlePayoutInquiry))
	m.HandleFunc("POST /payout/create", f.authed(f.handlePayoutCreate))
	m.HandleFunc("/payout/status", f.authed(f.handleStatus(fxPayoutStatus)))
	m.HandleFunc("GET /deposit/methods", f.authed(f.handleMethods))
	m.HandleFunc("POST /deposit/create", f.authed(f.handleDepositCreate))
	m.HandleFunc("/deposit/status", f.authed(f.handleStatus(fxDepositStatus)))
	m.HandleFunc("POST /deposit/cancel", f.authed(f.handleDepositCancel))
	m.HandleFunc("POST /webhook/resend", f.authed(f.handleWebhookResend))
	m.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		fxFail(w, http.StatusNotFound, fxNotFound, "Endpoint not found.")
	})
	f.root.Handle(FlowixPrefix+"/", http.StripPrefix(FlowixPrefix, f.api))
	f.registerAdmin(f.root)
}

// registerAdmin adds the admin endpoints to mux.
func (f *FlowixSim) registerAdmin(mux *http.ServeMux) {
	mux.HandleFunc("GET "+FlowixAdminPrefix+"/applied", f.handleApplied)
	mux.HandleFunc("POST "+FlowixAdminPrefix+"/deposit/pay", f.handlePay)
}

// ServeHTTP serves the API under FlowixPrefix and the admin endpoints.
func (f *FlowixSim) ServeHTTP(w http.ResponseWriter, r *http.Request) { f.root.ServeHTTP(w, r) }

// Close stops webhook delivery and ends held answers. It is idempotent.
func (f *FlowixSim) Close() {
	f.closeMu.Do(func() {
		f.mu.Lock()
		f.stopped = true
		f.mu.Unlock()
		close(f.done)
	})
	f.wg.Wait()
}

// CredentialLeaks counts requests that carried the API key or merchant id
// anywhere but their headers (in the URL or the body). A correct client
// leaves it at zero.
func (f *FlowixSim) CredentialLeaks() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.leaks
}

// Balance is the demo account's balance in rupiah.
func (f *FlowixSim) Balance() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.advanceLocked()
	return f.st.Balance
}

// authed checks the credential headers and the request's shape, and
// counts credentials found outside the headers.
func (f *FlowixSim) authed(h func(http.ResponseWriter, *http.Request, map[string]json.RawMessage)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		if r.Method == http.MethodPost {
			b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
			if err != nil {
				fxFail(w, http.StatusBadRequest, fxBadRequest, "Request body too large.")
				return
			}
			body = b
		}
		leaked := strings.Contains(r.URL.RawQuery, "api_key") || strings.Contains(r.URL.RawQuery, "merchant_id") ||
			strings.Contains(r.URL.String(), FlowixAPIKey) || strings.Contains(r.URL.String(), FlowixMerchantID) ||
			strings.Contains(string(body), FlowixAPIKey) || strings.Contains(string(body), FlowixMerchantID) ||
			strings.Contains(string(body), `"api_key"`) || strings.Contains(string(body), `"merchant_id"`)
		f.mu.Lock()
		if leaked {
			f.leaks++
		}
		f.advanceLocked()
		f.mu.Unlock()
		if r.Header.Get(flowixHeaderAPIKey) != FlowixAPIKey || r.Header.Get(flowixHeaderMerchantID) != FlowixMerchantID {
			fxFail(w, http.StatusUnauthorized, fxUnauthorized, "Invalid API Key or Merchant ID.")
			return
		}
		fields := map[string]json.RawMessage{}
		if r.Method == http.MethodPost {
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
				fxFail(w, http.StatusBadRequest, fxBadRequest, "Content-Type must be application/json.")
				return
			}
			if err := json.Unmarshal(body, &fields); err != nil {
				fxFail(w, http.StatusBadRequest, fxBadRequest, "Invalid JSON body.")
				return
			}
		} else if v := r.URL.Query().Get("ref_id"); v != "" {
			b, _ := json.Marshal(v)
			fields["ref_id"] = b
		}
		h(w, r, fields)
	}
}

// fxMeta is the envelope's meta.
func fxMeta(r *http.Request, now time.Time) map[string]string {
	return map[string]string{"timestamp": now.In(wib).Format("2006-01-02 15:04:05"), "api_version": "1.0.0", "method": r.Method, "ip": "127.0.0.1"}
}

// fxOK writes a success envelope. Status endpoints have no code or meta,
// as documented.
func (f *FlowixSim) fxOK(w http.ResponseWriter, r *http.Request, msg string, data any) {
	env := map[string]any{"success": true, "message": msg, "data": data}
	if !strings.HasSuffix(r.URL.Path, "/status") {
		env["code"] = 200
		env["meta"] = fxMeta(r, f.opt.Now())
	}
	writeJSON(w, http.StatusOK, env)
}

// fxBody is a success envelope as bytes (to misbehave with).
func (f *FlowixSim) fxBody(r *http.Request, msg string, data any) []byte {
	b, _ := json.Marshal(map[string]any{"success": true, "code": 200, "message": msg, "data": data, "meta": fxMeta(r, f.opt.Now())})
	return b
}

// fxFail writes a failure envelope with the HTTP status and code.
func fxFail(w http.ResponseWriter, status int, code flowixCode, msg string) {
	writeJSON(w, status, map[string]any{"success": false, "code": int(code), "message": msg, "data": nil})
}

// fxStr reads a string field of a request.
func fxStr(fields map[string]json.RawMessage, key string) string {
	s, _ := jsonString(fields[key])
	return s
}

// dropUnlock plays the "dropped before applying" fault once per ref_id:
// it remembers ref, releases f.mu and resets the connection.
func (f *FlowixSim) dropUnlock(w http.ResponseWriter, ref string) {
	f.st.Dropped[ref] = true
	_ = f.persist()
	f.mu.Unlock()
	abort(w)
}

// persist saves the state; the caller holds f.mu.
func (f *FlowixSim) persist() error {
	if f.opt.save == nil {
		return nil
	}
	b, err := json.Marshal(f.st)
	if err != nil {
		return err
	}
	return f.opt.save(b)
}

func (f *FlowixSim) handleApplied(w http.ResponseWriter, r *http.Request) {
	ref := r.URL.Query().Get("ref_id")
	if ref == "" {
		ref = r.URL.Query().Get("reference") // the Server's generic form
	}
	f.mu.Lock()
	f.advanceLocked()
	out := map[string]any{"ref_id": providers.CleanMax(ref, 64), "applied": 0, "requests": f.seen[ref], "status": "", "credential_leaks": f.leaks}
	if rec := f.st.Records[ref]; rec != nil {
		out["applied"], out["status"], out["kind"] = rec.Applied, rec.Status, rec.Kind
	}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
}

// Applied reports how many times the request with this ref_id (ours, an
// inquiry id, or DEP-…) was applied: 0 or 1, never more. A deposit counts
// once it is paid.
func (f *FlowixSim) Applied(ref string) int { return f.applied(ref) }

// Requests reports how many money requests with this ref_id reached the
// simulator.
func (f *FlowixSim) Requests(ref string) int { return f.requests(ref) }

// Simulator interface of the Server.

func (f *FlowixSim) name() string          { return flowixName }
func (f *FlowixSim) prefix() string        { return FlowixPrefix }
func (f *FlowixSim) handler() http.Handler { return f.api }
func (f *FlowixSim) revokeTokens()         {}

func (f *FlowixSim) applied(ref string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.advanceLocked()
	if rec := f.st.Records[ref]; rec != nil {
		return rec.Applied
	}
	return 0
}

func (f *FlowixSim) requests(ref string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.seen[ref]
}

func (f *FlowixSim) reset() error {
	return resetState(&f.mu, func() { f.clear(); f.queue = nil }, f.persist)
}

func (f *FlowixSim) restore(raw json.RawMessage) error {
	return restoreState(raw, &f.mu, f.clear, func(st *fxState) {
		f.st.Balance = st.Balance
		keep(&f.st.Records, st.Records)
		keep(&f.st.Inquiries, st.Inquiries)
		keep(&f.st.Dropped, st.Dropped)
		f.st.NextTrx, f.st.NextDep = max(f.st.NextTrx, st.NextTrx), max(f.st.NextDep, st.NextDep)
		f.st.NextInq, f.st.NextEvent = max(f.st.NextInq, st.NextInq), max(f.st.NextEvent, st.NextEvent)
	})
}

// mountFlowix adds the Flowix simulator to s (one line in New, after the
// mux is made and before the simulators are mounted): the mount loop puts
// its API under FlowixPrefix, and its admin endpoints go on mux here. Its
// state is restored from the state file, which New read before the
// simulator existed.
func (s *Server) mountFlowix(mux *http.ServeMux) {
	f := NewFlowixSim(FlowixOptions{
		Now: s.opts.Now, Logger: s.log, SlowDelay: s.opts.SlowDelay, HoldMax: s.opts.HoldMax,
		save: func(b json.RawMessage) error { return s.save(flowixName, b) }, done: s.done,
	})
	s.sims = append(s.sims, f)
	f.registerAdmin(mux)
	if s.loadErr != nil || s.opts.StatePath == "" {
		return
	}
	b, err := os.ReadFile(s.opts.StatePath)
	if errors.Is(err, os.ErrNotExist) {
		return
	}
	var file stateFile
	if err == nil {
		err = json.Unmarshal(b, &file)
	}
	if raw, ok := file.Providers[f.name()]; ok && err == nil {
		err = f.restore(raw)
		s.saveMu.Lock()
		s.states[f.name()] = raw
		s.saveMu.Unlock()
	}
	if err != nil {
		s.loadErr = errors.New("sandbox state: flowix: " + err.Error())
	}
}

// Flowix returns the Server's Flowix simulator (nil if not mounted), e.g.
// to set its webhook URL or pay a deposit.
func (s *Server) Flowix() *FlowixSim {
	for _, sim := range s.sims {
		if f, ok := sim.(*FlowixSim); ok {
			return f
		}
	}
	return nil
}
