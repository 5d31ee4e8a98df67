package sandbox

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"till/providers"
	"till/sale"
)

// FlutterwaveOptions configures a FlutterwaveSim. The zero value is a
// usable in-memory simulator.
type FlutterwaveOptions struct {
	// SlowDelay is how long FaultSlow waits (default DefaultSlowDelay).
	SlowDelay time.Duration
	// HoldMax bounds FaultLostAnswer's hold (default DefaultHoldMax).
	HoldMax time.Duration
	// BulkStep spaces the processing of bulk items (default
	// DefaultFlutterwaveBulkStep).
	BulkStep time.Duration
	// Now is the clock (nil: time.Now).
	Now func() time.Time

	save func(json.RawMessage) error // set by a Server: its state file
	done <-chan struct{}             // set by a Server: closed by its Close
}

// FlutterwaveSim simulates Flutterwave v3 tokenized charges for paths
// relative to its mount point (a Server mounts it under FlutterwavePrefix):
// POST /tokenized-charges, GET /transactions/verify_by_reference?tx_ref=,
// PUT /tokens/{token}, the bulk endpoints, and GET /_sandbox/3ds?ref=FLWREF
// (the 3-D Secure page: visiting it approves the pending charge, with
// &action=decline refuses it). It also serves, by its full path,
// GET /_sandbox/flutterwave/charges?tx_ref=REF answering
// {"count": n, "requests": m, "status": s}.
//
// A tx_ref is charged at most once: a second charge with a tx_ref already
// charged is refused ("Duplicate transaction reference"), as Flutterwave
// does. Faults are chosen by the cents of the amount (FlutterwaveTriggers)
// and fire on the first request only. It never writes to stdout or stderr.
// Its methods are safe for concurrent use.
type FlutterwaveSim struct {
	opt  FlutterwaveOptions
	mux  *http.ServeMux
	stop chan struct{}
	once sync.Once

	mu      sync.Mutex
	charges map[string]*fwCharge   // tx_ref → charge
	made    map[string]int         // charges made per tx_ref
	holders map[string]*fwCustomer // token → customer details, once updated
	bulks   map[int]*fwBulk
	seen    map[string]int // charge requests per tx_ref (not persisted)
	seq     int64
	bulkSeq int
}

// fwCharge is one charge. Amounts are minor units.
type fwCharge struct {
	ID        int64      `json:"id"`
	TxRef     string     `json:"txRef"`
	FlwRef    string     `json:"flwRef"`
	Token     string     `json:"token"` // a demo token, to find the card
	Currency  string     `json:"currency"`
	Amount    int64      `json:"amount"`
	AppFee    int64      `json:"appFee"`
	Status    string     `json:"status"` // successful, pending, failed
	Processor string     `json:"processor"`
	AuthModel string     `json:"authModel"`
	Narration string     `json:"narration"`
	IP        string     `json:"ip,omitempty"`
	Redirect  string     `json:"redirect,omitempty"`
	Customer  fwCustomer `json:"customer"`
	BulkID    int        `json:"bulkId,omitempty"`
	CreatedAt time.Time  `json:"createdAt"`
}

type fwCustomer struct {
	Email string `json:"email"`
	Name  string `json:"name"`
	Phone string `json:"phone,omitempty"`
}

type fwState struct {
	Seq     int64                  `json:"seq"`
	BulkSeq int                    `json:"bulkSeq"`
	Charges map[string]*fwCharge   `json:"charges"`
	Made    map[string]int         `json:"made"`
	Holders map[string]*fwCustomer `json:"holders,omitempty"`
	Bulks   map[int]*fwBulk        `json:"bulks,omitempty"`
}

// NewFlutterwaveSim returns a Flutterwave simulator.
func NewFlutterwaveSim(opt FlutterwaveOptions) *FlutterwaveSim {
	if opt.SlowDelay <= 0 {
		opt.SlowDelay = DefaultSlowDelay
	}
	if opt.HoldMax <= 0 {
		opt.HoldMax = DefaultHoldMax
	}
	if opt.BulkStep <= 0 {
		opt.BulkStep = DefaultFlutterwaveBulkStep
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	f := &FlutterwaveSim{opt: opt, mux: http.NewServeMux(), stop: make(chan struct{})}
	f.clear()
	f.mux.HandleFunc("POST /tokenized-charges", f.authed(f.handleCharge))
	f.mux.HandleFunc("GET /transactions/verify_by_reference", f.authed(f.handleVerify))
	f.mux.HandleFunc("PUT /tokens/{token}", f.authed(f.handleToken))
	f.mux.HandleFunc("POST /bulk-tokenized-charges", f.authed(f.handleBulk))
	f.mux.HandleFunc("GET /bulk-tokenized-charges/{id}", f.authed(f.handleBulkStatus))
	f.mux.HandleFunc("GET /bulk-tokenized-charges/{id}/transactions", f.authed(f.handleBulkTransactions))
	f.mux.HandleFunc("GET /_sandbox/3ds", f.handle3DS)
	f.mountAdmin(f.mux)
	f.mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { fwError(w, http.StatusNotFound, "Route not found") })
	return f
}

