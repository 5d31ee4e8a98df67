package screens

import (
	"fmt"
	"strings"

	flowixui "till/screens/flowix"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"till/i18n"
	"till/ui"
)

// homeItem is one line of the home menu.
type homeItem struct {
	label string
	hint  string
	to    ScreenID
	quit  bool
	key   string // its shortcut: a digit for things to sell, a letter for the back office
}

// backOffice gives the back-office items their letter keys, so digits stay
// for what is sold (1-9, then 0) however many providers are configured.
var backOffice = map[ScreenID]string{ScreenUnresolved: "u", ScreenJournal: "j", ScreenEndOfDay: "e", ScreenSignOut: "s", ScreenDoctor: "d"}

// pickLabel shortens the shortcut keys for the help line: "1-4 u j e".
func pickLabel(keys []string) string {
	var digits, letters []string
	for _, k := range keys {
		if k[0] >= '0' && k[0] <= '9' {
			digits = append(digits, k)
		} else {
			letters = append(letters, k)
		}
	}
	var parts []string
	switch len(digits) {
	case 0:
	case 1:
		parts = append(parts, digits[0])
	case 10:
		parts = append(parts, "1-9", "0")
	default:
		parts = append(parts, digits[0]+"-"+digits[len(digits)-1])
	}
	return strings.Join(append(parts, letters...), " ")
}

// assignKeys numbers the items to sell 1-9 and 0 and letters the rest.
func assignKeys(items []homeItem) {
	taken := map[string]bool{"q": true, "r": true}
	for _, k := range backOffice {
		taken[k] = true
	}
	n := 0
	for i := range items {
		switch {
		case items[i].quit:
			items[i].key = "q"
		case backOffice[items[i].to] != "":
			items[i].key = backOffice[items[i].to]
		case n < 10:
			n++
			items[i].key = fmt.Sprint(n % 10)
		default: // more than ten things to sell: the first free letter of the label
			for _, r := range strings.ToLower(items[i].label) {
				if k := string(r); r >= 'a' && r <= 'z' && !taken[k] {
					items[i].key, taken[k] = k, true
					break
				}
			}
		}
	}
}

// isBackOffice reports whether it is below the line: not something sold.
func (it homeItem) isBackOffice() bool { return it.quit || backOffice[it.to] != "" }

// home is the main menu: what the configured providers sell, then the
// unresolved sales, the journal and quit.
type home struct {
	env        *env
	items      []homeItem
	cursor     int
	unresolved int
	payments   int // payments that need a person (backoffice/payments.go)
	width      int
	height     int
	keys       homeKeys
	acct       *flowixui.AccountLine // the Flowix account, nil without Flowix
}

type homeKeys struct {
	Up, Down, Pick, Enter, Refresh, Quit key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k homeKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Pick, k.Enter, k.Refresh, k.Quit}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k homeKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var _ Screen = (*home)(nil)

func newHome(e *env) *home {
	h := &home{env: e}
	if e.Configured(flashProvider) {
		h.items = append(h.items, homeItem{label: "Sell airtime", hint: "prepaid airtime for any SA network (Flash)", to: ScreenAirtime})
		h.items = append(h.items, flashHomeItems(e)...) // flash_nav.go
	}
	if e.Configured(oneflowProvider) {
		h.items = append(h.items, homeItem{label: "Water", hint: "recharge a water meter or card (1Flow)", to: ScreenWater})
	}
	h.items = append(h.items, flowixMenu(e)...)
	h.acct = flowixui.NewAccountLine(e)
	h.items = append(h.items,
		homeItem{label: "Unresolved sales", to: ScreenUnresolved},
		homeItem{label: "Journal", hint: "today's sales, search and reprint", to: ScreenJournal},
	)
	if e.D.Days != nil {
		h.items = append(h.items, homeItem{label: "End of day", hint: "X report, close the day (Z), export", to: ScreenEndOfDay})
	}
	if e.D.Doctor != nil { // backoffice/doctor.go: the checks of till doctor
		h.items = append(h.items, homeItem{label: "Till check", hint: "config, journal, providers, printer, clock", to: ScreenDoctor})
	}
	if e.D.Auth != nil { // signin_app.go: the shift ends, the next cashier signs in
		h.items = append(h.items, homeItem{label: "Sign out", hint: "end your shift: the next cashier signs in", to: ScreenSignOut})
	}
	h.items = append(h.items, homeItem{label: "Quit", hint: "close the till", quit: true})
	assignKeys(h.items)
	var pick []string
	for _, it := range h.items {
		if it.key != "" && it.key != "q" {
			pick = append(pick, it.key)
		}
	}
	h.keys = homeKeys{
		Up:    ui.Without(e.Keys.Up, pick...), // k and j only when no item has them
		Down:  ui.Without(e.Keys.Down, pick...),
		Pick:  ui.Bind(pickLabel(pick), "pick", pick...),
		Enter: ui.Relabel(e.Keys.Enter, "enter", "open"),
		Quit:  e.Keys.Quit,
	}
	h.keys.Refresh = ui.Bind("r", "refresh balance", "r")
	h.keys.Refresh.SetEnabled(h.acct != nil)
	return h
}

// ID names the screen (Screen).
func (h *home) ID() ScreenID { return ScreenHome }

// Title is the breadcrumb text (Screen).
func (h *home) Title() string { return "Home" }

// Init starts the screen (Component): it reads the Flowix account.
func (h *home) Init() tea.Cmd { return tea.Batch(h.acct.Refresh(), h.paymentsCmd()) }

// Refresh re-reads the Flowix account when home is uncovered (a sale may
// have changed the balance).
func (h *home) Refresh() tea.Cmd { return h.acct.Refresh() }

