package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// TestWithoutDropsOnlyTheTakenKeys: a menu that binds j keeps down for the
// arrow and gives j to the menu.
func TestWithoutDropsOnlyTheTakenKeys(t *testing.T) {
	k := NewKeys()
	down := Without(k.Down, "1", "u", "j", "e")
	if got := down.Keys(); !slices.Equal(got, []string{"down"}) {
		t.Fatalf("down keys %v", got)
	}
	if got := Without(k.Up, "j").Keys(); !slices.Equal(got, []string{"up", "k"}) {
		t.Fatalf("up keys %v", got)
	}
	if got := k.Down.Keys(); !slices.Equal(got, []string{"down", "j"}) {
		t.Fatalf("the shared binding changed: %v", got)
	}
}

// TestFieldTakes: a field takes a rune only focused, with room, and when
// its filter allows it.
func TestFieldTakes(t *testing.T) {
	st := NewStyles(true, true)
	free := NewField(&st, 3, nil)
	digits := NewField(&st, 3, func(_ string, r rune) (rune, bool) { return r, r >= '0' && r <= '9' })
	if !free.Takes('?') || digits.Takes('?') || !digits.Takes('7') {
		t.Fatal("filter not asked")
	}
	free.SetValue("abc")
	if free.Takes('?') {
		t.Fatal("a full field takes more")
	}
	digits.Blur()
	if digits.Takes('7') {
		t.Fatal("a blurred field takes keys")
	}
}

// TestConfirmKeepsItsNoteWhenShort: a confirmation too tall for its room
// loses its blank lines, then the end of its note (marked "…"), never the
// note, and still fits.
func TestConfirmKeepsItsNoteWhenShort(t *testing.T) {
	st := NewStyles(true, true)
	rows := [][2]string{{"Meter", "07123456780"}, {"Customer", "S. NDLOVU"}, {"Amount", "R 150.00"}, {"Tariff", "Lifeline"}}
	c := NewConfirm(&st, time.Now, "Sell this electricity?", rows)
	c.Note = "Electricity cannot be refunded: read the meter number and the customer's name back before you sell."
	for _, h := range []int{20, 12, 10} {
		c.SetSize(40, h)
		v := ansi.Strip(c.View())
		if !strings.Contains(v, "Electricity cannot be refunded") || !strings.Contains(v, "[ Confirm ]") {
			t.Fatalf("height %d lost the note or the buttons:\n%s", h, v)
		}
		if n := strings.Count(v, "\n") + 1; n > h && h >= 10 {
			t.Fatalf("height %d: %d lines\n%s", h, n, v)
		}
	}
	c.SetSize(40, 10)
	if v := ansi.Strip(c.View()); !strings.Contains(v, "…") {
		t.Fatalf("a cut note has no more mark:\n%s", v)
	}
}
