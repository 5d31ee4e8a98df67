package sale

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The cash drawer. Every movement of cash is in the journal, by currency
// and with who did it:
//
//   - a sale paid in cash: the created event's order carries the tender
//     (Order.Tender.Tendered is what was handed over; the change is the rest)
//     and the product table below says whether the cash goes in or out;
//   - a cash sale that failed while the customer waited: EventGiveBack on
//     the sale, journaled by the engine as the screen says "Give back …";
//   - a refund due given back in cash: the EventRefundSettled carries a
//     CashMove (CashRefundPaid) and counts on the day it was paid;
//   - an opening float, a drop to the safe, a paid-in: journal-level
//     EventDrawer events (Engine.MoveCash), with a reason;
//   - the count at the end of the day: a CashCount on the Z's EventDayClosed.
//
// The end-of-day report (report.go) adds them up into the cash expected.

// CashEffect is what a delivered sale does to the cash drawer.
type CashEffect int

// Cash effects.
const (
	CashNone CashEffect = iota // no cash moves through the drawer
	CashIn                     // the customer hands cash in
	CashOut                    // the shop hands cash out
)

// String names the effect for people.
func (c CashEffect) String() string {
	switch c {
	case CashIn:
		return "cash in"
	case CashOut:
		return "cash out"
	}
	return "no cash"
}

// product is one row of the product table: which way value moves (the
// report's Sold, PaidOut, Collected) and, by tender, what a sale of the kind
// does to the drawer. A tender missing from cash moves no cash: a non-cash
// tender's provider took the money.
type product struct {
	flow Flow
	cash map[TenderKind]CashEffect
}

// paidIn is the cash column of a product the customer pays for: paid in
// cash, the amount goes into the drawer (tendered less change).
var paidIn = map[TenderKind]CashEffect{TenderCash: CashIn}

// products is the one table of what each kind of sale is and does to the
// drawer (kind × tender → cash in/out). Every row says where it comes
// from: the provider's API doc (/api) or, when the doc is silent, the
// assumption it is.
var products = map[Kind]product{
	// Flash Partner API v4 §2.x airtime purchase: the customer buys
	// airtime and pays its face value.
	KindAirtime: {FlowIn, paidIn},
	// Flash §2.8 prepaid electricity: the customer pays for the token.
	KindElectricity: {FlowIn, paidIn},
	// Flash §2.3.1 "Purchase a 1Voucher": the customer buys the voucher.
	KindVoucher: {FlowIn, paidIn},
	// Flash §2.4.1 "Purchase a Gift Voucher": the customer buys it.
	KindGiftVoucher: {FlowIn, paidIn},
	// Flash Eezi vouchers are purchased like any voucher.
	KindEezi: {FlowIn, paidIn},
	// Flash §2.5.1 "Purchase a Cash Out PIN": the PIN is BOUGHT — the
	// sender pays its value (in cash: into the drawer) and the recipient
	// withdraws it elsewhere. It is a sale, not a pay-out.
	KindCashOut: {FlowIn, paidIn},
	// OneFlow water API: the customer pays for the water credit.
	KindWater: {FlowIn, paidIn},
	// Flowix transaction/create (pulsa) and bill/pay (PPOB): the customer
	// pays the price.
	KindPulsa: {FlowIn, paidIn},
	KindBill:  {FlowIn, paidIn},
	// Flowix payout/create ("Pencairan Dana"): the shop's Flowix balance
	// sends the money to the customer's bank account, so the shop TAKES the
	// customer's cash first (the payout screen: "Take the cash first").
	KindPayout: {FlowIn, paidIn},
	// Flowix deposit/create tops up the shop's own Flowix balance; the
	// money comes by QRIS or bank transfer, never through the drawer.
	KindDeposit: {FlowIn, nil},
	// Flash §2.3.3 "Redeem a 1Voucher": the customer hands in a voucher and
	// the shop pays its value out — in cash, from the drawer, once the
	// redemption is DELIVERED. It is not a sale. A redemption has no
	// tender of its own ("") or says cash.
	KindVoucherRedeem: {FlowOut, map[TenderKind]CashEffect{"": CashOut, TenderCash: CashOut}},
	// Flash §2.3.4 "Refund a 1Voucher Redemption": Flash issues the
	// customer a new 1Voucher for the amount; the doc does not say what the
	// customer gives back. Assumption: the cash the redemption paid comes
	// back into the drawer when the refund is paid in cash.
	KindVoucherRefund: {FlowOut, paidIn},
	// Flash §2.3.2 "Disburse a 1Voucher": the shop issues a voucher from
	// its Flash account instead of cash; nothing leaves the drawer.
	KindVoucherPayout: {FlowOut, nil},
	// Flash §2.5.2 "Cancel a Cash Out PIN Purchase": the buyer gets the
	// PIN's value back, refunded in cash from the drawer once delivered.
	KindCashOutCancel: {FlowOut, map[TenderKind]CashEffect{"": CashOut, TenderCash: CashOut}},
	// Flash §2.5.3 lookup moves no money.
	KindCashOutLookup: {FlowIn, nil},
	// A non-cash tender is the payment of another sale (tender.go): its
	// provider took the money, none of it is in the drawer.
	KindTenderMpesa:   {FlowTender, nil},
	KindTenderCard:    {FlowTender, nil},
	KindTenderVoucher: {FlowTender, nil},
	KindTenderQRIS:    {FlowTender, nil},
	// A bulk card charge of account customers (Flutterwave tokenized
	// charge) is money collected by card.
	KindBulkCardCharge: {FlowTender, nil},
}

