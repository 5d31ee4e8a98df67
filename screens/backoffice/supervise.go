package backoffice

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// Supervision is a supervisor's settlement of one unresolved sale by hand:
// whether the value reached the customer, what was checked, and who checked.
type Supervision struct {
	Ref       sale.Reference
	Delivered bool
	// Note says what was checked ("meter shows the credit"). Required.
	Note string
	// By is the supervisor's id or name. Required.
	By string
	// Override, when set, is the supervisor's own authorisation (their PIN,
	// sale.ActionSettle for Ref): the settlement goes through
	// Engine.SuperviseWith with its supervisor and reason (supervise_override.go).
	Override *sale.Override
}

// Supervise cleans and checks a supervisor's settlement and journals it
// with Engine.Supervise: the sale becomes DELIVERED or DECLINED, with the
// note and the supervisor's id in its supervisor event. It is the ONE place
// the till settles a sale by hand — the supervisor screen and `till
// supervise` both call it — so a supervisor PIN check belongs here, in
// front of the engine call. Errors are *sale.Error: CodeInvalid for a
// missing or too long note or id (nothing journaled), and the engine's
// (CodeNotFound, CodeConflict for a sale that is settled or in flight).
func Supervise(e *sale.Engine, v Supervision) (sale.Sale, error) {
	note := strings.TrimSpace(ui.Clean(v.Note))
	by := strings.TrimSpace(ui.Clean(v.By))
	switch {
	case e == nil:
		return sale.Sale{}, sale.Keyed(sale.CodeUnavailable, "sup_no_engine", nil, "the till has no engine to settle sales with")
	case v.Ref == "":
		return sale.Sale{}, sale.Keyed(sale.CodeInvalid, "sup_no_ref", nil, "which sale? a supervisor settlement needs its reference")
	case by == "":
		return sale.Sale{}, sale.Keyed(sale.CodeInvalid, "sup_no_by", nil, "a supervisor settlement needs the supervisor's id")
	case len([]rune(by)) > kit.MaxSupervisorID:
		return sale.Sale{}, sale.Keyed(sale.CodeInvalid, "sup_by_long", []any{kit.MaxSupervisorID}, "the supervisor's id is longer than %d characters", kit.MaxSupervisorID)
	case note == "":
		return sale.Sale{}, sale.Keyed(sale.CodeInvalid, "sup_no_note", nil, "a supervisor settlement needs a note saying what was checked")
	case len([]rune(note)) > kit.MaxSupervisorNote:
		return sale.Sale{}, sale.Keyed(sale.CodeInvalid, "sup_note_long", []any{kit.MaxSupervisorNote}, "the note is longer than %d characters", kit.MaxSupervisorNote)
	}
	if v.Override != nil {
		return e.SuperviseWith(v.Ref, v.Delivered, *v.Override)
	}
	return e.Supervise(v.Ref, v.Delivered, note, by)
}

// SupervisedMsg carries the answer to a supervisor's settlement.
type SupervisedMsg struct {
	Supervision Supervision
	Sale        sale.Sale
	Err         error
}

// superviseCmd journals v through Supervise.
func superviseCmd(e *sale.Engine, v Supervision) tea.Cmd {
	return func() tea.Msg {
		s, err := Supervise(e, v)
		return SupervisedMsg{Supervision: v, Sale: s, Err: err}
	}
}

// SuperviseStep is where a supervisor settlement is.
type SuperviseStep int

// Steps of a supervisor settlement, in order.
const (
	SupLoading SuperviseStep = iota // reading the sale
	SupChoose                       // delivered or not
	SupBy                           // the supervisor's id
	SupNote                         // what was checked
	SupConfirm                      // the settlement, shown exactly
	SupSaving                       // journaling it
	SupClosed                       // settled (here or elsewhere): nothing left to do
)

// SuperviseScreen settles one unresolved sale by hand: the supervisor says
// whether the value was delivered, types their id and what they checked,
// confirms, and the settlement is journaled as one supervisor event.
type SuperviseScreen struct {
	env           *kit.Env
	ref           sale.Reference
	sale          sale.Sale
	err           error
	step          SuperviseStep
	delivered     bool
	cursor        int
	by, note      ui.Field
	refused       error // why the last Enter was refused
	confirm       ui.Confirm
	width, height int
	keys          superviseKeys
}

