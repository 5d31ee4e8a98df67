package flowix

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"till/providers"
	"till/sale"
)

// Webhook headers, as documented.
const (
	HeaderSignature = "X-Flowix-Signature"
	HeaderEvent     = "X-Flowix-Event"
	HeaderMerchant  = "X-Flowix-Merchant"
)

// Event types seen in webhooks.
const (
	EventTransaction = "transaction.status"
	EventDeposit     = "deposit.status"
	EventPayout      = "payout.status"
)

// DefaultTolerance is how far an event's timestamp may be from the till's
// clock before it is refused as stale (or from the future).
const DefaultTolerance = 5 * time.Minute

// maxWebhookBody bounds a webhook body.
const maxWebhookBody = 64 << 10

// Signature is the X-Flowix-Signature of a body: the hex HMAC-SHA256 of the
// raw body bytes keyed with the webhook secret.
//
// The document's example signs JSON.stringify(req.body), i.e. the body
// re-serialised by Node; that equals the raw body when Flowix sends compact
// JSON, which a Node sender does. We verify the raw bytes, as received:
// re-serialising in Go would not reproduce Node's output byte for byte.
func Signature(secret providers.Secret, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret.Reveal()))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// Event is one verified webhook.
type Event struct {
	// ID is the event id ("evt_…"), unique per delivery of a change.
	ID string
	// Type is the event type (EventTransaction, EventDeposit, EventPayout).
	Type string
	// Timestamp is when Flowix sent it.
	Timestamp time.Time
	// Ref is data.reff_id (sic, as documented) or data.ref_id: our sale
	// reference for transactions and payouts, the inquiry id for bills,
	// Flowix's DEP-… reference for deposits.
	Ref string
	// Status is the status word, lower case ("success", "paid", ...).
	Status string
	// Product, Target, SN and Note as sent, cleaned.
	Product, Target, SN, Note string

	tables *tables // the receiving client's status words; nil: the defaults
}

// Result is what the event's status means for the sale it names.
func (e Event) Result() sale.Result {
	t := &defaultTables
	if e.tables != nil {
		t = e.tables
	}
	if e.Type == EventDeposit {
		return t.deposits.Result(e.Status)
	}
	return t.statuses.Result(e.Status)
}

// Outcome is the event as a classified answer for the journal, with the SN
// (or a PLN token, marked Secret) as items.
func (e Event) Outcome() sale.Outcome {
	r := e.Result()
	msg := e.Note
	if msg == "" {
		msg = "Flowix reported " + e.Status
	}
	out := providers.NewOutcome(r, e.Status, msg)
	if r == sale.ResultDelivered && e.Type != EventDeposit {
		out.Items = snItems(e.Product, e.SN)
	}
	out.PendingID = e.Ref
	return out
}

// Sink receives each verified, fresh, first-seen event. It must journal
// what the event means (fsync'd) before it returns nil; the handler answers
// 2xx only then. An error makes the handler answer 500 so that Flowix
// delivers the event again. A sink must not move a sale backwards: it
// applies an event only when Forward(current, next) holds.
type Sink func(ctx context.Context, e Event) error

// Forward reports whether a sale in state current may be moved to next by
// a webhook: only forward along the state machine (sale.CanTransition),
// never from a final or delivered state, never sideways. An older
// "processing" arriving after "success" is thus ignored, and a later
// "failed" after "success" (a refund) is left to a person.
func Forward(current, next sale.State) bool {
	rank := map[sale.State]int{
		sale.StateNew: 0, sale.StateSending: 1, sale.StateInDoubt: 2, sale.StateNeedsSupervisor: 2,
		sale.StatePending: 3, sale.StateDelivered: 4, sale.StateDeclined: 4, sale.StateNotSent: 4,
	}
	rc, ok1 := rank[current]
	rn, ok2 := rank[next]
	return ok1 && ok2 && rn > rc && sale.CanTransition(current, next)
}

// WebhookOption configures a WebhookHandler.
type WebhookOption func(*WebhookHandler)

// WithTolerance sets how old (or how far in the future) an event may be.
func WithTolerance(d time.Duration) WebhookOption {
	return func(h *WebhookHandler) {
		if d > 0 {
			h.tolerance = d
		}
	}
}

// WithClock sets the handler's clock (tests).
func WithClock(now func() time.Time) WebhookOption {
	return func(h *WebhookHandler) {
		if now != nil {
			h.now = now
		}
	}
}

// WithMerchant refuses (403) events whose X-Flowix-Merchant header names
// another merchant.
func WithMerchant(id string) WebhookOption { return func(h *WebhookHandler) { h.merchant = id } }

// withTables makes the handler read status words as its client does.
func withTables(t tables) WebhookOption { return func(h *WebhookHandler) { h.tables = &t } }

// WebhookHandler receives Flowix webhooks (an http.Handler). It answers:
// 405 to anything but POST; 413 to a body over 64 KiB; 403 to a missing or
// wrong signature (checked with hmac.Equal before the body is parsed) or
// another merchant; 400 to a malformed body or an event outside the
// tolerance; 200 without calling the sink to an event id already handled
// (Flowix retrying a delivery whose answer it lost); 409 to an event id
// being handled right now; 500 when the sink fails; and 200 once the sink
// has journaled the event.
//
// Event ids are remembered in memory for twice the tolerance: older ones
// are refused by their timestamp anyway. After a restart a replay within
// the tolerance reaches the sink again, which is harmless because the sink
// applies only Forward moves.
type WebhookHandler struct {
	secret    providers.Secret
	sink      Sink
	tolerance time.Duration
	now       func() time.Time
	merchant  string
	tables    *tables

	mu       sync.Mutex
	done     map[string]time.Time // handled event id → when
	order    []string             // handled ids, oldest first
	inflight map[string]bool
}

