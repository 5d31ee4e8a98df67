package sale

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Journal-level event types. They belong to the journal, not to one sale:
// their Ref is empty, they are chained like every other event and `till
// verify` checks them, but no sale's state is derived from them.
const (
	// EventDayClosed closes a business day (the Z report). Day is the day
	// closed, By who closed it, Note a one-line summary of the report. After
	// it, new sales belong to the next business day.
	EventDayClosed EventType = "day_closed"
	// EventSecretsExported records an export that included voucher PINs and
	// tokens: By is who asked, Note the format, the days and the destination.
	// It is journaled before the first secret is written.
	EventSecretsExported EventType = "secrets_exported"
)

// JournalLevel reports whether events of type t belong to the journal rather
// than to one sale (their Ref is empty).
func (t EventType) JournalLevel() bool {
	return t == EventDayClosed || t == EventSecretsExported || t == EventDrawer || t.AuthEvent() || t.ContinuityEvent() || t.KeyEvent()
}

// RefundSettledNote starts the note of the EventNote that settles a refund
// due ("refund settled: M-Pesa reversal QK7...", By the supervisor). Until a
// sale's latest note starts with it, a refund-due sale stays on every
// end-of-day report.
const RefundSettledNote = "refund settled"

// RefundDue reports whether the customer is owed money back for s: the vend
// was declined or never sent after a non-cash tender (M-Pesa, card, 1Voucher,
// QRIS) was taken, and no note settling the refund has been journaled since.
// Cash taken for a sale that failed is handed back at the counter
// (EventGiveBack) — or, when the sale failed later without the customer
// (the resolver declined it) or the give-back could not be journaled, it
// is refund due in cash until settled; a tender payment of its own (a tender-* kind) that failed took nothing.
// A tender payment that was made but paid for no sale is refund due once a
// supervisor marked it so (EventRefundDue, sale/tender.go), until settled.
func RefundDue(s Sale) bool {
	note := strings.ToLower(strings.TrimSpace(s.Note))
	if s.Order.Kind.Flow() == FlowTender {
		return s.State == StateDelivered && strings.HasPrefix(note, RefundDueNote)
	}
	if s.State != StateDeclined && s.State != StateNotSent {
		return false
	}
	if s.Order.CashEffect() == CashIn {
		// Cash taken for a sale that failed: handed back at once
		// (EventGiveBack), or owed until a supervisor settles it.
		return !s.GivenBack && !strings.HasPrefix(note, RefundSettledNote)
	}
	if t := s.Order.Tender.Kind; t == "" || t == TenderCash {
		return false
	}
	return !strings.HasPrefix(note, RefundSettledNote)
}

// Flow says which way value moves in a sale, for end-of-day totals.
type Flow int

// Flows.
const (
	// FlowIn: the shop sells value and the customer pays (airtime, vouchers,
	// electricity, bills, deposits...).
	FlowIn Flow = iota
	// FlowOut: the shop pays the customer (cash-out, payouts, 1Voucher
	// disbursements and refunds).
	FlowOut
	// FlowTender: the payment of another sale (tender-* kinds); counting it
	// as sold would count that sale twice. A bulk card charge of account
	// customers (cli/card.go) is money collected too, not value sold.
	FlowTender
)