type superviseKeys struct {
	Up, Down, Pick, Enter, Switch, Back key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k superviseKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Pick, k.Enter, k.Switch, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k superviseKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var (
	_ kit.Screen = (*SuperviseScreen)(nil)
)

func NewSupervise(e *kit.Env, ref sale.Reference) *SuperviseScreen {
	printable := func(_ string, r rune) (rune, bool) { return r, r >= 0x20 }
	v := &SuperviseScreen{
		env:  e,
		ref:  ref,
		by:   ui.NewField(e.St, kit.MaxSupervisorID, printable),
		note: ui.NewField(e.St, kit.MaxSupervisorNote, printable),
	}
	v.by.SetPlaceholder(e.T("sup.ph_by"))
	v.note.SetPlaceholder(e.T("sup.ph_note"))
	v.keys = superviseKeys{
		Up:     e.Keys.Up,
		Down:   e.Keys.Down,
		Pick:   ui.Bind("1/2", "pick", "1", "2"),
		Enter:  e.Keys.Enter,
		Switch: ui.Bind("tab", "switch", "tab", "shift+tab", "left", "right"),
		Back:   e.Keys.Back,
	}
	v.updateKeys()
	return v
}

// Step is where the settlement is.
func (v *SuperviseScreen) Step() SuperviseStep { return v.step }

// Refused is why the last Enter was refused (nil when it was not).
func (v *SuperviseScreen) Refused() error { return v.refused }

// ID names the screen (kit.Screen).
func (v *SuperviseScreen) ID() kit.ScreenID { return kit.ScreenSupervise }

// Title is the breadcrumb text (kit.Screen).
func (v *SuperviseScreen) Title() string { return "Supervisor settlement" }

// Busy reports whether the settlement is being journaled.
func (v *SuperviseScreen) Busy() bool { return v.step == SupSaving }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (v *SuperviseScreen) ShortHelp() []key.Binding { return v.keys.ShortHelp() }

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (v *SuperviseScreen) FullHelp() [][]key.Binding { return v.keys.FullHelp() }

// Init reads the sale.
func (v *SuperviseScreen) Init() tea.Cmd { return kit.SaleCmd(v.env.D.Engine.Reader(), v.ref) }

// SetSize sets the room the screen has (kit.Component).
func (v *SuperviseScreen) SetSize(w, h int) {
	v.width, v.height = w, h
	v.by.SetWidth(min(30, max(w-24, 10)))
	v.note.SetWidth(max(min(w-6, 70), 10))
	v.confirm.SetSize(w, h)
}

// Update handles one message (kit.Component).
func (v *SuperviseScreen) Update(msg tea.Msg) (kit.Component, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case kit.SaleMsg:
		if msg.Ref == v.ref && v.step == SupLoading {
			v.err = msg.Err
			if msg.Err == nil {
				v.sale, v.step = msg.Sale, SupChoose
				if !kit.Supervisable(msg.Sale) {
					v.step = SupClosed
				}
			}
		}
	case kit.SaleUpdateMsg:
		if msg.Sale.Ref == v.ref && msg.Sale.Events >= v.sale.Events && v.step != SupLoading {
			v.sale = msg.Sale
			if !kit.Supervisable(msg.Sale) && v.step != SupSaving {
				v.step = SupClosed // settled meanwhile (by 1Flow's answer, or elsewhere)
			}
		}
	case kit.OverrideMsg:
		cmd = v.onOverride(msg) // supervise_override.go
	case SupervisedMsg:
		cmd = v.onSupervised(msg)
	case tea.PasteMsg:
		v.field().Update(msg)
	case tea.KeyPressMsg:
		cmd = v.onKey(msg)
	}
	v.updateKeys()
	return v, cmd
}

// field is the input of the current step (a blurred dummy elsewhere).
func (v *SuperviseScreen) field() *ui.Field {
	if v.step == SupNote {
		return &v.note
	}
	if v.step == SupBy {
		return &v.by
	}
	f := ui.NewField(v.env.St, 0, nil)
	f.Blur()
	return &f
}

