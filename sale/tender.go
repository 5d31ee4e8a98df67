package sale

import (
	"context"
	"encoding/json"
	"strings"
)

// A non-cash tender is a sale of its own (ARCHITECTURE.md §8, "Tenders"):
// an Order of a tender kind (KindTenderCard, KindTenderMpesa,
// KindTenderVoucher, KindTenderQRIS) for the vend's amount, through the
// tender's provider, with the vend order it pays for in Params[ParamFor].
// Engine.Pay sells it through Engine.Sell, so it is journaled before it is
// sent, in doubt when its answer is lost and settled by the resolver the
// way its provider declares (a card charge is verified by tx_ref, never
// charged again). Only once it is DELIVERED does Engine.Vend sell the vend,
// with Order.Tender{Kind, Ref: the tender's reference}. A payment pays for
// one vend at most; a vend that then fails is journaled refund due.

// Tender event types. They belong to one sale and change no state.
const (
	// EventRefundDue: the customer is owed back a non-cash payment. The
	// engine journals it on a vend that ended DECLINED or NOT_SENT after its
	// tender was paid, as soon as it records that; a supervisor journals it
	// on a paid tender no vend used (MarkRefundDue). Its Note starts with
	// RefundDueNote.
	EventRefundDue EventType = "refund_due"
	// EventRefundSettled: the money was given back (a reversal, cash from
	// the drawer…), by a supervisor (SettleRefund). Its Note starts with
	// RefundSettledNote, which takes the sale off the refund-due lists.
	EventRefundSettled EventType = "refund_settled"
)

// RefundDueNote starts the note of an EventRefundDue.
const RefundDueNote = "refund due"

// ParamFor is the Params key of a tender sale holding the vend order it
// pays for, as JSON (without the vend's secrets).
const ParamFor = "for"

// tenderKinds maps each non-cash tender to the kind of its own sale.
var tenderKinds = map[TenderKind]Kind{
	TenderMpesa: KindTenderMpesa, TenderCard: KindTenderCard,
	TenderVoucher: KindTenderVoucher, TenderQRIS: KindTenderQRIS,
}

// TenderProviders names the provider that takes each non-cash tender.
var TenderProviders = map[TenderKind]string{
	TenderMpesa: "mpesaflow", TenderCard: "flutterwave", TenderVoucher: "flash", TenderQRIS: "flowix",
}

// tenderCurrencies are the currencies each non-cash tender is taken in:
// M-Pesa in shillings, cards in what Flutterwave charges tokens in, 1Voucher
// in rand, QRIS in rupiah. Cash takes any.
var tenderCurrencies = map[TenderKind][]Currency{
	TenderMpesa: {KES}, TenderCard: {NGN, KES, GHS, ZAR}, TenderVoucher: {ZAR}, TenderQRIS: {IDR},
}

// Tenders lists every tender in the order the till offers them.
var Tenders = []TenderKind{TenderCash, TenderMpesa, TenderCard, TenderVoucher, TenderQRIS}

// SaleKind is the kind of a non-cash tender's own sale ("" for cash).
func (t TenderKind) SaleKind() Kind { return tenderKinds[t] }

// TenderOf is the tender a tender sale of kind k takes ("" for other kinds).
func TenderOf(k Kind) TenderKind {
	for t, sk := range tenderKinds {
		if sk == k {
			return t
		}
	}
	return ""
}

// Name is how the tender reads on screens: "Cash", "M-Pesa", "Card",
// "1Voucher", "QRIS".
func (t TenderKind) Name() string {
	switch t {
	case TenderCash:
		return "Cash"
	case TenderMpesa:
		return "M-Pesa"
	case TenderCard:
		return "Card"
	case TenderVoucher:
		return "1Voucher"
	case TenderQRIS:
		return "QRIS"
	}
	return string(t)
}

// Accepts reports whether tender t can pay an amount in currency c.
func (t TenderKind) Accepts(c Currency) bool {
	if t == TenderCash {
		return c.Valid()
	}
	for _, x := range tenderCurrencies[t] {
		if x == c {
			return true
		}
	}
	return false
}

// Payment is how the customer pays with a non-cash tender: the inputs of
// the tender's own sale.
type Payment struct {
	Kind TenderKind
	// Target identifies the payer, for the journal's target index and the
	// same-target guard: the card customer's book ID (so a card is never
	// charged while an earlier charge on it is unresolved), the M-Pesa
	// receipt code (so one M-Pesa payment never pays twice). Optional.
	Target Target
	// Params and Secrets are the tender provider's inputs (a receipt code,
	// an email; a card token, a voucher PIN).
	Params  map[string]string
	Secrets map[string]string
}

