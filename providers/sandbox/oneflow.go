package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// DefaultOneFlowCompleteAfter is how long a simulated recharge stays
// PENDING before it completes.
const DefaultOneFlowCompleteAfter = 3 * time.Second

const oneFlowName = "oneflow"

// Recharge statuses, as 1Flow sends them.
const (
	ofPending   = "PENDING"
	ofCompleted = "COMPLETED"
	ofFailed    = "FAILED"
)

// OneFlowOptions configures a OneFlowSim. The zero value is a usable
// in-memory simulator.
type OneFlowOptions struct {
	// StatePath, if set, is a JSON file holding the simulator's recharges
	// and balances, rewritten atomically before each answer that changed
	// them. Ignored when the simulator is part of a Server (which persists
	// it in its own state file).
	StatePath string
	// TokenTTL is the life of issued access tokens (default DefaultTokenTTL).
	TokenTTL time.Duration
	// CompleteAfter is how long a recharge stays PENDING before a status
	// query finds it completed (default DefaultOneFlowCompleteAfter). A
	// negative value completes it at the first status query.
	CompleteAfter time.Duration
	// ManualComplete keeps every recharge PENDING until
	// POST /_sandbox/oneflow/complete?id=... (or Complete) settles it.
	ManualComplete bool
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

// OneFlowSim simulates the 1Flow water API for paths relative to its mount
// point (Server mounts it under OneFlowPrefix): the token endpoint (HTTP
// Basic OneFlowClientID:OneFlowClientSecret), customer lookup, recharge
// initiation and status, with deterministic faults (OneFlowTriggers), and
// the admin endpoints GET /_sandbox/oneflow/recharges?device=ID and
// POST /_sandbox/oneflow/complete?id=ID[&status=FAILED]. It never writes to
// stdout or stderr. Its methods are safe for concurrent use.
type OneFlowSim struct {
	opt     OneFlowOptions
	mux     *http.ServeMux
	loadErr error
	closed  chan struct{}
	once    sync.Once

	mu        sync.Mutex
	tokens    map[string]time.Time // access token → expiry
	recharges map[string]*ofRecharge
	balances  map[string]int64 // serial → millilitres
	once401   map[string]bool  // device|amount whose 401-once fault has fired
	seq       int64
}

// ofRecharge is one recharge as the simulator stores it. Amounts and
// prices are minor units, litres and balances millilitres.
type ofRecharge struct {
	Seq         int64     `json:"seq"`
	ID          string    `json:"id"`
	Serial      string    `json:"serialNumber"`
	DeviceType  string    `json:"deviceType"`
	Currency    string    `json:"currency"`
	Amount      int64     `json:"amount"`
	Price       int64     `json:"pricePerLitre"`
	Status      string    `json:"status"`
	Millilitres int64     `json:"millilitres,omitempty"`
	Balance     int64     `json:"balance,omitempty"`
	CreatedAt   time.Time `json:"createdAt"`
	CompletedAt time.Time `json:"completedAt,omitzero"`
}

// ofState is what is persisted.
type ofState struct {
	Seq       int64                  `json:"seq"`
	Recharges map[string]*ofRecharge `json:"recharges"`
	Balances  map[string]int64       `json:"balances"`
	Once401   map[string]bool        `json:"once401,omitempty"`
}

// NewOneFlowSim returns a 1Flow simulator, loading opt.StatePath if it
// exists (see Err).
func NewOneFlowSim(opt OneFlowOptions) *OneFlowSim {
	if opt.TokenTTL <= 0 {
		opt.TokenTTL = DefaultTokenTTL
	}
	if opt.CompleteAfter == 0 {
		opt.CompleteAfter = DefaultOneFlowCompleteAfter
	}
	if opt.SlowDelay <= 0 {
		opt.SlowDelay = DefaultSlowDelay
	}
	if opt.HoldMax <= 0 {
		opt.HoldMax = DefaultHoldMax
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	o := &OneFlowSim{opt: opt, mux: http.NewServeMux(), closed: make(chan struct{})}
	o.clear()
	if opt.save == nil && opt.StatePath != "" {
		o.loadErr = o.loadFile()
	}
	const api = "/v1/access/partners"
	o.mux.HandleFunc("POST "+api+"/token", o.handleToken)
	o.mux.HandleFunc("POST "+api+"/lookup", o.authed(o.handleLookup))
	o.mux.HandleFunc("POST "+api+"/recharge", o.authed(o.handleRecharge))
	o.mux.HandleFunc("GET "+api+"/recharge/{id}", o.authed(o.handleStatus))
	o.mountAdmin(o.mux)
	o.mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		ofError(w, http.StatusNotFound, "No such endpoint")
	})
	return o
}