// NewWebhookHandler returns a handler verifying with secret and handing
// events to sink.
func NewWebhookHandler(secret providers.Secret, sink Sink, opts ...WebhookOption) *WebhookHandler {
	h := &WebhookHandler{secret: secret, sink: sink, tolerance: DefaultTolerance, now: time.Now,
		done: map[string]time.Time{}, inflight: map[string]bool{}}
	for _, o := range opts {
		o(h)
	}
	return h
}

// ServeHTTP implements http.Handler.
func (h *WebhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		answer(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		answer(w, http.StatusRequestEntityTooLarge, "body too large or unreadable")
		return
	}
	if h.secret.IsZero() || !h.signed(r.Header.Get(HeaderSignature), body) {
		answer(w, http.StatusForbidden, "invalid signature")
		return
	}
	if m := r.Header.Get(HeaderMerchant); h.merchant != "" && m != "" && m != h.merchant {
		answer(w, http.StatusForbidden, "wrong merchant")
		return
	}
	e, err := parseEvent(body)
	if err != nil {
		answer(w, http.StatusBadRequest, "malformed event")
		return
	}
	e.tables = h.tables
	if t := r.Header.Get(HeaderEvent); t != "" && t != e.Type {
		answer(w, http.StatusBadRequest, "event header and body disagree")
		return
	}
	now := h.now()
	if d := now.Sub(e.Timestamp); d > h.tolerance || d < -h.tolerance {
		answer(w, http.StatusBadRequest, "event timestamp outside the tolerance")
		return
	}
	switch h.claim(e.ID, now) {
	case claimDone:
		answer(w, http.StatusOK, "duplicate")
		return
	case claimBusy:
		answer(w, http.StatusConflict, "event is being handled")
		return
	}
	if err := h.sink(r.Context(), e); err != nil {
		h.release(e.ID, false, now)
		answer(w, http.StatusInternalServerError, "not recorded; send it again")
		return
	}
	h.release(e.ID, true, now)
	answer(w, http.StatusOK, "received")
}

func (h *WebhookHandler) signed(sig string, body []byte) bool {
	got, err := hex.DecodeString(strings.TrimSpace(sig))
	if err != nil || len(got) != sha256.Size {
		return false
	}
	want, _ := hex.DecodeString(Signature(h.secret, body))
	return hmac.Equal(got, want)
}

type claim int

const (
	claimNew claim = iota
	claimDone
	claimBusy
)

// claim marks id in flight unless it was handled or is being handled.
func (h *WebhookHandler) claim(id string, now time.Time) claim {
	h.mu.Lock()
	defer h.mu.Unlock()
	keep := 2 * h.tolerance
	for len(h.order) > 0 && now.Sub(h.done[h.order[0]]) > keep {
		delete(h.done, h.order[0])
		h.order = h.order[1:]
	}
	if _, ok := h.done[id]; ok {
		return claimDone
	}
	if h.inflight[id] {
		return claimBusy
	}
	h.inflight[id] = true
	return claimNew
}

// release ends the handling of id, remembering it if it was journaled.
func (h *WebhookHandler) release(id string, handled bool, now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.inflight, id)
	if handled {
		h.done[id] = now
		h.order = append(h.order, id)
	}
}

// webhookBody is the documented payload.
type webhookBody struct {
	ID        providers.FlexString `json:"id"`
	Event     providers.FlexString `json:"event"`
	Timestamp json.Number          `json:"timestamp"`
	Data      *struct {
		ReffID  providers.FlexString `json:"reff_id"`
		RefID   providers.FlexString `json:"ref_id"`
		Product providers.FlexString `json:"product"`
		Target  providers.FlexString `json:"target"`
		Status  providers.FlexString `json:"status"`
		SN      providers.FlexString `json:"sn"`
		Note    providers.FlexString `json:"note"`
	} `json:"data"`
}

func parseEvent(body []byte) (Event, error) {
	var b webhookBody
	if err := providers.DecodeJSON(body, &b); err != nil {
		return Event{}, err
	}
	ts, err := providers.Int64(b.Timestamp)
	if err != nil || ts <= 0 {
		return Event{}, errors.New("bad timestamp")
	}
	if b.Data == nil {
		return Event{}, errors.New("no data")
	}
	ref := string(b.Data.ReffID)
	if ref == "" {
		ref = string(b.Data.RefID)
	}
	e := Event{
		ID: string(b.ID), Type: string(b.Event), Timestamp: time.Unix(ts, 0), Ref: ref,
		Status: normStatus(b.Data.Status), Product: clean(b.Data.Product), Target: clean(b.Data.Target),
		SN: providers.CleanMax(string(b.Data.SN), 160), Note: providers.CleanMax(string(b.Data.Note), 80),
	}
	if !codeSafe(e.ID) || !codeSafe(e.Ref) || e.Status == "" {
		return Event{}, errors.New("missing id, reference or status")
	}
	switch e.Type {
	case EventTransaction, EventDeposit, EventPayout:
	default:
		return Event{}, errors.New("unknown event type")
	}
	return e, nil
}

func answer(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal(map[string]any{"received": status == http.StatusOK, "message": msg})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
