package sale

import (
	"fmt"
	"strings"
	"time"
)

// Kind is what is being sold. Providers and receipts key their behaviour on it.
type Kind string

// Kinds of sale known to the till.
const (
	KindAirtime        Kind = "airtime"
	KindElectricity    Kind = "electricity"
	KindVoucher        Kind = "1voucher"
	KindVoucherRedeem  Kind = "1voucher-redeem"
	KindVoucherRefund  Kind = "1voucher-refund"
	KindVoucherPayout  Kind = "1voucher-disburse"
	KindGiftVoucher    Kind = "giftvoucher"
	KindEezi           Kind = "eezi"
	KindCashOut        Kind = "cashout"
	KindWater          Kind = "water"
	KindPulsa          Kind = "pulsa"
	KindBill           Kind = "bill"
	KindDeposit        Kind = "deposit"
	KindPayout         Kind = "payout"
	KindTenderMpesa    Kind = "tender-mpesa"
	KindTenderCard     Kind = "tender-card"
	KindTenderVoucher  Kind = "tender-1voucher"
	KindTenderQRIS     Kind = "tender-qris"
	KindCashOutCancel  Kind = "cashout-cancel"
	KindCashOutLookup  Kind = "cashout-lookup"
	KindBulkCardCharge Kind = "bulk-card"
)

// TargetKind says what a sale's target identifies.
type TargetKind string

// Target kinds; the journal indexes every one of them for reprint search.
const (
	TargetNone    TargetKind = ""
	TargetMobile  TargetKind = "mobile"
	TargetMeter   TargetKind = "meter"
	TargetDevice  TargetKind = "device"
	TargetCard    TargetKind = "card"
	TargetAccount TargetKind = "account"
	TargetVoucher TargetKind = "voucher"
)

// Label is how the target kind reads on a screen or slip: "Mobile", "Meter".
func (k TargetKind) Label() string {
	switch k {
	case TargetMobile:
		return "Mobile"
	case TargetMeter:
		return "Meter"
	case TargetDevice:
		return "Device"
	case TargetCard:
		return "Card"
	case TargetAccount:
		return "Account"
	case TargetVoucher:
		return "Voucher"
	}
	return "Target"
}

// Target is who or what receives the value: a mobile number, a meter, a
// water device, a customer number or a bank account.
type Target struct {
	Kind  TargetKind `json:"kind,omitempty"`
	Value string     `json:"value,omitempty"`
}

// Masked hides the middle of the target for receipts and exports, keeping
// the first three and last three characters: "278*****567".
func (t Target) Masked() string {
	v := t.Value
	if len(v) <= 6 {
		return strings.Repeat("*", len(v))
	}
	keep := 3
	if len(v) < 10 {
		keep = len(v) / 4
	}
	return v[:keep] + strings.Repeat("*", len(v)-2*keep) + v[len(v)-keep:]
}

// TenderKind is how the customer pays.
type TenderKind string

// Tenders.
const (
	TenderCash    TenderKind = "cash"
	TenderMpesa   TenderKind = "mpesa"
	TenderCard    TenderKind = "card"
	TenderVoucher TenderKind = "1voucher"
	TenderQRIS    TenderKind = "qris"
)

// Tender records how an order is paid. Cash carries what was handed over.
type Tender struct {
	Kind     TenderKind `json:"kind,omitempty"`
	Tendered Money      `json:"tendered,omitzero"`
	// Ref is the reference of the tender's own journaled payment, if any.
	Ref Reference `json:"ref,omitempty"`
}

