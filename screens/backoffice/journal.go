package backoffice

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// Journal lists today's sales and searches the journal by reference, by
// the reference's sequence number or by mobile number.
type Journal struct {
	env           *kit.Env
	query         sale.Query
	label         string // what the list shows: todayLabel, "Mobile 27…"
	isToday       bool   // the list is the current business day's sales
	dayPending    bool   // waiting for the business day (kit.BusinessDayMsg)
	sales         []sale.Sale
	loaded        bool
	err           error
	cursor        int
	search        ui.Field
	now           time.Time
	width, height int
	keys          journalKeys
}

type journalKeys struct {
	Up, Down, Open, Search, Run, Clear, Back key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k journalKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Open, k.Search, k.Run, k.Clear, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k journalKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var _ kit.Screen = (*Journal)(nil)

// todayLabel heads the list of the current business day's sales.
const todayLabel = "Today's sales"

// searchFilter lets through what references and phone numbers are made of.
func searchFilter(_ string, r rune) (rune, bool) {
	ok := r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' ||
		r == '-' || r == '.' || r == '=' || r == '+' || r == ' '
	return r, ok
}

func NewJournal(e *kit.Env, now time.Time) *Journal {
	j := &Journal{env: e, now: now, search: ui.NewField(e.St, 40, searchFilter)}
	j.search.SetPlaceholder(e.T("jnl.search"))
	j.search.Blur()
	j.query, j.label, j.isToday = sale.Query{Day: e.D.Today(e.D.Now())}, todayLabel, true
	j.dayPending = e.D.Days != nil
	j.keys = journalKeys{
		Up:     e.Keys.Up,
		Down:   e.Keys.Down,
		Open:   ui.Relabel(e.Keys.Enter, "enter", "open"),
		Search: ui.Bind("/", "search", "/"),
		Run:    ui.Bind("enter", "search", "enter"),
		Clear:  ui.Bind("esc", "today", "esc"),
		Back:   e.Keys.Back,
	}
	j.updateKeys()
	return j
}

// today lists the sales of the current business day: with Deps.Days, the
// day after the last closed one once the Z report is done (sales made after
// it belong there), else the calendar day. The business day is read from
// the journal in a command.
func (j *Journal) today() tea.Cmd {
	now := j.env.D.Now()
	if j.env.D.Days == nil {
		return j.run(sale.Query{Day: j.env.D.Today(now)}, todayLabel)
	}
	j.label, j.isToday, j.dayPending, j.loaded, j.cursor = todayLabel, true, true, false, 0
	return kit.BusinessDayCmd(j.env.D.Days, now)
}

// Query is what the list shows: today, or a search.
func (j *Journal) Query() sale.Query { return j.query }

// Sales are the sales listed, newest first.
func (j *Journal) Sales() []sale.Sale { return j.sales }

// Loaded reports whether the list has been read.
func (j *Journal) Loaded() bool { return j.loaded }

// Searching reports whether the search line has the cursor.
func (j *Journal) Searching() bool { return j.search.Focused() }

// ID names the screen (kit.Screen).
func (j *Journal) ID() kit.ScreenID { return kit.ScreenJournal }

// Title is the breadcrumb text (kit.Screen).
func (j *Journal) Title() string { return "Journal" }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (j *Journal) ShortHelp() []key.Binding { return j.keys.ShortHelp() }

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (j *Journal) FullHelp() [][]key.Binding { return j.keys.FullHelp() }

// SetSize sets the room the screen has (kit.Component).
func (j *Journal) SetSize(w, h int) {
	j.width, j.height = w, h
	j.search.SetWidth(min(26, max(w/2-10, 10)))
}

// Init lists today's sales.
func (j *Journal) Init() tea.Cmd {
	if j.dayPending {
		return kit.BusinessDayCmd(j.env.D.Days, j.env.D.Now())
	}
	return kit.JournalCmd(j.env.D.Engine.Reader(), j.query)
}

// Refresh re-runs the query when the screen is uncovered; today's list
// finds the business day again (the day may have been closed meanwhile).
func (j *Journal) Refresh() tea.Cmd {
	if j.isToday {
		return j.today()
	}
	return kit.JournalCmd(j.env.D.Engine.Reader(), j.query)
}

// searchQuery turns what was typed into a journal query: a South African
// mobile number searches by target, a few digits by the reference's
// sequence number, anything else by reference. All days are searched.
func searchQuery(typed string) (sale.Query, string) {
	t := strings.TrimSpace(typed)
	if n, err := sale.NormalizeMobileZA(t); err == nil {
		return sale.Query{Target: n, Limit: 200}, "Mobile " + n
	}
	digits := strings.Trim(t, "0123456789") == ""
	if digits && len(t) < 10 {
		return sale.Query{Ref: sale.Reference(t), Limit: 200}, "Sequence " + t
	}
	return sale.Query{Ref: sale.Reference(t), Limit: 200}, "Reference " + t
}

// Update handles one message (kit.Component).
func (j *Journal) Update(msg tea.Msg) (kit.Component, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case kit.ClockMsg:
		j.now = msg.Now
	case kit.SaleUpdateMsg:
		if j.loaded {
			cmd = kit.JournalCmd(j.env.D.Engine.Reader(), j.query)
		}
	case kit.BusinessDayMsg:
		if !j.dayPending {
			break
		}
		j.dayPending = false
		day := msg.Day
		if msg.Err != nil {
			day = j.env.D.Today(j.env.D.Now()) // the calendar day, rather than nothing
		}
		cmd = j.run(sale.Query{Day: day}, todayLabel)
	case kit.JournalMsg:
		if msg.Query != j.query {
			break // an answer to an earlier query
		}
		j.err, j.loaded = msg.Err, true
		if msg.Err == nil {
			sel := sale.Reference("")
			if j.cursor < len(j.sales) {
				sel = j.sales[j.cursor].Ref
			}
			j.sales, j.cursor = msg.Sales, 0
			for i, s := range j.sales {
				if s.Ref == sel {
					j.cursor = i
				}
			}
		}
	case tea.PasteMsg:
		j.search.Update(msg)
	case tea.KeyPressMsg:
		cmd = j.key(msg)
	}
	j.updateKeys()
	return j, cmd
}