// oneFlow returns the simulator of a Server: its options, its state file
// and its Close. Server.New lists it among its simulators, which mounts the
// API under OneFlowPrefix.
func (s *Server) oneFlow() *OneFlowSim {
	return NewOneFlowSim(OneFlowOptions{
		TokenTTL: s.opts.TokenTTL, SlowDelay: s.opts.SlowDelay, HoldMax: s.opts.HoldMax, Now: s.opts.Now,
		save: func(b json.RawMessage) error { return s.save(oneFlowName, b) },
		done: s.done,
	})
}

// mountAdmin serves the admin endpoints on a Server's own mux, at
// /_sandbox/oneflow/... beside the Server's other admin endpoints (mounted
// under OneFlowPrefix they are also reachable, relative to the prefix).
func (o *OneFlowSim) mountAdmin(mux *http.ServeMux) {
	mux.HandleFunc("GET "+AdminPrefix+"/oneflow/recharges", o.handleList)
	mux.HandleFunc("POST "+AdminPrefix+"/oneflow/complete", o.handleComplete)
}

// mountOneFlowAdmin serves the 1Flow simulator's admin endpoints on the
// Server's mux at /_sandbox/oneflow/... (New calls it after mounting the
// simulators).
func (s *Server) mountOneFlowAdmin(mux *http.ServeMux) {
	for _, sim := range s.sims {
		if o, ok := sim.(*OneFlowSim); ok {
			o.mountAdmin(mux)
		}
	}
}

var _ simulator = (*OneFlowSim)(nil)

// ServeHTTP implements http.Handler.
func (o *OneFlowSim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if o.loadErr != nil {
		ofError(w, http.StatusServiceUnavailable, "sandbox state unreadable")
		return
	}
	o.mux.ServeHTTP(w, r)
}

// Err is the error reading OneFlowOptions.StatePath, if any; while it is
// set every request is answered 503 rather than forget recharges.
func (o *OneFlowSim) Err() error { return o.loadErr }

// Close ends held answers (FaultLostAnswer, FaultSlow) at once.
func (o *OneFlowSim) Close() { o.once.Do(func() { close(o.closed) }) }

// Recharges reports how many recharges exist for a device or card serial:
// what a test checks to prove a sale was initiated once.
func (o *OneFlowSim) Recharges(serial string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, rec := range o.recharges {
		if rec.Serial == serial {
			n++
		}
	}
	return n
}

// Complete settles a PENDING recharge now: COMPLETED, or FAILED when
// status is "FAILED" or the device always fails.
func (o *OneFlowSim) Complete(id, status string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	rec := o.recharges[id]
	switch {
	case rec == nil:
		return fmt.Errorf("no recharge %q", id)
	case rec.Status != ofPending:
		return fmt.Errorf("recharge %s is already %s", id, rec.Status)
	case status != "" && status != ofCompleted && status != ofFailed:
		return fmt.Errorf("status must be %s or %s", ofCompleted, ofFailed)
	}
	o.finish(rec, status == ofFailed)
	return o.persist()
}

// RevokeTokens invalidates every issued token, as an expiry would.
func (o *OneFlowSim) RevokeTokens() { o.revokeTokens() }

// Reset forgets every recharge, balance change and token.
func (o *OneFlowSim) Reset() error { return o.reset() }

