package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Elapsed formats a running duration for a cashier: "0s", "12s", "1m05s",
// "1h02m".
func Elapsed(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	d = d.Truncate(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
	default:
		return fmt.Sprintf("%dh%02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
}

// span formats d in its largest whole unit: "12s", "5m", "2h", "3d".
func span(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d/time.Hour))
	default:
		return fmt.Sprintf("%dd", int(d/(24*time.Hour)))
	}
}

// Ago says how long before now t was: "just now", "45s ago", "2h ago".
// A zero t is "never".
func Ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	if d < 5*time.Second {
		return "just now"
	}
	return span(d) + " ago"
}

// Until says how long after now t is: "in 12s", "in 3m", or "now" once it
// has come. A zero t is "-".
func Until(now, t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	d := t.Sub(now)
	if d < time.Second {
		return "now"
	}
	return "in " + span(d.Round(time.Second))
}

// LocalMobile formats a normalised South African number 27XXXXXXXXX the way
// people read it aloud: "082 123 4567". Anything else is returned as is.
func LocalMobile(n string) string {
	if len(n) != 11 || !strings.HasPrefix(n, "27") {
		return n
	}
	l := "0" + n[2:]
	return l[:3] + " " + l[3:6] + " " + l[6:]
}

// Truncate shortens s to at most w cells, ending it with "…" when cut.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

// TruncateLeft shortens s to at most w cells by cutting its start, so the
// end (a reference's sequence number) stays visible: "…-TILL07-x1-17".
func TruncateLeft(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if lipgloss.Width(s) <= w {
		return s
	}
	return "…" + ansi.TruncateLeft(s, lipgloss.Width(s)-w+1, "")
}

// Pad pads or truncates s to exactly w cells.
func Pad(s string, w int) string {
	s = Truncate(s, w)
	if n := lipgloss.Width(s); n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

// KV renders rows of label and value in two aligned columns, the labels
// muted, each value cleaned of control characters. With width > 0 a long
// value wraps under itself instead of running off the screen.
func KV(st *Styles, rows [][2]string, width int) string {
	lw := 0
	for _, r := range rows {
		lw = max(lw, lipgloss.Width(r[0]))
	}
	indent := strings.Repeat(" ", lw+2)
	lines := make([]string, 0, len(rows))
	for _, r := range rows {
		v := Clean(r[1])
		parts := []string{v}
		if width > 0 && width-lw-2 >= 8 {
			parts = strings.Split(lipgloss.Wrap(v, width-lw-2, " "), "\n")
		}
		for i, p := range parts {
			label := indent
			if i == 0 {
				label = st.Label.Render(Pad(r[0], lw)) + "  "
			}
			lines = append(lines, label+st.Value.Render(strings.TrimRight(p, " ")))
		}
	}
	return strings.Join(lines, "\n")
}

// Wrap wraps plain text to width cells at spaces.
func Wrap(s string, width int) string {
	if width <= 0 {
		return s
	}
	return lipgloss.Wrap(s, width, " ")
}

// Block fits every line of s to exactly w cells, cutting long lines rather
// than wrapping them, so columns joined side by side stay aligned.
func Block(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Pad(l, w)
	}
	return strings.Join(lines, "\n")
}