func (j *Journal) key(k tea.KeyPressMsg) tea.Cmd {
	if j.search.Focused() {
		switch {
		case key.Matches(k, j.keys.Run):
			j.search.Blur()
			if strings.TrimSpace(j.search.Value()) == "" {
				return j.today()
			}
			q, label := searchQuery(j.search.Value())
			return j.run(q, label)
		case k.String() == "esc":
			j.search.Blur()
		default:
			j.search.Update(k)
		}
		return nil
	}
	n := len(j.sales)
	switch {
	case key.Matches(k, j.keys.Up):
		j.cursor = (j.cursor + n - 1) % n
	case key.Matches(k, j.keys.Down):
		j.cursor = (j.cursor + 1) % n
	case key.Matches(k, j.keys.Search):
		j.search.Focus()
	case key.Matches(k, j.keys.Open):
		return kit.NavigateCmd(kit.ScreenSale, j.sales[j.cursor].Ref)
	case key.Matches(k, j.keys.Clear):
		j.search.Reset()
		return j.today()
	case key.Matches(k, j.keys.Back):
		return kit.BackCmd
	}
	return nil
}

func (j *Journal) run(q sale.Query, label string) tea.Cmd {
	j.query, j.label, j.loaded, j.cursor = q, label, false, 0
	j.isToday, j.dayPending = label == todayLabel, false
	return kit.JournalCmd(j.env.D.Engine.Reader(), q)
}

func (j *Journal) updateKeys() {
	typing := j.search.Focused()
	isSearch := j.query.Day == ""
	k := &j.keys
	k.Up.SetEnabled(!typing && len(j.sales) > 1)
	k.Down.SetEnabled(!typing && len(j.sales) > 1)
	k.Open.SetEnabled(!typing && len(j.sales) > 0)
	k.Search.SetEnabled(!typing)
	k.Run.SetEnabled(typing)
	k.Clear.SetEnabled(!typing && isSearch)
	k.Back.SetEnabled(!isSearch || typing)
	if typing {
		k.Back.SetHelp("esc", "cancel")
	} else {
		k.Back.SetHelp("esc", "back")
	}
}