// DayReport is the end-of-day report of one business day: an X report
// while the day is open, the Z report when it is closed. It is built by
// adding the day's sales one at a time (Add), so it needs memory only for
// its groups and exceptions, never for the day's sales.
type DayReport struct {
	Day        string `json:"day"`
	StoreID    string `json:"storeId"`
	TerminalID string `json:"terminalId"`
	// Sales counts every sale of the day, whatever its state.
	Sales int `json:"sales"`
	// First and Last are the day's first and last references by creation.
	First   Reference `json:"first,omitempty"`
	Last    Reference `json:"last,omitempty"`
	FirstAt time.Time `json:"firstAt,omitzero"`
	LastAt  time.Time `json:"lastAt,omitzero"`
	// Sold, PaidOut and Collected are delivered amounts per currency, sorted
	// by currency: value sold (FlowIn), paid out (FlowOut) and tender
	// payments collected (FlowTender). Currencies are never added together.
	Sold      []Money `json:"sold"`
	PaidOut   []Money `json:"paidOut"`
	Collected []Money `json:"collected"`
	// The cash drawer (drawer.go), per currency, sorted by currency:
	// Float and PaidIn were put in (EventDrawer); CashIn is the cash kept
	// for sales paid in cash (tendered less change; a failed sale's cash
	// given back is not counted, GivenBack lists it); CashOut the cash paid
	// out (delivered redemptions and cash-out cancels, refunds given back in
	// cash); Drops the cash taken to the safe. Cash is the cash expected in
	// the drawer: Float + PaidIn + CashIn - CashOut - Drops. CashHeld is the
	// part of CashIn taken for sales still unresolved.
	Float     []Money `json:"float"`
	PaidIn    []Money `json:"paidIn"`
	CashIn    []Money `json:"cashIn"`
	CashOut   []Money `json:"cashOut"`
	Drops     []Money `json:"drops"`
	Cash      []Money `json:"cash"`
	CashHeld  []Money `json:"cashHeld,omitempty"`
	GivenBack []Money `json:"givenBack,omitempty"`
	// Counted is the cash counted when the day was closed (the Z), and
	// Variance is Counted - Cash for every currency of either; both are
	// empty when the drawer was not counted.
	Counted  []Money `json:"counted,omitempty"`
	Variance []Money `json:"variance,omitempty"`
	// Products, Providers and Tenders group the DELIVERED sales; Outcomes
	// groups every sale by its current state.
	Products  []Group `json:"products"`
	Providers []Group `json:"providers"`
	Tenders   []Group `json:"tenders"`
	// Cashiers groups the DELIVERED sales (FlowIn: a redemption, a refund
	// or a payment is no sale) by the cashier id who made them
	// (Order.Cashier; "none" for sales made before cashiers signed in).
	Cashiers []Group `json:"cashiers,omitempty"`
	// DrawerByCashier groups every movement of cash by who made it: the
	// count of movements and the net cash per currency (in less out).
	DrawerByCashier []Group `json:"drawerByCashier,omitempty"`
	Outcomes        []Group `json:"outcomes"`
	// Unresolved lists the sales still in doubt (State.Unresolved); RefundDue
	// the sales for which the customer is owed money back (RefundDue).
	Unresolved []Exception `json:"unresolved"`
	RefundDue  []Exception `json:"refundDue"`
	// Reprints counts receipt copies of the day's sales.
	Reprints int `json:"reprints"`
	// HeadSeq and HeadHash are the journal's hash-chain head when the report
	// was made (for a Z report: the close event itself). Printed on the
	// report, they anchor it to the chain `till verify` checks.
	HeadSeq  uint64 `json:"headSeq"`
	HeadHash string `json:"headHash"`
	// Closed is set once the day is closed.
	Closed *Closure `json:"closed,omitempty"`
	// Signature is the till's Ed25519 signature of the head of a Z (hex),
	// and PublicKey the till's public key, set on the first Z it signs.
	Signature string `json:"signature,omitempty"`
	PublicKey string `json:"publicKey,omitempty"`
}

// Group is a count and per-currency totals of sales sharing a product,
// provider, tender or state.
type Group struct {
	// Name is "kind: product name" for products, the provider name, the
	// tender kind ("none" if there is none) or the state.
	Name  string `json:"name"`
	Count int    `json:"count"`
	// Amounts holds one total per currency, sorted by currency.
	Amounts []Money `json:"amounts"`
}

// Exception is a sale the end-of-day report lists by itself.
type Exception struct {
	Ref      Reference `json:"ref"`
	At       time.Time `json:"at"`
	Kind     Kind      `json:"kind"`
	Provider string    `json:"provider"`
	// Target is kept whole; renderers and exports mask it.
	Target Target     `json:"target,omitzero"`
	Amount Money      `json:"amount"`
	State  State      `json:"state"`
	Tender TenderKind `json:"tender,omitempty"`
}

// Closure is how a business day was closed: the EventDayClosed event.
type Closure struct {
	Seq  uint64    `json:"seq"`
	Hash string    `json:"hash"`
	At   time.Time `json:"at"`
	By   string    `json:"by"`
	Note string    `json:"note,omitempty"`
	// Counted is the drawer's count recorded with the close, if any.
	Counted []Money `json:"counted,omitempty"`
}

// NewDayReport returns the empty report of day for a till. Its lists are
// empty, not nil, so that its JSON has [] rather than null.
func NewDayReport(day, storeID, terminalID string) DayReport {
	return DayReport{Day: day, StoreID: storeID, TerminalID: terminalID,
		Sold: []Money{}, PaidOut: []Money{}, Collected: []Money{},
		Float: []Money{}, PaidIn: []Money{}, CashIn: []Money{}, CashOut: []Money{}, Drops: []Money{}, Cash: []Money{},
		Products: []Group{}, Providers: []Group{}, Tenders: []Group{}, Outcomes: []Group{},
		Unresolved: []Exception{}, RefundDue: []Exception{}}
}

// Add counts s into the report. It fails for a sale of another day, and if
// a total would overflow int64 (then the report must be discarded).
func (r *DayReport) Add(s Sale) error {
	if s.Day != r.Day {
		return errorf(CodeInvalid, "sale %s belongs to %s, not to %s", s.Ref, s.Day, r.Day)
	}
	return r.add(s)
}

