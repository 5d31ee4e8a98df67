package receipts

import (
	"till/sale"
)

func init() { bodies[sale.KindWater] = waterBody }

// Order.Params keys the till's water flow journals with a 1Flow recharge,
// for receipts and the supervisor: who the customer is and what the device
// is called. 1Flow never sees them (the request carries only the device or
// card and the amount).
const (
	WaterCustomer   = "customer"
	WaterPhone      = "customerPhone"
	WaterDeviceName = "deviceName"
)

// waterBody prints a 1Flow water recharge: the device serial, the customer
// and, once 1Flow says it completed, what it says it applied — amount and
// currency as 1Flow states them, litres, price per litre and the device's
// balance — each exactly as sent. A recharge still in doubt says why the
// shop checks the device instead of trying again.
func waterBody(p *page, s sale.Sale) {
	items := map[string]string{}
	var rest []sale.Item
	for _, it := range s.Outcome.Items {
		switch it.Label {
		case "Recharge ID":
			// Printed as "Trans ID" with the sale's details.
		case "Device", "Card", "Customer", "Amount", "Currency", "Litres", "Price per litre", "Balance", "Completed":
			if _, seen := items[it.Label]; !seen {
				items[it.Label] = it.Value
			}
		default:
			rest = append(rest, it)
		}
	}
	o := s.Order
	p.rule('-')
	label, serial := p.lang.T("water.serial"), items["Device"]
	if o.Target.Kind == sale.TargetCard || (serial == "" && items["Card"] != "") {
		label, serial = p.lang.T("water.card"), items["Card"]
	}
	if clean(serial) == "" {
		serial = o.Target.Value
	}
	p.pair(label, serial)
	p.pair(p.lang.T("water.name"), o.Params[WaterDeviceName])
	customer := items["Customer"]
	if clean(customer) == "" {
		customer = o.Params[WaterCustomer]
	}
	p.pair(p.lang.T("water.customer"), customer)

	switch s.State {
	case sale.StateDelivered:
		p.pair(p.lang.T("water.recharged"), p.answer(items["Amount"]))
		p.pair(p.lang.T("water.currency"), items["Currency"])
		p.pair(p.lang.T("water.litres"), items["Litres"])
		p.pair(p.lang.T("water.price"), p.answer(items["Price per litre"]))
		p.pair(p.lang.T("water.balance"), items["Balance"])
		p.pair(p.lang.T("water.completed"), providerStamp(items["Completed"], p.loc))
		for _, it := range rest {
			p.item(it.Label, it.Value, it.Secret)
		}
		if s.Outcome.Code == "supervisor" {
			p.blank()
			p.text(p.lang.T("water.confirmed"))
		}
	case sale.StateInDoubt, sale.StateNeedsSupervisor, sale.StateNew, sale.StateSending:
		if s.PendingID == "" {
			p.blank()
			p.text(p.lang.T("water.no_resend"))
		}
	}
}
