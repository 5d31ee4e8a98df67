package export

import (
	"encoding/json"
	"maps"

	"till/receipts"
	"till/sale"
)

// Redacted replaces the value of every secret input (Order.Secrets: a
// voucher PIN being redeemed, a card token) in a masked event.
const Redacted = "[REDACTED]"

// MaskEvent returns a copy of e safe to leave the till, masked as a default
// export masks a sale: the target keeps only its ends (Target.Masked), the
// secret items of an outcome (voucher PINs, electricity tokens) keep only
// their last four characters (receipts.Mask, as on screens), secret inputs
// are replaced by Redacted and a cashier record loses its PIN fingerprint.
// Params (provider inputs: a customer's phone, e-mail or name for some
// providers, which a default export leaves out) keep their keys and are
// masked like targets; the vend order a payment is for (sale.ParamFor,
// journaled without its secrets) keeps its fields with its target masked.
// e itself is not changed.
func MaskEvent(e sale.Event) sale.Event {
	if e.Order != nil {
		o := *e.Order
		o.Target.Value = maskTarget(o.Target)
		if len(o.Secrets) > 0 {
			o.Secrets = make(map[string]string, len(e.Order.Secrets))
			for k := range e.Order.Secrets {
				o.Secrets[k] = Redacted
			}
		}
		o.Params = maps.Clone(o.Params)
		for k, v := range o.Params {
			if k == sale.ParamFor {
				o.Params[k] = maskPaidFor(v)
			} else {
				o.Params[k] = maskTarget(sale.Target{Value: v})
			}
		}
		e.Order = &o
	}
	if e.Outcome != nil {
		o := *e.Outcome
		o.Items = append([]sale.Item(nil), o.Items...)
		for i := range o.Items {
			if o.Items[i].Secret {
				o.Items[i].Value = receipts.Mask(o.Items[i].Value)
			}
		}
		e.Outcome = &o
	}
	if e.Cashier != nil {
		c := e.Cashier.Public()
		e.Cashier = &c
	}
	return e
}

// maskPaidFor masks the target of the vend order a payment is for; a value
// that is not an order is replaced whole, since it cannot be checked.
func maskPaidFor(v string) string {
	var o sale.Order
	if err := json.Unmarshal([]byte(v), &o); err != nil {
		return Redacted
	}
	o.Target.Value = maskTarget(o.Target)
	for k, v := range o.Params {
		o.Params[k] = maskTarget(sale.Target{Value: v})
	}
	for k := range o.Secrets {
		o.Secrets[k] = Redacted
	}
	b, err := json.Marshal(o)
	if err != nil {
		return Redacted
	}
	return string(b)
}