func (r *DayReport) add(s Sale) error {
	amt := s.Order.Amount
	r.Sales++
	if r.First == "" || s.CreatedAt.Before(r.FirstAt) {
		r.First, r.FirstAt = s.Ref, s.CreatedAt
	}
	if r.Last == "" || !s.CreatedAt.Before(r.LastAt) {
		r.Last, r.LastAt = s.Ref, s.CreatedAt
	}
	r.Reprints += s.Reprints
	if err := addGroup(&r.Outcomes, string(s.State), amt, byStateRank); err != nil {
		return err
	}
	if s.State == StateDelivered {
		total := &r.Sold
		switch s.Order.Kind.Flow() {
		case FlowOut:
			total = &r.PaidOut
		case FlowTender:
			total = &r.Collected
		}
		if err := addMoney(total, amt); err != nil {
			return err
		}
		product := string(s.Order.Kind)
		if n := strings.TrimSpace(s.Order.ProductName); n != "" {
			product += ": " + n
		} else if s.Order.Product != "" {
			product += ": " + s.Order.Product
		}
		tender := string(s.Order.Tender.Kind)
		if tender == "" {
			tender = "none"
		}
		for _, g := range []struct {
			groups *[]Group
			name   string
		}{{&r.Products, product}, {&r.Providers, s.Order.Provider}, {&r.Tenders, tender}} {
			if err := addGroup(g.groups, g.name, amt, strings.Compare); err != nil {
				return err
			}
		}
		if s.Order.Kind.Flow() == FlowIn {
			if err := addGroup(&r.Cashiers, cmp.Or(s.Order.Cashier, "none"), amt, strings.Compare); err != nil {
				return err
			}
		}
	}
	if err := r.addCash(s); err != nil {
		return err
	}
	ex := Exception{Ref: s.Ref, At: s.CreatedAt, Kind: s.Order.Kind, Provider: s.Order.Provider,
		Target: s.Order.Target, Amount: amt, State: s.State, Tender: s.Order.Tender.Kind}
	if s.State.Unresolved() {
		r.Unresolved = append(r.Unresolved, ex)
	}
	if RefundDue(s) {
		r.RefundDue = append(r.RefundDue, ex)
	}
	return nil
}

// addCash counts what sale s did to the cash drawer (the product table,
// drawer.go): cash taken for a sale is in the drawer whatever became of the
// sale, unless it was given back at the counter; cash paid out only once
// the pay-out is delivered.
func (r *DayReport) addCash(s Sale) error {
	amt := s.Order.Amount
	switch s.Order.CashEffect() {
	case CashIn:
		if s.GivenBack {
			return addMoney(&r.GivenBack, amt)
		}
		if s.State.Unresolved() {
			if err := addMoney(&r.CashHeld, amt); err != nil {
				return err
			}
		}
		return r.moveCash(&r.CashIn, amt, 1, s.Order.Cashier)
	case CashOut:
		if s.State == StateDelivered {
			return r.moveCash(&r.CashOut, amt, -1, s.Order.Cashier)
		}
	}
	return nil
}

// AddCash counts a movement of cash that is no sale's own (a float, drop,
// paid-in or refund given back in cash: an event with Cash) into the
// report. It fails for an event of another day or without a movement.
func (r *DayReport) AddCash(e Event) error {
	if e.Cash == nil || e.Cash.Kind.Sign() == 0 {
		return errorf(CodeInvalid, "event %d moves no cash", e.Seq)
	}
	if e.Day != r.Day {
		return errorf(CodeInvalid, "event %d belongs to %s, not to %s", e.Seq, e.Day, r.Day)
	}
	amt := e.Cash.Amount
	total := map[CashMoveKind]*[]Money{CashFloat: &r.Float, CashPaidIn: &r.PaidIn, CashDrop: &r.Drops, CashRefundPaid: &r.CashOut}[e.Cash.Kind]
	return r.moveCash(total, amt, e.Cash.Kind.Sign(), e.By)
}

// moveCash adds amt to one drawer total and, signed, to the cash expected
// and the cashier's drawer movements.
func (r *DayReport) moveCash(total *[]Money, amt Money, sign int64, who string) error {
	if err := addMoney(total, amt); err != nil {
		return err
	}
	signed := New(sign*amt.Minor, amt.Currency)
	if err := addMoney(&r.Cash, signed); err != nil {
		return err
	}
	return addGroup(&r.DrawerByCashier, cmp.Or(who, "none"), signed, strings.Compare)
}

