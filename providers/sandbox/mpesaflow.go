package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"till/providers"
	"till/sale"
)

// Demo setup of the MpesaFlow simulator. A till configured with
// base_url = <sandbox>/mpesaflow/v1 and api_key = MpesaFlowAPIKey records
// M-Pesa tenders against it.
const (
	// MpesaFlowPrefix is where the MpesaFlow simulator is mounted.
	MpesaFlowPrefix = "/mpesaflow/v1"
	// MpesaFlowAPIKey is the bearer key the simulator accepts.
	MpesaFlowAPIKey = "mf_sandbox_8f3c2a91d4e6b705"
	// MpesaFlowReceipt is a receipt code to type in the demo; any
	// well-formed code not yet recorded works as well.
	MpesaFlowReceipt = "SBX4DEMO01"
)

// MpesaFlowOptions configures an MpesaFlowSim. The zero value is a usable
// in-memory simulator.
type MpesaFlowOptions struct {
	// SlowDelay is how long FaultSlow waits before answering (default
	// DefaultSlowDelay).
	SlowDelay time.Duration
	// HoldMax bounds how long FaultLostAnswer holds an answer when the
	// client does not give up first (default DefaultHoldMax).
	HoldMax time.Duration
	// Now is the clock (nil: time.Now).
	Now func() time.Time

	save func(json.RawMessage) error // set by a Server: its state file
	done <-chan struct{}             // set by a Server: closed by its Close
}

// MpesaFlowSim simulates MpesaFlow's POST /transactions for paths relative
// to its mount point (a Server mounts it under MpesaFlowPrefix), and serves
// GET /_sandbox/mpesaflow/records?providerReference=REF (the full path, for
// a Server to route to it unchanged) answering {"count": n, "requests": m}.
//
// A record is keyed by providerReference: a second request with the same
// reference creates nothing and returns the existing record (200), which
// is what MpesaFlow most likely does and what makes resending safe. A
// receipt code already recorded under another reference is refused with
// 409: one M-Pesa payment cannot pay for two sales (our assumption; the
// document lists no errors). Faults are chosen by the cents of the amount
// (see MpesaFlowTriggers) and fire on the first request of a reference only.
// It never writes to stdout or stderr. Its methods are safe for concurrent
// use.
type MpesaFlowSim struct {
	opt  MpesaFlowOptions
	mux  *http.ServeMux
	stop chan struct{}
	once sync.Once

	mu      sync.Mutex
	records map[string]*mfRecord // providerReference → record
	made    map[string]int       // records created per providerReference
	seen    map[string]int       // POSTs per providerReference (not persisted)
	seq     int64
}

// mfRecord is one stored transaction record.
type mfRecord struct {
	ID          string          `json:"id"`
	CustomerID  string          `json:"customerId,omitempty"`
	Amount      string          `json:"amount"`
	Reference   string          `json:"providerReference"`
	Description string          `json:"description"`
	Status      string          `json:"status"`
	Receipt     string          `json:"receipt"`
	Metadata    json.RawMessage `json:"metadata"`
	CreatedAt   time.Time       `json:"createdAt"`
}

// mfState is what is persisted.
type mfState struct {
	Seq     int64                `json:"seq"`
	Records map[string]*mfRecord `json:"records"`
	Made    map[string]int       `json:"made"`
}

// mfRequest is the POST /transactions body. amount must be a JSON string.
type mfRequest struct {
	CustomerID        string          `json:"customerId"`
	Amount            string          `json:"amount"`
	Currency          string          `json:"currency"`
	Provider          string          `json:"provider"`
	ProviderReference string          `json:"providerReference"`
	Description       string          `json:"description"`
	Status            string          `json:"status"`
	Type              string          `json:"type"`
	Origin            string          `json:"origin"`
	Metadata          json.RawMessage `json:"metadata"`
}

// NewMpesaFlowSim returns an MpesaFlow simulator.
func NewMpesaFlowSim(opt MpesaFlowOptions) *MpesaFlowSim {
	if opt.SlowDelay <= 0 {
		opt.SlowDelay = DefaultSlowDelay
	}
	if opt.HoldMax <= 0 {
		opt.HoldMax = DefaultHoldMax
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	m := &MpesaFlowSim{opt: opt, mux: http.NewServeMux(), stop: make(chan struct{})}
	m.clear()
	m.mux.HandleFunc("POST /transactions", m.handleCreate)
	m.mountAdmin(m.mux)
	m.mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		mfError(w, http.StatusNotFound, "Not found")
	})
	return m
}