// Order is what the cashier asked for, fixed before the sale is journaled.
type Order struct {
	Provider    string `json:"provider"`
	Kind        Kind   `json:"kind"`
	Product     string `json:"product,omitempty"`
	ProductName string `json:"productName,omitempty"`
	Target      Target `json:"target,omitzero"`
	Amount      Money  `json:"amount"`
	Tender      Tender `json:"tender,omitzero"`
	Cashier     string `json:"cashier,omitempty"`
	// Params are provider-specific inputs (e.g. "isFBE"), journaled so that a
	// resend is byte-for-byte the same request.
	Params map[string]string `json:"params,omitempty"`
	// Secrets are inputs that must never reach logs or default exports (a
	// voucher PIN being redeemed, a card token). They are journaled, because
	// an in-doubt request must be resent identically.
	Secrets map[string]string `json:"secrets,omitempty"`
}

// Validate checks the order is complete enough to journal.
func (o Order) Validate() error {
	if o.Provider == "" {
		return errorf(CodeInvalid, "no provider chosen")
	}
	if o.Kind == "" {
		return errorf(CodeInvalid, "no product kind chosen")
	}
	if !o.Amount.Currency.Valid() {
		return errorf(CodeInvalid, "unknown currency %q", string(o.Amount.Currency))
	}
	if o.Amount.Minor <= 0 {
		return errorf(CodeInvalid, "amount must be more than zero")
	}
	return nil
}

// Item is one line of what a provider returned, in receipt order. Secret
// items (voucher PINs, electricity tokens) are masked in logs and default
// exports and printed prominently.
type Item struct {
	Label  string `json:"label"`
	Value  string `json:"value"`
	Secret bool   `json:"secret,omitempty"`
}

// Result classifies one provider answer.
type Result string

// Results. Only an allow-listed definitive decline is Declined; anything the
// till cannot prove is InDoubt; NotSent only when nothing was written.
const (
	ResultDelivered Result = "delivered"
	ResultDeclined  Result = "declined"
	ResultPending   Result = "pending"
	ResultInDoubt   Result = "in_doubt"
	ResultNotSent   Result = "not_sent"
)

// Outcome is a provider's answer to one request, classified.
type Outcome struct {
	Result Result `json:"result"`
	// Code is the provider's response code or a transport marker such as
	// "timeout", "http_503" or "malformed".
	Code string `json:"code,omitempty"`
	// Message is for the cashier; it never holds a secret.
	Message string `json:"message,omitempty"`
	// ProviderMessage is what the provider itself said (its error or
	// response message), cleaned of control characters, journaled beside
	// Message; Message quotes it when the cashier must see it.
	ProviderMessage string `json:"providerMessage,omitempty"`
	// ProviderRef is the provider's transaction id.
	ProviderRef string `json:"providerRef,omitempty"`
	// PendingID is what to poll for an asynchronous sale (1Flow recharge id).
	PendingID string `json:"pendingId,omitempty"`
	// Items are the receipt details in order.
	Items []Item `json:"items,omitempty"`
	// Amount is what the provider says it charged, when it says so.
	Amount Money `json:"amount,omitzero"`
}

// State is where a sale is in its life (ARCHITECTURE.md §2).
type State string

// States.
const (
	StateNew             State = "NEW"
	StateSending         State = "SENDING"
	StatePending         State = "PENDING"
	StateDelivered       State = "DELIVERED"
	StateDeclined        State = "DECLINED"
	StateNotSent         State = "NOT_SENT"
	StateInDoubt         State = "IN_DOUBT"
	StateNeedsSupervisor State = "NEEDS_SUPERVISOR"
)

// States lists every state, in display order.
var States = []State{StateNew, StateSending, StatePending, StateInDoubt, StateNeedsSupervisor, StateDelivered, StateDeclined, StateNotSent}

// ParseState accepts a state name in any case.
func ParseState(s string) (State, error) {
	u := State(strings.ToUpper(strings.TrimSpace(s)))
	for _, st := range States {
		if st == u {
			return st, nil
		}
	}
	return "", errorf(CodeInvalid, "unknown status %q (one of NEW, SENDING, PENDING, IN_DOUBT, NEEDS_SUPERVISOR, DELIVERED, DECLINED, NOT_SENT)", s)
}

