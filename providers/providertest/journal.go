package providertest

import (
	"sync"
	"time"

	"till/sale"
)

// Journal is a minimal in-memory sale.Journal, enough to run the real
// Engine over a client and a simulator. Sales are listed in the order they
// were created; it keeps no catalogue and lists nothing by query.
type Journal struct {
	mu     sync.Mutex
	seq    uint64
	refs   uint64
	sales  map[sale.Reference]sale.Sale
	events map[sale.Reference][]sale.Event
	order  []sale.Reference
}

var _ sale.Journal = (*Journal)(nil)

// NewJournal is an empty journal.
func NewJournal() *Journal {
	return &Journal{sales: map[sale.Reference]sale.Sale{}, events: map[sale.Reference][]sale.Event{}}
}

// Create journals a new sale of o under the next reference of till S1-T1.
func (j *Journal) Create(o sale.Order, at time.Time) (sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	ref, err := sale.NewReference("S1", "T1", "mem001", j.refs+1)
	if err != nil {
		return sale.Sale{}, err
	}
	s, err := j.appendLocked(sale.Event{Ref: ref, Type: sale.EventCreated, At: at, State: sale.StateNew, Order: &o})
	if err == nil {
		j.refs++
		j.order = append(j.order, ref)
	}
	return s, err
}

// Append applies e to its sale; an event the sale refuses changes nothing.
func (j *Journal) Append(e sale.Event) (sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.appendLocked(e)
}

func (j *Journal) appendLocked(e sale.Event) (sale.Sale, error) {
	e.Seq = j.seq + 1
	s, err := j.sales[e.Ref].Apply(e)
	if err != nil {
		return j.sales[e.Ref], err
	}
	j.seq++
	j.sales[e.Ref] = s
	j.events[e.Ref] = append(j.events[e.Ref], e)
	return s, nil
}

// Sale is the sale ref, or a CodeNotFound error.
func (j *Journal) Sale(ref sale.Reference) (sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	s, ok := j.sales[ref]
	if !ok {
		return s, sale.Errorf(sale.CodeNotFound, "no sale %s", ref)
	}
	return s, nil
}

// Events are ref's events in the order they were journaled.
func (j *Journal) Events(ref sale.Reference) ([]sale.Event, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]sale.Event(nil), j.events[ref]...), nil
}

// Unresolved are the sales not settled yet, oldest first.
func (j *Journal) Unresolved() ([]sale.Sale, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []sale.Sale
	for _, ref := range j.order {
		if s := j.sales[ref]; s.State.Unresolved() {
			out = append(out, s)
		}
	}
	return out, nil
}

// List lists nothing.
func (j *Journal) List(sale.Query) ([]sale.Sale, error) { return nil, nil }

// Catalogue is always empty.
func (j *Journal) Catalogue(string) (sale.Catalogue, error) { return sale.Catalogue{}, nil }

// SaveCatalogue keeps nothing.
func (j *Journal) SaveCatalogue(sale.Catalogue) error { return nil }

// Sent counts the sale's journaled send attempts.
func (j *Journal) Sent(ref sale.Reference) int {
	evs, _ := j.Events(ref)
	n := 0
	for _, e := range evs {
		if e.Type == sale.EventSending {
			n++
		}
	}
	return n
}
