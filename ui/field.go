package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Filter decides whether rune r may be added to what has been typed so far.
// It may also return a replacement rune (',' typed as '.'); ok false drops
// the key.
type Filter func(typed string, r rune) (rune, bool)

// Field is a one-line text input that filters as you type: a key the
// filter refuses is simply not added. The cursor is always at the end (the
// till's inputs are short: amounts, numbers, references); backspace deletes
// the last character and ctrl+u clears. Pastes go through the same filter.
type Field struct {
	value       []rune
	filter      Filter
	limit       int
	width       int
	focused     bool
	placeholder string
	prefix      string
	st          *Styles
}

// NewField returns a focused field holding at most limit characters that
// accepts what filter allows (everything printable when nil).
func NewField(st *Styles, limit int, filter Filter) Field {
	return Field{st: st, limit: limit, filter: filter, focused: true, width: 24}
}

// SetPlaceholder sets the muted text shown while the field is empty.
func (f *Field) SetPlaceholder(p string) { f.placeholder = p }

// SetPrefix sets fixed text drawn before the value ("R ").
func (f *Field) SetPrefix(p string) { f.prefix = p }

// SetWidth sets the width of the text inside the box.
func (f *Field) SetWidth(w int) { f.width = max(w, 4) }

// Focus lets the field take keys; Blur stops it.
func (f *Field) Focus() { f.focused = true }

// Blur stops the field taking keys.
func (f *Field) Blur() { f.focused = false }

// Focused reports whether the field takes keys.
func (f Field) Focused() bool { return f.focused }

// Value is what has been typed.
func (f Field) Value() string { return string(f.value) }

// SetValue replaces what has been typed, through the filter.
func (f *Field) SetValue(s string) {
	f.value = f.value[:0]
	f.insert(s)
}

// Reset clears the field.
func (f *Field) Reset() { f.value = f.value[:0] }

func (f *Field) insert(s string) {
	for _, r := range Clean(s) {
		if f.limit > 0 && len(f.value) >= f.limit {
			return
		}
		if f.filter != nil {
			nr, ok := f.filter(string(f.value), r)
			if !ok {
				continue
			}
			r = nr
		} else if r < 0x20 {
			continue
		}
		f.value = append(f.value, r)
	}
}

// Update applies a key press or paste and reports whether the value changed
// or the key was a field key (so the caller does not treat it as a command).
func (f *Field) Update(msg tea.Msg) (handled bool) {
	if !f.focused {
		return false
	}
	switch msg := msg.(type) {
	case tea.PasteMsg:
		f.insert(strings.TrimSpace(msg.Content))
		return true
	case tea.KeyPressMsg:
		switch msg.String() {
		case "backspace", "ctrl+h":
			if len(f.value) > 0 {
				f.value = f.value[:len(f.value)-1]
			}
			return true
		case "ctrl+u":
			f.Reset()
			return true
		}
		if msg.Text != "" && msg.Mod&^tea.ModShift == 0 {
			before := len(f.value)
			f.insert(msg.Text)
			return len(f.value) != before || f.filter != nil
		}
	}
	return false
}

// View renders the field in a box, with the cursor when focused.
func (f Field) View() string {
	var b strings.Builder
	text := string(f.value)
	w := f.width
	if f.prefix != "" {
		b.WriteString(f.st.Muted.Render(f.prefix))
		w -= lipgloss.Width(f.prefix)
	}
	if n := lipgloss.Width(text); n >= w {
		text = TruncateLeft(text, w-1)
	}
	b.WriteString(f.st.Strong.Render(text))
	cursor := " "
	if f.focused {
		cursor = f.st.Cursor.Render(" ")
	}
	b.WriteString(cursor)
	if len(f.value) == 0 && f.placeholder != "" {
		b.WriteString(f.st.Muted.Render(Truncate(f.placeholder, w-1)))
	}
	box := f.st.Box
	if f.focused {
		box = f.st.Focused
	}
	return box.Width(f.width + 4).Render(b.String())
}

// Takes reports whether typing r would go into the field: it is focused,
// has room, and its filter accepts r. A screen asks it before treating a
// printable key ('?') as a command.
func (f Field) Takes(r rune) bool {
	if !f.focused || r < 0x20 || f.limit > 0 && len(f.value) >= f.limit {
		return false
	}
	if f.filter == nil {
		return true
	}
	_, ok := f.filter(string(f.value), r)
	return ok
}