func (v *SuperviseScreen) onKey(k tea.KeyPressMsg) tea.Cmd {
	switch v.step {
	case SupLoading, SupClosed:
		if key.Matches(k, v.keys.Back) || (v.step == SupClosed && key.Matches(k, v.keys.Enter)) {
			return kit.BackCmd
		}
	case SupChoose:
		switch {
		case key.Matches(k, v.keys.Back):
			return kit.BackCmd
		case key.Matches(k, v.keys.Up, v.keys.Down):
			v.cursor = 1 - v.cursor
		case key.Matches(k, v.keys.Pick):
			v.cursor = int(k.Code - '1')
			v.choose()
		case key.Matches(k, v.keys.Enter):
			v.choose()
		}
	case SupBy, SupNote:
		f := v.field()
		switch {
		case key.Matches(k, v.keys.Back):
			v.refused = nil
			v.step--
			if v.step == SupBy && v.authorised() {
				v.step = SupChoose // the id was not asked: the override dialog picks the supervisor
			}
		case key.Matches(k, v.keys.Enter):
			if strings.TrimSpace(ui.Clean(f.Value())) == "" {
				v.refused = sale.Keyed(sale.CodeInvalid, "sup_need_by", nil, "required: type who is settling it")
				if v.step == SupNote {
					v.refused = sale.Keyed(sale.CodeInvalid, "sup_need_note", nil, "required: type what you checked")
				}
				return nil
			}
			v.refused = nil
			if v.step == SupBy {
				v.step = SupNote
			} else {
				v.openConfirm()
			}
		default:
			if f.Update(k) {
				v.refused = nil
			}
		}
	case SupConfirm:
		switch v.confirm.Update(k) {
		case ui.ConfirmYes:
			if v.env.D.Auth != nil {
				return v.askOverride() // supervise_override.go: the supervisor's own PIN
			}
			v.step = SupSaving
			return superviseCmd(v.env.D.Engine, Supervision{
				Ref: v.ref, Delivered: v.delivered, Note: v.note.Value(), By: v.by.Value(),
			})
		case ui.ConfirmNo:
			v.step = SupNote
		}
	}
	return nil
}

func (v *SuperviseScreen) choose() {
	v.delivered = v.cursor == 0
	v.step = SupBy
	if v.authorised() {
		v.step = SupNote
	}
}

// authorised reports whether the settlement is authorised in the override
// dialog (a till with cashiers): there the supervisor picks their name and
// types their PIN, and that supervisor is the one journaled, so the form
// does not ask for an id it would not record.
func (v *SuperviseScreen) authorised() bool { return v.env.D.Auth != nil }

func (v *SuperviseScreen) openConfirm() {
	e := v.env
	verdict := e.T("sup.c.not_delivered")
	title := e.T("sup.c.not_delivered_q")
	if v.delivered {
		verdict, title = e.T("sup.c.delivered"), e.T("sup.c.delivered_q")
	}
	s := v.sale
	c := ui.NewConfirm(v.env.St, v.env.D.Now, title, [][2]string{
		{"Sale", string(s.Ref)},
		{"What", v.env.SaleWhat(s)},
		{"Settle as", verdict},
		{"Supervisor", v.supervisorLine()},
		{"Note", v.note.Value()},
	})
	c.Yes, c.No, c.Grace = e.T("sup.c.settle"), "Back", v.env.D.ConfirmGrace
	c.Note = e.T("sup.c.note_id")
	if v.authorised() {
		c.Note = e.T("sup.c.note_auth")
	}
	e.Localise(&c)
	c.SetSize(v.width, v.height)
	v.confirm = c
	v.step = SupConfirm
}

func (v *SuperviseScreen) onSupervised(msg SupervisedMsg) tea.Cmd {
	if v.step != SupSaving || msg.Supervision.Ref != v.ref {
		return nil
	}
	if msg.Err != nil {
		v.step = SupChoose
		if msg.Sale.Ref == v.ref && !kit.Supervisable(msg.Sale) {
			v.sale, v.step = msg.Sale, SupClosed
		}
		return kit.ErrorCmd(msg.Err)
	}
	v.sale, v.step = msg.Sale, SupClosed
	return tea.Sequence(kit.BackCmd, kit.StatusCmd(v.env.T("sup.st.settled", string(v.ref), ui.Clean(msg.Supervision.By), v.env.StateName(msg.Sale.State))))
}

func (v *SuperviseScreen) updateKeys() {
	k := &v.keys
	kit.Enable(false, &k.Up, &k.Down, &k.Pick, &k.Enter, &k.Switch, &k.Back)
	k.Back.SetHelp("esc", "back")
	switch v.step {
	case SupLoading:
		k.Back.SetEnabled(true)
	case SupChoose:
		k.Up.SetEnabled(true)
		k.Down.SetEnabled(true)
		k.Pick.SetEnabled(true)
		kit.EnterBack(&k.Enter, &k.Back, "choose")
	case SupBy, SupNote:
		kit.EnterBack(&k.Enter, &k.Back, "next")
	case SupConfirm:
		kit.EnterBack(&k.Enter, &k.Back, "settle")
		k.Switch.SetEnabled(true)
	case SupClosed:
		kit.EnterBack(&k.Enter, &k.Back, "back")
	}
}

// supervisorLine is who the settlement journals: the id typed, or with
// cashiers the supervisor who authorises it with their PIN next.
func (v *SuperviseScreen) supervisorLine() string {
	if v.authorised() {
		return v.env.T("sup.pin_next")
	}
	return v.by.Value()
}

// TakesText reports whether the id or note being typed takes '?'.
func (v *SuperviseScreen) TakesText() bool { return v.field().Takes('?') }
