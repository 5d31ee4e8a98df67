package ui

import (
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
)

// Progress is a spinner with the time elapsed since something started,
// "⠹ 12s". The elapsed time is computed from clock readings passed in with
// SetNow (the App's one-second clock), never from time.Now, so views are
// reproducible in tests.
type Progress struct {
	spin    spinner.Model
	started time.Time
	now     time.Time
	running bool
	st      *Styles
	// Say writes the elapsed time; nil is Elapsed ("1m05s"). A screen
	// sets it to write the time in the till's language.
	Say func(time.Duration) string
}

// NewProgress returns a stopped progress widget.
func NewProgress(st *Styles) Progress {
	return Progress{spin: spinner.New(spinner.WithSpinner(spinner.MiniDot)), st: st}
}

// Start starts the spinner at now and returns the command that animates it.
func (p *Progress) Start(now time.Time) tea.Cmd {
	p.started, p.now, p.running = now, now, true
	return p.spin.Tick
}

// Stop stops the animation; the elapsed time stays as it was.
func (p *Progress) Stop() { p.running = false }

// Running reports whether the spinner is animating.
func (p Progress) Running() bool { return p.running }

// SetNow records the latest clock reading.
func (p *Progress) SetNow(now time.Time) {
	if p.running {
		p.now = now
	}
}

// Elapsed is the time since Start, as of the last SetNow.
func (p Progress) Elapsed() time.Duration { return p.now.Sub(p.started) }

// Update advances the spinner on its own tick messages while running.
func (p *Progress) Update(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(spinner.TickMsg); !ok || !p.running {
		return nil
	}
	var cmd tea.Cmd
	p.spin, cmd = p.spin.Update(msg)
	return cmd
}

// View renders the spinner and the elapsed time.
func (p Progress) View() string {
	frame := " "
	if p.running {
		frame = p.spin.View()
	}
	say := Elapsed
	if p.Say != nil {
		say = p.Say
	}
	return p.st.Marker.Render(frame) + " " + p.st.Muted.Render(say(p.Elapsed()))
}
