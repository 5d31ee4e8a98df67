package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"till/sale"
)

func typeInto(update func(tea.Msg) bool, s string) {
	for _, r := range s {
		update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func TestMoneyInputFilters(t *testing.T) {
	st := NewStyles(true, false)
	for _, tc := range []struct {
		c          sale.Currency
		typed, got string
	}{
		{sale.ZAR, "12.345", "12.34"},
		{sale.ZAR, "1a2b.5x", "12.5"},
		{sale.ZAR, "10,50", "10.50"},
		{sale.ZAR, ".5", "5"},
		{sale.ZAR, "1.2.3", "1.2.3"}, // kept as typed, refused by Amount (never R 1.23)
		{sale.ZAR, "-10+e3", "103"},
		{sale.ZAR, "12345678901", "123456789"},
		{sale.IDR, "50000.00", "5000000"},
	} {
		m := NewMoneyInput(&st, tc.c)
		typeInto(m.Update, tc.typed)
		if m.Value() != tc.got {
			t.Errorf("%s: typed %q, field holds %q, want %q", tc.c, tc.typed, m.Value(), tc.got)
		}
	}
}

// TestMoneyInputRefusesTwoPoints: "1.2.3" is refused, not read as R 1.23.
func TestMoneyInputRefusesTwoPoints(t *testing.T) {
	st := NewStyles(true, false)
	for _, typed := range []string{"1.2.3", "1.2.", "10..5"} {
		m := NewMoneyInput(&st, sale.ZAR)
		typeInto(m.Update, typed)
		if v, err := m.Submit(); err == nil {
			t.Errorf("%q accepted as %s", typed, v)
		} else if !strings.Contains(err.Error(), "not a plain amount") {
			t.Errorf("%q: %v", typed, err)
		}
	}
}

func TestMoneyInputValidates(t *testing.T) {
	st := NewStyles(true, false)
	p := sale.Product{Name: "Vodacom Airtime", Min: sale.New(200, sale.ZAR), Max: sale.New(100000, sale.ZAR)}
	m := NewMoneyInput(&st, sale.ZAR)
	m.SetCheck(p.Allows)
	if _, err := m.Submit(); err == nil {
		t.Fatal("empty amount accepted")
	}
	typeInto(m.Update, "1")
	if _, err := m.Submit(); err == nil || !strings.Contains(ansi.Strip(m.Status()), "the least is R 2.00") {
		t.Fatalf("R 1 accepted or no reason: %v %q", err, ansi.Strip(m.Status()))
	}
	typeInto(m.Update, "0.")
	v, err := m.Submit()
	if err != nil || v != sale.New(1000, sale.ZAR) {
		t.Fatalf("10. = %v, %v", v, err)
	}
	if s := ansi.Strip(m.Status()); s != "✓ R 10.00" {
		t.Fatalf("status %q", s)
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	typeInto(m.Update, "0001")
	if _, err := m.Submit(); err == nil {
		t.Fatal("R 10001 accepted above the maximum")
	}
}

func TestMobileInput(t *testing.T) {
	st := NewStyles(true, false)
	m := NewMobileInput(&st)
	typeInto(m.Update, "+27 82-123 4567x+")
	if m.Value() != "+27 82123 4567" {
		t.Fatalf("field holds %q", m.Value())
	}
	n, err := m.Submit()
	if err != nil || n != "27821234567" {
		t.Fatalf("= %q, %v", n, err)
	}
	if s := ansi.Strip(m.Status()); s != "✓ 27821234567 (082 123 4567)" {
		t.Fatalf("status %q", s)
	}
	m.Reset()
	typeInto(m.Update, "08212")
	if s := ansi.Strip(m.Status()); !strings.Contains(s, "keep typing") {
		t.Fatalf("partial number status %q", s)
	}
	if _, err := m.Submit(); err == nil || !strings.HasPrefix(ansi.Strip(m.Status()), "✗") {
		t.Fatal("partial number accepted or not refused inline")
	}
}

func TestConfirmGraceAndOnce(t *testing.T) {
	st := NewStyles(true, false)
	now := time.Date(2025, 11, 23, 14, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	c := NewConfirm(&st, clock, "Sell?", [][2]string{{"Amount", "R 10.00"}})
	enter := tea.KeyPressMsg{Code: tea.KeyEnter}
	if a := c.Update(enter); a != ConfirmNone {
		t.Fatalf("enter at once = %v", a)
	}
	now = now.Add(DefaultGrace - time.Millisecond)
	if a := c.Update(enter); a != ConfirmNone {
		t.Fatalf("enter inside the grace = %v", a)
	}
	now = now.Add(time.Millisecond)
	if a := c.Update(enter); a != ConfirmYes {
		t.Fatalf("enter after the grace = %v", a)
	}
	if a := c.Update(enter); a != ConfirmNone || !c.Done() {
		t.Fatalf("second enter = %v", a)
	}
	d := NewConfirm(&st, clock, "Sell?", nil)
	if a := d.Update(tea.KeyPressMsg{Code: tea.KeyEscape}); a != ConfirmNo {
		t.Fatalf("esc = %v", a)
	}
	d.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	if a := d.Update(enter); a != ConfirmNo {
		t.Fatalf("enter on Back = %v", a)
	}
	if !strings.Contains(ansi.Strip(c.View()), "[ Confirm ]") {
		t.Fatalf("view %q", ansi.Strip(c.View()))
	}
}

func TestPager(t *testing.T) {
	st := NewStyles(true, false)
	p := NewPager(&st)
	p.SetHeight(3)
	p.SetContent("a\nb\nc\nd\ne\n")
	if !p.Scrollable() || ansi.Strip(p.View()) != "a\nb\n↓ 1–2 of 5 lines" {
		t.Fatalf("view %q", ansi.Strip(p.View()))
	}
	p.Update(tea.KeyPressMsg{Code: tea.KeyEnd})
	if ansi.Strip(p.View()) != "d\ne\n↑ 4–5 of 5 lines" {
		t.Fatalf("end %q", ansi.Strip(p.View()))
	}
}

func TestFormat(t *testing.T) {
	now := time.Date(2025, 11, 23, 14, 0, 0, 0, time.UTC)
	for got, want := range map[string]string{
		Elapsed(12 * time.Second):                     "12s",
		Elapsed(65 * time.Second):                     "1m05s",
		Elapsed(62 * time.Minute):                     "1h02m",
		Ago(now, now.Add(-2*time.Hour)):               "2h ago",
		Ago(now, now.Add(-time.Second)):               "just now",
		Ago(now, time.Time{}):                         "never",
		Until(now, now.Add(12*time.Second)):           "in 12s",
		Until(now, now.Add(-time.Second)):             "now",
		LocalMobile("27821234567"):                    "082 123 4567",
		LocalMobile("12345"):                          "12345",
		TruncateLeft("STORE042-TILL07-x7k2q9-17", 10): "…x7k2q9-17",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