// The simulator interface of Server. 1Flow recharges carry no client
// reference, so applied and requests by reference are always 0: count
// recharges by device instead (Recharges, /_sandbox/oneflow/recharges).
func (o *OneFlowSim) name() string          { return oneFlowName }
func (o *OneFlowSim) prefix() string        { return OneFlowPrefix }
func (o *OneFlowSim) handler() http.Handler { return o }
func (o *OneFlowSim) applied(string) int    { return 0 }
func (o *OneFlowSim) requests(string) int   { return 0 }
func (o *OneFlowSim) revokeTokens()         { o.mu.Lock(); o.tokens = map[string]time.Time{}; o.mu.Unlock() }
func (o *OneFlowSim) now() time.Time        { return o.opt.Now() }
func (o *OneFlowSim) reset() error          { return resetState(&o.mu, o.clear, o.persist) }
func (o *OneFlowSim) restore(b json.RawMessage) error {
	return restoreState(b, &o.mu, o.clear, func(st *ofState) {
		o.seq = st.Seq
		for id, rec := range st.Recharges {
			if rec != nil {
				o.recharges[id] = rec
			}
		}
		maps.Copy(o.balances, st.Balances)
		maps.Copy(o.once401, st.Once401)
	})
}

// clear empties the state; the caller holds o.mu or owns o.
func (o *OneFlowSim) clear() {
	o.tokens = map[string]time.Time{}
	o.recharges = map[string]*ofRecharge{}
	o.once401 = map[string]bool{}
	o.seq = 0
	o.balances = map[string]int64{}
	for _, c := range oneFlowCustomers {
		for _, d := range c.Devices {
			o.balances[d.Serial] = d.Balance
		}
	}
}

// persist saves the state; the caller holds o.mu.
func (o *OneFlowSim) persist() error {
	if o.opt.save == nil && o.opt.StatePath == "" {
		return nil
	}
	b, err := json.Marshal(ofState{Seq: o.seq, Recharges: o.recharges, Balances: o.balances, Once401: o.once401})
	if err != nil {
		return err
	}
	if o.opt.save != nil {
		return o.opt.save(b)
	}
	return writeAtomic(o.opt.StatePath, b)
}

func (o *OneFlowSim) loadFile() error {
	b, err := os.ReadFile(o.opt.StatePath)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("oneflow sandbox state: %w", err)
	}
	if err := o.restore(b); err != nil {
		return fmt.Errorf("oneflow sandbox state %s: %w", o.opt.StatePath, err)
	}
	return nil
}

// handleList is GET /_sandbox/oneflow/recharges[?device=SERIAL]: how many
// recharges exist (for the device or card), and each, oldest first.
func (o *OneFlowSim) handleList(w http.ResponseWriter, r *http.Request) {
	serial := r.URL.Query().Get("device")
	o.mu.Lock()
	list := make([]ofRecharge, 0)
	for _, rec := range o.recharges {
		if serial == "" || rec.Serial == serial {
			list = append(list, *rec)
		}
	}
	o.mu.Unlock()
	for i := 1; i < len(list); i++ { // few: insertion sort by creation
		for j := i; j > 0 && list[j].Seq < list[j-1].Seq; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"device": serial, "count": len(list), "recharges": list})
}

// handleComplete is POST /_sandbox/oneflow/complete?id=ID[&status=FAILED].
func (o *OneFlowSim) handleComplete(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	o.mu.Lock()
	_, known := o.recharges[q.Get("id")]
	o.mu.Unlock()
	if !known {
		ofError(w, http.StatusNotFound, "Recharge not found")
		return
	}
	if err := o.Complete(q.Get("id"), strings.ToUpper(q.Get("status"))); err != nil {
		ofError(w, http.StatusConflict, err.Error())
		return
	}
	o.mu.Lock()
	rec := *o.recharges[q.Get("id")]
	o.mu.Unlock()
	writeJSON(w, http.StatusOK, rec)
}
