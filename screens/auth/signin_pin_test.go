package auth

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"till/sale"
	"till/ui"
)

// FuzzPINInput types arbitrary keys and pastes into the PIN entry: it only
// ever holds 0 to 8 ASCII digits, its view never shows a digit typed (only
// one '*' each), and Complete means a valid PIN.
func FuzzPINInput(f *testing.F) {
	f.Add([]byte("1234\n"))
	f.Add([]byte("12a4\x7f\x7f56789012"))
	f.Add([]byte("\x15" + "0000"))
	f.Add([]byte("\x01paste: 98 76 54\x02 321"))
	f.Add([]byte("٣٤٥٦ １２３４"))
	st := ui.NewStyles(true, false)
	f.Fuzz(func(t *testing.T, data []byte) {
		p := newPINInput(&st)
		for i := 0; i < len(data); i++ {
			switch c := data[i]; c {
			case 0x7f:
				p.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
			case 0x15:
				p.Update(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
			case 0x01: // a paste up to the next 0x02
				j := i + 1
				for j < len(data) && data[j] != 0x02 {
					j++
				}
				p.Update(tea.PasteMsg{Content: string(data[i+1 : j])})
				i = j
			default:
				r := rune(c)
				if c >= 0x80 { // a multi-byte rune as typed text
					r, _ = firstRune(data[i:])
				}
				p.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
			}
			v := p.Value()
			if len(v) > sale.MaxPIN || strings.Trim(v, "0123456789") != "" {
				t.Fatalf("value %q after %q", v, data[:i+1])
			}
			if p.Complete() != (sale.ValidPIN(v) == nil) {
				t.Fatalf("Complete %v for %q", p.Complete(), v)
			}
			view := ansi.Strip(p.View())
			if strings.ContainsAny(view, "0123456789") || strings.Count(view, "*") != len(v) {
				t.Fatalf("view %q shows more than %d stars", view, len(v))
			}
		}
		p.Reset()
		if p.Value() != "" {
			t.Fatal("Reset kept digits")
		}
	})
}

func firstRune(b []byte) (rune, int) {
	s := string(b)
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

func TestPINInputKeepsDigitsOnly(t *testing.T) {
	st := ui.NewStyles(true, false)
	p := newPINInput(&st)
	for _, k := range []string{"1", "a", "2", " ", "3"} {
		if !p.Update(tea.KeyPressMsg{Code: rune(k[0]), Text: k}) {
			t.Fatalf("%q not taken (a letter must not reach a screen's shortcuts)", k)
		}
	}
	p.Update(tea.PasteMsg{Content: "4-5 6789"})
	if p.Value() != "12345678" || !p.Complete() {
		t.Fatalf("value %q", p.Value())
	}
	p.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	if p.Value() != "1234567" {
		t.Fatalf("after backspace %q", p.Value())
	}
	p.Blur()
	if p.Update(tea.KeyPressMsg{Code: '9', Text: "9"}) || p.Value() != "1234567" {
		t.Fatal("a blurred input took a key")
	}
}
