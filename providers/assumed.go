package providers

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"till/sale"
)

// Statuses is a provider's table of status words and what each means for
// the money: delivered, pending or declined. A word that is not in it is
// in doubt, never guessed from its spelling. Each client keeps its
// assumed defaults in its assumed.go; the config overrides them
// ([flowix.statuses], [oneflow.statuses], …).
type Statuses map[string]sale.Result

// NewStatuses builds a table from the words of each meaning, normalised
// by norm (nil: as given). A word under two meanings, or an empty one, is
// an error.
func NewStatuses(delivered, pending, declined []string, norm func(string) string) (Statuses, error) {
	if norm == nil {
		norm = func(s string) string { return s }
	}
	t := Statuses{}
	for _, row := range []struct {
		r     sale.Result
		words []string
	}{{sale.ResultDelivered, delivered}, {sale.ResultPending, pending}, {sale.ResultDeclined, declined}} {
		for _, w := range row.words {
			n := norm(w)
			if n == "" {
				return nil, fmt.Errorf("an empty status word under %s", row.r)
			}
			if r, dup := t[n]; dup && r != row.r {
				return nil, fmt.Errorf("status %q is both %s and %s", w, r, row.r)
			}
			t[n] = row.r
		}
	}
	return t, nil
}

// Override is the status table in force for a client: its defaults def,
// or the configured table in that replaces them, its words normalised by
// norm. A word that normalises to nothing, or a meaning other than
// delivered, pending or declined, is an error.
func Override(def, in Statuses, norm func(string) string) (Statuses, error) {
	if in == nil {
		return def, nil
	}
	out := Statuses{}
	for w, r := range in {
		switch r {
		case sale.ResultDelivered, sale.ResultPending, sale.ResultDeclined:
		default:
			return nil, fmt.Errorf("status %q cannot mean %s", w, r)
		}
		n := norm(w)
		if n == "" {
			return nil, fmt.Errorf("an empty status word")
		}
		out[n] = r
	}
	return out, nil
}

// Result is what word means; ResultInDoubt for a word not in the table.
func (t Statuses) Result(word string) sale.Result {
	if r, ok := t[word]; ok {
		return r
	}
	return sale.ResultInDoubt
}

// Words lists the words that mean r, sorted.
func (t Statuses) Words(r sale.Result) []string {
	var out []string
	for w, got := range t {
		if got == r {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}

// Clone returns a copy.
func (t Statuses) Clone() Statuses { return maps.Clone(t) }

// String lists the table for a log or `till doctor`:
// "delivered: success; pending: pending, processing; declined: failed".
func (t Statuses) String() string {
	var parts []string
	for _, r := range []sale.Result{sale.ResultDelivered, sale.ResultPending, sale.ResultDeclined} {
		parts = append(parts, string(r)+": "+strings.Join(t.Words(r), ", "))
	}
	return strings.Join(parts, "; ")
}

// MustStatuses is NewStatuses for a client's own default table, which is
// checked by its tests: it panics on an error.
func MustStatuses(delivered, pending, declined []string, norm func(string) string) Statuses {
	t, err := NewStatuses(delivered, pending, declined, norm)
	if err != nil {
		panic(err)
	}
	return t
}