// Unresolved reports whether a sale in state s still needs settling: the
// money may or may not have moved.
func (s State) Unresolved() bool {
	switch s {
	case StateNew, StateSending, StatePending, StateInDoubt, StateNeedsSupervisor:
		return true
	}
	return false
}

// Final reports whether no further state change is possible.
func (s State) Final() bool { return s == StateDeclined || s == StateNotSent }

var transitions = map[State][]State{
	StateNew:             {StateSending, StateInDoubt},
	StateSending:         {StateDelivered, StateDeclined, StatePending, StateNotSent, StateInDoubt},
	StatePending:         {StatePending, StateDelivered, StateDeclined, StateInDoubt, StateNeedsSupervisor},
	StateInDoubt:         {StateSending, StateInDoubt, StatePending, StateDelivered, StateDeclined, StateNeedsSupervisor},
	StateNeedsSupervisor: {StateSending, StateDelivered, StateDeclined, StatePending},
}

// CanTransition reports whether a sale may move from one state to another.
func CanTransition(from, to State) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// EventType names what happened to a sale.
type EventType string

// Event types. Every transition and every annotation is one event; history
// is never rewritten.
const (
	EventCreated    EventType = "created"    // NEW: journaled before any byte is sent
	EventSending    EventType = "sending"    // SENDING: attempt n is about to be written
	EventOutcome    EventType = "outcome"    // a provider answer (or its absence), classified
	EventChecked    EventType = "checked"    // a status query or poll answer
	EventRecovered  EventType = "recovered"  // found NEW/SENDING after a crash: IN_DOUBT
	EventEscalated  EventType = "escalated"  // resolver gave up: NEEDS_SUPERVISOR
	EventSupervisor EventType = "supervisor" // settled by hand, with a note
	EventReprinted  EventType = "reprinted"  // a receipt copy is printed: journaled before it is sent to the printer
	// EventReprintFailed: the copy journaled just before did not print
	// (the printer refused it); its COPY number is free again.
	EventReprintFailed EventType = "reprint_failed"
	EventNote          EventType = "note" // anything else worth keeping
)

// Event is one append-only journal record about one sale. Seq, Prev and Hash
// are assigned by the journal when the event is committed.
type Event struct {
	Seq     uint64    `json:"seq"`
	Ref     Reference `json:"ref"`
	Type    EventType `json:"type"`
	At      time.Time `json:"at"`
	State   State     `json:"state,omitempty"` // the state after this event; empty for annotations
	Attempt int       `json:"attempt,omitempty"`
	Order   *Order    `json:"order,omitempty"`  // only on EventCreated
	Day     string    `json:"day,omitempty"`    // only on EventCreated: the business day it belongs to
	Outcome *Outcome  `json:"outcome,omitzero"` // on outcome/checked/supervisor
	NextTry time.Time `json:"nextTry,omitzero"` // when the resolver should look again
	By      string    `json:"by,omitempty"`     // cashier or supervisor id
	Note    string    `json:"note,omitempty"`
	// Cashier and Override are set on cashier and override events only
	// (AuthEvent): the cashier record after the event (its PIN hash as a
	// fingerprint) and what a supervisor authorised.
	Cashier  *Cashier  `json:"cashier,omitempty"`
	Override *Override `json:"override,omitempty"`
	// Cash is the cash an event moves or counts (drawer.go): a float, drop
	// or paid-in (EventDrawer), a refund given back in cash
	// (EventRefundSettled), the count of a Z (EventDayClosed).
	Cash *CashMove `json:"cash,omitempty"`
	Prev string    `json:"prev,omitempty"` // hex SHA-256 of the previous event
	Hash string    `json:"hash,omitempty"` // hex SHA-256 of this event (with Prev)
}