// mpesaFlow returns the simulator of a Server: its options, its state
// file and its Close.
func (s *Server) mpesaFlow() *MpesaFlowSim {
	return NewMpesaFlowSim(MpesaFlowOptions{
		SlowDelay: s.opts.SlowDelay, HoldMax: s.opts.HoldMax, Now: s.opts.Now,
		save: func(b json.RawMessage) error { return s.save("mpesaflow", b) },
		done: s.done,
	})
}

// mountAdmin serves the admin endpoint on mux at its full path,
// /_sandbox/mpesaflow/records, beside a Server's other admin endpoints.
func (m *MpesaFlowSim) mountAdmin(mux *http.ServeMux) {
	mux.HandleFunc("GET "+AdminPrefix+"/mpesaflow/records", m.handleRecords)
}

// mountTenderAdmin mounts the admin endpoints of the Server's MpesaFlow and
// Flutterwave simulators on its mux.
func (s *Server) mountTenderAdmin(mux *http.ServeMux) {
	for _, sim := range s.sims {
		switch t := sim.(type) {
		case *MpesaFlowSim:
			t.mountAdmin(mux)
		case *FlutterwaveSim:
			t.mountAdmin(mux)
		}
	}
}

var (
	_ simulator = (*MpesaFlowSim)(nil)
	_ simulator = (*FlutterwaveSim)(nil)
)

// ServeHTTP implements http.Handler.
func (m *MpesaFlowSim) ServeHTTP(w http.ResponseWriter, r *http.Request) { m.mux.ServeHTTP(w, r) }

// Close ends held answers (FaultLostAnswer, FaultSlow) at once.
func (m *MpesaFlowSim) Close() { m.once.Do(func() { close(m.stop) }) }

// Records reports how many records were created under providerReference
// ref: 0 or 1, never more (counted apart from the records themselves, so a
// second one would show).
func (m *MpesaFlowSim) Records(ref string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.made[ref]
}

// Requests reports how many POST /transactions with reference ref arrived.
func (m *MpesaFlowSim) Requests(ref string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.seen[ref]
}

func (m *MpesaFlowSim) name() string           { return "mpesaflow" }
func (m *MpesaFlowSim) prefix() string         { return MpesaFlowPrefix }
func (m *MpesaFlowSim) handler() http.Handler  { return m }
func (m *MpesaFlowSim) applied(ref string) int { return m.Records(ref) }
func (m *MpesaFlowSim) requests(ref string) int {
	return m.Requests(ref)
}
func (m *MpesaFlowSim) revokeTokens() {} // a static API key: nothing to revoke

func (m *MpesaFlowSim) reset() error { return resetState(&m.mu, m.clear, m.persist) }

func (m *MpesaFlowSim) restore(raw json.RawMessage) error {
	return restoreState(raw, &m.mu, m.clear, func(st *mfState) {
		keep(&m.records, st.Records)
		keep(&m.made, st.Made)
		m.seq = st.Seq
	})
}

// clear empties the state; the caller holds m.mu or owns m.
func (m *MpesaFlowSim) clear() {
	m.records = map[string]*mfRecord{}
	m.made = map[string]int{}
	m.seen = map[string]int{}
	m.seq = 0
}

// persist saves the state; the caller holds m.mu.
func (m *MpesaFlowSim) persist() error {
	if m.opt.save == nil {
		return nil
	}
	b, err := json.Marshal(mfState{Seq: m.seq, Records: m.records, Made: m.made})
	if err != nil {
		return err
	}
	return m.opt.save(b)
}

