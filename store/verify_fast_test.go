package store

import (
	"testing"
	"time"
)

// dayAt writes the date itself (a full verify calls it twice a sale): it
// must say what time.Format says.
func TestDayAtMatchesFormat(t *testing.T) {
	for _, tm := range []time.Time{
		time.Date(2025, 1, 1, 3, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 22, 0, 0, 0, time.UTC),
		time.Date(999, 2, 3, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 28, 11, 59, 0, 0, time.UTC),
	} {
		for _, h := range []int{-12, 0, 14} {
			if got, want := dayAt(tm, h), tm.In(time.FixedZone("", h*3600)).Format(dayLayout); got != want {
				t.Errorf("dayAt(%v, %d) = %s, want %s", tm, h, got, want)
			}
		}
	}
}