// flutterwave returns the simulator of a Server: its options, its state
// file and its Close.
func (s *Server) flutterwave() *FlutterwaveSim {
	return NewFlutterwaveSim(FlutterwaveOptions{
		SlowDelay: s.opts.SlowDelay, HoldMax: s.opts.HoldMax, Now: s.opts.Now,
		save: func(b json.RawMessage) error { return s.save("flutterwave", b) },
		done: s.done,
	})
}

// mountAdmin serves the admin endpoint on mux at its full path,
// /_sandbox/flutterwave/charges, beside a Server's other admin endpoints.
func (f *FlutterwaveSim) mountAdmin(mux *http.ServeMux) {
	mux.HandleFunc("GET "+AdminPrefix+"/flutterwave/charges", f.handleCharges)
}

// ServeHTTP implements http.Handler.
func (f *FlutterwaveSim) ServeHTTP(w http.ResponseWriter, r *http.Request) { f.mux.ServeHTTP(w, r) }

// Close ends held answers (FaultLostAnswer, FaultSlow) at once.
func (f *FlutterwaveSim) Close() { f.once.Do(func() { close(f.stop) }) }

// Charges reports how many charges were made under txRef: 0 or 1, never
// more (counted apart from the charges themselves, so a second charge
// would show).
func (f *FlutterwaveSim) Charges(txRef string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.advance()
	return f.made[txRef]
}

// Requests reports how many charge requests with txRef arrived.
func (f *FlutterwaveSim) Requests(txRef string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.seen[txRef]
}

func (f *FlutterwaveSim) name() string            { return "flutterwave" }
func (f *FlutterwaveSim) prefix() string          { return FlutterwavePrefix }
func (f *FlutterwaveSim) handler() http.Handler   { return f }
func (f *FlutterwaveSim) requests(ref string) int { return f.Requests(ref) }
func (f *FlutterwaveSim) revokeTokens()           {} // a static secret key: nothing to revoke

// applied counts successful charges: money that moved.
func (f *FlutterwaveSim) applied(ref string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if c := f.charges[ref]; c != nil && c.Status == "successful" {
		return 1
	}
	return 0
}

func (f *FlutterwaveSim) reset() error { return resetState(&f.mu, f.clear, f.persist) }

func (f *FlutterwaveSim) restore(raw json.RawMessage) error {
	return restoreState(raw, &f.mu, f.clear, func(st *fwState) {
		keep(&f.charges, st.Charges)
		keep(&f.made, st.Made)
		keep(&f.holders, st.Holders)
		keep(&f.bulks, st.Bulks)
		f.seq, f.bulkSeq = st.Seq, st.BulkSeq
	})
}

// clear empties the state; the caller holds f.mu or owns f.
func (f *FlutterwaveSim) clear() {
	f.charges = map[string]*fwCharge{}
	f.made = map[string]int{}
	f.holders = map[string]*fwCustomer{}
	f.bulks = map[int]*fwBulk{}
	f.seen = map[string]int{}
	f.seq, f.bulkSeq = 0, 0
}

// persist saves the state; the caller holds f.mu.
func (f *FlutterwaveSim) persist() error {
	if f.opt.save == nil {
		return nil
	}
	b, err := json.Marshal(fwState{Seq: f.seq, BulkSeq: f.bulkSeq, Charges: f.charges, Made: f.made, Holders: f.holders, Bulks: f.bulks})
	if err != nil {
		return err
	}
	return f.opt.save(b)
}

func (f *FlutterwaveSim) authed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+FlutterwaveSecretKey {
			fwError(w, http.StatusUnauthorized, "Invalid authorization key")
			return
		}
		h(w, r)
	}
}

// fwChargeRequest is a single charge, or one bulk_data entry.
type fwChargeRequest struct {
	Token     string          `json:"token"`
	Email     string          `json:"email"`
	Currency  string          `json:"currency"`
	Country   string          `json:"country"`
	Amount    json.RawMessage `json:"amount"`
	TxRef     string          `json:"tx_ref"`
	FirstName string          `json:"first_name"`
	LastName  string          `json:"last_name"`
	FullName  string          `json:"full_name"`
	Narration string          `json:"narration"`
	IP        string          `json:"ip"`
}