// Flow returns which way value moves in a sale of kind k (the product
// table); an unknown kind is a sale.
func (k Kind) Flow() Flow { return products[k].flow }

// CashEffectOf is what a delivered sale of kind k paid by tender t does to
// the cash drawer (the product table).
func CashEffectOf(k Kind, t TenderKind) CashEffect { return products[k].cash[t] }

// CashEffect is what s does to the drawer once delivered.
func (o Order) CashEffect() CashEffect { return CashEffectOf(o.Kind, o.Tender.Kind) }

// Change is the change a cash sale gave: tendered less the amount (zero
// when nothing was recorded as tendered).
func (o Order) Change() Money {
	t := o.Tender
	if t.Kind != TenderCash || t.Tendered.Currency != o.Amount.Currency || t.Tendered.Minor <= o.Amount.Minor {
		return Money{}
	}
	return New(t.Tendered.Minor-o.Amount.Minor, o.Amount.Currency)
}

// Drawer event types.
const (
	// EventDrawer is a journal-level movement of cash that is no sale: a
	// float, a drop, a paid-in (Event.Cash says which, Note why, By who).
	EventDrawer EventType = "drawer"
	// EventGiveBack belongs to a cash sale that failed (DECLINED, NOT_SENT)
	// while the customer waited: the cashier was told to hand the cash
	// back. Its Note starts with GiveBackNote. It changes no state.
	EventGiveBack EventType = "give_back"
)

// GiveBackNote starts the note of an EventGiveBack.
const GiveBackNote = "given back"

// CashMoveKind says what a CashMove is.
type CashMoveKind string

// Cash moves.
const (
	CashFloat      CashMoveKind = "float"       // the opening float, into the drawer
	CashPaidIn     CashMoveKind = "paid_in"     // cash put in for a reason (change from the bank)
	CashDrop       CashMoveKind = "drop"        // cash taken to the safe
	CashRefundPaid CashMoveKind = "refund_paid" // a refund due given back in cash
	CashCount      CashMoveKind = "count"       // the counted drawer (on a Z), no movement
)

// CashMove is the cash on an event: a movement of Amount, or for a count
// the amount counted of each currency.
type CashMove struct {
	Kind    CashMoveKind `json:"kind"`
	Amount  Money        `json:"amount,omitzero"`
	Counted []Money      `json:"counted,omitempty"`
}

// Sign is +1 for cash into the drawer, -1 for cash out, 0 for a count.
func (k CashMoveKind) Sign() int64 {
	switch k {
	case CashFloat, CashPaidIn:
		return 1
	case CashDrop, CashRefundPaid:
		return -1
	}
	return 0
}

// Name is how the move reads on screens and slips.
func (k CashMoveKind) Name() string {
	switch k {
	case CashFloat:
		return "Float"
	case CashPaidIn:
		return "Paid in"
	case CashDrop:
		return "Drop"
	case CashRefundPaid:
		return "Refund paid"
	case CashCount:
		return "Count"
	}
	return string(k)
}