// TenderOrder is the order of the tender sale paying for vend with p.
func TenderOrder(vend Order, p Payment) (Order, error) {
	kind := p.Kind.SaleKind()
	if kind == "" {
		return Order{}, errorf(CodeInvalid, "%q is not a tender the till takes as a payment of its own", clip(string(p.Kind)))
	}
	if err := vend.Validate(); err != nil {
		return Order{}, err
	}
	if !p.Kind.Accepts(vend.Amount.Currency) {
		return Order{}, errorf(CodeInvalid, "%s cannot pay an amount in %s", p.Kind.Name(), vend.Amount.Currency)
	}
	desc := vend
	desc.Secrets, desc.Tender = nil, Tender{Kind: p.Kind}
	forJSON, err := json.Marshal(desc)
	if err != nil {
		return Order{}, errorf(CodeInvalid, "cannot describe the sale being paid for: %v", err)
	}
	params := map[string]string{ParamFor: string(forJSON)}
	for k, v := range p.Params {
		if k != ParamFor {
			params[k] = v
		}
	}
	name := p.Kind.Name() + " payment"
	if n := strings.TrimSpace(vend.ProductName); n != "" {
		name += " for " + n
	}
	return Order{
		Provider: TenderProviders[p.Kind], Kind: kind, ProductName: name, Target: p.Target,
		Amount: vend.Amount, Cashier: vend.Cashier, Params: params, Secrets: p.Secrets,
	}, nil
}

// PaidFor returns the vend order a tender sale pays for (Params[ParamFor]),
// with Tender set to the tender sale.
func PaidFor(tender Sale) (Order, error) {
	t := TenderOf(tender.Order.Kind)
	if t == "" {
		return Order{}, errorf(CodeInvalid, "sale %s is not a payment", tender.Ref)
	}
	var o Order
	if err := json.Unmarshal([]byte(tender.Order.Params[ParamFor]), &o); err != nil {
		return Order{}, errorf(CodeInvalid, "payment %s does not say what it pays for: %v", tender.Ref, err)
	}
	o.Tender = Tender{Kind: t, Ref: tender.Ref}
	return o, nil
}

// Pay takes the customer's payment for vend: it journals and sends the
// tender sale (Engine.Sell of TenderOrder), after checking that the vend
// itself would be accepted now — valid, its provider configured, no
// unresolved sale to its target — so the customer does not pay for a sale
// the till would refuse. An M-Pesa receipt code already journaled by a
// payment that was not declined is refused. The returned sale is the
// tender's, in any state Sell leaves a sale; only a DELIVERED one may be
// passed to Vend. Errors are Sell's (nothing was journaled or sent).
func (e *Engine) Pay(ctx context.Context, vend Order, p Payment) (Sale, error) {
	return e.PayWith(ctx, vend, p, SellOptions{})
}

// PayWith is Pay for a vend a supervisor's override lets past a guard or
// limit (opt.Override, as for VendWith): the override is checked, not used
// up — the vend uses it.
func (e *Engine) PayWith(ctx context.Context, vend Order, p Payment, opt SellOptions) (Sale, error) {
	if vend.Tender.Kind != "" && vend.Tender.Kind != p.Kind {
		return Sale{}, errorf(CodeInvalid, "the sale says it is paid by %s, not %s", vend.Tender.Kind.Name(), p.Kind.Name())
	}
	t, err := TenderOrder(vend, p)
	if err != nil {
		return Sale{}, err
	}
	if err := e.CanPayWith(vend, opt.Override); err != nil {
		return Sale{}, err
	}
	if p.Kind == TenderMpesa && p.Target.Value != "" {
		used, err := e.j.List(Query{Target: p.Target.Value})
		if err != nil {
			return Sale{}, wrapJournal(err)
		}
		for _, u := range used {
			if u.Order.Kind == KindTenderMpesa && u.State != StateDeclined && u.State != StateNotSent {
				return Sale{}, errorf(CodeConflict, "M-Pesa receipt %s was already taken by payment %s (%s): one M-Pesa payment pays once",
					p.Target.Value, u.Ref, u.State)
			}
		}
	}
	return e.Sell(ctx, t)
}

// CanPay reports whether vend would be accepted now — valid, its provider
// configured, within the limits and no unresolved sale to its target
// (Admit) — so that a payment for it may be taken. A flow that journals
// its payment itself (the QRIS component) asks first; Pay always does.
// Errors are Sell's.
func (e *Engine) CanPay(vend Order) error { return e.CanPayWith(vend, nil) }

// CanPayWith is CanPay under a supervisor's override (nil for none), as
// Admit takes it: every check a sale passes before the customer pays.
func (e *Engine) CanPayWith(vend Order, ov *Override) error {
	if err := vend.Validate(); err != nil {
		return err
	}
	if _, ok := e.providers[vend.Provider]; !ok {
		return errorf(CodeInvalid, "provider %q is not configured on this till", vend.Provider)
	}
	if err := e.catalogueAllows(vend); err != nil {
		return err
	}
	return e.Admit(vend, ov)
}

