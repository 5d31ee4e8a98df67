package doctor

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// checkClock compares this machine's clock with the Date header of each
// provider's last answer. A till whose clock is off journals sales on the
// wrong business day and may have its tokens refused.
func checkClock(t *Transport, maxSkew time.Duration) Check {
	c := Check{Name: "clock", Area: AreaClock}
	if t == nil {
		c.Status, c.Detail = Skip, "no provider was asked"
		return c
	}
	skews := t.Skews()
	if len(skews) == 0 {
		c.Status, c.Detail = Skip, "no provider answered with a Date header to compare the clock with"
		return c
	}
	names := make([]string, 0, len(skews))
	for n := range skews {
		names = append(names, n)
	}
	sort.Strings(names)
	var parts, off []string
	for _, n := range names {
		s := skews[n].Round(time.Second)
		parts = append(parts, fmt.Sprintf("%s %s", n, signed(s)))
		if s > maxSkew || s < -maxSkew {
			off = append(off, n)
		}
	}
	if len(off) > 0 {
		c.Status = Fail
		c.Detail = fmt.Sprintf("this clock is more than %v off %s (provider minus ours: %s)", maxSkew, strings.Join(off, ", "), strings.Join(parts, ", "))
		c.Fix = "set the clock and keep it synchronised (e.g. timedatectl set-ntp true)"
		return c
	}
	c.Status = OK
	c.Detail = fmt.Sprintf("within %v of the providers (provider minus ours: %s)", maxSkew, strings.Join(parts, ", "))
	return c
}

// signed is a duration with its sign: "+3s", "-1m2s", "0s".
func signed(d time.Duration) string {
	if d > 0 {
		return "+" + d.String()
	}
	return d.String()
}
