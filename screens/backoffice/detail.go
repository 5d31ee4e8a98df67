package backoffice

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"till/sale"
	"till/screens/kit"
	"till/ui"
)

// Detail shows one sale from the journal with its receipt, and reprints a
// delivered sale's receipt as a numbered copy.
type Detail struct {
	env           *kit.Env
	ref           sale.Reference
	sale          sale.Sale
	loaded        bool
	err           error
	copyShown     int // the COPY number shown in the pager, 0 for the original
	reprinting    bool
	pager         ui.Pager
	width, height int
	keys          detailKeys
}

type detailKeys struct {
	Reprint, Scroll, ScrollDown, Back key.Binding
}

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (k detailKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Reprint, k.Scroll, k.Back}
}

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (k detailKeys) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

var _ kit.Screen = (*Detail)(nil)

func NewDetail(e *kit.Env, ref sale.Reference) *Detail {
	d := &Detail{env: e, ref: ref, pager: e.Pager()}
	d.keys = detailKeys{
		Reprint:    ui.Bind("r", "reprint", "r"),
		Scroll:     ui.Bind("↑/↓", e.T("jnl.help.scroll_receipt"), "up", "k", "pgup"),
		ScrollDown: key.NewBinding(key.WithKeys("down", "j", "pgdown", "space")),
		Back:       e.Keys.Back,
	}
	d.updateKeys()
	return d
}

// ID names the screen (kit.Screen).
func (d *Detail) ID() kit.ScreenID { return kit.ScreenSale }

// Ref is the sale the screen shows: the App goes back to this screen when
// asked for the same sale again.
func (d *Detail) Ref() sale.Reference { return d.ref }

// Title is the breadcrumb text (kit.Screen).
func (d *Detail) Title() string { return string(d.ref) }

// ShortHelp returns the bindings for the help footer (help.KeyMap).
func (d *Detail) ShortHelp() []key.Binding { return d.keys.ShortHelp() }

// FullHelp returns the bindings grouped in columns (help.KeyMap).
func (d *Detail) FullHelp() [][]key.Binding { return d.keys.FullHelp() }

// SetSize sets the room the screen has (kit.Component).
func (d *Detail) SetSize(w, h int) {
	d.width, d.height = w, h
	if d.narrow() {
		d.pager.SetHeight(max(h-4, 3)) // under a two-line summary
	} else {
		d.pager.SetHeight(max(h-2, 3))
	}
}

// narrow reports whether the receipt does not fit beside the facts.
func (d *Detail) narrow() bool { return d.width-d.env.D.ReceiptWidth-4 < 28 }

// Init reads the sale.
func (d *Detail) Init() tea.Cmd { return kit.SaleCmd(d.env.D.Engine.Reader(), d.ref) }

// Update handles one message (kit.Component).
func (d *Detail) Update(msg tea.Msg) (kit.Component, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case kit.SaleMsg:
		if msg.Ref == d.ref {
			d.err, d.loaded = msg.Err, true
			if msg.Err == nil {
				d.show(msg.Sale)
			}
		}
	case kit.SaleUpdateMsg:
		if msg.Sale.Ref == d.ref && d.loaded && msg.Sale.Events >= d.sale.Events {
			d.show(msg.Sale)
		}
	case kit.OverrideMsg:
		cmd = d.onOverride(msg) // detail_reprint.go
	case kit.ReprintedMsg:
		if !d.reprinting || msg.Ref != d.ref {
			break
		}
		d.reprinting = false
		if msg.Sale.Ref == d.ref && msg.Sale.Events >= d.sale.Events {
			d.sale = msg.Sale
		}
		switch {
		case msg.Text == "" && msg.Err != nil:
			cmd = kit.ErrorCmd(kit.ReprintError(msg))
		case msg.Err != nil:
			d.showCopy(msg)
			cmd = kit.ErrorCmd(kit.ReprintError(msg))
		case msg.Printed:
			cmd = kit.StatusCmd(d.env.T("jnl.st.copy_printed", msg.Sale.Reprints))
		default:
			d.showCopy(msg)
			cmd = kit.StatusCmd(d.env.T("jnl.st.copy_shown", msg.Sale.Reprints))
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, d.keys.Back):
			cmd = kit.BackCmd
		case key.Matches(msg, d.keys.Reprint) && d.needsReprintOverride():
			cmd = d.askReprint() // detail_reprint.go: a PIN or token from an earlier day
		case key.Matches(msg, d.keys.Reprint):
			d.reprinting = true
			cmd = kit.ReprintCmd(d.env.D, d.ref)
		case key.Matches(msg, d.keys.Scroll, d.keys.ScrollDown):
			d.pager.Update(msg)
		}
	}
	d.updateKeys()
	return d, cmd
}

