package sale

import (
	"context"
	"time"
)

// Reader is the read-only view of the journal that the command line and
// the screens get (Engine.Reader). Every write goes through the Engine.
type Reader interface {
	// Sale returns the current state of one sale, or CodeNotFound.
	Sale(ref Reference) (Sale, error)
	// Events returns every event of one sale, oldest first.
	Events(ref Reference) ([]Event, error)
	// Unresolved returns every sale whose state is Unresolved, oldest first.
	Unresolved() ([]Sale, error)
	// List returns the sales matching q, newest first.
	List(q Query) ([]Sale, error)
	// Catalogue returns the cached product list of a provider (zero if none).
	Catalogue(provider string) (Catalogue, error)
}

// Noter journals a note on a sale (Engine.Note): what a provider package
// asks for when it needs a note written, never the journal itself.
type Noter interface {
	Note(ref Reference, note, by string) (Sale, error)
}

// Journal is the durable, append-only record of every sale. store.DB
// implements it with bbolt. Every write method commits with fsync before it
// returns: when it returns nil, the event survives a crash. Only the Engine
// holds a Journal; everyone else reads through a Reader.
type Journal interface {
	Reader
	// Create assigns the next reference, journals the NEW event for o and
	// returns the sale. Nothing may be sent for an order before Create returns.
	Create(o Order, at time.Time) (Sale, error)
	// Append validates e against the sale's current state (Sale.Apply),
	// journals it and returns the sale after it. An illegal transition
	// returns an *Error with CodeConflict and changes nothing.
	Append(e Event) (Sale, error)
	// SaveCatalogue replaces the cached product list of c.Provider.
	SaveCatalogue(c Catalogue) error
}

// Query selects sales for the journal screen, reprint search and reports.
// Empty fields match everything.
type Query struct {
	Day    string    // business day YYYY-MM-DD
	State  State     // current state
	Ref    Reference // exact reference, or a suffix of one (the sequence)
	Target string    // exact mobile, meter, device, card or account number
	Kind   Kind      // what was sold
	Serial string    // the serial number of a voucher or PIN (its "Serial" item), any case
	// Issues selects the sales that may need a person about a payment
	// (PaymentIssue with used false): refunds due and paid tender sales. A
	// journal may leave out a payment another sale already used.
	Issues bool
	// PaidBy selects the sale paid by tender sale PaidBy (Order.Tender.Ref).
	PaidBy Reference
	Limit  int // 0 means no limit
}

// Product is one thing a provider sells, from its catalogue.
type Product struct {
	Provider string `json:"provider"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Kind     Kind   `json:"kind"`
	Brand    string `json:"brand,omitempty"` // network, vendor or utility
	Min      Money  `json:"min"`
	Max      Money  `json:"max"`
	// Price is fixed for fixed-price products (pulsa), zero otherwise.
	Price   Money             `json:"price,omitzero"`
	Active  bool              `json:"active"`
	Details map[string]string `json:"details,omitempty"` // redemption instructions, terms
}

// Allows checks that amount is inside the product's min and max.
func (p Product) Allows(amount Money) error {
	if amount.Currency != p.Min.Currency && p.Min.Currency != "" {
		return errork(CodeInvalid, "sold_in", []any{p.Name, string(p.Min.Currency)}, "%s is sold in %s", p.Name, p.Min.Currency)
	}
	if p.Min.Minor > 0 && amount.Minor < p.Min.Minor {
		return errork(CodeInvalid, "least", []any{p.Name, p.Min}, "%s: the least is %s", p.Name, p.Min)
	}
	if p.Max.Minor > 0 && amount.Minor > p.Max.Minor {
		return errork(CodeInvalid, "most", []any{p.Name, p.Max}, "%s: the most is %s", p.Name, p.Max)
	}
	return nil
}

// Catalogue is a provider's product list as last fetched.
type Catalogue struct {
	Provider  string    `json:"provider"`
	FetchedAt time.Time `json:"fetchedAt"`
	Products  []Product `json:"products"`
}

// Settlement says how an in-doubt sale of a provider is settled. It is
// declared by the provider, never guessed by the engine.
type Settlement int

// Settlements.
const (
	// SettleResend resends the identical request with the same reference
	// (the provider documents idempotency on it).
	SettleResend Settlement = iota + 1
	// SettleQuery asks the provider for the status of the reference.
	SettleQuery
	// SettleSupervisor: no safe automatic way; a person must settle it.
	SettleSupervisor
)

// Provider sells through one API. A Provider never retries a money call on
// its own (one resend with a fresh token after a 401 is the only exception);
// the Engine's resolver decides every resend.
type Provider interface {
	// Name is the config table name: "flash", "oneflow", ...
	Name() string
	// Send executes s.Order under s.Ref once and classifies the answer.
	Send(ctx context.Context, s Sale) Outcome
	// Check asks for the status of a pending or in-doubt sale. Providers
	// without a status query return ResultInDoubt.
	Check(ctx context.Context, s Sale) Outcome
	// Settlement says how s, in doubt, may be settled.
	Settlement(s Sale) Settlement
	// Window is how long the provider honours a reference for idempotent
	// resends; the resolver stops resending before it ends. Zero means the
	// engine's configured default.
	Window() time.Duration
}

// Cataloguer is implemented by providers with a product list.
type Cataloguer interface {
	Products(ctx context.Context) ([]Product, error)
}