// handleCreate is POST /transactions.
func (m *MpesaFlowSim) handleCreate(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+MpesaFlowAPIKey {
		mfError(w, http.StatusUnauthorized, "Unauthorized")
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		mfError(w, http.StatusBadRequest, "Content-Type must be application/json")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		mfError(w, http.StatusBadRequest, "Body too large")
		return
	}
	var req mfRequest
	if err := json.Unmarshal(body, &req); err != nil {
		mfError(w, http.StatusBadRequest, "Invalid JSON body (amount must be a string)")
		return
	}
	amount, receipt, msg := mfValidate(&req)
	if msg != "" {
		mfError(w, http.StatusBadRequest, msg)
		return
	}
	ref := req.ProviderReference

	m.mu.Lock()
	m.seen[ref]++
	if rec := m.records[ref]; rec != nil {
		b := m.answer(rec)
		m.mu.Unlock()
		writeBody(w, http.StatusOK, b)
		return
	}
	for _, rec := range m.records {
		if rec.Receipt == receipt {
			m.mu.Unlock()
			mfError(w, http.StatusConflict, "Receipt number "+receipt+" is already recorded")
			return
		}
	}
	fault := FaultFor(amount.Minor)
	if fault == FaultDecline {
		m.mu.Unlock()
		mfError(w, http.StatusBadRequest, "Transaction rejected")
		return
	}
	m.seq++
	rec := &mfRecord{
		ID: fmt.Sprintf("txn_sbx%06d", m.seq), CustomerID: req.CustomerID, Amount: amount.Plain(),
		Reference: ref, Description: req.Description, Status: req.Status, Receipt: receipt,
		Metadata: req.Metadata, CreatedAt: m.opt.Now().UTC(),
	}
	m.records[ref] = rec
	m.made[ref]++
	err = m.persist()
	b := m.answer(rec)
	m.mu.Unlock()
	if err != nil {
		mfError(w, http.StatusInternalServerError, "sandbox could not save its state")
		return
	}
	playFault(w, r, fault, faultTiming{m.opt.SlowDelay, m.opt.HoldMax, m.opt.done, m.stop}, http.StatusOK, b,
		func(w http.ResponseWriter) { mfError(w, http.StatusServiceUnavailable, "Service Unavailable") },
		func(w http.ResponseWriter) { mfError(w, http.StatusOK, "Upstream timeout") })
}

// mfValidate checks a request; msg is the refusal, or "" when valid.
func mfValidate(req *mfRequest) (amount sale.Money, receipt, msg string) {
	ref := req.ProviderReference
	if ref == "" || len(ref) > 64 || providers.Clean(ref) != ref {
		return amount, "", "providerReference is required (at most 64 printable characters)"
	}
	a, err := providers.MoneyFromMajor(json.Number(req.Amount), sale.KES)
	if err != nil || a.Minor <= 0 {
		return amount, "", "amount must be a positive decimal string with at most 2 decimals"
	}
	switch {
	case req.Currency != "kes":
		return amount, "", "currency must be kes"
	case req.Provider != "mpesa":
		return amount, "", "provider must be mpesa"
	case req.Type != "payment":
		return amount, "", "type must be payment"
	case req.Status != "pending" && req.Status != "completed" && req.Status != "failed":
		return amount, "", "status must be pending, completed or failed"
	case req.Origin != "api" && req.Origin != "web":
		return amount, "", "origin must be api or web"
	}
	var md struct {
		Provider       string `json:"provider"`
		CallbackResult *struct {
			ReceiptNumber string       `json:"receiptNumber"`
			Amount        *json.Number `json:"amount"`
			PhoneNumber   string       `json:"phoneNumber"`
		} `json:"callbackResult"`
	}
	dec := json.NewDecoder(strings.NewReader(string(req.Metadata)))
	dec.UseNumber()
	if len(req.Metadata) == 0 || dec.Decode(&md) != nil || md.CallbackResult == nil {
		return amount, "", "metadata.callbackResult is required"
	}
	cb := md.CallbackResult
	if !mpesaReceiptCode(cb.ReceiptNumber) {
		return amount, "", "metadata.callbackResult.receiptNumber is not an M-Pesa receipt code"
	}
	if cb.Amount != nil {
		if ca, err := providers.MoneyFromMajor(*cb.Amount, sale.KES); err != nil || ca != a {
			return amount, "", "metadata.callbackResult.amount does not match amount"
		}
	}
	if cb.PhoneNumber != "" {
		if !mpesaPhoneKE(cb.PhoneNumber) {
			return amount, "", "metadata.callbackResult.phoneNumber must be 254XXXXXXXXX"
		}
	}
	return a, cb.ReceiptNumber, ""
}