// validate checks a charge request; msg is the refusal, or "".
func (q *fwChargeRequest) validate() (amount sale.Money, msg string) {
	cur := sale.Currency(q.Currency)
	raw := strings.TrimSpace(string(q.Amount))
	switch {
	case q.Token == "":
		return amount, "token is required"
	case q.Email == "" || !strings.Contains(q.Email, "@"):
		return amount, "email is required"
	case cur != sale.NGN && cur != sale.KES && cur != sale.GHS && cur != sale.ZAR:
		return amount, "currency must be NGN, KES, GHS or ZAR"
	case len(q.Country) != 2:
		return amount, "country is required"
	case q.TxRef == "" || len(q.TxRef) > 100 || providers.Clean(q.TxRef) != q.TxRef:
		return amount, "tx_ref is required"
	case raw == "" || (raw[0] < '0' || raw[0] > '9'):
		return amount, "amount must be a number"
	}
	a, err := providers.MoneyFromMajor(json.Number(raw), cur)
	if err != nil || a.Minor <= 0 {
		return amount, "amount must be a positive number with at most 2 decimals"
	}
	return a, ""
}

// handleCharge is POST /tokenized-charges.
func (f *FlutterwaveSim) handleCharge(w http.ResponseWriter, r *http.Request) {
	var q fwChargeRequest
	if !fwDecode(w, r, &q) {
		return
	}
	amount, msg := q.validate()
	if msg != "" {
		fwError(w, http.StatusBadRequest, msg)
		return
	}
	card, known := fwCard(q.Token)
	f.mu.Lock()
	f.seen[q.TxRef]++
	switch {
	case f.charges[q.TxRef] != nil || f.bulkHas(q.TxRef):
		f.mu.Unlock()
		fwError(w, http.StatusBadRequest, "Duplicate transaction reference")
		return
	case !known:
		f.mu.Unlock()
		fwError(w, http.StatusBadRequest, "Token not found")
		return
	case card.Token == FlutterwaveTokenExpired:
		f.mu.Unlock()
		fwError(w, http.StatusBadRequest, "Expired card")
		return
	}
	fault := FaultFor(amount.Minor)
	c := f.newCharge(q, amount, card)
	status, message := http.StatusOK, "Charge successful"
	switch {
	case card.Token == FlutterwaveTokenDeclined || fault == FaultDecline:
		c.Status, c.Processor = "failed", "Insufficient Funds"
		status, message = http.StatusBadRequest, "Insufficient funds"
	case card.Token == FlutterwaveToken3DS:
		c.Status, c.Processor, c.AuthModel = "pending", "Pending validation", "VBVSECURECODE"
		c.Redirect = "http://" + r.Host + mountOf(r, FlutterwavePrefix) + "/_sandbox/3ds?ref=" + url.QueryEscape(c.FlwRef)
		message = "Charge initiated"
	}
	f.charges[q.TxRef] = c
	f.made[q.TxRef]++
	err := f.persist()
	body := fwBody("error", message, f.txJSON(c, false))
	if status == http.StatusOK {
		body = fwBody("success", message, f.txJSON(c, false))
	}
	f.mu.Unlock()
	if err != nil {
		fwError(w, http.StatusInternalServerError, "sandbox could not save its state")
		return
	}
	playFault(w, r, fault, faultTiming{f.opt.SlowDelay, f.opt.HoldMax, f.opt.done, f.stop}, status, body,
		func(w http.ResponseWriter) { fwError(w, http.StatusServiceUnavailable, "Service unavailable") },
		func(w http.ResponseWriter) { fwError(w, http.StatusOK, "Transaction timed out at the processor") })
}

// newCharge builds a successful charge with the next ids; the caller holds
// f.mu and stores it (or a failed or pending variant of it).
func (f *FlutterwaveSim) newCharge(q fwChargeRequest, amount sale.Money, card FlutterwaveCard) *fwCharge {
	f.seq++
	name := strings.TrimSpace(q.FirstName + " " + q.LastName)
	if name == "" {
		name = q.FullName
	}
	cust := fwCustomer{Email: q.Email, Name: name}
	if h := f.holders[card.Token]; h != nil {
		cust = *h
	} else if cust.Name == "" {
		cust.Name = card.Name
	}
	return &fwCharge{
		ID: 277036700 + f.seq, TxRef: q.TxRef, FlwRef: fmt.Sprintf("FLW-SBX-%08d", f.seq), Token: card.Token,
		Currency: q.Currency, Amount: amount.Minor, AppFee: (amount.Minor*14 + 500) / 1000,
		Status: "successful", Processor: "Approved", AuthModel: "noauth", Narration: q.Narration, IP: q.IP,
		Customer: cust, CreatedAt: f.opt.Now().UTC(),
	}
}

