package flow

import (
	"testing"

	"till/sale"
)

func zar(minor int64) sale.Money { return sale.New(minor, sale.ZAR) }

// TestCashNotes pins the next note + offers over the amount due, and the
// help of the note keys.
func TestCashNotes(t *testing.T) {
	due := zar(1250)
	if got := nextNote(due, zar(0)); got != zar(2000) {
		t.Errorf("next note over R 12.50 = %s", got)
	}
	if got := nextNote(due, zar(2000)); got != zar(5000) {
		t.Errorf("next note after R 20 = %s", got)
	}
	if got := nextNote(zar(45000), zar(0)); got != zar(60000) {
		t.Errorf("next note over R 450 = %s", got)
	}
	if got := notesHelp(sale.ZAR); got != "R10…R200" {
		t.Errorf("notes help = %q", got)
	}
}