// catalogueAllows checks o's amount against its product's min and max in
// the provider's cached catalogue, when the catalogue lists the product (a
// product it does not list, or no catalogue, is the flow's to check).
func (e *Engine) catalogueAllows(o Order) error {
	if o.Product == "" {
		return nil
	}
	cat, err := e.j.Catalogue(o.Provider)
	if err != nil {
		return wrapJournal(err)
	}
	for _, p := range cat.Products {
		if p.Code == o.Product && p.Kind == o.Kind {
			return p.Allows(o.Amount)
		}
	}
	return nil
}

// Vend sells o, paid as o.Tender says. Cash (or no tender) is sold at once;
// a Tendered amount, if given, must cover the sale. A non-cash tender must
// name in o.Tender.Ref a DELIVERED tender sale of the same kind and amount,
// taken for this very order, that no other sale has used and no refund
// was recorded for: a payment pays for one vend at most, and a vend is
// never sold on a payment the till has not been paid. If the vend then
// ends DECLINED or NOT_SENT, the engine journals it refund due. Errors are
// Sell's, or CodeConflict when the payment cannot pay for o.
func (e *Engine) Vend(ctx context.Context, o Order) (Sale, error) {
	return e.VendWith(ctx, o, SellOptions{})
}

// VendWith is Vend with SellWith's options (a supervisor override past the
// same-target guard or the per-sale limit; limits.go).
func (e *Engine) VendWith(ctx context.Context, o Order, opt SellOptions) (Sale, error) {
	t := o.Tender
	if t.Kind == "" || t.Kind == TenderCash {
		if t.Kind == TenderCash && t.Tendered.Minor != 0 {
			if t.Tendered.Currency != o.Amount.Currency || t.Tendered.Minor < o.Amount.Minor {
				return Sale{}, errorf(CodeInvalid, "%s tendered does not cover %s", t.Tendered, o.Amount)
			}
		}
		return e.SellWith(ctx, o, opt)
	}
	if t.Ref == "" {
		return Sale{}, errorf(CodeInvalid, "a sale paid by %s needs the reference of the payment", t.Kind.Name())
	}
	// Holding the payment's slot makes "is it used?" and the sale that uses
	// it one step against every other Vend and supervisor action.
	if !e.acquire(t.Ref) {
		return Sale{}, errorf(CodeConflict, "payment %s is being used or settled right now", t.Ref)
	}
	defer e.release(t.Ref)
	if err := e.payable(o, t.Ref); err != nil {
		return Sale{}, err
	}
	return e.SellWith(ctx, o, opt)
}

// payable checks that payment ref can pay for o. Callers hold ref's slot.
func (e *Engine) payable(o Order, ref Reference) error {
	p, err := e.j.Sale(ref)
	if err != nil {
		return err
	}
	switch {
	case p.Order.Kind != o.Tender.Kind.SaleKind():
		return errorf(CodeConflict, "sale %s is not a %s payment", ref, o.Tender.Kind.Name())
	case p.State != StateDelivered:
		return errorf(CodeConflict, "payment %s is %s: nothing is sold until it is paid", ref, p.State)
	case p.Order.Amount != o.Amount:
		return errorf(CodeConflict, "payment %s is for %s, not %s", ref, p.Order.Amount, o.Amount)
	case refundNoted(p):
		return errorf(CodeConflict, "payment %s is marked for a refund: it cannot pay for a sale", ref)
	}
	want, err := PaidFor(p)
	if err != nil {
		return err
	}
	if want.Provider != o.Provider || want.Kind != o.Kind || want.Product != o.Product || want.Target != o.Target || want.Amount != o.Amount {
		return errorf(CodeConflict, "payment %s was taken for %s %s to %s, not for this sale", ref, want.Kind, want.Amount, want.Target.Value)
	}
	if used, ok, err := e.usedBy(p); err != nil {
		return err
	} else if ok {
		return errorf(CodeConflict, "payment %s already paid for sale %s (%s)", ref, used.Ref, used.State)
	}
	return nil
}

// usedBy finds the sale paid by tender sale p (the journal's PaidBy query).
func (e *Engine) usedBy(p Sale) (Sale, bool, error) {
	list, err := e.j.List(Query{PaidBy: p.Ref})
	if err != nil {
		return Sale{}, false, wrapJournal(err)
	}
	for _, s := range list {
		if s.Order.Tender.Ref == p.Ref && s.Ref != p.Ref {
			return s, true, nil
		}
	}
	return Sale{}, false, nil
}