// show displays s and its original receipt (unless a copy is on screen).
func (d *Detail) show(s sale.Sale) {
	d.sale = s
	if d.copyShown > 0 {
		return
	}
	text, err := kit.RenderReceipt(d.env.D, s, 0)
	if err != nil {
		text = "receipt: " + sale.ErrorMessage(err)
	}
	d.pager.SetContent(text)
}

func (d *Detail) showCopy(msg kit.ReprintedMsg) {
	d.copyShown = msg.Sale.Reprints
	d.pager.SetContent(msg.Text)
}

func (d *Detail) updateKeys() {
	d.keys.Reprint.SetEnabled(d.loaded && d.err == nil && d.sale.State == sale.StateDelivered && !d.reprinting)
	d.keys.Scroll.SetEnabled(d.pager.Scrollable())
	d.keys.ScrollDown.SetEnabled(d.pager.Scrollable())
}

// View draws the screen (kit.Component).
func (d *Detail) View() string {
	st, e := d.env.St, d.env
	switch {
	case d.err != nil:
		return st.Error.Render("✗ " + ui.Clean(sale.ErrorMessage(d.err)))
	case !d.loaded:
		return st.Muted.Render(e.T("jnl.reading"))
	}
	s, loc := d.sale, d.env.D.Location
	o := s.Order
	rw := d.env.D.ReceiptWidth + 2
	box := st.Receipt.Width(rw).Render(d.pager.View())
	if d.narrow() {
		return st.Strong.Render(string(s.Ref)) + "  " + st.Text.Render(e.StateName(s.State)) + "\n" +
			st.Text.Render(e.Money(o.Amount)+" "+ui.Clean(o.ProductName)+" · "+o.Target.Masked()) + "\n" + box
	}
	rows := [][2]string{
		{"State", e.StateName(s.State)},
		{"Product", o.ProductName},
		{"Kind", e.Tr(kit.KindName(o.Kind))},
		{o.Target.Kind.Label(), o.Target.Masked()},
		{"Amount", e.Money(o.Amount)},
		{"Tender", e.Tr(tenderName(o.Tender.Kind))},
		{"Cashier", o.Cashier},
		{e.T("jnl.sold_at"), e.Date(s.CreatedAt.In(loc), "15:04:05")},
		{"Updated", e.Date(s.UpdatedAt.In(loc), "15:04:05")},
		{"Attempts", strconv.Itoa(s.Attempts)},
	}
	if s.ProviderRef != "" {
		rows = append(rows, [2]string{"Trans ID", s.ProviderRef})
	}
	if s.Reprints > 0 {
		rows = append(rows, [2]string{"Copies", strconv.Itoa(s.Reprints)})
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(e.T("jnl.sale")) + "\n")
	b.WriteString(st.Strong.Render(string(s.Ref)) + "\n\n")
	b.WriteString(ui.KV(st, e.TrRows(rows), d.leftWidth()))
	if w := e.LastWord(s); w != "" {
		b.WriteString("\n\n" + st.Label.Render(e.T("jnl.last_answer")) + "\n" + st.Muted.Render(ui.Wrap(w, d.leftWidth())))
	}
	left := b.String()

	if d.copyShown > 0 {
		left += "\n\n" + st.Warning.Render(e.T("jnl.copy_shown", d.copyShown))
	}
	return lipgloss.JoinHorizontal(lipgloss.Top, ui.Block(left, d.leftWidth()), "  ", box)
}

// leftWidth is the room beside the receipt.
func (d *Detail) leftWidth() int { return d.width - d.env.D.ReceiptWidth - 4 }

// tenderName is how a tender reads on screen.
func tenderName(t sale.TenderKind) string {
	switch t {
	case sale.TenderCash:
		return "Cash"
	case sale.TenderMpesa:
		return "M-Pesa"
	case sale.TenderCard:
		return "Card"
	case sale.TenderVoucher:
		return "1Voucher"
	case sale.TenderQRIS:
		return "QRIS"
	case "":
		return "-"
	}
	return string(t)
}
