package auth

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/ui"
)

// pinInput is a PIN entry: it takes digits only, at most sale.MaxPIN, and
// draws one '*' per digit — never a digit typed. Backspace deletes the last
// digit, ctrl+u clears; a paste adds its digits. Its value lives only in
// this widget until it is handed to sale.Auth, and Reset overwrites it.
type pinInput struct {
	digits  []byte
	focused bool
	st      *ui.Styles
}

func newPINInput(st *ui.Styles) pinInput {
	return pinInput{digits: make([]byte, 0, sale.MaxPIN), focused: true, st: st}
}

// Value is the PIN typed so far.
func (p pinInput) Value() string { return string(p.digits) }

// Len is how many digits have been typed.
func (p pinInput) Len() int { return len(p.digits) }

// Complete reports whether enough digits for a PIN have been typed.
func (p pinInput) Complete() bool { return len(p.digits) >= sale.MinPIN }

// Reset forgets the PIN, overwriting its digits.
func (p *pinInput) Reset() {
	for i := range p.digits {
		p.digits[i] = 0
	}
	p.digits = p.digits[:0]
}

// Focus lets the input take keys; Blur stops it.
func (p *pinInput) Focus() { p.focused = true }

// Blur stops the input taking keys.
func (p *pinInput) Blur() { p.focused = false }

// Update applies a key or a paste; it reports whether msg was the input's
// (a digit, backspace, ctrl+u, a paste). Other printable keys are refused
// and reported as handled too, so a letter typed into a PIN never reaches
// a screen's shortcuts.
func (p *pinInput) Update(msg tea.Msg) bool {
	if !p.focused {
		return false
	}
	switch msg := msg.(type) {
	case tea.PasteMsg:
		p.add(msg.Content)
		return true
	case tea.KeyPressMsg:
		switch msg.String() {
		case "backspace", "ctrl+h":
			if n := len(p.digits); n > 0 {
				p.digits[n-1] = 0
				p.digits = p.digits[:n-1]
			}
			return true
		case "ctrl+u":
			p.Reset()
			return true
		}
		if msg.Text != "" && msg.Mod&^tea.ModShift == 0 {
			p.add(msg.Text)
			return true
		}
	}
	return false
}

func (p *pinInput) add(s string) {
	for i := 0; i < len(s) && len(p.digits) < sale.MaxPIN; i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			p.digits = append(p.digits, c)
		}
	}
}

// View draws the input: a box of MaxPIN cells, a '*' for each digit.
func (p pinInput) View() string {
	var b strings.Builder
	b.WriteString(p.st.Strong.Render(strings.Repeat("*", len(p.digits))))
	if p.focused && len(p.digits) < sale.MaxPIN {
		b.WriteString(p.st.Cursor.Render(" "))
	}
	pad := sale.MaxPIN - len(p.digits)
	if p.focused && pad > 0 {
		pad--
	}
	b.WriteString(strings.Repeat(" ", pad))
	box := p.st.Box
	if p.focused {
		box = p.st.Focused
	}
	return box.Width(sale.MaxPIN + 4).Render(b.String())
}
