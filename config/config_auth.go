package config

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"till/sale"
)

// LimitsConfig is the [limits] table: how much value the till may put at
// risk (sale.Limits). Amounts are written "CUR amount", e.g. "ZAR 500.00".
type LimitsConfig struct {
	// PerSale is the most one sale of a kind may be: kind → amount, or a
	// list of amounts, one per currency. It replaces the kind's default
	// ceiling in that currency (config_limits.go). A supervisor override
	// allows more.
	PerSale map[string]any `toml:"per_sale"`
	// MostPerSale is, per currency, the most any one sale may be, whatever
	// override: replaces the defaults' (config_limits.go).
	MostPerSale []string `toml:"most_per_sale"`
	// MaxUnresolved is how many unresolved sales the till may hold before
	// it refuses new ones. Default 10; 0 in the file means the default.
	MaxUnresolved int `toml:"max_unresolved"`
	// MaxUnresolvedValue is, per currency, the most the unresolved sales
	// with the new one may add up to. Default: no value limit.
	MaxUnresolvedValue []string `toml:"max_unresolved_value"`

	limits sale.Limits
}

// Defaults of the cashier settings of [till] and of [limits].
const (
	defaultPINAttempts   = 5
	defaultLockout       = 15 * time.Minute
	defaultIdleLock      = 10 * time.Minute
	defaultMaxUnresolved = 10
)

// validateAuth checks [till] pin_attempts, lockout and idle_lock and the
// [limits] table, filling their defaults.
func (c *Config) validateAuth(bad func(string, ...any)) {
	t := &c.Till
	switch {
	case t.PINAttempts == 0:
		t.PINAttempts = defaultPINAttempts
	case t.PINAttempts < 3 || t.PINAttempts > 20:
		bad("[till] pin_attempts is %d: it must be between 3 and 20", t.PINAttempts)
	}
	for _, d := range []struct {
		key, raw string
		def      time.Duration
		dst      *time.Duration
	}{{"lockout", t.Lockout, defaultLockout, &t.lockout}, {"idle_lock", t.IdleLock, defaultIdleLock, &t.idleLock}} {
		*d.dst = d.def
		if d.raw == "" {
			continue
		}
		v, err := parsePositiveDuration(d.raw)
		switch {
		case err != nil:
			bad("[till] %s: %v", d.key, err)
		case v < 30*time.Second || v > 24*time.Hour:
			bad("[till] %s is %s: it must be between 30s and 24h", d.key, d.raw)
		default:
			*d.dst = v
		}
	}
	c.Limits.validate(bad)
}

// validate checks the [limits] table and builds its sale.Limits.
func (l *LimitsConfig) validate(bad func(string, ...any)) {
	out := sale.Limits{MaxUnresolved: l.MaxUnresolved}
	switch {
	case l.MaxUnresolved == 0:
		out.MaxUnresolved = defaultMaxUnresolved
	case l.MaxUnresolved < 0 || l.MaxUnresolved > 1000:
		bad("[limits] max_unresolved is %d: it must be between 1 and 1000", l.MaxUnresolved)
	}
	kinds := make([]string, 0, len(l.PerSale))
	for k := range l.PerSale {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	configured := map[sale.Kind][]sale.Money{}
	for _, k := range kinds {
		if !sale.KnownKind(sale.Kind(k)) {
			bad("[limits] per_sale: %q is not a kind of sale (airtime, electricity, 1voucher, water, pulsa, bill, ...)", k)
			continue
		}
		ms := perSaleAmounts(k, l.PerSale[k], bad) // config_limits.go
		if len(ms) == 1 {
			if out.PerSale == nil {
				out.PerSale = map[sale.Kind]sale.Money{}
			}
			out.PerSale[sale.Kind(k)] = ms[0]
		} else if len(ms) > 1 {
			configured[sale.Kind(k)] = ms
		}
	}
	out.Ceilings = ceilings(configured) // every kind has one, by currency
	out.Most = mostPerSale(l.MostPerSale, bad)
	seen := map[sale.Currency]bool{}
	for _, raw := range l.MaxUnresolvedValue {
		m, err := sale.ParseAmount(raw)
		if err != nil {
			bad("[limits] max_unresolved_value: %s", sale.ErrorMessage(err))
			continue
		}
		if seen[m.Currency] {
			bad("[limits] max_unresolved_value names %s twice", m.Currency)
			continue
		}
		seen[m.Currency] = true
		out.MaxUnresolvedValue = append(out.MaxUnresolvedValue, m)
	}
	checkCeilings(out, bad)
	l.limits = out
}

// DemoLimits are the limits of demo mode, small enough to try: an airtime
// sale above R 200 needs a supervisor (the demo supervisor's PIN is in the
// README), five unresolved sales or R 1000 unresolved stop the till.
func DemoLimits() LimitsConfig {
	l := LimitsConfig{PerSale: map[string]any{"airtime": "ZAR 200.00"}, MaxUnresolved: 5, MaxUnresolvedValue: []string{"ZAR 1000.00"}}
	l.validate(func(string, ...any) {})
	return l
}

// DescribeLimits is a one-line account of the limits, for `till cashier
// list` and the log.
func DescribeLimits(l sale.Limits) string {
	var parts []string
	kinds := make([]string, 0, len(l.PerSale))
	for k := range l.PerSale {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		parts = append(parts, k+" at most "+l.PerSale[sale.Kind(k)].String()+" a sale")
	}
	if l.MaxUnresolved > 0 {
		parts = append(parts, "at most "+strconv.Itoa(l.MaxUnresolved)+" unresolved sales")
	}
	for _, m := range l.MaxUnresolvedValue {
		parts = append(parts, "unresolved at most "+m.String())
	}
	sup := make([]string, 0, len(l.Supervised))
	for k := range l.Supervised {
		sup = append(sup, string(k))
	}
	sort.Strings(sup)
	if len(sup) > 0 {
		parts = append(parts, strings.Join(sup, ", ")+" only with a supervisor")
	}
	if len(parts) == 0 {
		return "no limits"
	}
	return strings.Join(parts, "; ")
}
