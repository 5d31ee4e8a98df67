package sale

import (
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Role is what a cashier may do.
type Role string

// Roles. A supervisor sells like a cashier and also authorises overrides.
const (
	RoleCashier    Role = "cashier"
	RoleSupervisor Role = "supervisor"
)

// ParseRole accepts "cashier" or "supervisor".
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleCashier, RoleSupervisor:
		return r, nil
	}
	return "", errorf(CodeInvalid, "role %q: it must be cashier or supervisor", s)
}

// Cashier is a person who signs in at the till. It is kept in the journal:
// the current record in a bucket of its own, and every change as a
// journal-level event in the hash chain.
type Cashier struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role Role   `json:"role"`
	// PIN is the argon2id hash of the PIN (HashPIN). In events it is the
	// hash's fingerprint (PINFingerprint); Public records leave it empty.
	PIN      string `json:"pin,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
	// Failed counts wrong PINs since the last right one; at the limit the
	// cashier is locked out until LockedUntil.
	Failed      int       `json:"failed,omitempty"`
	LockedUntil time.Time `json:"lockedUntil,omitzero"`
	Added       time.Time `json:"added"`
}

// Locked reports whether c is locked out at now.
func (c Cashier) Locked(now time.Time) bool {
	return !c.LockedUntil.IsZero() && now.Before(c.LockedUntil)
}

// Supervisor reports whether c may authorise overrides.
func (c Cashier) Supervisor() bool { return c.Role == RoleSupervisor }

// Public is c without its PIN hash, for lists and screens.
func (c Cashier) Public() Cashier { c.PIN = ""; return c }

// Cashier events: journal-level (empty Ref), chained and verified like day
// closes. Event.Cashier is the record of the cashier the event checked or
// changed, after it, with the PIN hash replaced by its fingerprint.
const (
	EventCashierAdded    EventType = "cashier_added"    // By: who added (supervisor)
	EventCashierDisabled EventType = "cashier_disabled" // By: the supervisor
	EventCashierEnabled  EventType = "cashier_enabled"  // By: the supervisor
	EventPINReset        EventType = "pin_reset"        // By: the supervisor (or the OS user, recovering)
	EventCashierUnlocked EventType = "cashier_unlocked" // By: the supervisor
	EventPINFailed       EventType = "pin_failed"       // By: the cashier whose PIN was wrong
	EventSignedIn        EventType = "signed_in"        // By: the cashier
	EventSignedOut       EventType = "signed_out"       // By: the cashier
	// EventOverride: By is the cashier who asked, Override says what the
	// supervisor authorised and why, Note is the reason.
	EventOverride EventType = "override"
)

// AuthEvent reports whether t is a cashier or override event.
func (t EventType) AuthEvent() bool {
	switch t {
	case EventCashierAdded, EventCashierDisabled, EventCashierEnabled, EventPINReset, EventCashierUnlocked,
		EventPINFailed, EventSignedIn, EventSignedOut, EventOverride:
		return true
	}
	return false
}

// CashierStore keeps the cashiers; store.DB implements it.
type CashierStore interface {
	// Cashiers returns every cashier, with PIN hashes, ordered by id.
	Cashiers() ([]Cashier, error)
	// UpdateCashier runs fn with the cashier id (found false and a zero
	// Cashier if there is none) inside one write transaction. If fn returns
	// an error nothing is written; if it returns a nil event nothing is
	// written either; otherwise the returned record is stored and the event
	// (an AuthEvent type, with Event.Cashier set to the record) is appended
	// to the hash chain, committed with fsync before UpdateCashier returns
	// the event as journaled.
	UpdateCashier(id string, fn func(c Cashier, found bool) (Cashier, *Event, error)) (Event, error)
}

// AuthOptions configure an Auth.
type AuthOptions struct {
	Store CashierStore
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// MaxAttempts wrong PINs in a row lock a cashier out for Lockout.
	// Defaults 5 and 15 minutes.
	MaxAttempts int
	Lockout     time.Duration
	// Params are the argon2id costs of new PIN hashes (DefaultPINParams
	// when zero).
	Params PINParams
	// Location is the shop's time zone for the times in messages (time.Local
	// when nil).
	Location *time.Location
	Logger   *slog.Logger
	// Pepper, derived from the till's key (keys.Key.Pepper), is mixed into
	// every new PIN hash (pepper.go); a PIN hashed without it is hashed
	// again with it at the cashier's next right PIN. Nil: no pepper.
	Pepper []byte
}

// Auth signs cashiers in and out, locks them out after too many wrong
// PINs, manages them and authorises supervisor overrides. Every check that
// changes something (a wrong PIN, a sign-in, an override) and every change
// is journaled before it returns. PINs are never logged or journaled.
type Auth struct {
	st      CashierStore
	now     func() time.Time
	max     int
	lockout time.Duration
	params  PINParams
	loc     *time.Location
	log     *slog.Logger
	pepper  []byte

	mu    sync.Mutex // serialises checks and changes
	names map[string]string
}

// NewAuth returns an Auth over o.Store.
func NewAuth(o AuthOptions) *Auth {
	a := &Auth{st: o.Store, now: o.Now, max: o.MaxAttempts, lockout: o.Lockout, params: o.Params, loc: o.Location, log: o.Logger, pepper: o.Pepper}
	if a.now == nil {
		a.now = time.Now
	}
	if a.max <= 0 {
		a.max = 5
	}
	if a.lockout <= 0 {
		a.lockout = 15 * time.Minute
	}
	if a.loc == nil {
		a.loc = time.Local
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	return a
}

// MaxAttempts is how many wrong PINs in a row lock a cashier out.
func (a *Auth) MaxAttempts() int { return a.max }

// Lockout is how long a lockout lasts.
func (a *Auth) Lockout() time.Duration { return a.lockout }

// Cashiers returns every cashier without PIN hashes, ordered by id.
func (a *Auth) Cashiers() ([]Cashier, error) {
	cs, err := a.st.Cashiers()
	if err != nil {
		return nil, wrapJournal(err)
	}
	names := make(map[string]string, len(cs))
	for i := range cs {
		cs[i] = cs[i].Public()
		names[cs[i].ID] = cs[i].Name
	}
	a.mu.Lock()
	a.names = names
	a.mu.Unlock()
	return cs, nil
}

// Name returns the name of cashier id as last read, or id itself when it
// is unknown (a sale made before cashiers were kept). It does not block
// on the journal once the cashiers have been read.
func (a *Auth) Name(id string) string {
	a.mu.Lock()
	loaded := a.names != nil
	a.mu.Unlock()
	if !loaded {
		_, _ = a.Cashiers()
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if n, ok := a.names[id]; ok && n != "" {
		return n
	}
	return id
}

// attempt checks pin for cashier id in one journal transaction: a
// disabled or locked-out cashier is refused without looking at the PIN; a
// wrong PIN is counted and journaled (the last allowed one starts the
// lockout); a right one clears the count and journals what success makes.
func (a *Auth) attempt(id, pin, what string, supervisor bool, success func(c Cashier) Event) (Cashier, Event, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	var refusal error
	var out Cashier
	ev, err := a.st.UpdateCashier(id, func(c Cashier, found bool) (Cashier, *Event, error) {
		switch {
		case !found:
			dummyPINCheck(pin)
			return c, nil, errorf(CodeNotFound, "no cashier %q on this till", id)
		case c.Disabled:
			return c, nil, errork(CodeForbidden, "cashier_disabled", []any{c.Name}, "%s is disabled: a supervisor can enable them again", c.Name)
		case supervisor && !c.Supervisor():
			return c, nil, errork(CodeForbidden, "not_supervisor", []any{c.Name}, "%s is not a supervisor: only a supervisor's own PIN authorises this", c.Name)
		case c.Locked(now):
			until := c.LockedUntil.In(a.loc).Format("15:04")
			return c, nil, errork(CodeLocked, "pin_locked", []any{c.Name, a.max, until},
				"%s is locked out after %d wrong PINs until %s: wait, or ask a supervisor to unlock", c.Name, a.max, until)
		}
		if !c.LockedUntil.IsZero() { // a lockout that has run out starts the count afresh
			c.Failed, c.LockedUntil = 0, time.Time{}
		}
		if Peppered(c.PIN) && a.pepper == nil {
			dummyPINCheck(pin)
			return c, nil, JournalErrorf("%s's PIN cannot be checked: the till's key is missing (its PIN hashes are peppered with it); "+
				"put the key file back (README: The till's key)", c.Name)
		}
		if ValidPIN(pin) != nil || !checkPIN(c.PIN, pin, a.pepper) {
			c.Failed++
			note := fmt.Sprintf("%s: wrong PIN (%d of %d)", what, c.Failed, a.max)
			refusal = errork(CodeForbidden, "pin_wrong", []any{c.Name, a.max - c.Failed},
				"wrong PIN for %s: %s left before a lockout", c.Name, plural(a.max-c.Failed, "try", "tries"))
			if c.Failed >= a.max {
				c.LockedUntil = now.Add(a.lockout)
				note += "; locked out until " + c.LockedUntil.UTC().Format(time.RFC3339)
				until := c.LockedUntil.In(a.loc).Format("15:04")
				refusal = errork(CodeLocked, "pin_lockout", []any{c.Name, c.Failed, a.lockout, until},
					"wrong PIN for %s %d times: locked out for %s, until %s", c.Name, c.Failed, spell(a.lockout), until)
			}
			return c, &Event{Type: EventPINFailed, At: now, By: c.ID, Note: note}, nil
		}
		c.Failed, c.LockedUntil = 0, time.Time{}
		if a.pepper != nil && !Peppered(c.PIN) { // pepper.go: migrate at the next right PIN
			if h, err := HashPINPeppered(pin, a.params, a.pepper); err == nil {
				c.PIN = h
			}
		}
		out = c
		e := success(c)
		e.At = now
		return c, &e, nil
	})
	if err != nil {
		return Cashier{}, Event{}, err
	}
	if refusal != nil {
		a.log.Warn("wrong PIN", "cashier", id, "for", what, "code", ErrorCode(refusal))
		return Cashier{}, ev, refusal
	}
	return out.Public(), ev, nil
}

// SignIn checks cashier id's PIN and journals the sign-in (the start of
// their shift at this till). Errors: CodeNotFound, CodeForbidden (wrong
// PIN, disabled), CodeLocked.
func (a *Auth) SignIn(id, pin string) (Cashier, error) {
	c, _, err := a.attempt(id, pin, "sign-in", false, func(c Cashier) Event {
		return Event{Type: EventSignedIn, By: c.ID, Note: "signed in"}
	})
	if err == nil {
		a.log.Info("cashier signed in", "cashier", id)
	}
	return c, err
}

// Resume checks the PIN of the cashier whose till locked itself after
// being idle, and journals that they came back. Errors are SignIn's.
func (a *Auth) Resume(id, pin string) (Cashier, error) {
	c, _, err := a.attempt(id, pin, "unlock the idle till", false, func(c Cashier) Event {
		return Event{Type: EventSignedIn, By: c.ID, Note: "resumed after the idle lock"}
	})
	return c, err
}

// SignOut journals the end of cashier id's shift at this till.
func (a *Auth) SignOut(id string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	_, err := a.st.UpdateCashier(id, func(c Cashier, found bool) (Cashier, *Event, error) {
		if !found {
			return c, nil, errorf(CodeNotFound, "no cashier %q on this till", id)
		}
		return c, &Event{Type: EventSignedOut, At: now, By: id, Note: "signed out"}, nil
	})
	if err == nil {
		a.log.Info("cashier signed out", "cashier", id)
	}
	return err
}

// Authorize checks a supervisor's own PIN for r and journals the override
// (cashier, supervisor, action, subject, reason) before returning it. A
// cashier's PIN never authorises anything. A wrong PIN counts towards the
// supervisor's lockout like a wrong sign-in. Errors: CodeInvalid (no
// reason, unknown action), CodeNotFound, CodeForbidden, CodeLocked.
func (a *Auth) Authorize(r OverrideRequest) (Override, error) {
	reason := cleanText(r.Reason)
	switch {
	case !r.Action.Valid():
		return Override{}, errorf(CodeInvalid, "unknown override %q", r.Action)
	case reason == "":
		return Override{}, errorf(CodeInvalid, "an override needs a reason")
	case len(reason) > 200:
		return Override{}, errorf(CodeInvalid, "the reason is too long: at most 200 characters")
	case cleanText(r.Cashier) == "":
		return Override{}, errorf(CodeInvalid, "an override needs the cashier who asks for it")
	}
	ov := Override{Action: r.Action, Subject: r.Subject, Cashier: cleanText(r.Cashier), Supervisor: r.Supervisor, Reason: reason}
	_, ev, err := a.attempt(r.Supervisor, r.PIN, "override "+string(r.Action), true, func(Cashier) Event {
		o := ov
		return Event{Type: EventOverride, By: o.Cashier, Note: reason, Override: &o}
	})
	if err != nil {
		return Override{}, err
	}
	ov.Seq, ov.granted = ev.Seq, true
	a.log.Info("supervisor override", "action", r.Action, "subject", r.Subject, "cashier", ov.Cashier, "supervisor", r.Supervisor, "seq", ev.Seq)
	return ov, nil
}

// spell says a duration in words: "15 minutes", "1 hour", else "90s".
func spell(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return plural(int(d/time.Hour), "hour", "hours")
	case d >= time.Minute && d%time.Minute == 0:
		return plural(int(d/time.Minute), "minute", "minutes")
	}
	return d.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// sortedIDs returns the ids of cs in order (for the next free number).
func sortedIDs(cs []Cashier) []string {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	slices.Sort(ids)
	return ids
}