// View draws the screen (kit.Component).
func (j *Journal) View() string {
	st, e := j.env.St, j.env
	title := st.Title.Render(j.labelIn())
	if j.query.Day != "" {
		day, _ := time.ParseInLocation("2006-01-02", j.query.Day, j.env.D.Location)
		which := ""
		if j.isToday && j.query.Day != j.env.D.Today(j.now) {
			which = e.T("jnl.business_day") // after the Z report: the next day's sales
		}
		title += st.Muted.Render("  ·  " + which + e.T("tui.day."+day.Format("Mon")) + " " + e.Date(day, ""))
	} else {
		title += st.Muted.Render(e.T("jnl.all_days"))
	}
	left := title + "\n" + j.summary()
	top := lipgloss.JoinHorizontal(lipgloss.Top,
		ui.Block(left, max(j.width-lipgloss.Width(j.search.View()), 10)), j.search.View())

	var b strings.Builder
	b.WriteString(top + "\n")
	switch {
	case j.err != nil:
		b.WriteString("\n" + st.Error.Render("✗ "+ui.Clean(sale.ErrorMessage(j.err))))
		return b.String()
	case !j.loaded:
		b.WriteString("\n" + st.Muted.Render(e.T("jnl.reading")))
		return b.String()
	case len(j.sales) == 0:
		b.WriteString("\n" + st.Muted.Render(e.T("jnl.none")))
		return b.String()
	}
	b.WriteString(" " + st.Muted.Render(j.columns(e.T("jnl.col.time"), e.T("jnl.col.ref"), e.T("jnl.col.product"),
		e.T("jnl.col.target"), e.T("jnl.col.amount"), e.T("jnl.col.state"))) + "\n")
	fits := max(j.height-5, 1)
	first := 0
	if j.cursor >= fits {
		first = j.cursor - fits + 1
	}
	end := min(first+fits, len(j.sales))
	for i := first; i < end; i++ {
		s := j.sales[i]
		when := s.CreatedAt.In(j.env.D.Location).Format("15:04")
		if j.query.Day == "" {
			when = s.CreatedAt.In(j.env.D.Location).Format("02/01")
		}
		row := j.columns(when, string(s.Ref), ui.Clean(s.Order.ProductName), s.Order.Target.Masked(),
			e.Money(s.Order.Amount), e.StateName(s.State))
		if i == j.cursor && !j.search.Focused() {
			b.WriteString(st.Marker.Render("›") + st.Selected.Render(row))
		} else {
			b.WriteString(" " + st.Text.Render(row))
		}
		if i < end-1 {
			b.WriteString("\n")
		}
	}
	if end < len(j.sales) {
		b.WriteString("\n" + st.Muted.Render("  "+e.T("jnl.more", len(j.sales)-end)))
	}
	return b.String()
}

// columns lays out one row of the list; the reference takes the room left.
func (j *Journal) columns(when, ref, product, mobile, amount, state string) string {
	const timeW, mobileW, amountW, stateW = 5, 11, 10, 10
	productW := 15
	if j.width < 72 {
		productW = 0 // a narrow window drops the product column first
	}
	refW := max(j.width-1-timeW-productW-mobileW-amountW-stateW-6, 8)
	row := " " + ui.Pad(when, timeW) + " " + ui.Pad(ui.TruncateLeft(ref, refW), refW) + " "
	if productW > 0 {
		row += ui.Pad(product, productW) + " "
	}
	return row + ui.Pad(mobile, mobileW) + " " +
		fmt.Sprintf("%*s", amountW, ui.Truncate(amount, amountW)) + " " + ui.Pad(state, stateW)
}

// summary counts the listed sales and adds up what was delivered.
func (j *Journal) summary() string {
	st := j.env.St
	if !j.loaded || j.err != nil {
		return ""
	}
	delivered, open := 0, 0
	var totals []sale.Money // one per currency, in the order first seen: never added across currencies
	for _, s := range j.sales {
		switch {
		case s.State == sale.StateDelivered:
			delivered++
			i := slices.IndexFunc(totals, func(m sale.Money) bool { return m.Currency == s.Order.Amount.Currency })
			if i < 0 {
				totals = append(totals, sale.New(0, s.Order.Amount.Currency))
				i = len(totals) - 1
			}
			if t, err := totals[i].Add(s.Order.Amount); err == nil {
				totals[i] = t
			}
		case s.State.Unresolved():
			open++
		}
	}
	e := j.env
	text := e.Plural(len(j.sales), "jnl.sale_one", "jnl.sale_n") + " · " + e.T("jnl.delivered_n", delivered)
	if delivered > 0 {
		text += " · " + e.MoneyList(totals)
	}
	out := st.Muted.Render(text)
	if open > 0 {
		out += st.Warning.Render(e.T("jnl.unresolved_n", open))
	}
	return out
}

// labelIn is what the list shows (j.label) in the till's language.
func (j *Journal) labelIn() string {
	if j.label == todayLabel {
		return j.env.T("jnl.today")
	}
	for prefix, k := range map[string]string{"Mobile ": "jnl.by_mobile", "Sequence ": "jnl.by_seq", "Reference ": "jnl.by_ref"} {
		if rest, ok := strings.CutPrefix(j.label, prefix); ok {
			return j.env.T(k, rest)
		}
	}
	return j.label
}