// ActionDrop is the override a drop of more cash than the drawer should
// hold needs. Subject: DropSubject of the amount.
const ActionDrop Action = "drop"

func init() { actionNames[ActionDrop] = "drop more cash than the drawer should hold" }

// DropSubject is the subject of an ActionDrop override for amount m.
func DropSubject(m Money) string { return "drop " + string(m.Currency) + " " + m.Plain() }

// CashJournal is what the engine needs of a journal to keep the drawer;
// store.DB implements it.
type CashJournal interface {
	// RecordCash journals e, a journal-level EventDrawer, on the business
	// day of e.At (set as e.Day), committed with fsync; it returns e as
	// journaled.
	RecordCash(e Event) (Event, error)
	// BusinessDay and DayReport are DayCloser's.
	BusinessDay(at time.Time) (string, error)
	DayReport(day string) (DayReport, error)
}

// CashRequest asks Engine.MoveCash for a float, a drop or a paid-in.
type CashRequest struct {
	Kind   CashMoveKind
	Amount Money
	Reason string
	By     string
	// Override is a supervisor's ActionDrop override (DropSubject of the
	// amount), needed for a drop larger than the cash expected.
	Override *Override
}

// MoveCash journals a float, a drop or a paid-in (an EventDrawer on the
// current business day). The amount must be more than zero and in a known
// currency; a drop or a paid-in needs a reason; who does it is required. A
// drop larger than the cash the drawer should hold now (the X report's
// cash expected) is refused (CodeSupervised) unless a supervisor's
// ActionDrop override allows exactly it. Errors mean nothing was journaled.
func (e *Engine) MoveCash(r CashRequest) (Event, error) {
	cj, ok := e.j.(CashJournal)
	if !ok {
		return Event{}, errorf(CodeUnavailable, "this journal does not keep a cash drawer")
	}
	reason, by := cleanText(r.Reason), cleanText(r.By)
	switch {
	case r.Kind != CashFloat && r.Kind != CashDrop && r.Kind != CashPaidIn:
		return Event{}, errorf(CodeInvalid, "%q is not a float, a drop or a paid-in", string(r.Kind))
	case !r.Amount.Currency.Valid():
		return Event{}, errorf(CodeInvalid, "unknown currency %q", string(r.Amount.Currency))
	case r.Amount.Minor <= 0:
		return Event{}, errork(CodeInvalid, "cash_zero", []any{r.Kind}, "a %s must be more than zero", strings.ToLower(r.Kind.Name()))
	case r.Kind != CashFloat && reason == "":
		return Event{}, errork(CodeInvalid, "cash_reason", []any{r.Kind}, "a %s needs a reason", strings.ToLower(r.Kind.Name()))
	case len(reason) > 200:
		return Event{}, errork(CodeInvalid, "cash_reason_long", nil, "the reason is too long: at most 200 characters")
	case by == "":
		return Event{}, errork(CodeInvalid, "cash_by", []any{r.Kind}, "a %s needs who does it", strings.ToLower(r.Kind.Name()))
	}
	e.mu.Lock() // one drawer check and write at a time
	defer e.mu.Unlock()
	now := e.now()
	if r.Kind == CashDrop {
		day, err := cj.BusinessDay(now)
		if err != nil {
			return Event{}, wrapJournal(err)
		}
		rep, err := cj.DayReport(day)
		if err != nil {
			return Event{}, wrapJournal(err)
		}
		held := amountIn(rep.Cash, r.Amount.Currency)
		if r.Amount.Minor > held.Minor {
			if r.Override == nil {
				return Event{}, errork(CodeSupervised, "cash_drop_over", []any{r.Amount, held}, "a drop of %s is more than the %s the drawer should hold: a supervisor must authorise it", r.Amount, held)
			}
			if err := r.Override.Allows(ActionDrop, DropSubject(r.Amount)); err != nil {
				return Event{}, err
			}
			if e.overrides[r.Override.Seq] {
				return Event{}, errork(CodeForbidden, "override_used", []any{r.Override.Seq}, "the supervisor's override (journal event %d) was already used: ask again", r.Override.Seq)
			}
		}
	}
	note := reason
	if r.Override != nil && r.Override.Granted() {
		note = strings.TrimSpace(note + "; " + r.Override.Note())
	}
	ev, err := cj.RecordCash(Event{Type: EventDrawer, At: now, By: by, Note: note, Cash: &CashMove{Kind: r.Kind, Amount: r.Amount}})
	if err != nil {
		return Event{}, wrapJournal(err)
	}
	if r.Override != nil {
		e.overrides[r.Override.Seq] = true
	}
	e.log.Info("drawer", "move", r.Kind, "amount", r.Amount.String(), "by", by)
	return ev, nil
}

