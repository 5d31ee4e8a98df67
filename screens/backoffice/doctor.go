package backoffice

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/doctor"
	"till/screens/kit"
	"till/ui"
)

// doctorMsg carries a finished run of the checks.
type doctorMsg struct{ rep doctor.Report }

// Doctor shows the checks, one line each, the fix under a FAIL and
// Flash's catalogue with the kind each product maps to. The checks run in
// a tea.Cmd: they call the providers and can take seconds.
type Doctor struct {
	env     *kit.Env
	rep     doctor.Report
	running bool
	ran     bool
	top     int // first line shown
	width   int
	height  int
	keys    doctorKeys
}

type doctorKeys struct {
	Again, Scroll, ScrollDown, Back key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k doctorKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Again, k.Scroll, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k doctorKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var _ kit.Screen = (*Doctor)(nil)

func NewDoctor(e *kit.Env) *Doctor {
	return &Doctor{env: e, keys: doctorKeys{
		Again:      ui.Bind("r", "check again", "r"),
		Scroll:     ui.Bind("↑/↓", "scroll", "up", "k", "pgup", "home"),
		ScrollDown: key.NewBinding(key.WithKeys("down", "j", "pgdown", "space", "end")),
		Back:       e.Keys.Back,
	}}
}

// ID names the screen (kit.Screen).
func (d *Doctor) ID() kit.ScreenID { return kit.ScreenDoctor }

// Title is the breadcrumb text (kit.Screen).
func (d *Doctor) Title() string { return "Till check" }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (d *Doctor) ShortHelp() []key.Binding { return d.keys.ShortHelp() }

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (d *Doctor) FullHelp() [][]key.Binding { return d.keys.FullHelp() }

// SetSize sets the room the screen has (kit.Component).
func (d *Doctor) SetSize(w, h int) { d.width, d.height = w, h; d.clamp() }

// Init runs the checks (kit.Component).
func (d *Doctor) Init() tea.Cmd { return d.run() }

func (d *Doctor) run() tea.Cmd {
	run := d.env.D.Doctor
	if run == nil || d.running {
		return nil
	}
	d.running = true
	ctx := d.env.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	return func() tea.Msg { return doctorMsg{rep: run(ctx)} }
}

// Update handles one message (kit.Component).
func (d *Doctor) Update(msg tea.Msg) (kit.Component, tea.Cmd) {
	switch msg := msg.(type) {
	case doctorMsg:
		d.rep, d.running, d.ran, d.top = msg.rep, false, true, 0
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, d.keys.Back):
			return d, kit.BackCmd
		case key.Matches(msg, d.keys.Again):
			return d, d.run()
		case key.Matches(msg, d.keys.Scroll), key.Matches(msg, d.keys.ScrollDown):
			d.scroll(msg.String())
		}
	}
	return d, nil
}

func (d *Doctor) scroll(k string) {
	page := max(d.room()-1, 1)
	switch k {
	case "up", "k":
		d.top--
	case "down", "j":
		d.top++
	case "pgup":
		d.top -= page
	case "pgdown", "space":
		d.top += page
	case "home":
		d.top = 0
	case "end":
		d.top = len(d.lines())
	}
	d.clamp()
}

// room is how many report lines fit under the summary.
func (d *Doctor) room() int { return max(d.height-4, 3) }

func (d *Doctor) clamp() {
	d.top = max(min(d.top, len(d.lines())-d.room()), 0)
}

// lines are the report, styled: one per check, the fix under a FAIL and
// the catalogue under its check.
func (d *Doctor) lines() []string {
	if !d.ran {
		return nil
	}
	st := d.env.St
	w := max(d.width-2, 20)
	nameW := 0
	for _, c := range d.rep.Checks {
		nameW = max(nameW, len(c.Name))
	}
	indent := strings.Repeat(" ", 6+nameW+2)
	var out []string
	for _, c := range d.rep.Checks {
		status := st.Success
		switch c.Status {
		case doctor.Fail:
			status = st.Error
		case doctor.Skip:
			status = st.Muted
		}
		text := ui.Wrap(ui.Clean(c.Detail), max(w-len(indent), 10))
		for i, l := range strings.Split(text, "\n") {
			if i == 0 {
				out = append(out, status.Render(fmt.Sprintf("%-4s", c.Status))+"  "+st.Strong.Render(ui.Pad(c.Name, nameW))+"  "+l)
			} else {
				out = append(out, indent+l)
			}
		}
		if c.Status == doctor.Fail && c.Fix != "" {
			for _, l := range strings.Split(ui.Wrap("fix: "+ui.Clean(c.Fix), max(w-len(indent), 10)), "\n") {
				out = append(out, indent+st.Warning.Render(l))
			}
		}
		for i, l := range doctor.ProductLines(c.Products) {
			l = ui.Clean(l)
			if i == 0 {
				l = st.Muted.Render(l)
			} else if strings.Contains(l, "unknown type") {
				l = st.Warning.Render(l)
			}
			out = append(out, "      "+l)
		}
	}
	return out
}

// View draws the screen (kit.Component).
func (d *Doctor) View() string {
	st := d.env.St
	var b strings.Builder
	b.WriteString("\n")
	switch {
	case d.env.D.Doctor == nil:
		b.WriteString(st.Muted.Render(d.env.T("doc.none")))
		return b.String()
	case !d.ran:
		b.WriteString(st.Muted.Render(d.env.T("doc.checking")))
		return b.String()
	}
	switch n := d.rep.Failed(); {
	case d.running:
		b.WriteString(st.Muted.Render(d.env.T("doc.again")))
	case n == 0:
		b.WriteString(st.BannerOK.Render(d.env.T("doc.ready")))
	default:
		b.WriteString(st.BannerBad.Render(d.env.T("doc.not_ready", d.env.Plural(n, "doc.check_one", "doc.check_n"))))
	}
	b.WriteString(st.Muted.Render("  " + d.rep.At.In(d.env.D.Location).Format("15:04:05") + " · " + d.rep.Mode + d.env.T("doc.same")))
	b.WriteString("\n\n")
	lines := d.lines()
	end := min(d.top+d.room(), len(lines))
	b.WriteString(strings.Join(lines[d.top:end], "\n"))
	if len(lines) > d.room() {
		b.WriteString("\n" + st.Muted.Render(fmt.Sprintf("%d–%d of %d lines", d.top+1, end, len(lines))))
	}
	return b.String()
}