// SetCounted records the drawer's count on the report and works out the
// variance, counted less expected, for every currency counted or expected.
func (r *DayReport) SetCounted(counted []Money) error {
	r.Counted, r.Variance = nil, nil
	if len(counted) == 0 {
		return nil
	}
	for _, m := range counted {
		if err := addMoney(&r.Counted, m); err != nil {
			return err
		}
		if err := addMoney(&r.Variance, m); err != nil {
			return err
		}
	}
	for _, m := range r.Cash {
		if err := addMoney(&r.Variance, New(-m.Minor, m.Currency)); err != nil {
			return err
		}
	}
	return nil
}

// byStateRank orders state names as States lists them, unknown ones last
// by name.
func byStateRank(a, b string) int {
	rank := func(n string) int {
		if i := slices.Index(States, State(n)); i >= 0 {
			return i
		}
		return len(States)
	}
	if c := cmp.Compare(rank(a), rank(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

// addGroup adds amt to the group called name, keeping groups in the order
// of compare over their names.
func addGroup(groups *[]Group, name string, amt Money, compare func(a, b string) int) error {
	i, found := slices.BinarySearchFunc(*groups, name, func(g Group, n string) int { return compare(g.Name, n) })
	if !found {
		*groups = slices.Insert(*groups, i, Group{Name: name})
	}
	g := &(*groups)[i]
	if err := addMoney(&g.Amounts, amt); err != nil {
		return err
	}
	g.Count++
	return nil
}

// addMoney adds m to the total of its currency, keeping totals sorted by
// currency.
func addMoney(totals *[]Money, m Money) error {
	i, found := slices.BinarySearchFunc(*totals, m.Currency, func(t Money, c Currency) int { return strings.Compare(string(t.Currency), string(c)) })
	if !found {
		*totals = slices.Insert(*totals, i, Money{Currency: m.Currency})
	}
	sum, err := (*totals)[i].Add(m)
	if err != nil {
		return errorf(CodeInternal, "the %s total overflows: %v", m.Currency, err)
	}
	(*totals)[i] = sum
	return nil
}

// Summary is a one-line account of the report, journaled as the note of the
// day's close: counts, totals per currency, exceptions and the first and
// last reference. Long lists of references are cut short.
func (r DayReport) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "day %s: %d sale(s)", r.Day, r.Sales)
	for _, t := range []struct {
		what   string
		totals []Money
	}{{"sold", r.Sold}, {"paid out", r.PaidOut}, {"collected", r.Collected}} {
		if len(t.totals) > 0 {
			fmt.Fprintf(&b, "; %s %s", t.what, moneyList(t.totals))
		}
	}
	for _, g := range r.Outcomes {
		fmt.Fprintf(&b, "; %s %d", g.Name, g.Count)
	}
	if len(r.Cash) > 0 {
		fmt.Fprintf(&b, "; cash expected %s", moneyList(r.Cash))
	}
	if len(r.Counted) > 0 {
		fmt.Fprintf(&b, "; counted %s; variance %s", moneyList(r.Counted), moneyList(r.Variance))
	}
	for _, x := range []struct {
		what string
		list []Exception
	}{{"unresolved", r.Unresolved}, {"refund due", r.RefundDue}} {
		if len(x.list) > 0 {
			fmt.Fprintf(&b, "; %d %s: %s", len(x.list), x.what, refList(x.list, 10))
		}
	}
	if r.First != "" {
		fmt.Fprintf(&b, "; first %s; last %s", r.First, r.Last)
	}
	return b.String()
}

// moneyList formats totals as "ZAR 10.00, IDR 50000".
func moneyList(ms []Money) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = string(m.Currency) + " " + m.Plain()
	}
	return strings.Join(parts, ", ")
}

// refList names at most max references, then how many more there are.
func refList(xs []Exception, max int) string {
	var parts []string
	for i, x := range xs {
		if i == max {
			parts = append(parts, "and "+strconv.Itoa(len(xs)-max)+" more")
			break
		}
		parts = append(parts, string(x.Ref))
	}
	return strings.Join(parts, ", ")
}

// NextDay returns the calendar day after day (YYYY-MM-DD), or "" if day is
// not a date.
func NextDay(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, 1).Format(time.DateOnly)
}

// DayCloser closes business days; store.DB implements it. Screens use it
// for the end-of-day screen without importing the store.
type DayCloser interface {
	// BusinessDay is the day a sale made at `at` belongs to.
	BusinessDay(at time.Time) (string, error)
	// DayReport is the X report of day: no journal write.
	DayReport(day string) (DayReport, error)
	// CloseDay closes day (the Z report) with an EventDayClosed by `by`.
	// Unresolved sales refuse it unless force is set.
	CloseDay(day string, at time.Time, by string, force bool) (DayReport, error)
}
