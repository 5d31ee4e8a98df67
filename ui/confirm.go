package ui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// ConfirmAction is what a confirm dialog decided.
type ConfirmAction int

// Confirm actions.
const (
	// ConfirmNone: nothing decided yet (or the key was ignored).
	ConfirmNone ConfirmAction = iota
	// ConfirmYes: the cashier confirmed. It is returned once per dialog.
	ConfirmYes
	// ConfirmNo: the cashier went back.
	ConfirmNo
)

// String names the action.
func (a ConfirmAction) String() string {
	switch a {
	case ConfirmYes:
		return "yes"
	case ConfirmNo:
		return "no"
	}
	return "none"
}

// DefaultGrace is how long a freshly opened dialog ignores Enter, so a key
// pressed for the previous step (a double Enter) cannot confirm it.
const DefaultGrace = 300 * time.Millisecond

// Confirm is a dialog that shows exactly what will happen and returns a
// typed action (crush style). For Grace after it opens it ignores Enter and
// the yes key, and once it has returned ConfirmYes it ignores everything,
// so a confirmation is consumed exactly once.
type Confirm struct {
	Title string
	// Rows are the label/value facts shown, values cleaned before drawing.
	Rows [][2]string
	// Note is an optional line under the facts.
	Note string
	// Yes and No label the buttons.
	Yes, No string
	// Grace is how long after opening confirming is refused.
	Grace time.Duration

	width, height int // the room the dialog may take; 0 means no limit

	now    func() time.Time
	opened time.Time
	onNo   bool
	done   bool
	st     *Styles
}

// NewConfirm opens a dialog at now(); now is the injected clock.
func NewConfirm(st *Styles, now func() time.Time, title string, rows [][2]string) Confirm {
	return Confirm{
		Title: title, Rows: rows, Yes: "Confirm", No: "Back", Grace: DefaultGrace,
		now: now, opened: now(), st: st,
	}
}

// Done reports whether the dialog has already returned ConfirmYes.
func (c Confirm) Done() bool { return c.done }

// InGrace reports whether the dialog is still ignoring Enter.
func (c Confirm) InGrace() bool { return c.now().Sub(c.opened) < c.Grace }

// Update handles a key: enter activates the focused button, tab and the
// arrows move between buttons, esc is ConfirmNo.
func (c *Confirm) Update(msg tea.Msg) ConfirmAction {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || c.done {
		return ConfirmNone
	}
	switch k.String() {
	case "esc":
		return ConfirmNo
	case "tab", "shift+tab", "left", "right", "h", "l":
		c.onNo = !c.onNo
	case "enter":
		if c.onNo {
			return ConfirmNo
		}
		if c.InGrace() {
			return ConfirmNone
		}
		c.done = true
		return ConfirmYes
	}
	return ConfirmNone
}

// SetSize limits the dialog to width×height cells. In a small window the
// note and the spacing go first; the facts and the buttons always stay.
func (c *Confirm) SetSize(width, height int) { c.width, c.height = width, height }

// View renders the dialog box.
func (c Confirm) View() string {
	st := c.st
	inner := 0 // text width inside the frame, 0 for unlimited
	if c.width > 0 {
		inner = max(c.width-st.Dialog.GetHorizontalFrameSize(), 10)
	}
	gap := "\n\n"
	note := Wrap(c.Note, inner)
	if c.height > 0 {
		// Frame, title, facts and buttons, plus a blank line per gap. A
		// small window first loses the blank lines, then the note's end
		// (marked "…"), never the note: it is the warning that matters.
		rows := lipgloss.Height(KV(st, c.Rows, inner))
		lines := 2 + 1 + rows + 1 + 2
		if note != "" {
			lines += 1 + lipgloss.Height(note)
		}
		if lines > c.height {
			gap = "\n"
			lines -= 2
			if c.Note != "" {
				lines--
			}
		}
		if over := lines - c.height; over > 0 && note != "" {
			keep := max(lipgloss.Height(note)-over, 1)
			ls := strings.Split(note, "\n")
			if keep < len(ls) {
				ls = ls[:keep]
				ls[keep-1] = Truncate(ls[keep-1]+" …", max(inner, 2))
				if !strings.HasSuffix(ls[keep-1], "…") {
					ls[keep-1] += "…"
				}
			}
			note = strings.Join(ls, "\n")
		}
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(c.Title))
	if len(c.Rows) > 0 {
		b.WriteString(gap)
		b.WriteString(KV(st, c.Rows, inner))
	}
	if note != "" {
		b.WriteString(gap)
		b.WriteString(st.Warning.Render(note))
	}
	yes, no := st.ButtonActive, st.Button
	if c.onNo {
		yes, no = st.Button, st.ButtonActive
	}
	buttons := lipgloss.JoinHorizontal(lipgloss.Top, yes.Render("[ "+c.Yes+" ]"), "   ", no.Render("[ "+c.No+" ]"))
	b.WriteString(gap)
	b.WriteString(buttons)
	return st.Dialog.Render(b.String())
}