// SetSize sets the room the screen has (Component).
func (h *home) SetSize(w, ht int) { h.width, h.height = w, ht }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (h *home) ShortHelp() []key.Binding { return h.keys.ShortHelp() }

// FullHelp returns the bindings grouped in columns (help.KeyMap): the
// moves, then every item's own key (home_fit.go).
func (h *home) FullHelp() [][]key.Binding { return h.itemKeys() }

// choose selects item i and opens it (a number key).
func (h *home) choose(i int) tea.Cmd { h.cursor = i; return h.open(h.items[i]) }

// open goes where item it leads.
func (h *home) open(it homeItem) tea.Cmd {
	if it.quit {
		return QuitRequestCmd
	}
	return NavigateCmd(it.to, "")
}

// Update handles one message (Component).
func (h *home) Update(msg tea.Msg) (Component, tea.Cmd) {
	h.acct.Update(msg)
	switch msg := msg.(type) {
	case UnresolvedMsg:
		if msg.Err == nil {
			h.unresolved = len(msg.Sales)
		}
		return h, h.paymentsCmd()
	case PaymentsMsg:
		if msg.Err == nil {
			h.payments = len(msg.Issues)
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, h.keys.Up):
			h.cursor = (h.cursor + len(h.items) - 1) % len(h.items)
		case key.Matches(msg, h.keys.Down):
			h.cursor = (h.cursor + 1) % len(h.items)
		case key.Matches(msg, h.keys.Enter):
			return h, h.open(h.items[h.cursor])
		case key.Matches(msg, h.keys.Quit):
			return h, QuitRequestCmd
		case key.Matches(msg, h.keys.Refresh):
			return h, h.acct.Refresh()
		case key.Matches(msg, h.keys.Pick):
			for i, it := range h.items {
				if it.key == msg.String() {
					return h, h.choose(i)
				}
			}
		}
	}
	return h, nil
}

// View draws the screen (Component).
func (h *home) View() string {
	st := h.env.St
	var b strings.Builder
	acct := h.acctLine() // home_fit.go: under the title when the bottom would be cut
	if acct == "" {
		b.WriteString("\n")
	}
	e := h.env
	b.WriteString(st.Title.Render(e.T("tui.home.title")))
	b.WriteString("\n\n")
	if acct != "" {
		b.WriteString(acct + "\n\n")
	}
	for i, it := range h.items {
		hint := e.Tr(it.hint) // kit/lang.go: the frame in the till's language
		if it.to == ScreenUnresolved {
			hint = unresolvedHint(e, h.unresolved, h.payments)
		}
		// A gap between what is sold and the back office.
		if i > 0 && it.isBackOffice() && !h.items[i-1].isBackOffice() {
			b.WriteString("\n")
		}
		row := fmt.Sprintf(" %s  %s", it.key, ui.Pad(e.Tr(it.label), 20))
		marker := "  "
		if i == h.cursor {
			marker = st.Marker.Render("› ")
			row = st.Selected.Render(row + " ")
		} else {
			row = st.Strong.Render(row + " ")
		}
		hs := st.Muted
		if it.to == ScreenUnresolved && h.unresolved+h.payments > 0 {
			hs = st.Warning
		}
		b.WriteString(marker + row + "  " + hs.Render(hint) + "\n")
		// A blank line between items, when the window has room for it.
		if i < len(h.items)-1 && h.height >= 2*len(h.items)+9 {
			b.WriteString("\n")
		}
	}
	if h.acct != nil && acct == "" {
		b.WriteString("\n" + h.acct.View(h.width) + "\n")
	}
	if h.items[0].to == ScreenUnresolved { // nothing to sell above it
		b.WriteString("\n" + st.Warning.Render(ui.Wrap(e.T("tui.home.no_provider"), h.width)) + "\n")
	}
	if h.env.D.Demo {
		b.WriteString("\n\n")
		b.WriteString(st.Demo.Render(e.T("tui.demo")))
		b.WriteString(st.Muted.Render(ui.Wrap(e.T("tui.home.demo"), h.width-6)))
	} else if h.env.D.DemoConfig {
		b.WriteString("\n\n")
		b.WriteString(st.Demo.Render(e.T("tui.demo")))
		b.WriteString(st.Muted.Render(ui.Wrap(e.T("tui.home.demo_config"), h.width-6)))
	}
	if h.unresolved > 0 {
		b.WriteString("\n\n")
		msg := e.T("tui.home.unres_one")
		if h.unresolved > 1 {
			msg = e.T("tui.home.unres_n", h.unresolved)
		}
		for _, it := range h.items {
			if it.to == ScreenUnresolved {
				msg += e.T("tui.home.press", it.key)
			}
		}
		b.WriteString(st.Warning.Render(ui.Wrap(msg, h.width)))
	}
	return b.String()
}

// unresolvedHint is the home menu's word on the Unresolved sales item.
func unresolvedHint(e *env, sales, pays int) string {
	var parts []string
	if sales > 0 {
		parts = append(parts, plural(sales, "sale waiting to be settled", "sales waiting to be settled"))
		if e.D.Language == i18n.ID {
			parts[len(parts)-1] = e.T("tui.home.hint_sales", sales)
		}
	}
	if pays > 0 {
		parts = append(parts, plural(pays, "payment needs a person", "payments need a person"))
		if e.D.Language == i18n.ID {
			parts[len(parts)-1] = e.T("tui.home.hint_pays", pays)
		}
	}
	if len(parts) == 0 {
		return e.T("tui.home.hint_none")
	}
	return strings.Join(parts, " · ")
}

// paymentsCmd reads the payments that need a person, for the home menu.
func (h *home) paymentsCmd() tea.Cmd {
	if h.env.D.Engine == nil {
		return nil
	}
	return paymentsCmd(h.env.D.Engine)
}