// handleVerify is GET /transactions/verify_by_reference?tx_ref=.
func (f *FlutterwaveSim) handleVerify(w http.ResponseWriter, r *http.Request) {
	ref := r.URL.Query().Get("tx_ref")
	f.mu.Lock()
	f.advance()
	c := f.charges[ref]
	var body []byte
	if c != nil {
		body = fwBody("success", "Transaction fetched successfully", f.txJSON(c, false))
	}
	f.mu.Unlock()
	if c == nil {
		fwError(w, http.StatusBadRequest, "No transaction was found for this id")
		return
	}
	writeBody(w, http.StatusOK, body)
}

// handle3DS is the customer's 3-D Secure page: a GET approves the pending
// charge (or refuses it with action=decline).
func (f *FlutterwaveSim) handle3DS(w http.ResponseWriter, r *http.Request) {
	ref, decline := r.URL.Query().Get("ref"), r.URL.Query().Get("action") == "decline"
	f.mu.Lock()
	var c *fwCharge
	for _, ch := range f.charges {
		if ch.FlwRef == ref {
			c = ch
		}
	}
	page := "No payment is waiting for approval under this reference."
	status := http.StatusNotFound
	var err error
	if c != nil {
		status = http.StatusOK
		switch {
		case c.Status != "pending":
			page = "This payment is already " + c.Status + "."
		case decline:
			c.Status, c.Processor = "failed", "Declined by the card holder"
			page = "Payment refused. You may close this page."
		default:
			c.Status, c.Processor = "successful", "Approved"
			page = "Payment approved. You may close this page."
		}
		err = f.persist()
	}
	f.mu.Unlock()
	if err != nil {
		status, page = http.StatusInternalServerError, "The sandbox could not save its state."
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, "<!doctype html><title>Sandbox 3-D Secure</title><p>"+html.EscapeString(page)+"</p>\n")
}

// handleCharges is the admin count of charges under a tx_ref.
func (f *FlutterwaveSim) handleCharges(w http.ResponseWriter, r *http.Request) {
	ref := r.URL.Query().Get("tx_ref")
	f.mu.Lock()
	f.advance()
	n, status := f.made[ref], ""
	if c := f.charges[ref]; c != nil {
		status = c.Status
	}
	seen := f.seen[ref]
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"tx_ref": providers.CleanMax(ref, 100), "count": n, "requests": seen, "status": status})
}

// txJSON renders a charge as Flutterwave's transaction object; bulk ones
// carry their ids as strings, as the bulk endpoint does. The caller holds
// f.mu.
func (f *FlutterwaveSim) txJSON(c *fwCharge, bulk bool) map[string]any {
	card, _ := fwCard(c.Token)
	cur := sale.Currency(c.Currency)
	var phone any
	if c.Customer.Phone != "" {
		phone = c.Customer.Phone
	}
	tx := map[string]any{
		"id": c.ID, "tx_ref": c.TxRef, "flw_ref": c.FlwRef, "device_fingerprint": "N/A",
		"amount": fwNumber(c.Amount, cur), "charged_amount": fwNumber(c.Amount, cur),
		"app_fee": fwNumber(c.AppFee, cur), "merchant_fee": json.Number("0"),
		"processor_response": c.Processor, "auth_model": c.AuthModel, "currency": c.Currency, "ip": c.IP,
		"narration": c.Narration, "status": c.Status, "payment_type": "card",
		"created_at": c.CreatedAt.Format("2006-01-02T15:04:05.000Z"), "account_id": 17321,
		"customer": map[string]any{"id": 210745229, "phone_number": phone, "name": c.Customer.Name,
			"email": c.Customer.Email, "created_at": c.CreatedAt.Format("2006-01-02T15:04:05.000Z")},
		"card": map[string]any{"first_6digits": card.First6, "last_4digits": card.Last4, "issuer": card.Issuer,
			"country": "NG", "type": card.Brand, "expiry": card.Expiry, "token": card.Token},
	}
	if c.Redirect != "" && c.Status == "pending" {
		tx["meta"] = map[string]any{"authorization": map[string]any{"mode": "redirect", "redirect": c.Redirect}}
	}
	if bulk {
		tx["id"], tx["account_id"] = fmt.Sprint(c.ID), "17321"
		tx["amount_settled"] = fwNumber(c.Amount-c.AppFee, cur)
		delete(tx["card"].(map[string]any), "token")
	}
	return tx
}