// Drawer returns the drawer now: the X report of the current business day
// (its Float, PaidIn, CashIn, CashOut, Drops and Cash expected).
func (e *Engine) Drawer() (DayReport, error) {
	cj, ok := e.j.(CashJournal)
	if !ok {
		return DayReport{}, errorf(CodeUnavailable, "this journal does not keep a cash drawer")
	}
	day, err := cj.BusinessDay(e.now())
	if err != nil {
		return DayReport{}, wrapJournal(err)
	}
	r, err := cj.DayReport(day)
	if err != nil {
		return DayReport{}, wrapJournal(err)
	}
	return r, nil
}

// giveBackIfFailed journals EventGiveBack on a cash sale that has just
// failed (DECLINED or NOT_SENT) on its first attempt, while the cashier
// and customer wait: the screen says to give the cash back, and the
// drawer does not count it. A sale that fails later, without the
// customer, stays refund due instead (RefundDue). A failure to journal it
// is logged: the sale then stays refund due, which is the safe side.
func (e *Engine) giveBackIfFailed(s Sale) Sale {
	if (s.State != StateDeclined && s.State != StateNotSent) || s.Order.CashEffect() != CashIn || s.GivenBack {
		return s
	}
	note := fmt.Sprintf("%s: %s in cash; the sale was %s", GiveBackNote, s.Order.Amount, s.State)
	ns, err := e.j.Append(Event{Ref: s.Ref, Type: EventGiveBack, At: e.now(), By: s.Order.Cashier, Note: note})
	if err != nil {
		e.log.Error("could not journal a give-back; the sale stays refund due", "ref", s.Ref, "err", err)
		return s
	}
	e.publish(ns)
	return ns
}

// GiveBack says what the cashier must do about the customer's payment of
// a sale that did not go through, or "" when nothing is owed: "Give back
// R 250.00 in cash", "Refund due: M-Pesa R 250.00".
func GiveBack(s Sale) string {
	text, _, _ := GiveBackKeyed(s)
	return text
}

// GiveBackKeyed is GiveBack with its catalogue key and arguments, as an
// Error carries them: the till's catalogue holds the text as
// "cli.give_back."+key (an amount and, for "refund_tender", the
// TenderKind). text is the English; all three are empty when nothing is
// owed.
func GiveBackKeyed(s Sale) (text, key string, args []any) {
	if s.State != StateDeclined && s.State != StateNotSent {
		return "", "", nil
	}
	o := s.Order
	switch {
	case o.CashEffect() == CashIn && s.GivenBack:
		return "Give back " + o.Amount.String() + " in cash", "cash", []any{o.Amount}
	case o.CashEffect() == CashIn:
		return "Refund due: cash " + o.Amount.String(), "refund_cash", []any{o.Amount}
	case o.Tender.Kind == TenderCard && o.Tender.Ref == "":
		return "Card not charged", "card_not_charged", nil
	case RefundDue(s):
		return "Refund due: " + o.Tender.Kind.Name() + " " + o.Amount.String(), "refund_tender", []any{o.Tender.Kind, o.Amount}
	}
	return "", "", nil
}

// amountIn is the total of currency c among ms (zero of c if none).
func amountIn(ms []Money, c Currency) Money {
	for _, m := range ms {
		if m.Currency == c {
			return m
		}
	}
	return New(0, c)
}

