package sale

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// NewCashier is who Auth.Add adds.
type NewCashier struct {
	// ID is 1-10 letters and digits; empty takes the next free number.
	ID   string
	Name string
	Role Role
	// PIN is 4-8 digits; only its argon2id hash is kept.
	PIN string
}

// checkNew validates nc and hashes its PIN, returning the record to store.
func (a *Auth) checkNew(nc NewCashier, existing []Cashier, now time.Time) (Cashier, error) {
	name := cleanText(nc.Name)
	switch {
	case name == "":
		return Cashier{}, errorf(CodeInvalid, "a cashier needs a name")
	case utf8.RuneCountInString(name) > 32:
		return Cashier{}, errorf(CodeInvalid, "the name is too long: at most 32 characters")
	}
	if _, err := ParseRole(string(nc.Role)); err != nil {
		return Cashier{}, err
	}
	id := nc.ID
	if id == "" {
		id = nextID(existing)
	}
	if err := ValidID("cashier id", id); err != nil {
		return Cashier{}, err
	}
	for _, c := range existing {
		if c.ID == id {
			return Cashier{}, errorf(CodeConflict, "there is already a cashier %s (%s)", id, c.Name)
		}
	}
	hash, err := a.hashPIN(nc.PIN)
	if err != nil {
		return Cashier{}, err
	}
	return Cashier{ID: id, Name: name, Role: nc.Role, PIN: hash, Added: now}, nil
}

// nextID is the smallest number from 1 up that is not a cashier's id.
func nextID(cs []Cashier) string {
	used := map[string]bool{}
	for _, id := range sortedIDs(cs) {
		used[id] = true
	}
	for n := 1; ; n++ {
		if id := strconv.Itoa(n); !used[id] {
			return id
		}
	}
}

// add stores a new cashier with an EventCashierAdded by `by`.
func (a *Auth) add(nc NewCashier, by, note string, allowed func(existing []Cashier) error) (Cashier, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	existing, err := a.st.Cashiers()
	if err != nil {
		return Cashier{}, wrapJournal(err)
	}
	if err := allowed(existing); err != nil {
		return Cashier{}, err
	}
	now := a.now()
	c, err := a.checkNew(nc, existing, now)
	if err != nil {
		return Cashier{}, err
	}
	if by == "" {
		by = c.ID
	}
	_, err = a.st.UpdateCashier(c.ID, func(_ Cashier, found bool) (Cashier, *Event, error) {
		if found {
			return c, nil, errorf(CodeConflict, "there is already a cashier %s", c.ID)
		}
		return c, &Event{Type: EventCashierAdded, At: now, By: by, Note: note}, nil
	})
	if err != nil {
		return Cashier{}, err
	}
	a.remember(c)
	a.log.Info("cashier added", "cashier", c.ID, "role", c.Role, "by", by)
	return c.Public(), nil
}

// remember keeps c's name for Name.
func (a *Auth) remember(c Cashier) {
	if a.names == nil {
		a.names = map[string]string{}
	}
	a.names[c.ID] = c.Name
}

// Add adds a cashier, authorised by a supervisor's override of
// ActionCashiers for CashierSubject("add", name).
func (a *Auth) Add(nc NewCashier, by Override) (Cashier, error) {
	if err := by.Allows(ActionCashiers, CashierSubject("add", cleanText(nc.Name))); err != nil {
		return Cashier{}, err
	}
	return a.add(nc, by.Supervisor, "added "+string(nc.Role)+" "+cleanText(nc.Name), func([]Cashier) error { return nil })
}

// Bootstrap adds the till's first supervisor without an override: it is
// allowed only while no enabled supervisor exists (a new till, or one
// whose supervisors were all disabled). by is who does it (the OS user at
// the back office; empty for the person setting up the till themselves).
func (a *Auth) Bootstrap(nc NewCashier, by string) (Cashier, error) {
	if nc.Role != RoleSupervisor {
		return Cashier{}, errorf(CodeInvalid, "the first cashier of a till must be a supervisor")
	}
	return a.add(nc, by, "first supervisor of the till", func(existing []Cashier) error {
		for _, c := range existing {
			if c.Supervisor() && !c.Disabled {
				return errorf(CodeForbidden, "the till already has a supervisor (%s): ask them to add cashiers", c.Name)
			}
		}
		return nil
	})
}

