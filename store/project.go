package store

import (
	"maps"
	"sync"

	"till/sale"
)

// Projections of a sale record: a decoding plan that skips the fields a
// walk does not need (decodeAt skips a field its plan does not name, as it
// skips fields of newer tills), so that an export decodes only its columns.

// project returns a copy of plan p without the fields named in drop, and
// with the nested plans of children for the fields named there.
func project(p *structPlan, drop []string, children map[string]*structPlan) *structPlan {
	q := &structPlan{fields: append([]*fieldPlan(nil), p.fields...), byIDs: append([]int16(nil), p.byIDs...), byName: maps.Clone(p.byName)}
	for _, name := range drop {
		if i, ok := q.byName[name]; ok {
			if id := q.fields[i].id; id != 0 {
				q.byIDs[id] = -1
			}
			delete(q.byName, name)
		}
	}
	for name, child := range children {
		i, ok := q.byName[name]
		if !ok {
			continue
		}
		f := q.fields[i]
		nf := &fieldPlan{index: f.index, name: f.name, id: f.id, offset: f.offset, fast: f.fast, typ: f.typ}
		nf.child.Store(child)
		q.fields[i] = nf
	}
	return q
}

// exportPlans are the plans of a sale for an export row, without and with
// its outcome's items (the secrets column).
var exportPlans = sync.OnceValues(func() (rows, withItems *structPlan) {
	s := salePlan()
	order := project(planOf(s.fields[s.byName["order"]].typ), []string{"params", "secrets", "cashier"}, nil)
	outcomeType := s.fields[s.byName["outcome"]].typ
	withItems = project(s, []string{"checks", "nextTry", "pendingId", "note", "givenBack", "lastSeq", "events"}, map[string]*structPlan{
		"order":   order,
		"outcome": project(planOf(outcomeType), []string{"code", "providerMessage", "providerRef", "pendingId"}, nil),
	})
	rows = project(withItems, nil, map[string]*structPlan{
		"outcome": project(planOf(outcomeType), []string{"code", "providerMessage", "providerRef", "pendingId", "items"}, nil),
	})
	return rows, withItems
})

// EachSaleForExport is EachSale giving fn only what an export row needs:
// the sale's reference, identity, day, order (without its parameters,
// secrets and cashier), state, attempts, reprints, times, provider
// reference and outcome message — and, when secrets is set, its outcome's
// items, opened. Without secrets no secret is decoded or opened at all.
func (db *DB) EachSaleForExport(from, to string, secrets bool, fn func(sale.Sale) error) error {
	rows, withItems := exportPlans()
	if secrets {
		return db.eachSale(from, to, withItems, true, fn)
	}
	return db.eachSale(from, to, rows, false, fn)
}