// Sale is the current state of one sale, derived from its events by Apply.
type Sale struct {
	Ref         Reference `json:"ref"`
	StoreID     string    `json:"storeId"`
	TerminalID  string    `json:"terminalId"`
	Day         string    `json:"day"` // business day, YYYY-MM-DD in the shop's time zone
	Order       Order     `json:"order"`
	State       State     `json:"state"`
	Attempts    int       `json:"attempts"`
	Checks      int       `json:"checks,omitempty"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
	NextTry     time.Time `json:"nextTry,omitzero"`
	Outcome     Outcome   `json:"outcome,omitzero"`
	ProviderRef string    `json:"providerRef,omitempty"`
	PendingID   string    `json:"pendingId,omitempty"`
	Reprints    int       `json:"reprints,omitempty"`
	Note        string    `json:"note,omitempty"`
	// GivenBack: the cash of this failed cash sale was handed back at the
	// counter (EventGiveBack, drawer.go); the drawer does not count it.
	GivenBack bool   `json:"givenBack,omitempty"`
	LastSeq   uint64 `json:"lastSeq"`
	Events    int    `json:"events"`
}

// Apply returns the sale after event e, or an error if e is not allowed in
// the sale's current state. It is the only place a sale's state changes.
func (s Sale) Apply(e Event) (Sale, error) {
	if e.Type == EventCreated {
		if s.Ref != "" {
			return s, errorf(CodeConflict, "sale %s already exists", s.Ref)
		}
		if e.Order == nil || e.State != StateNew {
			return s, errorf(CodeInvalid, "created event needs an order and state NEW")
		}
		s.Ref, s.Order, s.State, s.CreatedAt, s.Day = e.Ref, *e.Order, StateNew, e.At, e.Day
	} else {
		if s.Ref == "" || s.Ref != e.Ref {
			return s, errorf(CodeNotFound, "no sale %s", e.Ref)
		}
		if e.State != "" && !CanTransition(s.State, e.State) {
			return s, errorf(CodeConflict, "sale %s cannot go from %s to %s", s.Ref, s.State, e.State)
		}
	}
	switch e.Type {
	case EventSending:
		if e.Attempt != s.Attempts+1 {
			return s, errorf(CodeConflict, "sale %s: attempt %d follows attempt %d", s.Ref, e.Attempt, s.Attempts)
		}
		s.Attempts = e.Attempt
	case EventChecked:
		s.Checks++
	case EventReprinted:
		s.Reprints++
	case EventReprintFailed:
		if s.Reprints == 0 {
			return s, errorf(CodeConflict, "sale %s: no copy was journaled, so none can have failed", s.Ref)
		}
		s.Reprints--
	case EventGiveBack:
		if s.State != StateDeclined && s.State != StateNotSent {
			return s, errorf(CodeConflict, "sale %s is %s: only a failed sale's cash is given back", s.Ref, s.State)
		}
		s.GivenBack = true
	}
	if e.Outcome != nil {
		s.Outcome = *e.Outcome
		if e.Outcome.ProviderRef != "" {
			s.ProviderRef = e.Outcome.ProviderRef
		}
		if e.Outcome.PendingID != "" {
			s.PendingID = e.Outcome.PendingID
		}
	}
	if e.Note != "" && e.Type != EventReprinted && e.Type != EventReprintFailed {
		s.Note = e.Note
	}
	if e.State != "" {
		s.State = e.State
		s.NextTry = e.NextTry
	}
	s.UpdatedAt = e.At
	s.LastSeq = e.Seq
	s.Events++
	return s, nil
}

// StateFor maps a classified result to the state it leads to.
func StateFor(r Result) (State, error) {
	switch r {
	case ResultDelivered:
		return StateDelivered, nil
	case ResultDeclined:
		return StateDeclined, nil
	case ResultPending:
		return StatePending, nil
	case ResultInDoubt:
		return StateInDoubt, nil
	case ResultNotSent:
		return StateNotSent, nil
	}
	return "", fmt.Errorf("unknown result %q", r)
}