// change applies fn to cashier id and journals an event of type t by `by`.
func (a *Auth) change(id string, t EventType, by, note string, fn func(c *Cashier, all []Cashier) error) (Cashier, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	all, err := a.st.Cashiers()
	if err != nil {
		return Cashier{}, wrapJournal(err)
	}
	now := a.now()
	var out Cashier
	_, err = a.st.UpdateCashier(id, func(c Cashier, found bool) (Cashier, *Event, error) {
		if !found {
			return c, nil, errorf(CodeNotFound, "no cashier %q on this till", id)
		}
		if err := fn(&c, all); err != nil {
			return c, nil, err
		}
		out = c
		return c, &Event{Type: t, At: now, By: by, Note: note}, nil
	})
	if err != nil {
		return Cashier{}, err
	}
	a.remember(out)
	a.log.Info("cashier changed", "cashier", id, "event", t, "by", by)
	return out.Public(), nil
}

// Disable stops cashier id signing in or authorising anything. The last
// enabled supervisor cannot be disabled. by: ActionCashiers for
// CashierSubject("disable", id).
func (a *Auth) Disable(id string, by Override) (Cashier, error) {
	if err := by.Allows(ActionCashiers, CashierSubject("disable", id)); err != nil {
		return Cashier{}, err
	}
	return a.change(id, EventCashierDisabled, by.Supervisor, by.Reason, func(c *Cashier, all []Cashier) error {
		if c.Disabled {
			return errorf(CodeConflict, "%s is already disabled", c.Name)
		}
		if c.Supervisor() && enabledSupervisors(all, c.ID) == 0 {
			return errorf(CodeConflict, "%s is the last enabled supervisor: add another supervisor first", c.Name)
		}
		c.Disabled = true
		return nil
	})
}

// Enable lets a disabled cashier sign in again. by: ActionCashiers for
// CashierSubject("enable", id).
func (a *Auth) Enable(id string, by Override) (Cashier, error) {
	if err := by.Allows(ActionCashiers, CashierSubject("enable", id)); err != nil {
		return Cashier{}, err
	}
	return a.change(id, EventCashierEnabled, by.Supervisor, by.Reason, func(c *Cashier, _ []Cashier) error {
		if !c.Disabled {
			return errorf(CodeConflict, "%s is not disabled", c.Name)
		}
		c.Disabled = false
		return nil
	})
}

// ResetPIN gives cashier id a new PIN and lifts any lockout. by:
// ActionCashiers for CashierSubject("reset-pin", id).
func (a *Auth) ResetPIN(id, pin string, by Override) (Cashier, error) {
	if err := by.Allows(ActionCashiers, CashierSubject("reset-pin", id)); err != nil {
		return Cashier{}, err
	}
	return a.resetPIN(id, pin, by.Supervisor, by.Reason)
}

func (a *Auth) resetPIN(id, pin, by, note string) (Cashier, error) {
	hash, err := a.hashPIN(pin)
	if err != nil {
		return Cashier{}, err
	}
	return a.change(id, EventPINReset, by, note, func(c *Cashier, _ []Cashier) error {
		c.PIN, c.Failed, c.LockedUntil = hash, 0, time.Time{}
		return nil
	})
}

// RecoverPIN resets the PIN of a supervisor when no other enabled
// supervisor exists to authorise it (the only supervisor forgot their
// PIN). It is for the back office: osUser is who runs it, journaled.
func (a *Auth) RecoverPIN(id, pin, osUser string) (Cashier, error) {
	if cleanText(osUser) == "" {
		return Cashier{}, errorf(CodeInvalid, "recovering a PIN needs who does it")
	}
	cs, err := a.Cashiers()
	if err != nil {
		return Cashier{}, err
	}
	for _, c := range cs {
		if c.ID == id && !c.Supervisor() {
			return Cashier{}, errorf(CodeForbidden, "%s is not a supervisor: a supervisor resets a cashier's PIN", c.Name)
		}
	}
	if enabledSupervisors(cs, id) > 0 {
		return Cashier{}, errorf(CodeForbidden, "another supervisor can reset this PIN: ask them")
	}
	return a.resetPIN(id, pin, "os:"+cleanText(osUser), "PIN recovered at the back office without a supervisor PIN")
}

// Unlock lifts cashier id's lockout. by: ActionUnlock for id.
func (a *Auth) Unlock(id string, by Override) (Cashier, error) {
	if err := by.Allows(ActionUnlock, id); err != nil {
		return Cashier{}, err
	}
	return a.change(id, EventCashierUnlocked, by.Supervisor, by.Reason, func(c *Cashier, _ []Cashier) error {
		if c.Failed == 0 && c.LockedUntil.IsZero() {
			return errorf(CodeConflict, "%s is not locked out", c.Name)
		}
		c.Failed, c.LockedUntil = 0, time.Time{}
		return nil
	})
}

// enabledSupervisors counts the enabled supervisors other than except.
func enabledSupervisors(cs []Cashier, except string) int {
	n := 0
	for _, c := range cs {
		if c.Supervisor() && !c.Disabled && c.ID != except {
			n++
		}
	}
	return n
}