// ParseCount parses a drawer count as typed: "215.00" (in def, the only
// currency the drawer holds) or "ZAR:215.00,IDR:50000". Amounts are exact
// (ParseMoney's rules); a currency is counted once. A count of zero is
// refused unless written with its currency ("ZAR:0"): an empty drawer is
// said so on purpose.
func ParseCount(s string, def Currency) ([]Money, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errork(CodeInvalid, "count_empty", nil, "the count is empty: give the cash counted, e.g. 215.00 or ZAR:215.00,IDR:50000")
	}
	var out []Money
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		cur, amt, tagged := strings.Cut(part, ":")
		c := def
		if tagged {
			c = Currency(strings.ToUpper(strings.TrimSpace(cur)))
		} else {
			amt = part
			if c == "" {
				return nil, errork(CodeInvalid, "count_which", []any{part, part}, "say which currency %q is: ZAR:%s", part, part)
			}
		}
		if !c.Valid() {
			return nil, errork(CodeInvalid, "count_currency", []any{part, string(c)}, "%q: unknown currency %q", part, string(c))
		}
		m, err := ParseMoney(strings.TrimSpace(amt), c)
		switch {
		case err != nil && strings.HasSuffix(err.Error(), "must be more than zero") && tagged:
			m = New(0, c) // "ZAR:0.00": counted empty, on purpose
		case err != nil && strings.HasSuffix(err.Error(), "must be more than zero"):
			return nil, errork(CodeInvalid, "count_zero", []any{string(c), string(c)}, "a count of zero: if the drawer really holds no %s, say so with its currency: %s:0", c, c)
		case err != nil:
			return nil, errork(CodeInvalid, "count_bad", []any{part, err}, "count %q: %v", part, err)
		}
		if slices.ContainsFunc(out, func(x Money) bool { return x.Currency == c }) {
			return nil, errork(CodeInvalid, "count_twice", []any{string(c)}, "%s is counted twice", c)
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b Money) int { return cmp.Compare(a.Currency, b.Currency) })
	return out, nil
}

// CheckCount refuses a count that leaves out a currency the drawer should
// hold (cash expected not zero): every currency is counted, none dropped.
func CheckCount(r DayReport, counted []Money) error {
	var missing []string
	for _, m := range r.Cash {
		if m.Minor != 0 && !slices.ContainsFunc(counted, func(x Money) bool { return x.Currency == m.Currency }) {
			missing = append(missing, fmt.Sprintf("%s (%s expected)", m.Currency, m))
		}
	}
	if len(missing) > 0 {
		return errorf(CodeInvalid, "the count leaves out %s: count every currency, e.g. --counted %s", strings.Join(missing, ", "), countExample(r.Cash))
	}
	return nil
}

func countExample(ms []Money) string {
	var parts []string
	for _, m := range ms {
		parts = append(parts, string(m.Currency)+":"+New(max(m.Minor, 0), m.Currency).Plain())
	}
	return strings.Join(parts, ",")
}

// DefaultCountCurrency is the currency a bare count ("215.00") is in: the
// only currency of the drawer, or "" when it holds several.
func DefaultCountCurrency(r DayReport, fallback Currency) Currency {
	var cs []Currency
	for _, m := range r.Cash {
		cs = append(cs, m.Currency)
	}
	switch len(cs) {
	case 0:
		return fallback
	case 1:
		return cs[0]
	}
	return ""
}

// DayCounter closes a day recording the drawer's count; store.DB
// implements it. The end-of-day screen asks for the count before the Z.
type DayCounter interface {
	CloseDayCounted(day string, at time.Time, by string, force bool, counted []Money) (DayReport, error)
}

// ParseCashAmount parses a drawer amount as typed: "200.00" in def, or
// "IDR:50000" in the currency it names. Exact (ParseMoney's rules) and more
// than zero.
func ParseCashAmount(s string, def Currency) (Money, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Money{}, errorf(CodeInvalid, "give the AMOUNT, e.g. 200.00 or ZAR:200.00")
	}
	c, amt := def, s
	if cur, a, ok := strings.Cut(s, ":"); ok {
		c, amt = Currency(strings.ToUpper(strings.TrimSpace(cur))), a
	}
	if !c.Valid() {
		return Money{}, errorf(CodeInvalid, "unknown currency %q", string(c))
	}
	m, err := ParseMoney(amt, c)
	if err != nil {
		return Money{}, errorf(CodeInvalid, "AMOUNT %q: %v", s, err)
	}
	return m, nil
}