// answer renders a record as the documented success answer; the caller
// holds m.mu.
func (m *MpesaFlowSim) answer(rec *mfRecord) []byte {
	at := rec.CreatedAt.Format(time.RFC3339)
	data := map[string]any{
		"id": rec.ID, "object": "transaction", "customerId": rec.CustomerID, "currency": "kes", "fee": "0.00",
		"amount": rec.Amount, "provider": "mpesa", "providerReference": rec.Reference,
		"description": rec.Description, "status": rec.Status, "type": "payment", "metadata": string(rec.Metadata),
		"origin": "api", "declineReason": nil, "createdAt": at, "updatedAt": at,
		"refundedAt": nil, "paidAt": nil, "failedAt": nil, "disputedAt": nil,
	}
	switch rec.Status {
	case "completed":
		data["paidAt"] = at
	case "failed":
		data["failedAt"] = at
	}
	b, _ := json.Marshal(map[string]any{"success": true, "data": data})
	return b
}

// handleRecords is the admin count of records under a providerReference.
func (m *MpesaFlowSim) handleRecords(w http.ResponseWriter, r *http.Request) {
	ref := r.URL.Query().Get("providerReference")
	writeJSON(w, http.StatusOK, map[string]any{
		"providerReference": providers.CleanMax(ref, 64), "count": m.Records(ref), "requests": m.Requests(ref),
	})
}

func mfError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"success": false, "error": msg})
}

// faultTiming is how long faults hold an answer and what ends the hold.
type faultTiming struct {
	slow, holdMax time.Duration
	done, stop    <-chan struct{} // a Server's Close, the simulator's Close
}

// playFault writes the first answer of an applied request (status, body)
// misbehaving as f says; serverError writes the 5xx of FaultServerError and
// upstream the in-doubt 200 of FaultUpstreamError. Faults that do not apply
// to an applied request answer normally.
func playFault(w http.ResponseWriter, r *http.Request, f Fault, t faultTiming, status int, body []byte,
	serverError, upstream func(http.ResponseWriter)) {
	wait := func(d time.Duration) bool {
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-r.Context().Done():
		case <-t.done:
		case <-t.stop:
		case <-timer.C:
			return true
		}
		return false
	}
	switch f {
	case FaultLostAnswer:
		wait(t.holdMax)
		abort(w)
	case FaultServerError:
		serverError(w)
	case FaultGarbage:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body[:len(body)/2])
	case FaultSlow:
		if !wait(t.slow) {
			abort(w)
			return
		}
		writeBody(w, status, body)
	case FaultReset:
		abort(w)
	case FaultUpstreamError:
		upstream(w)
	default:
		writeBody(w, status, body)
	}
}

// MpesaFlowTriggers lists the MpesaFlow simulator's faults (KES x.91 ...).
// Every applied one is settled by the till resending the same reference,
// which returns the existing record.
func MpesaFlowTriggers() []CentsTrigger {
	return []CentsTrigger{
		{91, FaultLostAnswer, "recorded, then no answer: IN_DOUBT; the resend returns the record: DELIVERED"},
		{92, FaultServerError, "recorded, then HTTP 503: IN_DOUBT; the resend: DELIVERED"},
		{93, FaultGarbage, "recorded, then truncated JSON: IN_DOUBT; the resend: DELIVERED"},
		{94, FaultDecline, "refused with HTTP 400, nothing recorded: DECLINED"},
		{96, FaultSlow, "recorded, answered after the slow delay"},
		{97, FaultReset, "recorded, then the connection is reset: IN_DOUBT; the resend: DELIVERED"},
		{98, FaultUpstreamError, "recorded, then 200 with success false: IN_DOUBT; the resend: DELIVERED"},
	}
}

// mpesaReceiptCode reports whether s looks like an M-Pesa receipt code:
// 10 capital letters and digits, starting with a letter (QKJ4ABCD12).
func mpesaReceiptCode(s string) bool {
	if len(s) != 10 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// mpesaPhoneKE reports whether s is a Kenyan mobile number as M-Pesa
// writes it: 2547XXXXXXXX or 2541XXXXXXXX.
func mpesaPhoneKE(s string) bool {
	if len(s) != 12 || !(strings.HasPrefix(s, "2547") || strings.HasPrefix(s, "2541")) {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}
